# How a GoogleTest program becomes ctest tests.
#
#   sitrep_gtest(<target> [PREFIX <p>] [SHARDS <n>] [TIMEOUT <s>] [COST <c>] [ENVIRONMENT <var=value>...])
#
# SITREP_TEST_PER_CASE=ON (the default): one ctest test per GoogleTest case (gtest_discover_tests),
# named "<p><Suite>.<Case>", so `ctest -R` picks single cases and a failure names its case.
# TIMEOUT applies to each case.
#
# SITREP_TEST_PER_CASE=OFF: one ctest test per program, or per GoogleTest shard of it
# (GTEST_TOTAL_SHARDS / GTEST_SHARD_INDEX: "<p><target>.<i>of<n>"), each case still reported in
# the output. A program's fixtures (the gazetteer, an index of the sample corpus) are then set up
# once per process instead of once per case: under the sanitizers that setup costs one to two
# seconds a case, most of the pass's test time. scripts/sanitize.sh builds this way and leaves
# cases out with GTEST_FILTER. TIMEOUT then applies to the whole program (or shard), 1800 s unless
# given larger.
#
# Test programs are compiled with SITREP_TEST_CXX_FLAGS (-O0 by default) after the build type's
# flags: they hold only test code (assertions, fixtures, JSON checks) that calls the libraries and
# programs under test, which keep the build type's optimisation (Release: -O2). Optimising
# GoogleTest's assertion macros took about half of each build's compile time (a large test file:
# g++ -O2 30 s, -O0 14 s; clang -O1 with ASan 42 s, -O0 17 s) and buys the tests nothing.
include(GoogleTest)
set(SITREP_TEST_CXX_FLAGS "-O0" CACHE STRING "Compiler flags of the test programs (after the build type's)")
option(SITREP_TEST_PER_CASE "One ctest test per GoogleTest case (OFF: one per program or shard)" ON)

function(sitrep_gtest target)
  cmake_parse_arguments(arg "" "PREFIX;SHARDS;TIMEOUT;COST" "ENVIRONMENT" ${ARGN})
  separate_arguments(test_flags UNIX_COMMAND "${SITREP_TEST_CXX_FLAGS}")
  target_compile_options(${target} PRIVATE ${test_flags})
  if(SITREP_TEST_PER_CASE)
    set(props ENVIRONMENT "${arg_ENVIRONMENT}")
    if(arg_TIMEOUT)
      list(APPEND props TIMEOUT ${arg_TIMEOUT})
    endif()
    gtest_discover_tests(${target} TEST_PREFIX "${arg_PREFIX}" PROPERTIES ${props} DISCOVERY_TIMEOUT 60)
    return()
  endif()
  set(shards 1)
  if(arg_SHARDS)
    set(shards ${arg_SHARDS})
  endif()
  # COST: the program's relative run time, so that ctest starts the longest first (a clean build
  # has no record of past run times) and the last minutes are not one long program alone.
  set(cost 0)
  if(arg_COST)
    set(cost ${arg_COST})
  endif()
  set(timeout 1800)
  if(arg_TIMEOUT AND arg_TIMEOUT GREATER timeout)
    set(timeout ${arg_TIMEOUT})
  endif()
  if(shards EQUAL 1)
    add_test(NAME ${arg_PREFIX}${target} COMMAND ${target})
    set_tests_properties(${arg_PREFIX}${target} PROPERTIES ENVIRONMENT "${arg_ENVIRONMENT}" TIMEOUT ${timeout}
                         COST ${cost})
    return()
  endif()
  math(EXPR last "${shards} - 1")
  foreach(i RANGE ${last})
    math(EXPR n "${i} + 1")
    set(name ${arg_PREFIX}${target}.${n}of${shards})
    add_test(NAME ${name} COMMAND ${target})
    set_tests_properties(${name} PROPERTIES
      ENVIRONMENT "${arg_ENVIRONMENT};GTEST_TOTAL_SHARDS=${shards};GTEST_SHARD_INDEX=${i}"
      TIMEOUT ${timeout} COST ${cost})
  endforeach()
endfunction()
