#!/usr/bin/env bash
# Installs newsdb's build and test dependencies from Debian 12 packages.
# Idempotent: does nothing when everything is already installed.
set -euo pipefail
packages=(
  cmake ninja-build g++ pkg-config
  libsqlite3-dev sqlite3 libsqlitecpp-dev libcli11-dev libgtest-dev
  libssl-dev nlohmann-json3-dev zlib1g-dev libzstd-dev
  libgumbo-dev libuchardet-dev libicu-dev libstemmer-dev libcld2-dev
  libcmark-gfm-dev libcmark-gfm-extensions-dev libyaml-cpp-dev
  libcpp-httplib-dev        # newsdb serve (src/web/)
  libpq-dev                 # newsdb publish, --server (src/pgstore/)
  postgresql-15 postgresql-contrib  # ctest: a throwaway server for tests/pg/ (unaccent is in contrib)
  chromium chromium-driver  # ctest: the browser tests of newsdb serve (tests/browser/)
  wrk                       # bench/serve-load.py
  clang libclang-rt-14-dev  # .ci/run: libFuzzer targets (fuzz/)
  python3                   # .ci/run: the benchmark suite's quick run (bench/)
  dpkg-dev file             # cpack -G DEB: dpkg-shlibdeps finds the package's Depends
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
