#!/usr/bin/env bash
# The browser test of the search widget (ctest: browser_widget).
#   tests/browser/run.sh BIN_DIR DATA_DIR [OUT_DIR]
# BIN_DIR holds sitrep-index and sitrep-serve, DATA_DIR the gazetteer (build/data); OUT_DIR
# (default BIN_DIR/../browser) gets the npm install of puppeteer-core and the screenshots.
# Exit 77 (skipped) when node or chromium is missing; scripts/install-deps.sh installs both.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "$here/../.." && pwd)
if [ $# -lt 2 ]; then
  echo "usage: $0 BIN_DIR DATA_DIR [OUT_DIR]" >&2
  exit 2
fi
bin=$(cd "$1" && pwd)
data=$2
out=${3:-$bin/../browser}
chromium=${SITREP_CHROMIUM:-/usr/bin/chromium}

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "SKIPPED: node and npm are not installed (scripts/install-deps.sh installs them)"
  exit 77
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 18 ]; then
  echo "SKIPPED: node $(node --version) is older than 18 (puppeteer-core needs 18 or later)"
  exit 77
fi
if [ ! -x "$chromium" ]; then
  echo "SKIPPED: no chromium at $chromium (scripts/install-deps.sh installs Debian's chromium; SITREP_CHROMIUM names another)"
  exit 77
fi
for b in sitrep-index sitrep-serve; do
  if [ ! -x "$bin/$b" ]; then
    echo "FAILED: $bin/$b is not built" >&2
    exit 1
  fi
done

# puppeteer-core from the committed lock file, installed beside a copy of the test (never a browser
# download: puppeteer-core has none, and PUPPETEER_SKIP_DOWNLOAD says so anyway). Reinstalled only
# when the lock file changes.
work="$out/node"
mkdir -p "$work"
cp "$here/package.json" "$here/package-lock.json" "$here/widget.test.mjs" "$work/"
if [ ! -d "$work/node_modules/puppeteer-core" ] || ! cmp -s "$here/package-lock.json" "$work/node_modules/.sitrep-lock"; then
  echo "# npm ci in $work"
  (cd "$work" && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  cp "$here/package-lock.json" "$work/node_modules/.sitrep-lock"
fi

export SITREP_CHROMIUM="$chromium"
exec node "$work/widget.test.mjs" --bin "$bin" --data "$data" --source "$source_dir" --out "$out"
