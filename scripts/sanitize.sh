#!/usr/bin/env bash
# scripts/sanitize.sh [CTEST ARGS...]: builds everything in build-asan with AddressSanitizer and
# UndefinedBehaviorSanitizer (-DSITREP_SANITIZE=address,undefined: -fno-omit-frame-pointer,
# -fno-sanitize-recover=all) and runs the whole ctest suite under them. The first memory error, leak
# or undefined behaviour fails its test. Xapian, ICU and the other system libraries are not
# instrumented (their own bugs go unseen; their leaks would show). CC/CXX choose the compiler (gcc by
# default); extra arguments go to ctest (e.g. -R query).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
jobs=${SITREP_JOBS:-$(nproc 2>/dev/null || echo 2)}
build=${SITREP_ASAN_BUILD_DIR:-build-asan}
sanitizers=address,undefined

cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSITREP_SANITIZE="$sanitizers" \
  -DSITREP_BUILD_BENCHMARKS=OFF
cmake --build "$build" -j"$jobs"

# Leaks and undefined behaviour fail (the build's -fno-sanitize-recover=all already makes UBSan
# findings fatal; halt_on_error says so again for anything built otherwise).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# The install_consumer test builds tests/consumer against the installed, instrumented static
# libraries: it needs the sanitizer runtime too (CMake takes these as the new build's flags).
export CXXFLAGS="${CXXFLAGS:+$CXXFLAGS }-fsanitize=$sanitizers -fno-omit-frame-pointer"
export LDFLAGS="${LDFLAGS:+$LDFLAGS }-fsanitize=$sanitizers"
ctest --test-dir "$build" --output-on-failure -j"$jobs" "$@"
