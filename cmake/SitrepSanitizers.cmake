# Sanitizers and libFuzzer for every target of the build. Included at the end of the top-level
# CMakeLists.txt, once every target exists; the flags are PRIVATE, so the installed CMake package
# does not carry them.
#
#   -DSITREP_SANITIZE=address,undefined  compile and link every target with these sanitizers (gcc or
#                                        clang), -fno-omit-frame-pointer and -fno-sanitize-recover=all
#                                        (the first error ends the program). scripts/sanitize.sh.
#   -DSITREP_FUZZ=ON                     clang only: the tests/fuzz targets link libFuzzer
#                                        (-fsanitize=fuzzer); every target is compiled with coverage
#                                        for it (-fsanitize=fuzzer-no-link) and address,undefined
#                                        (or SITREP_SANITIZE when set). scripts/fuzz.sh.

set(sitrep_sanitizers "${SITREP_SANITIZE}")
if(SITREP_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "SITREP_FUZZ needs clang (libFuzzer): configure with -DCMAKE_CXX_COMPILER=clang++")
  endif()
  if(sitrep_sanitizers STREQUAL "")
    set(sitrep_sanitizers "address,undefined")
  endif()
endif()

if(NOT sitrep_sanitizers STREQUAL "")
  set(sitrep_san_flags -fsanitize=${sitrep_sanitizers} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  set(sitrep_san_compile ${sitrep_san_flags})
  if(SITREP_FUZZ)
    list(APPEND sitrep_san_compile -fsanitize=fuzzer-no-link)
  endif()
  message(STATUS "sitrep: sanitizers ${sitrep_sanitizers}")

  # Every target defined in a directory and its subdirectories.
  function(sitrep_collect_targets dir out)
    get_property(found DIRECTORY "${dir}" PROPERTY BUILDSYSTEM_TARGETS)
    get_property(subdirs DIRECTORY "${dir}" PROPERTY SUBDIRECTORIES)
    foreach(sub IN LISTS subdirs)
      sitrep_collect_targets("${sub}" sub_found)
      list(APPEND found ${sub_found})
    endforeach()
    set(${out} ${found} PARENT_SCOPE)
  endfunction()

  sitrep_collect_targets("${PROJECT_SOURCE_DIR}" sitrep_all_targets)
  foreach(t IN LISTS sitrep_all_targets)
    get_target_property(type ${t} TYPE)
    get_target_property(nosan ${t} SITREP_NO_SANITIZE)
    if(nosan)
      continue()  # e.g. tests/faults, preloaded before the sanitizer runtime starts
    endif()
    if(type MATCHES "^(EXECUTABLE|STATIC_LIBRARY|SHARED_LIBRARY|MODULE_LIBRARY|OBJECT_LIBRARY)$")
      target_compile_options(${t} PRIVATE ${sitrep_san_compile})
    endif()
    if(type MATCHES "^(EXECUTABLE|SHARED_LIBRARY|MODULE_LIBRARY)$")
      target_link_options(${t} PRIVATE ${sitrep_san_flags})
    endif()
  endforeach()
endif()
