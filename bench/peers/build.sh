#!/usr/bin/env bash
# Builds the peer implementations (bench/peers/esper, bench/peers/kstreams): fetches their
# Maven Central dependencies into each lib/ once (offline when already in ~/.m2), then
# compiles with javac into each out/. Java 17 and Maven come from deploy/setup.sh
# (openjdk-17-jdk-headless maven). Fails (exit 1) when java, javac or mvn is missing.
#   bench/peers/build.sh [esper|kstreams]...   (default: both)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
for tool in java javac mvn; do
  command -v "$tool" >/dev/null || { echo "build.sh: $tool not found (deploy/setup.sh installs it)" >&2; exit 1; }
done
# Tests run in parallel (ctest -j) may call this at once: one build at a time.
exec 9> "${TMPDIR:-/tmp}/tripline-peers-build.lock"
flock 9
peers=("$@")
[ ${#peers[@]} -eq 0 ] && peers=(esper kstreams)
for peer in "${peers[@]}"; do
  dir="$here/$peer"
  if [ ! -f "$dir/lib/.complete" ]; then
    rm -rf "$dir/lib"
    (cd "$dir" && { mvn -o -B -q dependency:copy-dependencies -DoutputDirectory=lib -DincludeScope=runtime 2>/dev/null \
      || mvn -B -q dependency:copy-dependencies -DoutputDirectory=lib -DincludeScope=runtime; })
    touch "$dir/lib/.complete"
  fi
  stamp="$dir/out/.stamp"
  if [ -f "$stamp" ] && [ -z "$(find "$dir/src" "$here/common/src" -newer "$stamp" -name '*.java' | head -1)" ]; then
    continue
  fi
  rm -rf "$dir/out"
  mkdir -p "$dir/out"
  javac -nowarn -d "$dir/out" -cp "$dir/lib/*" $(find "$here/common/src" "$dir/src" -name '*.java')
  touch "$stamp"
done
