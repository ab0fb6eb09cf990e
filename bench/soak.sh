#!/usr/bin/env bash
# Bounded soak of the scale-out topology on the real broker (a script, not a timed test):
#
#   bench/soak.sh [--minutes 5] [--rate 200] [--speed 60] [--partitions 3] [--out DIR]
#
# Steady generated input (bench/soak_gen.py: price ticks at --rate per second, a policy
# headline with its confirming price move every 8 s) flows through `tripline route` and two
# `tripline run` engines in one group. Halfway, engine-1 is SIGKILLed and restarted 10 s later
# (its partitions move to engine-2 and back; state is rebuilt each time). Every 5 s it samples
# each engine's consumer lag, input counter and resident memory (VmRSS). At the end it runs one
# undisturbed engine over the same topics as the reference and checks the invariants:
#   - every input committed (no lag), nothing dead-lettered;
#   - the committed signals (read_committed) hold no signal id twice;
#   - they are exactly the undisturbed engine's signals, byte for byte.
# Writes DIR/samples.csv, DIR/report.md (printed too) and the processes' logs; exit 1 when an
# invariant fails. Needs a built `tripline` (TRIPLINE_BIN, default build/release, then
# build/debug) and a broker (TRIPLINE_KAFKA_BOOTSTRAP, else deploy/kafka/start.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

minutes=5 rate=200 speed=60 partitions=3 out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes="$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    --speed) speed="$2"; shift 2 ;;
    --partitions) partitions="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "usage: bench/soak.sh [--minutes N] [--rate R] [--speed S] [--partitions P] [--out DIR]" >&2; exit 64 ;;
  esac
done
out="${out:-$(mktemp -d /tmp/tripline-soak.XXXXXX)}"
mkdir -p "$out"

bin="${TRIPLINE_BIN:-}"
for candidate in "$bin" build/release/app/cli/tripline build/debug/app/cli/tripline; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then bin="$(cd "$(dirname "$candidate")" && pwd)/$(basename "$candidate")"; break; fi
done
[ -x "$bin" ] || { echo "bench/soak.sh: no tripline binary (set TRIPLINE_BIN)" >&2; exit 1; }
bootstrap="${TRIPLINE_KAFKA_BOOTSTRAP:-$(deploy/kafka/start.sh | tail -n 1)}"
echo "soak: $minutes min, $rate ticks/s, speed x$speed, $partitions partitions, broker $bootstrap, $bin, out $out"

name="soak-$(date +%s)"
news="$name.news" routed="$name.by_instrument" prices="$name.prices"
signals="$name.signals" dlq="$name.dlq" ref_signals="$name.ref.signals" ref_dlq="$name.ref.dlq"
# Topics with the Admin client of the broker's own jars (single-file Java program).
java -Xmx256m -Dlog4j.configuration="file:$root/deploy/kafka/log4j.properties" -Dkafka.logs.dir="$out" \
  -cp "$root/deploy/kafka/lib/*" bench/SoakTopics.java "$bootstrap" "$news:1" "$routed:$partitions" \
  "$prices:$partitions" "$signals:1" "$dlq:1" "$ref_signals:1" "$ref_dlq:1"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
# write_config FILE INSTANCE GROUP SIGNALS DLQ ADMIN_PORT
write_config() {
  cat >"$1" <<EOF
kafka.bootstrap.servers = $bootstrap
kafka.client.id = $2
group.id = $3
transactional.id = $3-$2
topics.headlines = $routed
topics.prices = $prices
topics.signals = $4
topics.dlq = $5
rules = $root/rules/packs/china-ai-chips
admin.listen = 127.0.0.1:$6
consumer.partition.assignment.strategy = range
consumer.session.timeout.ms = 6000
consumer.heartbeat.interval.ms = 1000
producer.transaction.timeout.ms = 10000
EOF
}
group="$name.group"
port1=$(free_port) port2=$(free_port) port_ref=$(free_port)
write_config "$out/engine-1.conf" engine-1 "$group" "$signals" "$dlq" "$port1"
write_config "$out/engine-2.conf" engine-2 "$group" "$signals" "$dlq" "$port2"
write_config "$out/router.conf" router "$group" "$signals" "$dlq" 0
sed -i "s|^topics.headlines = .*|topics.headlines = $news|; s|^admin.listen = .*|admin.listen = off|" "$out/router.conf"
write_config "$out/reference.conf" reference "$name.ref" "$ref_signals" "$ref_dlq" "$port_ref"

