#!/usr/bin/env bash
# The .deb: `cpack -G DEB` from the build directory, then its contents (binary, default pack,
# sample day, config as a conffile under /etc, the unit naming /usr/bin/tripline), its
# dependencies (dpkg-shlibdeps found the runtime libraries), and the unpacked tree runs `demo`
# from another directory, finding its data under its own usr/share/tripline.
# Usage: deb_package_test.sh BUILD_DIR
. "$(dirname "$0")/build_deb.sh" "$1"

dpkg-deb -c "$deb" | awk '{print $NF}' >"$tmp/contents"
for f in ./usr/bin/tripline \
         ./usr/share/tripline/rules/packs/china-ai-chips/rules.yaml \
         ./usr/share/tripline/examples/h20-guidance/headlines.jsonl \
         ./usr/lib/systemd/system/tripline.service \
         ./etc/tripline/tripline.conf \
         ./usr/share/doc/tripline/deploy.md; do
  grep -qxF "$f" "$tmp/contents" || { cat "$tmp/contents" >&2; fail "not in the package: $f"; }
done
[ "$(dpkg-deb -f "$deb" Package)" = tripline ] || fail "package name"
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for lib in librdkafka1 libhyperscan5 libyaml-cpp0.7 libzstd1 libstemmer0d procps; do
  grep -q "$lib" <<<"$depends" || fail "Depends lacks $lib"
done
# The unit's ExecReload runs /bin/kill: procps ships it.
grep -q "ExecReload=/bin/kill" "$(dirname "$0")/../../deploy/systemd/tripline.service.in" ||
  fail "the unit's reload no longer uses /bin/kill: revisit the procps dependency"
# The container's runtime stage installs every library the package depends on (debian:12-slim
# already has libc6, libgcc-s1 and libstdc++6; libasan8 and libubsan1 come from a sanitizer build).
# A dependency on a virtual package counts when a listed package provides it.
runtime=$(sed -n '/^FROM debian:12-slim/,$p' "$(dirname "$0")/../../deploy/container/Dockerfile" |
  sed -n '/apt-get install/,/rm -rf/p' | tr ' \\' '\n\n' | grep '^lib' | sort -u)
for dep in $(tr ',' '\n' <<<"$depends" | sed 's/(.*)//; s/|.*//' | tr -d ' '); do
  # procps: for the unit's ExecReload; the container runs no systemd.
  case "$dep" in libc6|libgcc-s1|libstdc++6|libasan*|libubsan*|procps) continue ;; esac
  grep -qx "$dep" <<<"$runtime" && continue
  provided=no
  for pkg in $runtime; do
    show=$(apt-cache show "$pkg" 2>/dev/null || true)
    if grep -q "^Provides:.*\b$dep\b" <<<"$show"; then provided=yes; break; fi
  done
  [ $provided = yes ] || fail "the container's runtime stage does not install $dep"
done
dpkg-deb -e "$deb" "$tmp/control"
grep -qx /etc/tripline/tripline.conf "$tmp/control/conffiles" || fail "the config is not a conffile"

dpkg-deb -x "$deb" "$tmp/root"
grep -qx "ExecStart=/usr/bin/tripline run --config /etc/tripline/tripline.conf --log-format json" \
  "$tmp/root/usr/lib/systemd/system/tripline.service" || fail "the packaged unit's ExecStart"
mkdir "$tmp/elsewhere" && cd "$tmp/elsewhere"
"$tmp/root/usr/bin/tripline" demo --duration 1 >"$tmp/demo.out" 2>&1 || {
  cat "$tmp/demo.out" >&2; fail "the packaged tripline demo exited non-zero"; }
grep -qF "$tmp/root/usr/share/tripline/examples/h20-guidance/headlines.jsonl" "$tmp/demo.out" ||
  { cat "$tmp/demo.out" >&2; fail "the packaged demo did not use the packaged sample day"; }
grep -qE "SIGNAL .* short NVDA .*rule cn_guidance_against_us_ai_chips" "$tmp/demo.out" ||
  { cat "$tmp/demo.out" >&2; fail "the packaged demo printed no H20 signal"; }
echo "PASS: .deb contents, dependencies, conffile, and its demo"
