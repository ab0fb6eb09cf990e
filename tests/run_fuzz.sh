#!/usr/bin/env bash
# Runs every libFuzzer target of a fuzz build (tests/fuzz/, `fuzz` preset) for a bounded time,
# each from a seed corpus built from the repository's own inputs: recorded lines and the
# JSONTestSuite corpus for the decoders, the rule packs for the rule loader.
# Usage: tests/run_fuzz.sh BUILD_DIR [SECONDS_EACH]. Fails when any target finds a crash.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:?usage: tests/run_fuzz.sh BUILD_DIR [SECONDS_EACH]}
seconds=${2:-15}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/json" "$work/yaml"
i=0
while IFS= read -r line; do
  printf '%s' "$line" > "$work/json/line$i"; i=$((i + 1))
done < <(head -n 40 examples/h20-guidance/headlines.jsonl; head -n 40 examples/h20-guidance/prices.jsonl)
cp tests/data/JSONTestSuite/test_parsing/*.json "$work/json/"
find rules/packs -name '*.yaml' -exec cp {} "$work/yaml/" \;

mapfile -t fuzzers < <(find "$build/tests/fuzz" -maxdepth 1 -type f -name '*_fuzz' -perm -u+x | sort)
if [ "${#fuzzers[@]}" -eq 0 ]; then
  echo "run_fuzz.sh: no fuzz targets under $build/tests/fuzz" >&2
  exit 1
fi
failed=0
for f in "${fuzzers[@]}"; do
  name=$(basename "$f")
  seeds="$work/json"
  [[ "$name" == rule_* ]] && seeds="$work/yaml"
  corpus="$work/corpus-$name"
  mkdir -p "$corpus"
  echo "--- $name: ${seconds}s"
  if ! "$f" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
      -print_final_stats=1 -artifact_prefix="$work/$name-" "$corpus" "$seeds" \
      > "$work/$name.log" 2>&1; then
    echo "run_fuzz.sh: $name failed:" >&2
    tail -n 40 "$work/$name.log" >&2
    mkdir -p build/fuzz-artifacts
    cp "$work/$name-"* build/fuzz-artifacts/ 2>/dev/null || true
    failed=1
  else
    grep -E 'stat::number_of_executed_units|Done [0-9]+ runs' "$work/$name.log" | tail -n 1
  fi
done
exit "$failed"
