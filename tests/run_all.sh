#!/usr/bin/env bash
# The whole test suite, from a fresh Debian 12 machine: installs the packages, builds the
# `asan` preset (AddressSanitizer + UndefinedBehaviorSanitizer) and the Python package into a
# venv, starts the real Kafka broker
# for the integration tests, runs every GoogleTest through ctest, stops the broker (also when
# tests fail), then builds the libFuzzer targets with clang and runs each for a bounded time.
# Exit status: non-zero when anything fails, with the reason printed.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n=== %s\n' "$*"; }

step "set-up (deploy/setup.sh)"
if [ "$(id -u)" -eq 0 ]; then
  deploy/setup.sh
else
  sudo deploy/setup.sh
fi

# ccache keys on paths relative to the clone, so a second clone (CI's) reuses the first's
# objects.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}"
# Debug builds would otherwise hash the build directory (it is in the debug info).
export CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-true}"

step "build: asan preset"
cmake --preset asan >/dev/null
cmake --build --preset asan

# The Python package for its tests (tests/python): a venv and `pip install .`, which compiles
# the module's share of the core again at -O3 (about 3 min cold on 2 cores, some 20 s when
# ccache has it and build/python/ is kept).
step "python: venv and pip install . (tests/python/install_venv.sh)"
tests/python/install_venv.sh

step "start the Kafka broker for the integration tests"
if ! bootstrap=$(deploy/kafka/start.sh | tail -n 1); then
  echo "tests/run_all.sh: the Kafka broker did not start; integration tests cannot run" >&2
  exit 1
fi
trap 'deploy/kafka/stop.sh || true' EXIT
export TRIPLINE_KAFKA_BOOTSTRAP="$bootstrap"
echo "broker at $TRIPLINE_KAFKA_BOOTSTRAP"

step "ctest (asan)"
ctest --preset asan -j2

step "fuzz: build with clang and run each target for ${TRIPLINE_FUZZ_SECONDS:-15} s"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --target headline_decoder_fuzz price_decoder_fuzz rule_loader_fuzz
tests/run_fuzz.sh build/fuzz "${TRIPLINE_FUZZ_SECONDS:-15}"

step "all tests passed"
