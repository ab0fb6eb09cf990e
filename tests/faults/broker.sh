#!/usr/bin/env bash
# A dedicated single-node Kafka 3.9 broker for the fault tests that stop and restart the broker,
# so they never touch the suite's shared broker (deploy/kafka/start.sh). Reuses that broker's
# jars (deploy/kafka/lib), server.properties.in and log4j.properties; keeps its state in RUN_DIR.
#
#   tests/faults/broker.sh start RUN_DIR     # formats on first start; prints 127.0.0.1:PORT last
#   tests/faults/broker.sh stop RUN_DIR      # SIGTERM, SIGKILL after 20 s; keeps the data
#   tests/faults/broker.sh restart RUN_DIR   # start again on the same ports and data
#   tests/faults/broker.sh destroy RUN_DIR   # stop and remove RUN_DIR
#
# The ports are chosen once (first start) and kept in RUN_DIR, so clients reconnect to the same
# address after a restart, as they would to a production broker.
set -euo pipefail

cmd="${1:?usage: broker.sh start|stop|restart|destroy RUN_DIR}"
run="${2:?usage: broker.sh start|stop|restart|destroy RUN_DIR}"
kafka="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../deploy/kafka" && pwd)"
lib="$kafka/lib"
wait_seconds="${TRIPLINE_KAFKA_START_TIMEOUT:-90}"

fail() {
  echo "tests/faults/broker.sh: $*" >&2
  [ -f "$run/server.log" ] && tail -n 30 "$run/server.log" >&2
  [ -f "$run/stdout.log" ] && tail -n 10 "$run/stdout.log" >&2
  exit 1
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

java_opts=(-Xms256m -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1
  "-Dlog4j.configuration=file:$kafka/log4j.properties" "-Dkafka.logs.dir=$run")

stop() {
  [ -f "$run/pid" ] || return 0
  local pid
  pid="$(cat "$run/pid")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
    sleep 0.2
  fi
  rm -f "$run/pid"
}

start() {
  ls "$lib"/kafka_2.13-*.jar >/dev/null 2>&1 || fail "no broker jars in $lib (run deploy/kafka/start.sh once)"
  mkdir -p "$run/data"
  if [ ! -f "$run/server.properties" ]; then
    local port cport
    port="$(free_port)"
    cport="$(free_port)"
    while [ "$cport" = "$port" ]; do cport="$(free_port)"; done
    sed -e "s|@PORT@|$port|g" -e "s|@CPORT@|$cport|g" -e "s|@LOGDIR@|$run/data|g" \
      "$kafka/server.properties.in" >"$run/server.properties"
    echo "127.0.0.1:$port" >"$run/bootstrap"
    local id
    id="$(java "${java_opts[@]}" -cp "$lib/*" kafka.tools.StorageTool random-uuid 2>>"$run/stdout.log")" \
      || fail "StorageTool random-uuid failed"
    java "${java_opts[@]}" -cp "$lib/*" kafka.tools.StorageTool format -t "$id" \
      -c "$run/server.properties" --ignore-formatted >>"$run/stdout.log" 2>&1 \
      || fail "StorageTool format failed"
  fi
  local bootstrap
  bootstrap="$(cat "$run/bootstrap")"
  setsid java "${java_opts[@]}" -cp "$lib/*" kafka.Kafka "$run/server.properties" \
    >>"$run/stdout.log" 2>&1 </dev/null &
  echo $! >"$run/pid"
  local deadline=$((SECONDS + wait_seconds))
  until kcat -L -b "$bootstrap" -m 5 2>/dev/null | grep -q "1 brokers"; do
    kill -0 "$(cat "$run/pid")" 2>/dev/null || fail "the broker exited during start-up"
    [ "$SECONDS" -lt "$deadline" ] || fail "no metadata answer within ${wait_seconds}s"
    sleep 0.5
  done
  echo "$bootstrap"
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  destroy) stop; rm -rf "$run" ;;
  *) fail "unknown command '$cmd'" ;;
esac
