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

# POSTs the reload; prints the HTTP status code (000 when the engine did not answer).
post_reload() {
  local response
  if ! exec 3<>"/dev/tcp/$host/$port"; then
    echo 000
    return
  fi
  printf 'POST /rules/reload HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\nContent-Length: 0\r\nConnection: close\r\n\r\n' \
    "$host" "$TRIPLINE_ADMIN_TOKEN" >&3
  # The admin server answers once the pack compiled, then closes the connection.
  response=$(timeout 300 cat <&3)
  exec 3<&-
  response=${response//$'\r'/}
  local status=${response%%$'\n'*} last=${response##*$'\n'}
  log "reply: $status ${last:0:500}"
  local code=000
  if [[ $status =~ ^HTTP/1\.[01]\ ([0-9]{3}) ]]; then code=${BASH_REMATCH[1]}; fi
  echo "$code"
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
while sleep "$interval"; do
  now=$(readlink "$dir/..data" 2>/dev/null || true)
  [ "$now" = "$seen" ] && continue
  if ! complete; then
    [ "$now" = "$waiting" ] || log "$dir changed (..data -> $now); waiting until every file is linked"
    waiting=$now
    continue
  fi
  log "$dir changed (..data -> $now): POST /rules/reload"
  code=$(post_reload)
  case "$code" in
    200) log "reloaded"; seen=$now ;;
    422) log "rejected: the pack is invalid and the old rules stay"; seen=$now ;;
    *) log "not reloaded (HTTP $code); retrying in ${interval}s" ;;
  esac
done