pids=()
cleanup() { for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
start() {  # start NAME ARGS... ; sets $started_pid
  "$bin" "${@:2}" >>"$out/$1.log" 2>&1 &
  started_pid=$!
  pids+=("$started_pid")
}
start router route --config "$out/router.conf" --to "$routed"; router_pid=$started_pid
start engine-1 run --config "$out/engine-1.conf"; e1=$started_pid
start engine-2 run --config "$out/engine-2.conf"; e2=$started_pid

metric() {  # metric PORT NAME -> sum of the series' values ("" when unreachable)
  { curl -s --max-time 2 "http://127.0.0.1:$1/metrics" 2>/dev/null || true; } |
    awk -v n="$2" 'index($1, n "{") == 1 || $1 == n {s += $NF; f = 1} END {if (f) printf "%d", s}'
}
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || true; }

# The input, paced by the generator into two kcat producers (murmur2 keys, like every client).
mkfifo "$out/prices.fifo" "$out/news.fifo"
kcat -P -b "$bootstrap" -t "$prices" -K $'\t' -X partitioner=murmur2_random -X linger.ms=5 <"$out/prices.fifo" &
pids+=($!)
kcat -P -b "$bootstrap" -t "$news" -K $'\t' -X partitioner=murmur2_random <"$out/news.fifo" &
pids+=($!)
seconds=$((minutes * 60))
python3 bench/soak_gen.py --prices "$out/prices.fifo" --headlines "$out/news.fifo" \
  --seconds "$seconds" --rate "$rate" --speed "$speed" 2>"$out/generator.json" &
gen=$!
pids+=("$gen")

echo "t_s,engine1_rss_kb,engine2_rss_kb,engine1_lag,engine2_lag,engine1_in,engine2_in" >"$out/samples.csv"
t0=$SECONDS killed=0 restarted=0
sample() {
  local t=$((SECONDS - t0))
  echo "$t,$(rss_kb "$e1"),$(rss_kb "$e2"),$(metric "$port1" tripline_consumer_lag_messages),$(metric "$port2" tripline_consumer_lag_messages),$(metric "$port1" tripline_messages_in_total),$(metric "$port2" tripline_messages_in_total)" >>"$out/samples.csv"
}
while kill -0 "$gen" 2>/dev/null; do
  sample
  t=$((SECONDS - t0))
  if [ "$killed" = 0 ] && [ "$t" -ge $((seconds / 2)) ]; then
    echo "soak: t=${t}s SIGKILL engine-1"; kill -KILL "$e1"; killed=$t
  fi
  if [ "$killed" != 0 ] && [ "$restarted" = 0 ] && [ "$t" -ge $((killed + 10)) ]; then
    echo "soak: t=${t}s restart engine-1"
    start engine-1 run --config "$out/engine-1.conf"; e1=$started_pid; restarted=$t
  fi
  sleep 5
done
wait "$gen" || true
# Let the pipeline drain: both engines at zero lag and their input counters still for three
# samples in a row (lag counts what was fetched, the counters what was evaluated).
still=0 prev=""
for _ in $(seq 1 60); do
  sample
  l1=$(metric "$port1" tripline_consumer_lag_messages); l2=$(metric "$port2" tripline_consumer_lag_messages)
  now="$(metric "$port1" tripline_messages_in_total)/$(metric "$port2" tripline_messages_in_total)"
  if [ "${l1:-1}" = 0 ] && [ "${l2:-1}" = 0 ] && [ "$now" = "$prev" ]; then still=$((still + 1)); else still=0; fi
  prev="$now"
  [ "$still" -ge 3 ] && break
  sleep 2
done
duration=$((SECONDS - t0))
kill -TERM "$e1" "$e2" "$router_pid" 2>/dev/null || true
wait "$e1" "$e2" "$router_pid" 2>/dev/null || true

# The reference: one engine, undisturbed, over the same routed headlines and prices: done when
# it has evaluated every one of them (the generator's prices plus every headline the router
# routed; an engine owning all partitions evaluates a headline's copies once).
stats=$(sed -n 's/.*stopped: \([0-9]*\) headlines, \([0-9]*\) routed copies, \([0-9]*\) matched no rule, \([0-9]*\) dead.*/\1 \2 \3 \4/p' "$out/router.log" | tail -n 1)
read -r r_headlines routed_copies r_unrouted r_dead <<<"${stats:-0 0 0 0}"
expected=$(( $(python3 -c "import json; print(json.load(open('$out/generator.json'))['prices'])") + r_headlines - r_unrouted - r_dead ))
start reference run --config "$out/reference.conf"; ref=$started_pid
ref_in=0
for _ in $(seq 1 240); do
  ref_in=$(metric "$port_ref" tripline_messages_in_total)
  [ "${ref_in:-0}" -ge "$expected" ] && break
  sleep 0.5
done
kill -TERM "$ref"; wait "$ref" 2>/dev/null || true
echo "{\"expected\": $expected, \"evaluated\": ${ref_in:-0}, \"routed_copies\": ${routed_copies:-0}}" >"$out/reference.json"

