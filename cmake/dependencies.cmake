# dependencies.cmake — simdjson 3.0.1 and nlohmann_json, the same versions for both builds.
#
# Native: Debian's libsimdjson-dev and nlohmann-json3-dev.
# WASM: simdjson's single-header amalgamation compiled from Debian's source package, and an
# include folder that holds only nlohmann/ (never all of /usr/include on em++'s path).

if(EMSCRIPTEN)
  set(_simd "${GUESTTRACK_SIMDJSON_SOURCE}/singleheader")
  if(NOT EXISTS "${_simd}/simdjson.cpp")
    message(FATAL_ERROR "simdjson sources not found in ${GUESTTRACK_SIMDJSON_SOURCE}: run `make deps`")
  endif()
  add_library(guesttrack_simdjson STATIC "${_simd}/simdjson.cpp")
  target_include_directories(guesttrack_simdjson SYSTEM PUBLIC "${_simd}")
  target_compile_definitions(guesttrack_simdjson PUBLIC SIMDJSON_EXCEPTIONS=0)
  target_compile_options(guesttrack_simdjson PRIVATE -O3)

  find_path(_nlohmann_root nlohmann/json.hpp PATHS /usr/include NO_CMAKE_FIND_ROOT_PATH REQUIRED)
  set(_nl_dir "${CMAKE_BINARY_DIR}/nlohmann-only")
  file(MAKE_DIRECTORY "${_nl_dir}")
  if(NOT EXISTS "${_nl_dir}/nlohmann")
    file(CREATE_LINK "${_nlohmann_root}/nlohmann" "${_nl_dir}/nlohmann" SYMBOLIC)
  endif()
  add_library(guesttrack_nlohmann INTERFACE)
  target_include_directories(guesttrack_nlohmann SYSTEM INTERFACE "${_nl_dir}")
else()
  find_package(simdjson 3.0.1 REQUIRED)
  find_package(nlohmann_json 3.10 REQUIRED)
  add_library(guesttrack_simdjson INTERFACE)
  target_link_libraries(guesttrack_simdjson INTERFACE simdjson::simdjson)
  add_library(guesttrack_nlohmann INTERFACE)
  target_link_libraries(guesttrack_nlohmann INTERFACE nlohmann_json::nlohmann_json)
endif()
