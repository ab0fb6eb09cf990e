#!/usr/bin/env bash
# The .deb as Debian's tools judge it and as dpkg runs it:
#   1. `lintian` reports no error (E:) on it: copyright file, changelog.Debian.gz, extended
#      description, a maintainer address on a real-looking host; the changelog's top entry is the
#      package's version.
#   2. Its maintainer scripts (deploy/debian/, in the manner of dh_installsystemd) run through
#      the real dpkg life cycle, with `dpkg --root` on an empty root and the scripts run without
#      chroot (DPKG_ROOT, which deb-systemd-helper honours): install enables the unit (the
#      multi-user.target.wants link), remove masks it (the link left with the conffiles starts
#      nothing), purge leaves no link, no mask, no dangling symlink, no state and no config.
#   3. With systemd running (faked in a private mount namespace: /run/systemd/system exists,
#      systemctl and deb-systemd-invoke are stubs that log their arguments), prerm stops the
#      service on remove (not on upgrade: the new postinst restarts it), postinst starts it on
#      install and restarts it on upgrade.
# Usage: deb_lintian_scripts_test.sh BUILD_DIR
. "$(dirname "$0")/build_deb.sh" "$1"
src=$(cd "$(dirname "$0")/../.." && pwd)

# 1. lintian. It exits non-zero on errors; both the status and any E: line fail the test.
command -v lintian >/dev/null || fail "lintian is not installed (deploy/setup.sh installs it)"
status=0
lintian --tag-display-limit 0 "$deb" >"$tmp/lintian.out" 2>&1 || status=$?
cat "$tmp/lintian.out"
if grep -q '^E:' "$tmp/lintian.out" || [ "$status" -ne 0 ]; then
  fail "lintian reports errors (exit $status)"
fi
version=$(dpkg-deb -f "$deb" Version)
maintainer=$(dpkg-deb -f "$deb" Maintainer)
[[ $maintainer =~ ^[^\<]+\ \<[^@\ ]+@[^@\ ]+\.[a-z]+\>$ ]] || fail "Maintainer '$maintainer' is not Name <user@host.tld>"
[[ $maintainer != *localhost* ]] || fail "Maintainer '$maintainer' is on localhost"
[ "$(dpkg-deb -f "$deb" Description | wc -l)" -gt 3 ] || fail "the extended description is missing"
dpkg-deb -x "$deb" "$tmp/x"
zcat "$tmp/x/usr/share/doc/tripline/changelog.Debian.gz" >"$tmp/changelog"
top=$(sed -n '1s/^tripline (\([^)]*\)).*/\1/p' "$tmp/changelog")
[ "$top" = "$version" ] || fail "changelog.Debian.gz's top entry is '$top', the package is $version"
head -n 1 "$tmp/x/usr/share/doc/tripline/copyright" |
  grep -qx 'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/' ||
  fail "the copyright file is not in the machine-readable format"

# 2. The dpkg life cycle on an empty root.
dpkg-deb -e "$deb" "$tmp/control"
for s in postinst prerm postrm; do
  [ -x "$tmp/control/$s" ] || fail "no executable $s in the package"
  sh -n "$tmp/control/$s" || fail "$s is not valid sh"
done
root=$tmp/root
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/var/log"
touch "$root/var/lib/dpkg/status" "$root/var/lib/dpkg/available"
# --force-depends: the empty root has none of the libraries; only the scripts are under test.
dpkg_root() {
  dpkg --root="$root" --force-script-chrootless --force-depends --log=/dev/null "$@" \
    >>"$tmp/dpkg.log" 2>&1 || { cat "$tmp/dpkg.log" >&2; fail "dpkg $*"; }
}
wants=$root/etc/systemd/system/multi-user.target.wants/tripline.service
mask=$root/etc/systemd/system/tripline.service
dpkg_root -i "$deb"
[ -L "$wants" ] || fail "install did not enable the unit (no multi-user.target.wants link)"
[ "$(readlink "$wants")" = /usr/lib/systemd/system/tripline.service ] ||
  fail "the wants link points to $(readlink "$wants")"
[ -f "$root/usr/lib/systemd/system/tripline.service" ] || fail "the unit is not installed"
dpkg_root -r tripline
[ ! -e "$root/usr/lib/systemd/system/tripline.service" ] || fail "remove left the unit file"
[ -f "$root/etc/tripline/tripline.conf" ] || fail "remove removed the conffile (only purge may)"
[ "$(readlink "$mask" 2>/dev/null)" = /dev/null ] || fail "remove did not mask the unit"
dpkg_root -P tripline
[ ! -e "$wants" ] && [ ! -L "$wants" ] || fail "purge left $wants"
[ ! -L "$mask" ] || fail "purge left the mask $mask"
[ ! -e "$root/etc/tripline/tripline.conf" ] || fail "purge left the config"
dangling=$(find "$root/etc" -xtype l)
[ -z "$dangling" ] || fail "purge left dangling links: $dangling"
state=$(find "$root/var/lib/systemd" -name '*tripline*' 2>/dev/null)
[ -z "$state" ] || fail "purge left deb-systemd-helper state: $state"
echo "ok: install enables, remove masks, purge leaves no link, mask, state or config"

# 3. Start, stop and restart as if systemd ran, in a private mount namespace (the host's /run
# is not touched). unshare --mount needs CAP_SYS_ADMIN: as root directly, else in a user namespace.
mkdir "$tmp/bin"
for stub in systemctl deb-systemd-invoke deb-systemd-helper; do
  printf '#!/bin/sh\necho "%s $*" >>"%s/calls"\n' "$stub" "$tmp" >"$tmp/bin/$stub"
  chmod +x "$tmp/bin/$stub"
done
ns=(unshare --mount)
[ "$(id -u)" -eq 0 ] || ns=(unshare --user --map-root-user --mount)
calls() {  # SCRIPT ARGS...: the stubs' log of one maintainer script run under "systemd"
  : >"$tmp/calls"
  "${ns[@]}" env -u DPKG_ROOT PATH="$tmp/bin:$PATH" sh -c \
    'mount -t tmpfs tmpfs /run && mkdir -p /run/systemd/system && exec sh "$@"' sh "$@" ||
    fail "$* under a faked systemd"
  cat "$tmp/calls"
}
c=$(calls "$tmp/control/prerm" remove)
grep -qx "deb-systemd-invoke stop tripline.service" <<<"$c" || fail "prerm remove does not stop the service: $c"
c=$(calls "$tmp/control/prerm" upgrade 0.1.0-2)
! grep -q "stop" <<<"$c" || fail "prerm upgrade stops the service (postinst restarts it): $c"
c=$(calls "$tmp/control/postinst" configure "")
grep -qx "deb-systemd-invoke start tripline.service" <<<"$c" || fail "postinst does not start on install: $c"
grep -qx "deb-systemd-helper enable tripline.service" <<<"$c" || fail "postinst does not enable on install: $c"
c=$(calls "$tmp/control/postinst" configure 0.1.0-0)
grep -qx "deb-systemd-invoke restart tripline.service" <<<"$c" || fail "postinst does not restart on upgrade: $c"
c=$(calls "$tmp/control/postrm" purge)
grep -qx "deb-systemd-helper purge tripline.service" <<<"$c" || fail "postrm purge does not purge the links: $c"
echo "ok: prerm stops on remove, postinst starts on install and restarts on upgrade"
echo "PASS: lintian has no errors, and the maintainer scripts manage the unit"