read_topic() { kcat -C -b "$bootstrap" -t "$1" -X isolation.level=read_committed -e -q -f '%s\n' 2>/dev/null; }
read_topic "$signals" >"$out/signals.jsonl"
read_topic "$ref_signals" >"$out/reference.jsonl"
read_topic "$dlq" >"$out/dlq.jsonl"

python3 - "$out" "$duration" "$minutes" "$rate" "$speed" "$partitions" <<'EOF'
import csv, json, sys, statistics
out, duration, minutes, rate, speed, parts = sys.argv[1], int(sys.argv[2]), *sys.argv[3:]
gen = json.load(open(f"{out}/generator.json"))
def load(path):
    ids, by = [], {}
    for line in open(path):
        line = line.strip()
        if line:
            d = json.loads(line); ids.append(d["signal_id"]); by[d["signal_id"]] = line
    return ids, by
ids, got = load(f"{out}/signals.jsonl")
ref_ids, ref = load(f"{out}/reference.jsonl")
refrun = json.load(open(f"{out}/reference.json"))
dlq = [l for l in open(f"{out}/dlq.jsonl") if l.strip()]
rows = list(csv.DictReader(open(f"{out}/samples.csv")))
def col(name):
    return [int(r[name]) for r in rows if r[name] not in ("", None)]
inputs = gen["prices"] + gen["headlines"]
doubled = len(ids) - len(set(ids))
lost = sorted(set(ref) - set(got)); extra = sorted(set(got) - set(ref))
differ = [i for i in ref if i in got and got[i] != ref[i]]
last_lag = [col("engine1_lag")[-1:] or [None], col("engine2_lag")[-1:] or [None]]
checks = {
    "reference evaluated every input": refrun["evaluated"] == refrun["expected"],
    "signals fired (reference > 0)": len(ref) > 0,
    "no signal id twice": doubled == 0,
    "none lost vs the undisturbed engine": not lost,
    "none extra": not extra,
    "byte-identical": not differ,
    "no dead letters": not dlq,
    "drained (lag 0 at the end)": last_lag == [[0], [0]],
}
r1, r2 = col("engine1_rss_kb"), col("engine2_rss_kb")
def rss(v):
    if not v: return "n/a"
    half = v[len(v) // 2:]
    return f"first {v[0]/1024:.1f} MiB, max {max(v)/1024:.1f}, last {v[-1]/1024:.1f} (2nd-half spread {(max(half)-min(half))/1024:.1f})"
lags = col("engine1_lag") + col("engine2_lag")
import glob, re
rebuilds = []
for path in sorted(glob.glob(f"{out}/engine-*.log")):
    for m in re.finditer(r"state rebuilt from (\d+) messages in ([0-9.]+) s", open(path, errors="replace").read()):
        rebuilds.append((int(m.group(1)), float(m.group(2))))
big = max(rebuilds, default=None)
lines = [
    f"soak: {minutes} min at {rate} ticks/s (event time x{speed}), {parts} partitions, 2 engines + router; engine-1 SIGKILLed at half time, restarted 10 s later",
    f"inputs: {gen['prices']} prices + {gen['headlines']} headlines = {inputs} in {duration} s wall -> {inputs/duration:.0f} msg/s through the pipeline",
    f"routed headline copies (a rule's reach): {refrun['routed_copies']}; reference engine evaluated {refrun['evaluated']} of {refrun['expected']} inputs",
    f"signals: {len(ids)} committed ({len(set(ids))} distinct), reference {len(ref)}; dead letters {len(dlq)}",
    f"consumer lag (messages, both engines, every 5 s): median {statistics.median(lags) if lags else 'n/a'}, max {max(lags) if lags else 'n/a'}",
    f"state rebuilds (every assignment): {len(rebuilds)}; largest {big[0]} messages in {big[1]:.3f} s ({big[0]/max(big[1],1e-9):,.0f} msg/s)" if big else "state rebuilds: none logged",
    f"RSS engine-1: {rss(r1)}",
    f"RSS engine-2: {rss(r2)}",
    "invariants: " + ", ".join(f"{k}: {'PASS' if v else 'FAIL'}" for k, v in checks.items()),
]
if lost: lines.append(f"lost: {lost[:5]}")
if extra: lines.append(f"extra: {extra[:5]}")
if differ: lines.append(f"differ: {differ[:5]}")
report = "\n".join(lines)
open(f"{out}/report.md", "w").write(report + "\n\nsamples: samples.csv (t_s, RSS kB, lag, inputs per engine)\n")
print(report)
sys.exit(0 if all(checks.values()) else 1)
EOF
