#!/usr/bin/env bash
# Creates the venv the Python tests run in (build/python-venv, or $1) and installs the package
# into it from this clone with `pip install .`: scikit-build-core and nanobind from PyPI
# compile the module against the Debian libraries, through ccache (the top-level
# CMakeLists.txt sets it as the compiler launcher), in build/python/ (incremental). Then the
# test tools, pinned. Run by tests/run_all.sh before ctest; run it by hand after changing C++
# the module uses, before `ctest -R Python`.
set -euo pipefail
cd "$(dirname "$0")/../.."
venv="${1:-build/python-venv}"
# Debian's interpreter (deploy/setup.sh: python3-venv, python3-dev), not whichever python3 is
# first on PATH: the module is built for the interpreter that runs the tests.
if [ ! -x "$venv/bin/python" ]; then
  /usr/bin/python3 -m venv "$venv"
fi
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}"
export CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-true}"
"$venv/bin/python" -m pip install -q --disable-pip-version-check pytest==9.2.0 pyarrow==26.0.1
"$venv/bin/python" -m pip install -q --disable-pip-version-check .
echo "$venv: tripline $("$venv/bin/python" -c 'import tripline, os; print(os.path.dirname(tripline.__file__))')"
