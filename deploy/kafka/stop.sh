#!/usr/bin/env bash
# Stops the broker started by deploy/kafka/start.sh and removes its run directory (data
# included). Idempotent: succeeds when nothing runs.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
run="$here/run"

if [ -f "$run/pid" ]; then
  pid="$(cat "$run/pid")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null
    # A clean broker shutdown takes a few seconds; force it after 20.
    for _ in $(seq 1 40); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    if kill -0 "$pid" 2>/dev/null; then
      kill -KILL "$pid" 2>/dev/null
      sleep 0.5
    fi
  fi
fi
rm -rf "$run"
exit 0
