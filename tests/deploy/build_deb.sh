# Sourced by the .deb tests with the build directory as its argument: sets `build`, a scratch
# directory `tmp` (removed on exit), fail(), and `deb`, the package `cpack -G DEB` makes from
# that build into $tmp/out.
# Usage (in a test script): . "$(dirname "$0")/build_deb.sh" BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

(cd "$tmp" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$tmp/out") >"$tmp/cpack.log" 2>&1 || {
  cat "$tmp/cpack.log" >&2; fail "cpack -G DEB"; }
deb=$(ls "$tmp"/out/tripline_*.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || { cat "$tmp/cpack.log" >&2; fail "no tripline_*.deb written"; }
echo "built $(basename "$deb") ($(du -h "$deb" | cut -f1))"
