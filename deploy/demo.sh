#!/usr/bin/env bash
# The main job, from a fresh Debian 12 machine: installs the packages, builds the release
# preset, and runs Tripline on its built-in default: `tripline demo`, the live engine on an
# embedded Kafka-protocol broker fed with the sample day of examples/h20-guidance/, printing
# each signal as it fires. Extra arguments go to `tripline demo` (e.g. --speed 0 --linger 60
# to keep the broker up for kcat).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" -eq 0 ]; then deploy/setup.sh; else sudo deploy/setup.sh; fi
# ccache keys on paths relative to the clone, so another clone reuses the objects.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}"
# Debug builds would otherwise hash the build directory (it is in the debug info).
export CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-true}"
cmake --preset release >/dev/null
# Only what the demo runs; tests and benchmarks build with their own commands.
cmake --build --preset release --target tripline

exec build/release/app/cli/tripline demo "$@"
