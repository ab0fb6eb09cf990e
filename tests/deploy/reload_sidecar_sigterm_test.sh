#!/usr/bin/env bash
# The Kubernetes rule-reload sidecar (deploy/container/reload-on-change.sh) stops promptly on
# SIGTERM. In a pod the script is PID 1 of its container, where the kernel drops every signal
# the process has no handler for: the sidecar used to ignore SIGTERM, so every pod stop waited
# the whole grace period (90 s) and ended in SIGKILL. Checked three ways, each must exit 0
# within 2 s of the SIGTERM (a bounded wait: this is a behaviour check, not a timing one):
#   1. as an ordinary process while it sleeps between polls (interval 30 s, so a foreground
#      `sleep` would hold it; an untrapped bash would die of the signal with status 143);
#   2. as PID 1 of a new PID namespace (`unshare --pid`), as in a container: without a handler
#      the signal is not delivered at all;
#   3. as PID 1 while a reload POST waits for an engine that accepted the connection but has not
#      answered (the read of the reply must not hold the signal either).
# Usage: reload_sidecar_sigterm_test.sh SOURCE_DIR
set -euo pipefail
src=$(cd "$1" && pwd)
sidecar=$src/deploy/container/reload-on-change.sh
tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  for f in "$tmp"/*.log; do [ -f "$f" ] && { echo "--- $f" >&2; cat "$f" >&2; }; done
  exit 1
}

# A ConfigMap volume as the kubelet lays it out: version directory, `..data`, top-level links.
rules=$tmp/rules
mkdir -p "$rules/..v1" "$rules/..v2"
echo "a: 1" >"$rules/..v1/rules.yaml"
echo "a: 2" >"$rules/..v2/rules.yaml"
ln -s ..v1 "$rules/..data"
ln -s ..data/rules.yaml "$rules/rules.yaml"

export TRIPLINE_ADMIN_TOKEN=test-token
export TRIPLINE_RELOAD_INTERVAL=30

# unshare --pid needs CAP_SYS_ADMIN: as root directly, otherwise in a user namespace.
ns=(unshare --pid --fork)
[ "$(id -u)" -eq 0 ] || ns=(unshare --user --map-root-user --pid --fork)
"${ns[@]}" true || fail "unshare --pid does not work here: cannot run the sidecar as PID 1"

wait_log() {  # LOG REGEX: up to 10 s
  for _ in $(seq 1 100); do grep -q "$2" "$1" && return 0; sleep 0.1; done
  return 1
}
# Sends SIGTERM to TARGET and waits up to 2 s for WAITED (our child: the script itself or the
# unshare around it) to end; checks its exit status is 0.
term_and_expect_exit() {
  local name=$1 target=$2 waited=$3 status=0
  kill -TERM "$target"
  for _ in $(seq 1 20); do
    kill -0 "$waited" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$waited" 2>/dev/null; then
    fail "$name: still running 2 s after SIGTERM"
  fi
  wait "$waited" || status=$?
  [ "$status" -eq 0 ] || fail "$name: exit status $status after SIGTERM (want 0)"
  echo "ok: $name exits 0 on SIGTERM"
}
# The host PID of the process unshare forked (PID 1 inside its namespace).
child_of() {
  local c
  for _ in $(seq 1 50); do
    c=$(pgrep -P "$1" | head -n 1 || true)
    [ -n "$c" ] && { echo "$c"; return 0; }
    sleep 0.1
  done
  return 1
}

# 1. An ordinary process, asleep between polls.
bash "$sidecar" "$rules" 127.0.0.1:9 2>"$tmp/plain.log" &
p=$!; pids+=("$p")
wait_log "$tmp/plain.log" "watching" || fail "plain: the sidecar did not start"
term_and_expect_exit "plain process" "$p" "$p"

# 2. PID 1 of a PID namespace, asleep between polls.
"${ns[@]}" bash "$sidecar" "$rules" 127.0.0.1:9 2>"$tmp/pid1.log" &
u=$!; pids+=("$u")
wait_log "$tmp/pid1.log" "watching" || fail "pid1: the sidecar did not start"
c=$(child_of "$u") || fail "pid1: no child of unshare"
term_and_expect_exit "PID 1, between polls" "$c" "$u"

# 3. PID 1, in the middle of a POST to an engine that never answers.
python3 - "$tmp/port" >"$tmp/server.log" 2>&1 <<'PY' &
import socket, sys, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(4)
open(sys.argv[1] + ".tmp", "w").write(str(s.getsockname()[1]))
import os; os.rename(sys.argv[1] + ".tmp", sys.argv[1])
held = []
while True:
    c, _ = s.accept()   # accept, read nothing back, never answer
    held.append(c)
    print("accepted", flush=True)
PY
pids+=($!)
for _ in $(seq 1 50); do [ -f "$tmp/port" ] && break; sleep 0.1; done
[ -f "$tmp/port" ] || fail "the silent server did not start"
port=$(cat "$tmp/port")
TRIPLINE_RELOAD_INTERVAL=1 "${ns[@]}" bash "$sidecar" "$rules" "127.0.0.1:$port" 2>"$tmp/post.log" &
u=$!; pids+=("$u")
wait_log "$tmp/post.log" "watching" || fail "post: the sidecar did not start"
c=$(child_of "$u") || fail "post: no child of unshare"
ln -sfn ..v2 "$rules/..data_tmp" && mv -T "$rules/..data_tmp" "$rules/..data"
wait_log "$tmp/post.log" "POST /rules/reload" || fail "post: the sidecar did not see the new version"
wait_log "$tmp/server.log" "accepted" || fail "post: the sidecar did not connect"
sleep 0.5  # now in the read of the reply
term_and_expect_exit "PID 1, waiting for a reload reply" "$c" "$u"
grep -q "reply:" "$tmp/post.log" && fail "post: the sidecar logged a reply the server never sent"

echo "PASS: the reload sidecar exits promptly on SIGTERM, also as PID 1 and mid-request"
