#!/usr/bin/env bash
# run_in_venv.sh VENV ARGS...: runs VENV's python with ARGS; fails, naming the fix, when the
# venv was never made (a missing venv must fail the test, not skip it).
set -euo pipefail
venv="$1"
shift
if [ ! -x "$venv/bin/python" ]; then
  echo "no venv at $venv: run tests/python/install_venv.sh first" >&2
  exit 1
fi
exec "$venv/bin/python" "$@"
