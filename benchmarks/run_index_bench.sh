#!/usr/bin/env bash
# Indexes a directory (or file) into a scratch index and reports docs/s, MB/s and index size,
# then runs a query set and reports p50/p95/p99 latency.
#   benchmarks/run_index_bench.sh [INPUT] [QUERIES] [BUILD_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
input=${1:-$here/../corpora/sample}
queries=${2:-$here/queries.txt}
build=${3:-$here/../build}
bin=$build/bin
work=$(mktemp -d "${TMPDIR:-/tmp}/sitrep-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

for b in sitrep-index sitrep-bench-queries; do
  [ -x "$bin/$b" ] || { echo "run_index_bench: $bin/$b not built (cmake --build $build)" >&2; exit 1; }
done
docs=$(find "$input" -type f \( -name '*.txt' -o -name '*.text' \) | wc -l)
jsonl=$(find "$input" -type f \( -name '*.jsonl' -o -name '*.ndjson' -o -name '*.json' \) -exec cat {} + 2>/dev/null | wc -l)
docs=$((docs + jsonl))
bytes=$(find "$input" -type f \( -name '*.txt' -o -name '*.text' -o -name '*.jsonl' -o -name '*.ndjson' -o -name '*.json' \) -printf '%s\n' | awk '{s+=$1} END {print s+0}')
start=$(date +%s.%N)
"$bin/sitrep-index" --quiet --index "$work/index" "$input"
end=$(date +%s.%N)
size=$(du -sb "$work/index" | cut -f1)
xapian-compact "$work/index" "$work/compact" >/dev/null
csize=$(du -sb "$work/compact" | cut -f1)
awk -v input="$input" -v docs="$docs" -v bytes="$bytes" -v start="$start" -v end="$end" -v size="$size" -v csize="$csize" 'BEGIN {
  secs = end - start; if (secs <= 0) secs = 1e-9
  printf "input:           %s\n", input
  printf "articles:        %d (%.2f MB)\n", docs, bytes / 1e6
  printf "indexing:        %.2f s, %.0f docs/s, %.2f MB/s\n", secs, docs / secs, bytes / 1e6 / secs
  printf "index size:      %.2f MB (%.2fx raw), compacted %.2f MB (%.2fx raw)\n", size / 1e6, size / bytes, csize / 1e6, csize / bytes
}'
printf 'query latency:   '
"$bin/sitrep-bench-queries" "$work/index" "$queries" 20
