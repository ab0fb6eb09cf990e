#!/usr/bin/env bash
# The Kubernetes rule-reload path end to end, without Kubernetes: the default pack laid out as
# the kubelet lays out a ConfigMap volume (files in `..<timestamp>/`, `..data` linking to it,
# each key linked from the top), a real `tripline run` loading it (against the test broker,
# TRIPLINE_KAFKA_BOOTSTRAP), and the sidecar script (deploy/container/reload-on-change.sh).
# Swapping `..data` as the kubelet does (a new link renamed over the old) must reload the rules
# (a rule only the new version has appears in /rules); an invalid version must be rejected with
# the old rules kept; and nothing is reloaded while `..data` stays.
# Usage: reload_on_change_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
tripline=$build/app/cli/tripline
tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  for f in "$tmp"/*.log; do echo "--- $f" >&2; tail -n 20 "$f" >&2; done
  exit 1
}
[ -n "${TRIPLINE_KAFKA_BOOTSTRAP:-}" ] || fail "TRIPLINE_KAFKA_BOOTSTRAP is unset (tests/run_all.sh starts the broker)"

# A ConfigMap version, in the kubelet's order (its AtomicWriter): the files into a new
# directory, a new `..data` link renamed over the old one, and only then links from the top
# for keys that are new. The pause between the last two steps is longer than the sidecar's
# interval, so a sidecar that reloads on the rename alone misses the new file.
rules=$tmp/rules
mkdir -p "$rules"
publish() {
  local version=$1; shift
  mkdir "$rules/$version"
  cp "$@" "$rules/$version/"
  ln -s "$version" "$rules/..data_tmp"
  mv -T "$rules/..data_tmp" "$rules/..data"
  sleep 1
  for f in "$@"; do
    local name; name=$(basename "$f")
    [ -L "$rules/$name" ] || ln -s "..data/$name" "$rules/$name"
  done
}
pack=$src/rules/packs/china-ai-chips
publish ..2026_11_29_12_00_00.1 "$pack"/*.yaml

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export TRIPLINE_ADMIN_TOKEN=token-$$
cat >"$tmp/tripline.conf" <<CONF
kafka.bootstrap.servers = $TRIPLINE_KAFKA_BOOTSTRAP
group.id = tripline-reload-test-$$
transactional.id = tripline-reload-test-$$
topics.headlines = reload-test-$$.headlines
topics.prices = reload-test-$$.prices
topics.signals = reload-test-$$.signals
topics.dlq = reload-test-$$.dlq
rules = $rules
admin.listen = 127.0.0.1:$port
admin.token = \${env:TRIPLINE_ADMIN_TOKEN}
CONF
"$tripline" run --config "$tmp/tripline.conf" >"$tmp/engine.log" 2>&1 &
pids+=($!)

rules_json() {
  python3 -c "import urllib.request; print(urllib.request.urlopen('http://127.0.0.1:$port/rules', timeout=2).read().decode())" 2>/dev/null
}
# Waits up to 60 s until /rules contains a string.
wait_rules() {
  for _ in $(seq 1 300); do
    if json=$(rules_json) && grep -qF "$1" <<<"$json"; then return 0; fi
    sleep 0.2
  done
  return 1
}
# Waits up to 30 s until the sidecar's log has a line matching the regex.
wait_log() {
  for _ in $(seq 1 150); do grep -q "$1" "$tmp/sidecar.log" && return 0; sleep 0.2; done
  return 1
}
wait_rules '"id":"cn_guidance_against_us_ai_chips"' || fail "the engine did not serve /rules"
# Each file once: the pack's three files, nothing from ..<timestamp>/; the lexicons it imports
# come from the installed ones (the ConfigMap here carries only the pack's files).
files=$(rules_json | grep -o "\"path\":\"$rules/[^\"]*\.yaml\"" | sort -u | wc -l)
[ "$files" -eq 3 ] || fail "expected the pack's 3 files in /rules, got $files: $(rules_json)"
# A here-string, not a pipe: grep -q exits at its first match, and under pipefail the writer's
# broken pipe failed the check at random.
grep -q '"path":"[^"]*/lexicons/actors\.yaml"' <<<"$(rules_json)" ||
  fail "the imported lexicons are not listed in /rules: $(rules_json)"

TRIPLINE_RELOAD_INTERVAL=0.2 bash "$src/deploy/container/reload-on-change.sh" "$rules" "127.0.0.1:$port" \
  2>"$tmp/sidecar.log" &
pids+=($!)
sleep 1.5
grep -q "POST /rules/reload" "$tmp/sidecar.log" && fail "the sidecar reloaded though nothing changed"

# Version 2: one more file with a rule.
cat >"$tmp/probe.yaml" <<'YAML'
rules:
  - id: k8s_reload_probe
    description: only in the ConfigMap's second version
    headline: '"reload probe"'
    emit: {instrument: NVDA, direction: watch, severity: low}
YAML
publish ..2026_11_29_12_01_00.2 "$pack"/*.yaml "$tmp/probe.yaml"
wait_rules '"id":"k8s_reload_probe"' || fail "the second version was not reloaded"
wait_log "tripline-reload-on-change: reloaded$" || fail "the sidecar did not log the reload"

# Version 3: invalid. Rejected (422), the second version's rules stay.
printf 'rules:\n  - id: broken\n    headline: any(no_such_list)\n' >"$tmp/probe.yaml"
publish ..2026_11_29_12_02_00.3 "$pack"/*.yaml "$tmp/probe.yaml"
wait_log "rejected: the pack is invalid" || fail "the sidecar did not report the invalid version"
json=$(rules_json) || fail "no answer from /rules"
grep -qF '"id":"k8s_reload_probe"' <<<"$json" || fail "an invalid version replaced the rules"
posts=$(grep -c "POST /rules/reload" "$tmp/sidecar.log")
[ "$posts" -eq 2 ] || fail "expected 2 reload requests (one per version), got $posts"
cat "$tmp/sidecar.log"
echo "PASS: a ConfigMap swap reloads the engine's rules; an invalid one is rejected"
