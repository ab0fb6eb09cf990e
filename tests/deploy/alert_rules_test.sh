#!/usr/bin/env bash
# `promtool check rules` on every rule file under deploy/prometheus/ and `promtool test rules`
# on every unit-test file under tests/deploy/prometheus/. Fails, never skips, without promtool.
# Usage: alert_rules_test.sh SOURCE_DIR
set -euo pipefail
src=$(cd "$1" && pwd)
if ! command -v promtool >/dev/null; then
  echo "FAIL: promtool not found: install Debian's prometheus package (deploy/setup.sh)" >&2
  exit 1
fi
shopt -s nullglob
rules=("$src"/deploy/prometheus/*.yaml)
tests=("$src"/tests/deploy/prometheus/*_test.yaml)
[ ${#rules[@]} -gt 0 ] || { echo "FAIL: no rule files in deploy/prometheus" >&2; exit 1; }
[ ${#tests[@]} -gt 0 ] || { echo "FAIL: no rule unit tests in tests/deploy/prometheus" >&2; exit 1; }
promtool check rules "${rules[@]}"
promtool test rules "${tests[@]}"
echo "PASS: ${#rules[@]} rule file(s) valid, ${#tests[@]} unit-test file(s) pass"
