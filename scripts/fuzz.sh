#!/usr/bin/env bash
# scripts/fuzz.sh [SECONDS=60] [TARGET...]: builds the libFuzzer targets of tests/fuzz with clang,
# ASan and UBSan in build-fuzz, runs each for SECONDS (all five by default; SITREP_FUZZ_JOBS at a
# time, one per processor by default), and prints a table of executions per target. Exit status 1
# when any target crashed, leaked, hung or ran out of memory: the input is in
# build-fuzz/fuzz-artifacts/<target>/ (keep it in tests/fuzz/regressions/<target>/ once fixed).
# Inputs that found new coverage accumulate in build-fuzz/fuzz-corpus/<target>/ from run to run;
# the seeds in tests/fuzz/corpus/ are only read.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
secs=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_query_parser fuzz_text_article fuzz_jsonl fuzz_csv fuzz_dates)
case "$secs" in '' | *[!0-9]*) echo "fuzz.sh: SECONDS must be a number, not '$secs'" >&2; exit 2 ;; esac
jobs=${SITREP_JOBS:-2}
build=${SITREP_FUZZ_BUILD_DIR:-build-fuzz}

# Longest input per target: a query is refused past 2048 bytes; articles and dates need a few
# sentences, not megabytes.
max_len() {
  case "$1" in
    fuzz_query_parser) echo 512 ;;
    fuzz_dates) echo 512 ;;
    *) echo 4096 ;;
  esac
}

mkdir -p "$build"
CC=clang CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" -DSITREP_FUZZ=ON \
  -DSITREP_BUILD_TESTS=OFF -DSITREP_BUILD_BENCHMARKS=OFF >"$build/fuzz-configure.log" 2>&1 ||
  { cat "$build/fuzz-configure.log" >&2; exit 1; }
cmake --build "$build" -j"$jobs" --target sitrep_data "${targets[@]}"

export SITREP_DATA_DIR="$top/$build/data"
# libFuzzer reports leaks itself (-detect_leaks=1); UBSan findings end the run (-fno-sanitize-recover).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# One target: its libFuzzer run, then one summary line in $build/fuzz-logs/<target>.result.
run_target() {
  local t=$1
  local corpus="$build/fuzz-corpus/$t" artifacts="$build/fuzz-artifacts/$t" log="$build/fuzz-logs/$t.log"
  mkdir -p "$corpus" "$artifacts"
  local args=(-max_total_time="$secs" -max_len="$(max_len "$t")" -timeout=30 -rss_limit_mb=4096
              -print_final_stats=1 -artifact_prefix="$artifacts/")
  [ -f "tests/fuzz/dict/$t.dict" ] && args+=(-dict="tests/fuzz/dict/$t.dict")
  local dirs=("$corpus" "tests/fuzz/corpus/$t")
  [ -d "tests/fuzz/regressions/$t" ] && dirs+=("tests/fuzz/regressions/$t")
  local status=0
  "$build/fuzz/$t" "${args[@]}" "${dirs[@]}" >"$log" 2>&1 || status=$?
  # libFuzzer's final statistics (-print_final_stats=1), else its last "#N DONE" (or "#N") line.
  local execs rate cov units result crash
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  [ -n "$execs" ] || execs=$(sed -n 's/^#\([0-9]*\)[[:space:]]*DONE.*/\1/p' "$log" | tail -1)
  [ -n "$execs" ] || execs=$(sed -n 's/^#\([0-9]*\)[[:space:]].*/\1/p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(sed -n 's/^#[0-9]*[[:space:]]*DONE[[:space:]]*cov: \([0-9]*\).*/\1/p' "$log" | tail -1)
  units=$(find "$corpus" -type f | wc -l)
  if [ "$status" -eq 0 ]; then
    result=ok
  else
    crash=$(ls -t "$artifacts" 2>/dev/null | head -1)
    result="FAILED (exit $status${crash:+, $artifacts/$crash})"
    { echo "fuzz.sh: $t failed, see $log:"
      grep -E "^==[0-9]+==ERROR|runtime error|SUMMARY|ALARM|out-of-memory" "$log" | head -5; } >&2 || true
  fi
  printf '%-20s %12s %10s %8s %8s  %s\n' "$t" "${execs:-?}" "${rate:-?}" "${cov:-?}" "$units" "$result" \
    >"$build/fuzz-logs/$t.result"
}

# SITREP_FUZZ_JOBS targets at a time (default: the number of processors), each on one core.
parallel=${SITREP_FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}
mkdir -p "$build/fuzz-logs"
running=0
for t in "${targets[@]}"; do
  rm -f "$build/fuzz-logs/$t.result"
  echo "fuzz.sh: $t for ${secs}s (log $build/fuzz-logs/$t.log)"
  run_target "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$parallel" ]; then
    wait -n || true
    running=$((running - 1))
  fi
done
wait || true

echo
printf '%-20s %12s %10s %8s %8s  %s\n' target executions exec/s cov corpus result
failed=0
for t in "${targets[@]}"; do
  if [ -f "$build/fuzz-logs/$t.result" ]; then
    cat "$build/fuzz-logs/$t.result"
    grep -q ' ok$' "$build/fuzz-logs/$t.result" || failed=1
  else
    printf '%-20s %12s %10s %8s %8s  %s\n' "$t" ? ? ? ? "FAILED (no result)"
    failed=1
  fi
done
exit "$failed"
