# check-tables.cmake — regenerates the Unicode tables into OUT and fails if they differ from the
# committed COMMITTED (run by ctest as `unicode-tables`).
find_package(Python3 REQUIRED COMPONENTS Interpreter)
execute_process(COMMAND ${Python3_EXECUTABLE} ${GENERATOR} ${OUT} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${GENERATOR} failed (${rc})")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${OUT} ${COMMITTED} RESULT_VARIABLE diff)
if(NOT diff EQUAL 0)
  message(FATAL_ERROR "${COMMITTED} is out of date: run python3 ${GENERATOR}")
endif()
message(STATUS "Unicode tables are current")
