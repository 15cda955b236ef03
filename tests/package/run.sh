#!/usr/bin/env bash
# deb_package (ctest, packaging/CMakeLists.txt): builds the Debian package from the built tree
# (cpack -G DEB into a scratch directory), unpacks it into a scratch root (dpkg -x, no root
# needed) and checks it: the control fields and maintainer scripts (run against stub commands),
# the files (programs, gazetteer, man pages, unit, configuration), the unit (required keys, and
# systemd-analyze verify where it works), then runs the unpacked programs: --version, indexing
# the sample corpus, the README's example query, and sitrep-serve reading the shipped serve.conf.
# The unpacked programs find the unpacked gazetteer by themselves (PREFIX/share/sitrep above
# their own directory): no SITREP_DATA_DIR. Exit 77 (skipped) without cpack or dpkg-deb.
#
# Usage: run.sh BUILD_DIR SOURCE_DIR VERSION man|no-man [python|no-python]
set -uo pipefail

build=$1 src=$2 version=$3 man=$4 python=${5:-no-python}
query="Hezbollah deployments near Lebanese border after 2024-11-27"
programs=(sitrep-index sitrep-search sitrep-serve sitrep-eval sitrep-import-ucdp sitrep-train-ner)

skip() { echo "deb_package: SKIPPED: $*"; exit 77; }
failures=0
fail() { echo "deb_package: FAIL: $*" >&2; failures=$((failures + 1)); }
die() { echo "deb_package: FAIL: $*" >&2; exit 1; }
ok() { echo "deb_package: ok: $*"; }

for tool in cpack dpkg-deb dpkg; do
  command -v "$tool" >/dev/null || skip "$tool is not installed (Debian's cmake and dpkg are needed to build the package)"
done
command -v dpkg-shlibdeps >/dev/null || skip "dpkg-shlibdeps is not installed (Debian's dpkg-dev computes the dependencies)"
[ -f "$build/CPackConfig.cmake" ] || die "$build/CPackConfig.cmake is missing (configure the project first)"

# Outside the build tree on purpose: a program there would read the build's gazetteer.
work=$(mktemp -d "${TMPDIR:-/tmp}/sitrep-deb.XXXXXX") || die "mktemp"
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill -9 "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
unset SITREP_DATA_DIR SITREP_INDEX

