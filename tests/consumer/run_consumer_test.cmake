# ctest script: install sitrep into a scratch prefix, build the consumer against it, index the
# sample corpus with the installed sitrep-index, and search it through the consumer.
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set(prefix "${WORK_DIR}/prefix")

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "command failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

run(${CMAKE_COMMAND} --install "${BINARY_DIR}" --prefix "${prefix}")
foreach(f bin/sitrep-index bin/sitrep-search include/sitrep/searcher.h share/sitrep/places.tsv
          lib/cmake/sitrep/sitrepConfig.cmake)
  if(NOT EXISTS "${prefix}/${f}")
    message(FATAL_ERROR "not installed: ${f}")
  endif()
endforeach()
run(${CMAKE_COMMAND} -S "${SOURCE_DIR}/tests/consumer" -B "${WORK_DIR}/build" "-DCMAKE_PREFIX_PATH=${prefix}")
run(${CMAKE_COMMAND} --build "${WORK_DIR}/build")
# The installed binaries find their gazetteer in the installed share/sitrep.
set(ENV{SITREP_DATA_DIR} "${prefix}/share/sitrep")
run("${prefix}/bin/sitrep-index" --quiet --index "${WORK_DIR}/index" "${SOURCE_DIR}/corpora/sample")
run("${WORK_DIR}/build/consumer" "${WORK_DIR}/index" "Hezbollah deployments near Lebanese border after 2024-11-27")
message(STATUS "consumer output:\n${last_output}")

# The Python module (when built: PYTHON and PYTHON_DIR given): the installed package imports with
# Debian's python3 and searches the same index.
if(PYTHON AND PYTHON_DIR)
  if(NOT EXISTS "${prefix}/${PYTHON_DIR}/sitrep/__init__.py")
    message(FATAL_ERROR "not installed: ${PYTHON_DIR}/sitrep/__init__.py")
  endif()
  set(ENV{PYTHONPATH} "${prefix}/${PYTHON_DIR}")
  # (Lines, not semicolons: run() passes its arguments on as a CMake list.)
  run("${PYTHON}" -c "import sitrep\nq = 'Hezbollah deployments near Lebanese border after 2024-11-27'\nr = sitrep.Searcher('${WORK_DIR}/index').search(q)\nassert r['total'] > 0, r\nprint('python:', sitrep.__file__, r['total'], 'hits')")
  message(STATUS "${last_output}")
endif()
