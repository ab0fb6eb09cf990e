#!/usr/bin/env bash
# The benchmark suite, one command: builds the release preset, generates the data, runs every
# benchmark and writes bench/RESULTS.md (human) and bench/results.json (machine). Each figure
# carries the machine, the exact command and the median of several runs; ratios are taken
# between figures of the same run.
#
#   bench/run.sh [--quick] [--skip-build] [--no-kafka] [--no-peers] [--no-profile]
#
#   --quick   a few minutes on 2 cores: a 1-million-event day, 3 runs, short micro-benchmarks,
#             a short Kafka harness
#   full      the 10-million-event day (about 760 MB of JSONL under bench/data/, git-ignored)
#             and the 1-million-event day for the memory-flatness check, 5 runs
#
# Needs: the Debian packages of deploy/setup.sh (compilers, Java 17, Maven); perf for the
# profile (skipped without it). The peers' jars come from Maven Central on first use
# (bench/peers/build.sh). The Kafka harness starts the test broker of deploy/kafka and stops
# it afterwards.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

quick=0 build=1 kafka=1 peers=1 profile=1
for a in "$@"; do
  case "$a" in
    --quick) quick=1 ;;
    --skip-build) build=0 ;;
    --no-kafka) kafka=0 ;;
    --no-peers) peers=0 ;;
    --no-profile) profile=0 ;;
    *) echo "usage: bench/run.sh [--quick] [--skip-build] [--no-kafka] [--no-peers] [--no-profile]" >&2; exit 64 ;;
  esac
done

# TRIPLINE_BENCH_BUILD_DIR: another release build directory to use with --skip-build.
bin="${TRIPLINE_BENCH_BUILD_DIR:-$root/build/release}"
out="$bin/bench-results"
mkdir -p "$out"
rm -f "$out"/*.json "$out"/*.txt

if [ "$build" = 1 ]; then
  cmake --preset release
  cmake --build --preset release
fi

# The machine, and how busy it is before we start (others may share its cores).
python3 - "$out/machine.json" <<'EOF'
import json, os, subprocess, sys, datetime
lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
model = next((l.split(":", 1)[1].strip() for l in lscpu.splitlines() if l.startswith("Model name")), "?")
mem = next((l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal")), "0")
json.dump({"cpu": model, "cores": os.cpu_count(), "mem_gib": round(int(mem) / 2**20, 1),
           "load_before": os.getloadavg(), "kernel": os.uname().release,
           "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
           "commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                                    text=True).stdout.strip()}, open(sys.argv[1], "w"))
EOF

# Micro-benchmarks: every Google Benchmark binary of the release build.
if [ "$quick" = 1 ]; then reps=3; min_time=0.05; else reps=5; min_time=0.5; fi
for b in $(find "$bin/bench" -maxdepth 2 -type f -executable -name '*_bench' ! -name kafka_e2e_bench | sort); do
  name="$(basename "$b")"
  echo "== micro: $name" >&2
  cmd="$b --benchmark_repetitions=$reps --benchmark_report_aggregates_only=true --benchmark_min_time=$min_time --benchmark_format=json"
  echo "$cmd" > "$out/micro-$name.cmd.txt"
  $cmd > "$out/micro-$name.json" 2> "$out/micro-$name.err.txt" || echo "bench/run.sh: $name failed" >&2
done

# Replay: tripline backtest vs the bare simdjson parse vs the peers, one generated day.
peer_flag=()
[ "$peers" = 1 ] && peer_flag=(--peers)
if [ "$quick" = 1 ]; then
  python3 bench/replay/replay_bench.py --build "$bin" --events 1000000 --runs 3 "${peer_flag[@]}" \
    --json "$out/replay-1000000.json" > /dev/null
else
  python3 bench/replay/replay_bench.py --build "$bin" --events 10000000 --runs 5 \
    --json "$out/replay-10000000.json" > /dev/null
  python3 bench/replay/replay_bench.py --build "$bin" --events 1000000 --runs 5 "${peer_flag[@]}" \
    --json "$out/replay-1000000.json" > /dev/null
fi

# Where replay falls short of half the bare parse, the profile says why.
if [ "$profile" = 1 ] && command -v perf > /dev/null; then
  day="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["files"][0].rsplit("/",1)[0])' "$out/replay-1000000.json")"
  cmd="perf record -F 999 -o $out/perf.data -- $bin/app/cli/tripline backtest --quiet --headlines $day/headlines.jsonl --prices $day/prices.jsonl --rules bench/packs/bench-200 --out $out/profile.signals.jsonl"
  echo "$cmd" > "$out/profile.cmd.txt"
  if $cmd > /dev/null 2>&1; then
    perf report -i "$out/perf.data" --stdio --no-children --percent-limit 1.5 --sort symbol 2> /dev/null \
      | grep -E '^ +[0-9]' | sed -E 's/[[:space:]]+-[[:space:]]+-[[:space:]]*$//; s/[[:space:]]+$//' \
      | head -25 > "$out/profile.txt" || true
  fi
fi

# Live: the Kafka harness through the real broker (deploy/kafka), when built. The latency phase
# offers 2,000 msg/s: at 5,000 both processors queue on this 2-vCPU VM (p50 3-4 s), and the
# figures would measure the backlog, not the path.
if [ "$kafka" = 1 ] && [ -x "$bin/bench/kafka_e2e_bench" ]; then
  echo "== kafka: starting the test broker" >&2
  if bootstrap="$(deploy/kafka/start.sh | tail -1)"; then
    # 500,000 messages: the backlog is timed between commits (every 100 ms), and a smaller one
    # is read within the first few, leaving no window to time (the harness then says so).
    if [ "$quick" = 1 ]; then kargs="--messages 500000 --rate 2000 --seconds 5"; else kargs="--messages 500000 --rate 2000 --seconds 20"; fi
    # The Kafka Streams peer only when it builds (the harness refuses a mode it cannot run).
    modes=floor,limit,relay,tripline-alo,tripline-eos
    if [ "$peers" = 1 ] && bench/peers/build.sh kstreams >&2; then modes="$modes,kstreams"; fi
    cmd="$bin/bench/kafka_e2e_bench --bootstrap $bootstrap --tripline $bin/app/cli/tripline --modes $modes $kargs"
    echo "$cmd" > "$out/kafka.cmd.txt"
    $cmd > "$out/kafka.txt" 2> "$out/kafka.err.txt" || echo "bench/run.sh: kafka_e2e_bench failed" >&2
    deploy/kafka/stop.sh > /dev/null 2>&1 || true
  else
    echo "bench/run.sh: the Kafka broker did not start; live figures skipped" >&2
  fi
fi

python3 - "$out/machine.json" <<'EOF'
import json, os, sys
m = json.load(open(sys.argv[1]))
m["load_after"] = os.getloadavg()
json.dump(m, open(sys.argv[1], "w"))
EOF
mode=full
[ "$quick" = 1 ] && mode=quick
suite="bench/run.sh $*"
[ -n "${TRIPLINE_BENCH_BUILD_DIR:-}" ] && suite="TRIPLINE_BENCH_BUILD_DIR=$TRIPLINE_BENCH_BUILD_DIR $suite"
python3 bench/report.py --results "$out" --mode "$mode" --command "$suite" \
  --markdown bench/RESULTS.md --json bench/results.json
echo "bench/run.sh: wrote bench/RESULTS.md and bench/results.json" >&2