# --- 1. build the package ---------------------------------------------------------------------
arch=$(dpkg --print-architecture)
deb="$work/out/sitrep_${version}_${arch}.deb"
start=$(date +%s)
if ! (cd "$build" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/out") >"$work/cpack.log" 2>&1; then
  cat "$work/cpack.log" >&2
  die "cpack -G DEB failed"
fi
[ -f "$deb" ] || { ls -l "$work/out" >&2; die "cpack made no $(basename "$deb")"; }
ok "cpack built $(basename "$deb") ($(du -k "$deb" | cut -f1) KB) in $(($(date +%s) - start)) s"

# --- 2. control fields and maintainer scripts -------------------------------------------------
info=$(dpkg-deb --info "$deb")
field() { dpkg-deb --field "$deb" "$1"; }
[ "$(field Package)" = sitrep ] || fail "Package is '$(field Package)', not sitrep"
[ "$(field Version)" = "$version" ] || fail "Version is '$(field Version)', not $version"
[ "$(field Architecture)" = "$arch" ] || fail "Architecture is '$(field Architecture)', not $arch"
[ -n "$(field Maintainer)" ] || fail "no Maintainer"
[ -n "$(field Description)" ] || fail "no Description"
depends=$(field Depends)
# dpkg-shlibdeps' share: the libraries the programs link (Xapian, ICU, Boost.Program_options).
for lib in libxapian libicu libboost-program-options libc6 libstdc++6 adduser; do
  [[ "$depends" == *"$lib"* ]] || fail "Depends lacks $lib: $depends"
done
ok "control: Package sitrep, Version $version, Architecture $arch, Depends: $depends"
for script in postinst prerm postrm conffiles; do
  [[ "$info" == *" $script"* ]] || fail "the control archive has no $script"
done
mkdir -p "$work/control"
dpkg-deb --control "$deb" "$work/control"
[ "$(cat "$work/control/conffiles")" = /etc/sitrep/serve.conf ] || fail "conffiles: $(cat "$work/control/conffiles")"
for script in postinst prerm postrm; do
  [ -x "$work/control/$script" ] || fail "$script is not executable"
  sh -n "$work/control/$script" || fail "$script: syntax error"
done

# The scripts run with a PATH of stubs only (any other command is "not found"), each stub logging
# its arguments: what they would do, without doing it.
stubs="$work/stubs"
mkdir -p "$stubs"
for cmd in getent adduser useradd install systemctl rm rmdir; do
  printf '#!/bin/sh\necho "%s $*" >>"%s"\n%s\n' "$cmd" "$work/calls" "$([ "$cmd" = getent ] && echo 'exit 2' || echo 'exit 0')" \
    >"$stubs/$cmd"
  chmod +x "$stubs/$cmd"
done
run_script() {  # SCRIPT ARGS...: the commands it called, one a line
  : >"$work/calls"
  PATH="$stubs" /bin/sh "$work/control/$1" "${@:2}" >/dev/null 2>&1 || echo "exit status $?" >>"$work/calls"
  cat "$work/calls"
}
calls=$(run_script postinst configure)
[[ "$calls" == *"adduser --system"*" sitrep"* ]] || fail "postinst configure does not create the system user sitrep: $calls"
[[ "$calls" == *"install -d -o sitrep -g sitrep -m 0750 /var/lib/sitrep"* ]] ||
  [ -d /var/lib/sitrep ] || fail "postinst configure does not create /var/lib/sitrep: $calls"
[[ "$calls" != *"exit status"* ]] || fail "postinst configure failed: $calls"
calls=$(run_script postrm remove)
[[ "$calls" != *"rm "* ]] || fail "postrm remove deletes files: $calls"
calls=$(run_script postrm purge)
[[ "$calls" == *"rm -rf /var/lib/sitrep"* ]] || fail "postrm purge keeps /var/lib/sitrep: $calls"
calls=$(run_script prerm remove)
[[ "$calls" != *"rm "* ]] || fail "prerm remove deletes files: $calls"
ok "maintainer scripts: postinst adds the sitrep user; postrm deletes the index on purge only"

# --- 3. the files -----------------------------------------------------------------------------
root="$work/root"
dpkg-deb -x "$deb" "$root" || die "dpkg-deb -x failed"
for p in "${programs[@]}"; do
  [ -x "$root/usr/bin/$p" ] || fail "usr/bin/$p is missing"
  if [ "$man" = man ]; then
    page="$root/usr/share/man/man1/$p.1.gz"
    if [ ! -f "$page" ]; then
      fail "usr/share/man/man1/$p.1.gz is missing"
    elif ! gzip -dc "$page" >"$work/$p.1" || ! grep -q "^\.TH \"\?${p^^}\"\? " "$work/$p.1"; then
      fail "$page is not a man page"
    fi
  fi
done
[ "$man" = man ] || echo "deb_package: no man pages expected (help2man was not found at configure time)"
if [ "$man" = man ]; then
  grep -q 'config' "$work/sitrep-serve.1" ||
    fail "the man page of sitrep-serve does not document --config"
fi
for f in countries.tsv places.tsv actors.tsv borders.tsv geonames-places.tsv regions.tsv; do
  [ -s "$root/usr/share/sitrep/$f" ] || fail "usr/share/sitrep/$f is missing"
done
unit="$root/usr/lib/systemd/system/sitrep-serve.service"
conf="$root/etc/sitrep/serve.conf"
[ -f "$unit" ] || fail "usr/lib/systemd/system/sitrep-serve.service is missing"
[ -f "$conf" ] || fail "etc/sitrep/serve.conf is missing"
[ -f "$root/usr/include/sitrep/searcher.h" ] || fail "usr/include/sitrep/searcher.h is missing"
[ -n "$(find "$root/usr/lib" -name sitrepConfig.cmake)" ] || fail "no sitrepConfig.cmake under usr/lib"
# Nothing of the build tree: not its paths in the unit, not a file outside the FHS places.
(cd "$root" && find . -type f | sed 's|^\./||' | sort) >"$work/files"
bad=$(grep -Ev '^(usr/(bin|share|include|lib)/|etc/sitrep/)' "$work/files")
[ -z "$bad" ] || fail "files outside usr/ and etc/sitrep: $bad"
ok "files: $(wc -l <"$work/files") ($(grep -c '^usr/bin/' "$work/files") programs, $(grep -c '^usr/share/sitrep/' "$work/files") gazetteer files, $(grep -c '^usr/share/man/' "$work/files") man pages, unit, serve.conf)"

# --- 4. the unit ------------------------------------------------------------------------------
if [ -f "$unit" ]; then
  # Its syntax: sections, comments, blank lines and Key=Value only.
  bad=$(grep -nEv '^(\[(Unit|Service|Install)\]|#.*|[A-Za-z]+=.*|)$' "$unit")
  [ -z "$bad" ] || fail "unit lines that are not 'Key=Value': $bad"
  section_of() {  # KEY=VALUE prefix -> the section holding it
    awk -v want="$1" '/^\[/ {s=$0} index($0, want) == 1 {print s; exit}' "$unit"
  }
  for want in "[Unit]|Description=" "[Unit]|After=network.target" \
    "[Service]|ExecStart=/usr/bin/sitrep-serve --config /etc/sitrep/serve.conf" \
    "[Service]|User=sitrep" "[Service]|StateDirectory=sitrep" "[Service]|Restart=on-failure" \
    "[Service]|ProtectSystem=strict" "[Service]|ProtectHome=yes" "[Service]|NoNewPrivileges=yes" \
    "[Service]|PrivateTmp=yes" "[Service]|PrivateDevices=yes" "[Service]|ProtectKernelTunables=yes" \
    "[Service]|ProtectKernelModules=yes" "[Service]|RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX" \
    "[Service]|CapabilityBoundingSet=" "[Service]|SystemCallFilter=@system-service" \
    "[Install]|WantedBy=multi-user.target"; do
    section=${want%%|*} line=${want#*|}
    [ "$(section_of "$line")" = "$section" ] || fail "the unit has no '$line' in $section"
  done
  grep -q '^CapabilityBoundingSet=$' "$unit" || fail "CapabilityBoundingSet is not empty"
  # The paths it names are in the package.
  for path in /usr/bin/sitrep-serve /etc/sitrep/serve.conf; do
    [ -e "$root$path" ] || fail "the unit names $path, which the package lacks"
  done
  ok "unit: the required keys in their sections"

  # systemd's own check, on a copy whose paths point into the scratch root.
  if ! command -v systemd-analyze >/dev/null; then
    echo "deb_package: systemd-analyze verify skipped: systemd-analyze is not installed"
  else
    mkdir -p "$work/verify"
    sed -e "s|^ExecStart=/usr/bin/|ExecStart=$root/usr/bin/|" -e "s|/etc/sitrep/|$root/etc/sitrep/|g" \
      -e "s|^ReadOnlyPaths=.*|ReadOnlyPaths=$root/etc/sitrep $root/usr/share/sitrep|" "$unit" \
      >"$work/verify/sitrep-serve.service"
    timeout 120 systemd-analyze verify --man=no "$work/verify/sitrep-serve.service" >"$work/verify.log" 2>&1
    status=$?
    # It reports bad lines ("FILE:LINE: Unknown key ...") as warnings with status 0.
    if grep -qE 'sitrep-serve\.service(:[0-9]+)?: ' "$work/verify.log"; then
      cat "$work/verify.log" >&2
      fail "systemd-analyze verify found problems in the unit"
    elif [ "$status" -eq 0 ]; then
      ok "systemd-analyze verify"
    else
      echo "deb_package: systemd-analyze verify skipped: it does not work here (status $status: $(head -1 "$work/verify.log"))"
    fi
  fi
fi

# --- 5. the unpacked programs -----------------------------------------------------------------
for p in "${programs[@]}"; do
  out=$("$root/usr/bin/$p" --version 2>&1)
  [ "$out" = "$p (sitrep) $version" ] || fail "$p --version: '$out'"
  "$root/usr/bin/$p" --help >/dev/null 2>&1 || fail "$p --help failed"
done
index="$work/index"
inputs=("$src/corpora/sample")
seed=${SITREP_SHARED_DIR:-$src/../shared}/seed/article-2024-12-07.txt
[ -f "$seed" ] && inputs+=("$seed")
"$root/usr/bin/sitrep-index" --index "$index" "${inputs[@]}" >"$work/index.log" 2>&1 ||
  { cat "$work/index.log" >&2; die "the unpacked sitrep-index failed"; }
ok "$(tail -1 "$work/index.log")"
"$root/usr/bin/sitrep-search" --index "$index" --format json --limit 50 "$query" >"$work/hits.json" 2>"$work/search.log" ||
  { cat "$work/search.log" >&2; die "the unpacked sitrep-search failed"; }
# The ids of the hits, in order (python3 reads the JSON; without it, every "id" value).
if command -v python3 >/dev/null; then
  ids=$(python3 -c 'import json,sys; print("\n".join(h["id"] for h in json.load(sys.stdin)["hits"]))' <"$work/hits.json")
else
  ids=$(grep -o '"id": *"[^"]*"' "$work/hits.json" | sed 's/.*"\([^"]*\)"$/\1/')
fi
if [ -f "$seed" ]; then
  [ "$(head -1 <<<"$ids")" = article-2024-12-07 ] || fail "the seed article is not the first hit: $ids"
  ok "the example query finds the seed article first"
else
  echo "deb_package: $seed is absent: the sample corpus's Hermel article stands in for the seed"
  grep -qx lb-hezbollah-hermel-alqaa-2024-12-05 <<<"$ids" || fail "the example query misses lb-hezbollah-hermel-alqaa-2024-12-05: $ids"
  ok "the example query finds lb-hezbollah-hermel-alqaa-2024-12-05"
fi

# The Python module, imported from the unpacked tree by Debian's python3 (it finds the unpacked
# gazetteer beside it, as an installed one finds /usr/share/sitrep).
if [ "$python" = python ]; then
  pkg=$(find "$root/usr/lib" -path '*/dist-packages/sitrep/__init__.py' | head -1)
  if [ -z "$pkg" ]; then
    fail "the Python module is not in the package (no usr/lib/python3*/dist-packages/sitrep)"
  elif ! dpkg-deb -f "$deb" Depends | grep -q 'python3 (>='; then
    fail "the package holds the Python module but does not depend on python3: $(dpkg-deb -f "$deb" Depends)"
  else
    found=$(PYTHONPATH=$(dirname "$(dirname "$pkg")") /usr/bin/python3 -c '
import sys, sitrep
with sitrep.Searcher(sys.argv[1]) as s:
    print(" ".join(h["id"] for h in s.search(sys.argv[2], limit=50)["hits"]))' "$index" "$query" 2>&1)
    [[ " $found " == *" lb-hezbollah-hermel-alqaa-2024-12-05 "* ]] ||
      fail "the unpacked Python module does not answer the example query: $found"
    ok "the Python module ($(dirname "${pkg#"$root"}")) answers the example query"
  fi
fi

# sitrep-serve from the shipped serve.conf (its index and port pointed at the scratch ones).
sed -e "s|^index = .*|index = $index|" -e 's|^port = .*|port = 0|' "$conf" >"$work/serve.conf"
"$root/usr/bin/sitrep-serve" --config "$work/serve.conf" 2>"$work/serve.log" &
server_pid=$!
port=
for _ in $(seq 1 200); do
  port=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\),.*|\1|p' "$work/serve.log")
  [ -n "$port" ] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.05
done
if [ -z "$port" ]; then
  cat "$work/serve.log" >&2
  fail "sitrep-serve --config serve.conf did not start"
else
  exec 3<>"/dev/tcp/127.0.0.1/$port"
  printf 'GET /search?q=%s&size=50 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "${query// /%20}" >&3
  answer=$(cat <&3)
  exec 3<&-
  [[ "$answer" == "HTTP/1.1 200"* ]] || fail "GET /search: $(head -1 <<<"$answer")"
  [[ "$answer" == *'"lb-hezbollah-hermel-alqaa-2024-12-05"'* ]] || fail "GET /search misses lb-hezbollah-hermel-alqaa-2024-12-05"
  kill -TERM "$server_pid"
  wait "$server_pid"
  status=$?
  server_pid=
  [ "$status" -eq 0 ] || fail "sitrep-serve exited $status on SIGTERM"
  ok "sitrep-serve --config (the shipped serve.conf) answers /search on port $port"
fi

if [ "$failures" -gt 0 ]; then
  echo "deb_package: $failures failure(s)" >&2
  exit 1
fi
echo "deb_package: passed"
