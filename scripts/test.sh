#!/usr/bin/env bash
# Second command of the README (and what CI runs): install what is missing, build with warnings
# as errors, run every test through ctest. Then: a clang build with warnings as errors that is also
# the AddressSanitizer and UndefinedBehaviorSanitizer build, every test under it (scripts/sanitize.sh
# in build-clang: one build instead of two keeps CI within its time), and a SITREP_FUZZ_SECONDS (20)
# run of each fuzz target (scripts/fuzz.sh, build-fuzz). SITREP_CI_QUICK=1 (or SITREP_CI_FULL=0)
# skips these for a quick local run; CI runs them (a clean clone: about 28 minutes on 2 cores).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
scripts/install-deps.sh
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DSITREP_WERROR=ON
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"

if [ "${SITREP_CI_FULL:-1}" = 0 ] || [ "${SITREP_CI_QUICK:-0}" = 1 ]; then
  echo "test.sh: clang build, sanitizer tests and fuzz runs skipped (SITREP_CI_QUICK=1 or SITREP_CI_FULL=0)"
  exit 0
fi
step() { echo; echo "test.sh: $* ($(date +%T))"; }
step "clang build, warnings as errors, ASan and UBSan; every test (build-clang)"
CC=clang CXX=clang++ SITREP_WERROR=ON SITREP_ASAN_BUILD_DIR=build-clang scripts/sanitize.sh
step "fuzzing, ${SITREP_FUZZ_SECONDS:-20} s per target (build-fuzz)"
scripts/fuzz.sh "${SITREP_FUZZ_SECONDS:-20}"
step "done"
