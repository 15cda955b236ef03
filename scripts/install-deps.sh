#!/usr/bin/env bash
# Installs the Debian 12 packages sitrep needs, only those missing. Run as root (or with sudo).
set -euo pipefail
packages=(
  build-essential cmake pkg-config
  libxapian-dev xapian-tools xapian-omega
  libsqlite3-dev
  libicu-dev iso-codes libgeonames-dev
  libboost-program-options-dev
  libboost1.74-dev  # Beast and Asio (headers): sitrep-serve's HTTP transport
  nlohmann-json3-dev libroaring-dev
  libgtest-dev libgmock-dev
  libexpat1-dev  # the XML parser the Atom feed tests check well-formedness with
  libbenchmark-dev
  libcpp-httplib-dev  # the HTTP client of the load generator (benchmarks/load)
  python3-dev pybind11-dev python3-pytest  # the Python module (python/) and its tests
  python3-pandas  # SearchResult.to_pandas() and its test (skipped without it)
  chromium fonts-dejavu-core
  clang libclang-rt-14-dev
  help2man dpkg-dev  # the man pages, and the Debian package's dependencies (cpack -G DEB, dpkg-shlibdeps)
)
# The browser test drives Debian's chromium from Node.js (puppeteer-core from npm), and the build
# makes the widget map's country outlines with node and npm (world-atlas, searcher/server/world). A
# machine that already has node and npm (e.g. NodeSource's build) keeps them.
command -v node >/dev/null && command -v npm >/dev/null || packages+=(nodejs npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: not root and no sudo: install ${missing[*]} by hand" >&2; exit 1; }
  sudo=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
