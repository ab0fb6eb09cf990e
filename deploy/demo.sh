#!/usr/bin/env bash
# The main job, from a fresh Debian 12 machine: installs the packages, builds the release
# preset, and runs Tripline on its built-in default: the backtest of the sample day in
# examples/h20-guidance/ with the default rule pack, printing the signals it emits.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" -eq 0 ]; then deploy/setup.sh; else sudo deploy/setup.sh; fi
cmake --preset release >/dev/null
cmake --build --preset release

out=build/release/h20-guidance.signals.jsonl
build/release/engine/cli/tripline backtest \
  --headlines examples/h20-guidance/headlines.jsonl \
  --prices examples/h20-guidance/prices.jsonl \
  --rules rules/packs/china-ai-chips \
  --out "$out"
echo
echo "signals written to $out:"
cat "$out"
