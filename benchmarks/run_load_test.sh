#!/usr/bin/env bash
# Load test of sitrep-serve on loopback: starts the server on an index, runs sitrep-load (CLIENTS
# keep-alive clients, a mix of the queries of queries.txt, facet drill-downs, deeper pages,
# /facets and /doc) for SECONDS, and reports requests/s, p50/p90/p99 latency, the answers that
# were not 2xx by status, and the server's resident memory sampled every second (start, after
# warm-up, max, end). Fails if any answer was 5xx or missing.
#   benchmarks/run_load_test.sh INDEX_DIR [CLIENTS=50] [SECONDS=30] [BUILD_DIR=build]
# Environment: QUERIES (default benchmarks/queries.txt; a "class<TAB>" prefix on a line is
# dropped), SITREP_DATA_DIR (gazetteer; default BUILD_DIR/data), MAX_CONCURRENT (sitrep-serve
# --max-concurrent; default CLIENTS: a lower bound sheds load with 503, which then count as
# non-2xx but do not fail the run), PARALLEL (sitrep-serve --parallel-searches; default: its own,
# the number of cores), SERVE_ARGS (more sitrep-serve options, e.g. "--cache-mb 0"),
# SLOW_CLIENTS / IDLE_CLIENTS (sitrep-load --slow-clients / --idle-clients: that many connections
# sending half a request, or idle after one, held beside the measured clients), NEW_CONNECTIONS=1
# (the measured clients open a connection per request), THREADS (sitrep-serve --threads; default
# CLIENTS + 16).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
index=${1:?usage: run_load_test.sh INDEX_DIR [CLIENTS=50] [SECONDS=30] [BUILD_DIR]}
clients=${2:-50}
seconds=${3:-30}
build=${4:-$here/../build}
bin=$build/bin
queries=${QUERIES:-$here/queries.txt}
export SITREP_DATA_DIR=${SITREP_DATA_DIR:-$build/data}

for b in sitrep-serve sitrep-load; do
  [ -x "$bin/$b" ] || { echo "run_load_test: $bin/$b not built (cmake --build $build --target $b)" >&2; exit 1; }
done
[ -d "$index" ] || { echo "run_load_test: no index directory $index" >&2; exit 1; }
[ -r "$queries" ] || { echo "run_load_test: cannot read $queries" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/sitrep-load.XXXXXX")
pid=
sampler=
cleanup() {
  [ -n "$sampler" ] && kill "$sampler" 2>/dev/null || true
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# --max-concurrent >= clients, so that a well-behaved load never sees 503 (--threads: as many
# workers, and a few more).
max_concurrent=${MAX_CONCURRENT:-$clients}
parallel=()
[ -n "${PARALLEL:-}" ] && parallel=(--parallel-searches "$PARALLEL")
read -r -a serve_args <<<"${SERVE_ARGS:-}"
threads=${THREADS:-$((clients + 16))}
"$bin/sitrep-serve" --index "$index" --port 0 --threads "$threads" --max-concurrent "$max_concurrent" "${parallel[@]}" \
  "${serve_args[@]}" 2>"$work/serve.log" >/dev/null &
pid=$!
port=
for _ in $(seq 1 1200); do
  port=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\),.*/\1/p' "$work/serve.log" | head -1)
  [ -n "$port" ] && break
  kill -0 "$pid" 2>/dev/null || { echo "run_load_test: sitrep-serve did not start:" >&2; cat "$work/serve.log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$port" ] || { echo "run_load_test: sitrep-serve did not start within 120 s" >&2; exit 1; }
articles=$(sed -n 's/.*, \([0-9]*\) articles$/\1/p' "$work/serve.log" | head -1)

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0; }
rss_start=$(rss_kb)
( while kill -0 "$pid" 2>/dev/null; do rss_kb >>"$work/rss"; sleep 1; done ) &
sampler=$!

echo "index:           $index ($articles articles, $(du -sh "$index" | cut -f1))"
echo "server:          sitrep-serve on 127.0.0.1:$port, --threads $threads --max-concurrent $max_concurrent${PARALLEL:+ --parallel-searches $PARALLEL}${SERVE_ARGS:+ $SERVE_ARGS}"
status=0
allow=()
[ "$max_concurrent" -lt "$clients" ] && allow=(--allow-503)
[ -n "${SLOW_CLIENTS:-}" ] && allow+=(--slow-clients "$SLOW_CLIENTS")
[ -n "${IDLE_CLIENTS:-}" ] && allow+=(--idle-clients "$IDLE_CLIENTS")
[ "${NEW_CONNECTIONS:-0}" = 1 ] && allow+=(--new-connections)
"$bin/sitrep-load" --port "$port" --clients "$clients" --seconds "$seconds" --queries "$queries" "${allow[@]}" || status=$?
rss_end=$(rss_kb)
kill "$sampler" 2>/dev/null || true
wait "$sampler" 2>/dev/null || true
sampler=

t0=$(date +%s.%N)
kill -TERM "$pid"
exit_status=0
wait "$pid" || exit_status=$?
t1=$(date +%s.%N)
pid=
awk -v s="$rss_start" -v e="$rss_end" '
  { n++; v[n] = $1; if ($1 > max) max = $1 }
  END {
    warm = n >= 6 ? v[6] : v[n]
    printf "server RSS:      start %.1f MB, after 5 s %.1f MB, max %.1f MB, end %.1f MB (%d samples, 1/s)\n",
           s / 1024, warm / 1024, max / 1024, e / 1024, n
  }' "$work/rss"
# The whole series, to see that memory levels off instead of growing with the requests.
awk '{ printf "%s%.0f", (NR > 1 ? " " : "server RSS MB/s: "), $1 / 1024 } END { print "" }' "$work/rss"
awk -v a="$t0" -v b="$t1" -v st="$exit_status" 'BEGIN { printf "shutdown:        SIGTERM -> exit %d in %.2f s\n", st, b - a }'
if [ "$status" -ne 0 ]; then
  echo "run_load_test: FAILED (5xx answers or requests without an answer; see above)" >&2
  exit 1
fi
[ "$exit_status" -eq 0 ] || { echo "run_load_test: sitrep-serve exited with status $exit_status" >&2; exit 1; }
