#!/usr/bin/env bash
# deploy/try_packages.sh [deb [BUILD_DIR]|image|all]: builds Tripline's .deb and container image the way an
# operator installs them, from Debian 12's own packages only, and runs the demo to its H20
# signal in each. An ops script, not a CI test: it needs root, the Debian archive (as apt does)
# and, for the image, a full release compile inside the build (docs/deploy.md, "Trying the
# packages", has the timings).
#
#   deb    cpack the .deb from BUILD_DIR, or from build/try (configured and built here if
#          missing: the release preset without -march=native, no tests or benchmarks); mmdebstrap a clean Debian 12
#          root (--variant=apt, plus systemd); `apt-get install ./tripline_*.deb` in it (so
#          Depends must resolve from the archive alone); check the maintainer scripts' enable
#          link, the unit passes `systemd-analyze verify` in that minimal root; run `tripline
#          demo` in it; remove (no unit file, masked) and purge (no link, no mask, no config).
#          Then, when systemd-nspawn can boot a container here, boot the root and check the
#          service really runs, reloads and stops on `apt-get remove` (else it says why not;
#          with TRIPLINE_TRY_REQUIRE_BOOT=1, as ctest runs it, that is a failure).
#   image  bases debian:12 and debian:12-slim made by mmdebstrap and `podman import`ed (no
#          registry needed); `podman build` deploy/container/Dockerfile; `podman run` the demo;
#          check the user (uid 10001, gid 10001), no apt lists or .debs left in the image, and
#          that the reload sidecar stops at once on `podman stop`.
#
# On a machine like the shared CI VM (a container itself), podman needs `--runtime runc` (crun
# cannot set RLIMIT_NOFILE there) and explicit `--ulimit nofile=N:N` within the machine's hard
# limit (default: this shell's `ulimit -Hn`) and `--ulimit nproc=4096:4096`; set TRIPLINE_PODMAN_ARGS
# to change them. Packages it needs: mmdebstrap podman runc systemd-container uidmap (apt).
# Work files go to $TRIPLINE_TRY_DIR (default: a new directory under /var/tmp, so that runs do
# not share one), removed at the end unless TRIPLINE_TRY_KEEP=1.
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
build_dir=${2:-}
case "$what" in deb|image|all) ;; *) echo "usage: $0 [deb [BUILD_DIR]|image|all]" >&2; exit 64 ;; esac
[ -z "$build_dir" ] || build_dir=$(cd "$build_dir" && pwd)
[ "$(id -u)" -eq 0 ] || { echo "$0: run as root (mmdebstrap, chroot, podman)" >&2; exit 1; }
tools=(mmdebstrap cpack)
[ "$what" = deb ] || tools+=(podman)
for tool in "${tools[@]}"; do
  command -v "$tool" >/dev/null || { echo "$0: $tool is missing (apt-get install mmdebstrap podman runc systemd-container uidmap)" >&2; exit 1; }
done

