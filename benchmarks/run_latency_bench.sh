#!/usr/bin/env bash
# Query latency at scale, sitrep against plain Xapian on sitrep's index: benchmarks/run with the
# sitrep engine only (generate N articles, index, compact, query) and sitrep-bench-queries' own
# per-class tables. Kept for its old interface; benchmarks/run is the suite.
#
#   benchmarks/run_latency_bench.sh [N=100000] [BUILD_DIR=build]
#
# Environment: SHARED=DIR (../shared), SEED=S (1), BYTES=B (3000), QUERIES=FILE
# (benchmarks/queries-latency.txt), REPEAT=R (10), BENCH_ARGS="--breakdown --per-query",
# JSON=FILE (benchmarks/run's report), KEEP=1 (keep the work directory).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
args=(--sizes "${1:-100000}" --build "${2:-$here/../build}" --engines sitrep --details
      --seed "${SEED:-1}" --bytes-per-article "${BYTES:-3000}" --repeat "${REPEAT:-10}"
      --queries "${QUERIES:-$here/queries-latency.txt}")
[ -z "${SHARED:-}" ] || args+=(--shared "$SHARED")
[ -z "${BENCH_ARGS:-}" ] || args+=(--bench-args "$BENCH_ARGS")
[ -z "${JSON:-}" ] || args+=(--json "$JSON")
[ "${KEEP:-0}" != 1 ] || args+=(--keep)
exec "$here/run" "${args[@]}"
