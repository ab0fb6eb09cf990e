#!/usr/bin/env bash
# The installed systemd unit: `systemd-analyze verify` accepts it (it checks the syntax, every
# directive, and that ExecStart's binary exists: the unit is installed into a temporary prefix
# so that it names a real binary), and it keeps the settings docs/deploy.md promises.
# Usage: systemd_unit_test.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$tmp/prefix" >"$tmp/install.log"
unit=$tmp/prefix/lib/systemd/system/tripline.service
[ -f "$unit" ] || fail "no unit installed"

# verify prints problems on stderr and may still exit 0 for some: both must be clean.
if ! SYSTEMD_LOG_LEVEL=notice systemd-analyze verify --man=no "$unit" >"$tmp/verify.out" 2>&1; then
  cat "$tmp/verify.out" >&2; fail "systemd-analyze verify rejected the unit"
fi
if grep -F "tripline.service" "$tmp/verify.out"; then
  fail "systemd-analyze verify reported problems in the unit"
fi

want() { grep -qx "$1" "$unit" || fail "the unit lacks: $1"; }
want "Restart=on-failure"
want 'ExecReload=/bin/kill -HUP $MAINPID'
want "DynamicUser=yes"
want "ProtectSystem=strict"
want "NoNewPrivileges=yes"
want "CapabilityBoundingSet="
# TimeoutStopSec must exceed a commit plus the last flush transaction plus the producer's flush,
# each commit bounded by producer.transaction.timeout.ms of the installed config.
stop=$(sed -n 's/^TimeoutStopSec=\([0-9]*\)s$/\1/p' "$unit")
txn_ms=$(sed -n 's/^producer.transaction.timeout.ms *= *\([0-9]*\)$/\1/p' "$tmp/prefix/etc/tripline/tripline.conf")
[ -n "$stop" ] && [ -n "$txn_ms" ] || fail "TimeoutStopSec or producer.transaction.timeout.ms missing"
[ "$stop" -gt $(( 2 * txn_ms / 1000 + 10 )) ] ||
  fail "TimeoutStopSec=${stop}s is not longer than two commits of ${txn_ms} ms plus a 10 s flush"

# The security review systemd itself does (exposure 0.0 safe .. 10.0 unsafe): kept below 2.5.
systemd-analyze security --offline=yes --threshold=25 --no-pager "$unit" >"$tmp/security.out" 2>&1 || {
  cat "$tmp/security.out" >&2; fail "systemd-analyze security rates the unit's exposure above 2.5"; }
tail -n 1 "$tmp/security.out"
echo "PASS: systemd-analyze verify and the unit's settings"
