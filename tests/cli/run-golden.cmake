# run-golden.cmake — one CLI golden test: runs PROGRAM with the arguments given after `--`,
# captures its stdout, stderr and exit status, and compares them byte for byte with
# GOLDEN_DIR/<EXPECTED>.stdout, .stderr and .status. On a mismatch it prints a unified diff and
# fails.
#
#   cmake -DPROGRAM=<guesttrack> -DGOLDEN_DIR=<dir> -DCASE=<name> -DACTUAL_DIR=<dir>
#         [-DEXPECTED=<name>] [-DSTDIN=<file>] -P run-golden.cmake -- <arg>...
#
#   CASE        the test's name; the actual outputs go to ACTUAL_DIR/<CASE>.stdout/.stderr/.status
#   EXPECTED    whose golden files to compare with (default CASE): two cases that must print the
#               same (the same orders as NDJSON and as {"orders": [...]}) share one set of files
#   STDIN       a file fed to standard input (default: none, standard input is empty)
#
# The program runs in the test's working directory (tests/CMakeLists.txt sets it to the
# repository root), so file names in messages are the relative names given on the command line.
# Empty arguments cannot be passed (CMake drops empty list elements).
#
# Regenerating the golden files: run the tests with GUESTTRACK_REGENERATE_GOLDEN=1 in the
# environment, e.g.
#   GUESTTRACK_REGENERATE_GOLDEN=1 ctest --test-dir build/dev -R '^cli-'
# Each case then writes its actual outputs over its golden files (only when EXPECTED is the case
# itself) and passes. Never commit the result blindly: `git diff tests/cli/golden` and check each
# changed figure and message against SPEC.md first — a golden file is a claim that the output is
# right, not a record of what the program happened to print.

foreach(var PROGRAM GOLDEN_DIR CASE ACTUAL_DIR)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "run-golden.cmake: -D${var}=… is required")
  endif()
endforeach()
if(NOT DEFINED EXPECTED OR EXPECTED STREQUAL "")
  set(EXPECTED "${CASE}")
endif()

# The program's arguments: everything after `--`.
set(args)
set(after_separator FALSE)
math(EXPR last "${CMAKE_ARGC} - 1")
foreach(i RANGE ${last})
  if(after_separator)
    list(APPEND args "${CMAKE_ARGV${i}}")
  elseif(CMAKE_ARGV${i} STREQUAL "--")
    set(after_separator TRUE)
  endif()
endforeach()

file(MAKE_DIRECTORY "${ACTUAL_DIR}")
set(actual "${ACTUAL_DIR}/${CASE}")
set(expected "${GOLDEN_DIR}/${EXPECTED}")

if(DEFINED STDIN AND NOT STDIN STREQUAL "")
  set(input_file "${STDIN}")
else()
  set(input_file "${ACTUAL_DIR}/empty-stdin")
  file(WRITE "${input_file}" "")
endif()

execute_process(
  COMMAND "${PROGRAM}" ${args}
  INPUT_FILE "${input_file}"
  OUTPUT_FILE "${actual}.stdout"
  ERROR_FILE "${actual}.stderr"
  RESULT_VARIABLE status)
# A crash gives a message ("Segmentation fault") instead of a number: it will not match.
file(WRITE "${actual}.status" "${status}\n")

string(JOIN " " shown_args ${args})
if(DEFINED ENV{GUESTTRACK_REGENERATE_GOLDEN} AND NOT "$ENV{GUESTTRACK_REGENERATE_GOLDEN}" STREQUAL ""
   AND NOT "$ENV{GUESTTRACK_REGENERATE_GOLDEN}" STREQUAL "0")
  if(EXPECTED STREQUAL CASE)
    foreach(stream stdout stderr status)
      execute_process(COMMAND "${CMAKE_COMMAND}" -E copy "${actual}.${stream}" "${expected}.${stream}")
    endforeach()
    message(STATUS "regenerated ${expected}.{stdout,stderr,status} from: guesttrack ${shown_args}"
                   " — check them against SPEC.md before committing")
    return()
  endif()
  message(STATUS "${CASE} compares with ${EXPECTED}'s golden files: not regenerated, checked")
endif()

find_program(DIFF_PROGRAM diff)
set(failed FALSE)
foreach(stream stdout stderr status)
  if(NOT EXISTS "${expected}.${stream}")
    message(SEND_ERROR "missing golden file ${expected}.${stream}")
    set(failed TRUE)
    continue()
  endif()
  execute_process(COMMAND "${CMAKE_COMMAND}" -E compare_files "${expected}.${stream}"
                          "${actual}.${stream}"
                  RESULT_VARIABLE different OUTPUT_QUIET ERROR_QUIET)
  if(NOT different EQUAL 0)
    set(failed TRUE)
    if(DIFF_PROGRAM)
      execute_process(COMMAND "${DIFF_PROGRAM}" -u "${expected}.${stream}" "${actual}.${stream}"
                      OUTPUT_VARIABLE shown ERROR_VARIABLE shown)
    else()
      file(READ "${expected}.${stream}" want)
      file(READ "${actual}.${stream}" got)
      set(shown "--- expected\n${want}--- actual\n${got}")
    endif()
    message("${stream} differs from ${expected}.${stream}:\n${shown}")
  endif()
endforeach()

if(failed)
  message(FATAL_ERROR "golden test ${CASE} failed: guesttrack ${shown_args}"
                      "\n(actual outputs kept in ${actual}.*)")
endif()
