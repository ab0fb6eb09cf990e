#!/usr/bin/env bash
# Installs the build into a temporary prefix and checks that the installed binary finds its own
# data there, from an unrelated working directory:
#   1. the layout: binary, default pack, sample day, example config, systemd unit, docs;
#   2. `tripline demo` publishes the installed sample day and prints its one H20 signal;
#   3. `tripline run --config PREFIX/etc/tripline/tripline.conf` loads the installed default
#      pack (its /rules endpoint names the file under the prefix), against the test broker
#      (TRIPLINE_KAFKA_BOOTSTRAP, exported by tests/run_all.sh; the test fails without it).
# Usage: install_test.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
tmp=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

prefix=$tmp/prefix
cmake --install "$build" --prefix "$prefix" --strip >"$tmp/install.log" || {
  cat "$tmp/install.log" >&2; fail "cmake --install"; }

# 1. The layout.
for f in bin/tripline \
         share/tripline/rules/packs/china-ai-chips/rules.yaml \
         share/tripline/examples/h20-guidance/headlines.jsonl \
         share/tripline/examples/h20-guidance/prices.jsonl \
         etc/tripline/tripline.conf \
         lib/systemd/system/tripline.service \
         share/doc/tripline/deploy.md; do
  [ -e "$prefix/$f" ] || fail "not installed: $f"
done
grep -qx "ExecStart=$prefix/bin/tripline run --config $prefix/etc/tripline/tripline.conf --log-format json" \
  "$prefix/lib/systemd/system/tripline.service" || fail "the unit's ExecStart does not name the installed paths"
# A second install keeps an edited config.
echo "# edited" >>"$prefix/etc/tripline/tripline.conf"
cmake --install "$build" --prefix "$prefix" --strip >"$tmp/install2.log"
grep -q "^# edited" "$prefix/etc/tripline/tripline.conf" || fail "a reinstall overwrote the config"

# 2. The demo, from a directory that has no rules/ or examples/.
mkdir "$tmp/elsewhere" && cd "$tmp/elsewhere"
"$prefix/bin/tripline" demo --duration 1 >"$tmp/demo.out" 2>"$tmp/demo.err" || {
  cat "$tmp/demo.out" "$tmp/demo.err" >&2; fail "tripline demo exited non-zero"; }
cat "$tmp/demo.out"
grep -qF "$prefix/share/tripline/examples/h20-guidance/headlines.jsonl" "$tmp/demo.out" ||
  fail "the demo did not publish the installed sample day"
grep -qE "SIGNAL 2025-08-12T15:36:00Z +short NVDA .*rule cn_guidance_against_us_ai_chips" "$tmp/demo.out" ||
  fail "the demo did not print the H20 signal"
grep -q "1043 messages in (1043 decoded, 0 dead letters), 2 signals out" "$tmp/demo.out" ||
  fail "the demo's counts differ"

# 3. The live engine with the installed config: its default pack is the installed one.
[ -n "${TRIPLINE_KAFKA_BOOTSTRAP:-}" ] || fail "TRIPLINE_KAFKA_BOOTSTRAP is unset (tests/run_all.sh starts the broker)"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$prefix/bin/tripline" run --config "$prefix/etc/tripline/tripline.conf" \
  --set kafka.bootstrap.servers="$TRIPLINE_KAFKA_BOOTSTRAP" \
  --set group.id="tripline-install-test-$$" --set transactional.id="tripline-install-test-$$" \
  --set topics.headlines="install-test-$$.headlines" --set topics.prices="install-test-$$.prices" \
  --set topics.signals="install-test-$$.signals" --set topics.dlq="install-test-$$.dlq" \
  --set admin.listen="127.0.0.1:$port" >"$tmp/run.log" 2>&1 &
pid=$!
rules_json=
for _ in $(seq 1 100); do
  if rules_json=$(python3 -c "import urllib.request,sys; print(urllib.request.urlopen('http://127.0.0.1:$port/rules', timeout=2).read().decode())" 2>/dev/null); then
    break
  fi
  kill -0 "$pid" 2>/dev/null || { cat "$tmp/run.log" >&2; fail "tripline run exited"; }
  sleep 0.2
done
[ -n "$rules_json" ] || { cat "$tmp/run.log" >&2; fail "no answer from /rules"; }
grep -qF "$prefix/share/tripline/rules/packs/china-ai-chips/rules.yaml" <<<"$rules_json" || {
  echo "$rules_json" >&2; fail "tripline run did not load the installed default pack"; }
kill -TERM "$pid"
wait "$pid" || { cat "$tmp/run.log" >&2; fail "tripline run did not stop cleanly on SIGTERM"; }
pid=
echo "PASS: installed layout, demo and run from $prefix"
