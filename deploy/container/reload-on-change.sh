#!/usr/bin/env bash
# tripline-reload-on-change DIR [HOST:PORT]: the rule-reload sidecar of deploy/k8s/.
#
# Kubernetes updates a mounted ConfigMap by writing the new files into a fresh `..<timestamp>/`
# directory and swapping the `..data` link to it in one rename. This watches DIR's `..data`
# link every TRIPLINE_RELOAD_INTERVAL seconds (default 5) and, when it points somewhere new and
# every file of the new version is linked from DIR, sends `POST /rules/reload` to the engine's
# admin endpoint (default 127.0.0.1:9464: the pod's containers share one network) with
# `Authorization: Bearer $TRIPLINE_ADMIN_TOKEN`. Answers:
#   200  reloaded;                                   the new version is done
#   422  the pack is invalid, the old rules stay;    logged, the version is done (fix the
#                                                    ConfigMap: its next version is tried)
#   else (409 a reload is running, no answer, 403)   logged, retried at the next interval
# Needs only bash and coreutils (no HTTP client in the runtime image): /dev/tcp does the POST.
set -uo pipefail
dir=${1:?usage: tripline-reload-on-change DIR [HOST:PORT]}
addr=${2:-127.0.0.1:9464}
host=${addr%:*}
port=${addr##*:}
interval=${TRIPLINE_RELOAD_INTERVAL:-5}
: "${TRIPLINE_ADMIN_TOKEN:?TRIPLINE_ADMIN_TOKEN must hold the admin.token of the engine}"

log() { printf '%s tripline-reload-on-change: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }

# In a pod this script is PID 1 of its container, and the kernel delivers no signal to PID 1
# that it has not installed a handler for: without this trap, SIGTERM at every pod stop was
# ignored and the pod waited out its whole grace period before SIGKILL. Bash runs a trap only
# between commands, so everything that waits below is interruptible: the sleep runs in the
# background under the `wait` builtin, and the reply is read with the `read` builtin, both of
# which return at once when a trapped signal arrives.
sleeper=
stop() {
  log "stopping on SIG$1"
  [ -z "$sleeper" ] || kill "$sleeper" 2>/dev/null
  exit 0
}
trap 'stop TERM' TERM
trap 'stop INT' INT

# POSTs the reload; sets `code` to the HTTP status code (000 when the engine did not answer).
# Not run in a command substitution: that subshell would not run the trap, and the parent defers
# it until the subshell ends.
post_reload() {
  local response=
  code=000
  if ! exec 3<>"/dev/tcp/$host/$port"; then
    return
  fi
  printf 'POST /rules/reload HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\nContent-Length: 0\r\nConnection: close\r\n\r\n' \
    "$host" "$TRIPLINE_ADMIN_TOKEN" >&3
  # The admin server answers once the pack compiled, then closes the connection: read to the
  # end (-d ''), at most 300 s.
  IFS= read -r -d '' -t 300 response <&3 || true
  exec 3<&-
  response=${response//$'\r'/}
  while [[ $response == *$'\n' ]]; do response=${response%$'\n'}; done
  local status=${response%%$'\n'*} last=${response##*$'\n'}
  log "reply: $status ${last:0:500}"
  if [[ $status =~ ^HTTP/1\.[01]\ ([0-9]{3}) ]]; then code=${BASH_REMATCH[1]}; fi
}

# The kubelet renames the new `..data` link into place first and links newly added keys from
# the top only after that: a reload in between would miss a new file. Complete: every entry of
# `..data/` is linked from the top.
complete() {
  local f
  for f in "$dir/..data/"*; do
    [ -e "$f" ] || continue
    [ -e "$dir/${f##*/}" ] || return 1
  done
}

seen=$(readlink "$dir/..data" 2>/dev/null || true)
waiting=
log "watching $dir (..data -> ${seen:-none}), reloading through $addr"
while true; do
  sleep "$interval" &
  sleeper=$!
  wait "$sleeper" || true
  sleeper=
  now=$(readlink "$dir/..data" 2>/dev/null || true)
  [ "$now" = "$seen" ] && continue
  if ! complete; then
    [ "$now" = "$waiting" ] || log "$dir changed (..data -> $now); waiting until every file is linked"
    waiting=$now
    continue
  fi
  log "$dir changed (..data -> $now): POST /rules/reload"
  post_reload
  case "$code" in
    200) log "reloaded"; seen=$now ;;
    422) log "rejected: the pack is invalid and the old rules stay"; seen=$now ;;
    *) log "not reloaded (HTTP $code); retrying in ${interval}s" ;;
  esac
done
