# Build time: the widget map's country outlines, OUT (world.json), from npm's world-atlas.
#   cmake -DNODE=node -DNPM=npm -DSRC=searcher/server/world -DWORK=dir -DOUT=file -P make_world.cmake
# Installs the pinned packages of SRC/package-lock.json into WORK (npm ci, again only when the lock
# file changes), then runs SRC/make_world.mjs. When npm or node fails (no registry, say), OUT gets
# empty outlines and a warning says so: the build goes on, and the map draws its points on a
# graticule. Delete OUT (or touch the lock file) to try again.
file(MAKE_DIRECTORY "${WORK}")
file(COPY "${SRC}/package.json" "${SRC}/package-lock.json" DESTINATION "${WORK}")
set(stamp "${WORK}/node_modules/.sitrep-lock")
set(error "")
set(installed FALSE)
if(EXISTS "${stamp}")
  file(READ "${stamp}" old_lock)
  file(READ "${SRC}/package-lock.json" new_lock)
  if(old_lock STREQUAL new_lock)
    set(installed TRUE)
  endif()
endif()
if(NOT installed)
  execute_process(
    COMMAND "${NPM}" ci --no-audit --no-fund --loglevel=error --fetch-retries=1 --fetch-retry-maxtimeout=15000 --fetch-timeout=60000
    WORKING_DIRECTORY "${WORK}"
    RESULT_VARIABLE rc
    OUTPUT_VARIABLE out
    ERROR_VARIABLE err)
  if(rc EQUAL 0)
    file(COPY_FILE "${SRC}/package-lock.json" "${stamp}")
  else()
    set(error "npm ci failed (${rc}): ${err}")
  endif()
endif()
if(error STREQUAL "")
  execute_process(
    COMMAND "${NODE}" "${SRC}/make_world.mjs" "${WORK}/node_modules" "${OUT}"
    RESULT_VARIABLE rc
    OUTPUT_VARIABLE out
    ERROR_VARIABLE err)
  if(rc EQUAL 0)
    message(STATUS "${out}")
  else()
    set(error "node make_world.mjs failed (${rc}): ${err}")
  endif()
endif()
if(NOT error STREQUAL "")
  string(STRIP "${error}" error)
  message(WARNING "The widget's map is built without country outlines (its points are drawn on a graticule): ${error}\n"
                  "Delete ${OUT} and rebuild to try again.")
  file(WRITE "${OUT}" "{\"source\":\"\",\"scale\":100,\"land\":\"\",\"borders\":\"\"}\n")
endif()
