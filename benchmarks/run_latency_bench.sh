#!/usr/bin/env bash
# Query latency at scale: generates N articles with sitrep-gen-corpus, indexes them (docs/s, MB/s,
# index size), then answers the query mix with sitrep and with plain Xapian (sitrep-bench-queries)
# and prints the per-class table. Temporary files are removed at exit.
#
#   benchmarks/run_latency_bench.sh [N=100000] [BUILD_DIR=build]
#
# Environment:
#   SHARED=DIR       the folder holding corpora/ (default: ../shared beside the project)
#   SEED=S           generator seed (1)          BYTES=B     mean bytes per article (3000)
#   QUERIES=FILE     query mix (benchmarks/queries-latency.txt)
#   REPEAT=R         timed rounds over the mix (10; one warm-up round is not timed)
#   BENCH_ARGS=...   more sitrep-bench-queries options, e.g. "--breakdown --per-query"
#   JSON=FILE        also write the figures as JSON
#   KEEP_DIR=DIR     keep the corpus and the index in DIR (not removed); an index already there
#                    is reused, skipping generation and indexing
#   COMPACT=1        also report the size after xapian-compact
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
n=${1:-100000}
build=${2:-$here/../build}
bin=$build/bin
shared=${SHARED:-$here/../../shared}
seed=${SEED:-1}
bytes_per=${BYTES:-3000}
queries=${QUERIES:-$here/queries-latency.txt}
repeat=${REPEAT:-10}

for b in sitrep-gen-corpus sitrep-index sitrep-bench-queries; do
  [ -x "$bin/$b" ] || { echo "run_latency_bench: $bin/$b not built (cmake --build $build)" >&2; exit 1; }
done
[ -d "$shared/corpora" ] || { echo "run_latency_bench: $shared/corpora: no such directory (set SHARED)" >&2; exit 1; }
[ -r "$queries" ] || { echo "run_latency_bench: $queries: cannot read" >&2; exit 1; }
if [ -z "${SITREP_DATA_DIR:-}" ] && [ -d "$build/data" ]; then export SITREP_DATA_DIR=$build/data; fi

if [ -n "${KEEP_DIR:-}" ]; then
  work=$KEEP_DIR
  mkdir -p "$work"
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/sitrep-latency.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  trap 'exit 130' INT TERM
fi
corpus=$work/corpus.jsonl
index=$work/index
now() { date +%s.%N; }

echo "machine:         $(nproc) cores, $(uname -sr); $(date -u +%Y-%m-%dT%H:%MZ)"
if [ -n "${KEEP_DIR:-}" ] && { [ -f "$index/iamglass" ] || [ -f "$index/iamchert" ]; }; then
  echo "index:           reusing $index"
else
  t0=$(now)
  "$bin/sitrep-gen-corpus" --shared "$shared" --count "$n" --seed "$seed" --bytes-per-article "$bytes_per" \
    --out "$corpus" 2>"$work/gen.log" || { cat "$work/gen.log" >&2; exit 1; }
  t1=$(now)
  bytes=$(stat -c %s "$corpus")
  awk -v n="$n" -v b="$bytes" -v t0="$t0" -v t1="$t1" 'BEGIN { s = t1 - t0
    printf "generated:       %d articles, %.1f MB of JSON Lines in %.1f s (%.1f MB/s)\n", n, b / 1e6, s, b / 1e6 / s }'
  rm -rf "$index"
  t0=$(now)
  "$bin/sitrep-index" --index "$index" "$corpus" 2>"$work/index.log" >&2 || { tail -n 20 "$work/index.log" >&2; exit 1; }
  t1=$(now)
  size=$(du -sb "$index" | cut -f1)
  awk -v n="$n" -v b="$bytes" -v t0="$t0" -v t1="$t1" -v size="$size" 'BEGIN { s = t1 - t0
    printf "indexing:        %.1f s, %.0f docs/s, %.2f MB/s (of JSON Lines)\n", s, n / s, b / 1e6 / s
    printf "index size:      %.1f MB (%.2fx the JSON Lines)\n", size / 1e6, size / b }'
  grep -E '^sitrep-index: [0-9]+ indexed' "$work/index.log" | sed 's/^/                 /' || true
  if [ "${COMPACT:-0}" = 1 ]; then
    xapian-compact "$index" "$work/compact" >/dev/null
    csize=$(du -sb "$work/compact" | cut -f1)
    awk -v c="$csize" -v b="$bytes" 'BEGIN { printf "compacted:       %.1f MB (%.2fx)\n", c / 1e6, c / b }'
    rm -rf "$work/compact"
  fi
  # The corpus is not needed any more: free the disk space before the queries.
  [ -n "${KEEP_DIR:-}" ] || rm -f "$corpus"
fi
echo
json_args=()
[ -n "${JSON:-}" ] && json_args=(--json "$JSON")
# shellcheck disable=SC2086
"$bin/sitrep-bench-queries" --index "$index" --queries "$queries" --repeat "$repeat" "${json_args[@]}" ${BENCH_ARGS:-}
