#!/usr/bin/env bash
# scripts/sanitize.sh [CTEST ARGS...]: builds everything with AddressSanitizer and
# UndefinedBehaviorSanitizer (-DSITREP_SANITIZE=address,undefined: -fno-omit-frame-pointer,
# -fno-sanitize-recover=all; -O1 -g1) and runs the whole ctest suite under them. The first memory
# error, leak or undefined behaviour fails its test. Xapian, ICU and the other system libraries are
# not instrumented (their own bugs go unseen; their leaks would show).
#
# Environment: CC/CXX choose the compiler of a new build directory (gcc by default);
# SITREP_ASAN_BUILD_DIR the directory (build-asan); SITREP_WERROR=ON adds warnings as errors (CI
# runs this script with clang and -Werror in build-clang: one build checks both). Extra arguments go
# to ctest (-R query, -E ...).
#
# Each test program is one ctest test (or a few GoogleTest shards of it: -DSITREP_TEST_PER_CASE=OFF,
# cmake/SitrepTesting.cmake): a program's fixtures (the gazetteer, an index of the sample corpus)
# are set up once per process, not once per case, which under the sanitizers was most of the pass's
# test time (503 cases, 25 min of test time on 2 cores; about 1.5 s of setup a case). Benchmarks are
# not built (their test runs in the Release pass).
#
# Left out by default (SITREP_SANITIZE_GTEST_EXCLUDE, GoogleTest filter patterns, "" for none; and
# SITREP_SANITIZE_EXCLUDE, a ctest -E regex of whole tests):
# RelevanceEval.TimeCollectionFiguresAreWellFormed, the TIME ranking evaluation on ../shared: about
# a minute under ASan on an idle machine; the code it runs (indexing, parsing, searching) is covered
# by the other tests. deb_package: it packages this build's instrumented programs, which nobody
# installs; the Release pass builds and checks the package. KillTest.* and Faults.*: SIGKILL at
# random moments and injected write errors test crash and I/O recovery (the Release pass runs
# them); the code they drive runs under the sanitizers in the indexer's own tests.
# DistributedTotals.OneExactTotalOverTwoShards, Distributed.RemoteShardsAnswerLikeOneIndex and
# EndToEnd.OneExactTotalFromTheCommandLine: identity loops over many queries (remote shards behind
# xapian-tcpsrv, the command line's totals) that took 154, 135 and 116 s under ASan; the Release
# pass runs them, and the same code runs under the sanitizers in Totals.*,
# Distributed.ReplicaFollowsItsMaster and the searcher's tests. RelevanceEval.*, EntitiesBaseline.*
# and TrainNer.*: the evaluation figures on ../shared's corpora (TIME, Cranfield, CoNLL, Reuters,
# FA-KES) and the model's training, about 90 s under ASan; the Release pass checks the figures, and
# their parsers, tagger and indexing run under the sanitizers in eval_parsers_test and the unit tests.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
jobs=${SITREP_JOBS:-$(nproc 2>/dev/null || echo 2)}
build=${SITREP_ASAN_BUILD_DIR:-build-asan}
sanitizers=address,undefined
exclude=${SITREP_SANITIZE_EXCLUDE-^deb_package$}
gtest_exclude=${SITREP_SANITIZE_GTEST_EXCLUDE-RelevanceEval.*:EntitiesBaseline.*:TrainNer.*:KillTest.*:Faults.*:DistributedTotals.OneExactTotalOverTwoShards:Distributed.RemoteShardsAnswerLikeOneIndex:EndToEnd.OneExactTotalFromTheCommandLine}

# No Python module (python/; CMake also leaves it out of any sanitizer build): an instrumented
# extension does not load into an uninstrumented python, so its test reports itself skipped.
# -O1: a fraction of -O2's compile time, still fast enough to run every test; -g1: line numbers
# in the reports.
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" \
  -DSITREP_SANITIZE="$sanitizers" -DSITREP_WERROR="${SITREP_WERROR:-OFF}" -DSITREP_PYTHON=OFF \
  -DSITREP_TEST_PER_CASE=OFF -DSITREP_BUILD_BENCHMARKS=OFF
cmake --build "$build" -j"$jobs"

# Leaks and undefined behaviour fail (the build's -fno-sanitize-recover=all already makes UBSan
# findings fatal; halt_on_error says so again for anything built otherwise).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1:check_initialization_order=1:strict_init_order=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# Tests that check a response time (the server's hostile-input test: 50 ms) allow this many times
# more under the sanitizers, which slow everything down several times.
export SITREP_TEST_TIME_FACTOR=${SITREP_TEST_TIME_FACTOR:-10}
# The install_consumer test builds tests/consumer against the installed, instrumented static
# libraries: it needs the same compiler and the sanitizer runtime (CMake takes CC/CXX, CXXFLAGS and
# LDFLAGS as a new build's compiler and flags).
compiler=$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$build/CMakeCache.txt")
[ -n "$compiler" ] && export CXX="$compiler"
export CXXFLAGS="${CXXFLAGS:+$CXXFLAGS }-fsanitize=$sanitizers -fno-omit-frame-pointer"
export LDFLAGS="${LDFLAGS:+$LDFLAGS }-fsanitize=$sanitizers"
# GoogleTest reads GTEST_FILTER when a program is run without --gtest_filter (every program here).
[ -n "$gtest_exclude" ] && export GTEST_FILTER="-$gtest_exclude"
ctest --test-dir "$build" --output-on-failure -j"$jobs" ${exclude:+-E "$exclude"} "$@"
