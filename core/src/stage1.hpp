// stage1.hpp — simdjson's "stage 1" (finding the structural characters of a document) built
// from SSE2 operations only, for the WASM build.
//
// simdjson 3.0.1 has no WebAssembly kernel: in WASM its scalar fallback indexed the bytes, a
// quarter of the whole report's time. Emscripten maps SSE2 operations onto WebAssembly SIMD, so
// this indexer runs there at SIMD speed. It gives what simdjson's SIMD kernels give (the same
// structural indexes, the same errors in the same order: unclosed string, unescaped control
// character, empty, invalid UTF-8 anywhere); tests/unit-stage1.cpp checks it against the native
// kernel on generated exports, the bad-input corpus and random bytes.
#pragma once

#include <simdjson.h>

#include <cstddef>
#include <cstdint>

namespace guesttrack::detail {

/// Index of the first byte of an invalid UTF-8 sequence in [p, p+n), or n when all is valid.
size_t first_invalid_utf8(const unsigned char* p, size_t n) noexcept;

#if defined(__SSE2__)
/// Stage 1 of buf[0, len) (readable to len + 64): the structural indexes into `indexes` (room
/// for len + 3), their count into *count, and simdjson's error code.
simdjson::error_code sse2_stage1(const uint8_t* buf, size_t len, uint32_t* indexes,
                                 uint32_t* count) noexcept;

/// A simdjson implementation whose On-Demand parsers index with sse2_stage1 (everything else is
/// simdjson's fallback kernel).
const simdjson::implementation& sse2_stage1_implementation() noexcept;
#endif

/// In the WASM build, makes simdjson parsers created from now on use sse2_stage1; elsewhere
/// (native builds have simdjson's own SIMD kernels) does nothing.
void use_fast_stage1() noexcept;

}  // namespace guesttrack::detail