mirror=${TRIPLINE_DEBIAN_MIRROR:-http://deb.debian.org/debian}
security=${TRIPLINE_DEBIAN_SECURITY:-http://deb.debian.org/debian-security}
sources="deb $mirror bookworm main
deb $mirror bookworm-updates main
deb $security bookworm-security main"
# podman's default RLIMIT_NOFILE for a container (1048576) is above this machine's hard limit,
# which the runtime then fails to set ("error setting rlimit type 7"): ask for this shell's hard
# limit. `podman run` (not build) also sets RLIMIT_NPROC, and fails ("rlimit type 6") with this
# shell's 96362 on the CI VM but not with 4096, plenty for Tripline's few threads.
read -r -a podman_args <<<"${TRIPLINE_PODMAN_ARGS:---runtime runc --ulimit nofile=$(ulimit -Hn):$(ulimit -Hn) --ulimit nproc=4096:4096}"
if [ -n "${TRIPLINE_TRY_DIR:-}" ]; then
  work=$TRIPLINE_TRY_DIR
  rm -rf "$work" && mkdir -p "$work"
else
  work=$(mktemp -d /var/tmp/tripline-try.XXXXXX)
fi
[ "${TRIPLINE_TRY_KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
t0=$(date +%s)
step() { printf '\n=== [%4ss] %s\n' "$(( $(date +%s) - t0 ))" "$*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
signal_re='SIGNAL .* short NVDA .*rule cn_guidance_against_us_ai_chips'

try_deb() {
  if [ -z "$build_dir" ]; then
    step "deb: build (build/try) and cpack"
    build_dir=$PWD/build/try
    if [ ! -f build/try/CMakeCache.txt ]; then
      cmake --preset release -B build/try -DCMAKE_CXX_FLAGS=-O3 \
        -DTRIPLINE_BUILD_TESTS=OFF -DTRIPLINE_BUILD_BENCH=OFF >/dev/null
    fi
    cmake --build build/try --target tripline
  else
    step "deb: cpack from $build_dir"
  fi
  (cd "$work" && cpack -G DEB --config "$build_dir/CPackConfig.cmake" -B "$work/deb") >"$work/cpack.log" 2>&1 ||
    { cat "$work/cpack.log"; fail "cpack"; }
  deb=$(ls "$work"/deb/tripline_*.deb)
  echo "built $deb"

  step "deb: mmdebstrap a clean Debian 12 root and apt-get install the .deb in it"
  root=$work/root
  # The demo runs inside through a customize hook, which has /proc and /dev mounted.
  mmdebstrap --variant=apt --include=systemd,systemd-sysv,dbus,ca-certificates \
    --customize-hook="copy-in $deb /tmp" \
    --customize-hook='chroot "$1" sh -c "DEBIAN_FRONTEND=noninteractive apt-get install -y -q /tmp/tripline_*.deb"' \
    --customize-hook='chroot "$1" sh -c "cd / && tripline demo --duration 1" >'"$work/demo.out"' 2>&1' \
    --customize-hook='chroot "$1" systemd-analyze verify --man=no tripline.service >'"$work/verify.out"' 2>&1 || echo "verify: exit $?" >>'"$work/verify.out" \
    bookworm "$root" "$sources" 2>&1 | tail -n 5
  grep -qE "$signal_re" "$work/demo.out" || { cat "$work/demo.out"; fail "the installed demo printed no H20 signal"; }
  grep -E "messages|$signal_re" "$work/demo.out" | head -n 3
  echo "ok: tripline demo in the clean root prints the H20 signal"
  if grep -q tripline "$work/verify.out" || grep -q "verify: exit" "$work/verify.out"; then
    cat "$work/verify.out"; fail "systemd-analyze verify in the minimal root"
  fi
  echo "ok: systemd-analyze verify passes in the minimal root (procps is pulled in by Depends)"
  [ -L "$root/etc/systemd/system/multi-user.target.wants/tripline.service" ] ||
    fail "install did not enable the unit"
  echo "ok: installed with apt, enabled (multi-user.target.wants link)"

  if nspawn_boot_check "$root"; then
    echo "ok: booted with systemd-nspawn: the service ran, reloaded, and apt-get remove stopped it"
  elif [ "${TRIPLINE_TRY_REQUIRE_BOOT:-0}" = 1 ]; then
    fail "TRIPLINE_TRY_REQUIRE_BOOT=1 and the root could not be booted"
  fi

  step "deb: remove and purge in the root"
  # (After a boot above, apt-get remove already ran inside it; then this remove does nothing.)
  chroot "$root" apt-get remove -y -q tripline >/dev/null 2>"$work/remove.err" || { cat "$work/remove.err"; fail "apt-get remove"; }
  [ "$(readlink "$root/etc/systemd/system/tripline.service")" = /dev/null ] || fail "remove did not mask the unit"
  [ -f "$root/etc/tripline/tripline.conf" ] || fail "remove removed the conffile"
  chroot "$root" apt-get purge -y -q tripline >/dev/null 2>"$work/purge.err" || { cat "$work/purge.err"; fail "apt-get purge"; }
  # Links resolved inside the root (chroot): the unit's links are absolute.
  left=$(chroot "$root" find /etc/systemd -xtype l; find "$root/etc" "$root/var/lib/systemd" -name '*tripline*')
  [ -z "$left" ] || fail "purge left: $left"
  echo "ok: remove masked the unit, purge left no link, mask or config"
}

# Boots ROOT with systemd-nspawn (its own network namespace: the engine there must not reach a
# broker on the host's 127.0.0.1:9092 with the example config's group and transactional.id) and, from a oneshot unit inside, checks that tripline.service
# is running (it waits for a broker), reloads on `systemctl reload` and is stopped by
# `apt-get remove`; then powers off. Returns 1 (with the reason) when nspawn cannot boot here.
nspawn_boot_check() {
  local root=$1
  step "deb: boot the root with systemd-nspawn"
  command -v systemd-nspawn >/dev/null || { echo "not tried: systemd-nspawn missing (systemd-container)"; return 1; }
  cat >"$root/usr/local/sbin/tripline-try-check" <<'SH'
#!/bin/sh
# Runs once in the booted container; its verdict goes to the console.
for i in $(seq 1 30); do systemctl is-active --quiet tripline && break; sleep 1; done
systemctl is-active tripline || { echo "TRY: FAIL tripline.service is not running"; journalctl -u tripline --no-pager | tail -n 20; exit 1; }
pid=$(systemctl show -p MainPID --value tripline)
systemctl reload tripline && sleep 2
[ "$(systemctl show -p MainPID --value tripline)" = "$pid" ] || { echo "TRY: FAIL reload restarted the engine"; exit 1; }
DEBIAN_FRONTEND=noninteractive apt-get remove -y -q tripline >/dev/null 2>&1
if kill -0 "$pid" 2>/dev/null; then echo "TRY: FAIL the engine still runs after apt-get remove"; exit 1; fi
echo "TRY: PASS running, reloaded in place, stopped by apt-get remove"
SH
  chmod +x "$root/usr/local/sbin/tripline-try-check"
  cat >"$root/etc/systemd/system/tripline-try.service" <<'UNIT'
[Unit]
After=tripline.service
[Service]
Type=oneshot
ExecStart=/usr/local/sbin/tripline-try-check
ExecStopPost=/bin/systemctl poweroff --no-block
StandardOutput=journal+console
[Install]
WantedBy=multi-user.target
UNIT
  ln -sf /etc/systemd/system/tripline-try.service "$root/etc/systemd/system/multi-user.target.wants/tripline-try.service"
  timeout 300 systemd-nspawn --quiet --register=no --keep-unit --private-network -D "$root" --boot >"$work/nspawn.out" 2>&1 || true
  rm -f "$root/etc/systemd/system/multi-user.target.wants/tripline-try.service" "$root/etc/systemd/system/tripline-try.service"
  if grep -q "TRY: PASS" "$work/nspawn.out"; then return 0; fi
  if grep -q "TRY: FAIL" "$work/nspawn.out"; then grep -A20 "TRY: FAIL" "$work/nspawn.out"; fail "in the booted root"; fi
  echo "not run: systemd-nspawn could not boot the root here:"
  tail -n 5 "$work/nspawn.out"
  # The packages are still installed (apt-get remove ran only inside a boot that did not happen).
  return 1
}

try_image() {
  step "image: bases debian:12 and debian:12-slim from mmdebstrap (podman import)"
  # The images' apt needs sources; slim: minbase (what debian:12-slim is), build: the same.
  for tag in 12 12-slim; do
    mmdebstrap --variant=minbase --format=tar bookworm - "$sources" 2>"$work/base-$tag.log" |
      podman import - "docker.io/library/debian:$tag" >/dev/null ||
      { tail "$work/base-$tag.log"; fail "base image debian:$tag"; }
  done
  step "image: podman build (a release compile inside: minutes)"
  podman build "${podman_args[@]}" --pull=never -f deploy/container/Dockerfile -t localhost/tripline:try . \
    >"$work/build.log" 2>&1 || { tail -n 30 "$work/build.log"; fail "podman build"; }
  podman image ls localhost/tripline:try --format '{{.Repository}}:{{.Tag}} {{.Size}}'
  step "image: podman run the demo"
  podman run "${podman_args[@]}" --rm localhost/tripline:try demo --duration 1 >"$work/image-demo.out" 2>&1 ||
    { cat "$work/image-demo.out"; fail "podman run demo"; }
  grep -qE "$signal_re" "$work/image-demo.out" || { cat "$work/image-demo.out"; fail "the image's demo printed no H20 signal"; }
  echo "ok: the image's demo prints the H20 signal"
  ids=$(podman run "${podman_args[@]}" --rm --entrypoint id localhost/tripline:try)
  [[ $ids == "uid=10001(tripline) gid=10001(tripline)"* ]] || fail "image user: $ids"
  echo "ok: $ids"
  left=$(podman run "${podman_args[@]}" --rm --user 0 --entrypoint sh localhost/tripline:try -c \
    'ls /var/lib/apt/lists /var/cache/apt/archives 2>/dev/null | grep -v -e "^/" -e "^$" -e "^lock$" -e "^partial$" -e "^auxfiles$" || true')
  [ -z "$left" ] || fail "apt files left in the image: $left"
  echo "ok: no apt lists or .debs in the image"
  step "image: the reload sidecar stops at once on podman stop"
  cid=$(podman run "${podman_args[@]}" -d -e TRIPLINE_ADMIN_TOKEN=t --entrypoint /usr/local/bin/tripline-reload-on-change \
    localhost/tripline:try /tmp)
  sleep 2
  s0=$(date +%s)
  podman stop -t 30 "$cid" >/dev/null
  took=$(( $(date +%s) - s0 ))
  code=$(podman inspect -f '{{.State.ExitCode}}' "$cid")
  podman rm "$cid" >/dev/null
  [ "$took" -le 5 ] && [ "$code" = 0 ] || fail "sidecar: podman stop took ${took}s, exit $code (want <= 5 s, 0)"
  echo "ok: sidecar stopped in ${took}s with exit 0"
}

case "$what" in
  deb) try_deb ;;
  image) try_image ;;
  all) try_deb; try_image ;;
esac
step "done"
