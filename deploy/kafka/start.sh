#!/usr/bin/env bash
# Starts a single-node Apache Kafka 3.9 broker (KRaft, no ZooKeeper) on a free loopback port
# for Tripline's integration tests and benchmarks.
#
#   deploy/kafka/start.sh        # prints the bootstrap address (127.0.0.1:PORT) as its last line
#
# Fetches the broker's jars from Maven Central into deploy/kafka/lib when missing, writes its
# state under deploy/kafka/run/ (pid, bootstrap, server.properties, data, server.log), formats
# the storage, starts the JVM in the background and waits until it answers metadata requests.
# On failure it prints the log tail to stderr and exits non-zero. Stop with deploy/kafka/stop.sh.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
run="$here/run"
lib="$here/lib"
wait_seconds="${TRIPLINE_KAFKA_START_TIMEOUT:-90}"

fail() {
  echo "deploy/kafka/start.sh: $*" >&2
  if [ -f "$run/server.log" ]; then
    echo "--- broker log tail ($run/server.log) ---" >&2
    tail -n 40 "$run/server.log" >&2 || true
  fi
  if [ -f "$run/stdout.log" ]; then
    echo "--- broker stdout/stderr tail ---" >&2
    tail -n 20 "$run/stdout.log" >&2 || true
  fi
  "$here/stop.sh" >/dev/null 2>&1 || true
  exit 1
}

for tool in java kcat; do
  command -v "$tool" >/dev/null || fail "'$tool' not found (run deploy/setup.sh as root)"
done

# Already running (e.g. started by hand for a debugging session): reuse it.
if [ -f "$run/pid" ] && kill -0 "$(cat "$run/pid")" 2>/dev/null && [ -f "$run/bootstrap" ]; then
  if kcat -L -b "$(cat "$run/bootstrap")" -m 5 >/dev/null 2>&1; then
    cat "$run/bootstrap"
    exit 0
  fi
fi
"$here/stop.sh" >/dev/null 2>&1 || true

if ! ls "$lib"/kafka_2.13-*.jar >/dev/null 2>&1; then
  command -v mvn >/dev/null || fail "'mvn' not found and $lib is empty (run deploy/setup.sh)"
  echo "deploy/kafka/start.sh: fetching the broker's jars with Maven..." >&2
  (cd "$here" && mvn -B -q dependency:copy-dependencies -DoutputDirectory=lib \
      -DincludeScope=runtime >&2) || fail "mvn could not fetch the Kafka jars"
fi

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
port="$(free_port)"
cport="$(free_port)"
while [ "$cport" = "$port" ]; do cport="$(free_port)"; done

mkdir -p "$run/data"
sed -e "s|@PORT@|$port|g" -e "s|@CPORT@|$cport|g" -e "s|@LOGDIR@|$run/data|g" \
  "$here/server.properties.in" >"$run/server.properties"

# Small and quick to start for tests; TRIPLINE_KAFKA_JVM replaces the heap, GC and JIT flags
# for benchmarks at high rates (bench/scaleout: "-Xms1g -Xmx1g -XX:+UseParallelGC", full JIT).
read -r -a jvm <<<"${TRIPLINE_KAFKA_JVM:--Xms256m -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}"
java_opts=("${jvm[@]}"
  "-Dlog4j.configuration=file:$here/log4j.properties" "-Dkafka.logs.dir=$run")
cluster_id="$(java "${java_opts[@]}" -cp "$lib/*" kafka.tools.StorageTool random-uuid 2>>"$run/stdout.log")" \
  || fail "StorageTool random-uuid failed"
java "${java_opts[@]}" -cp "$lib/*" kafka.tools.StorageTool format -t "$cluster_id" \
  -c "$run/server.properties" --ignore-formatted >>"$run/stdout.log" 2>&1 \
  || fail "StorageTool format failed"

# setsid: the broker survives the shell that started it (ctest runs after this script returns).
setsid java "${java_opts[@]}" -cp "$lib/*" kafka.Kafka "$run/server.properties" \
  >>"$run/stdout.log" 2>&1 </dev/null &
echo $! >"$run/pid"
bootstrap="127.0.0.1:$port"

deadline=$((SECONDS + wait_seconds))
until kcat -L -b "$bootstrap" -m 5 2>/dev/null | grep -q "1 brokers"; do
  kill -0 "$(cat "$run/pid")" 2>/dev/null || fail "the broker exited during start-up"
  [ "$SECONDS" -lt "$deadline" ] || fail "the broker did not answer metadata requests within ${wait_seconds}s"
  sleep 1
done
echo "$bootstrap" >"$run/bootstrap"
echo "$bootstrap"
