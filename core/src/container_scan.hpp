// container_scan.hpp — the block scan behind RecordSplitter's fast path, written once and
// compiled per instruction set: record_splitter.cpp instantiates it with SSE2 (every x86-64
// and WASM SIMD), record_splitter_avx2.cpp with AVX2 (chosen at run time where the CPU has it).
//
// Everything here has internal linkage on purpose: a TU built with -mavx2 must not hand the
// linker an inline function that another TU would then call on a CPU without AVX2.
#pragma once

#include <cstddef>
#include <cstdint>

#include "guesttrack/parse.hpp"

namespace guesttrack::detail {
namespace {

constexpr size_t kScanNotFound = static_cast<size_t>(-1);

// One past the container starting at data[pos] ('{' or '['), or kScanNotFound (then the
// caller's byte walk decides and words any error).
//
// 64 bytes at a time: `Blocks::classify` gives the quote, backslash and bracket bits of a block
// (brackets: '{' '[' '}' ']' alike); which bytes are inside strings comes from a prefix XOR of
// the quote bits; only the few brackets outside strings are then visited. Blocks holding a
// backslash (or following one) are walked byte by byte. Reads up to 63 bytes past `len`
// (documents carry kInputPadding readable bytes).
template <class Blocks>
size_t container_end_scan(const char* data, size_t len, size_t pos) noexcept {
  char stack[kMaxDepth];
  size_t depth = 0;
  stack[depth++] = data[pos];
  bool in_string = false, escape = false;
  auto bracket = [&](size_t at) -> int {  // 1: done, 0: go on, -1: anomaly
    char ch = data[at];
    if (ch == '{' || ch == '[') {
      if (depth >= kMaxDepth) return -1;
      stack[depth++] = ch;
      return 0;
    }
    if ((stack[depth - 1] == '{') != (ch == '}')) return -1;
    return --depth == 0 ? 1 : 0;
  };
  for (size_t p = pos + 1; p < len; p += 64) {
    uint64_t quotes, backslashes, brackets;
    Blocks::classify(data + p, &quotes, &backslashes, &brackets);
    size_t n = len - p < 64 ? len - p : 64;
    uint64_t valid = n == 64 ? ~0ULL : (1ULL << n) - 1;
    if ((backslashes & valid) || escape) {  // escapes: byte by byte
      for (size_t i = 0; i < n; ++i) {
        char ch = data[p + i];
        if (in_string) {
          if (escape) escape = false;
          else if (ch == '\\') escape = true;
          else if (ch == '"') in_string = false;
        } else if (ch == '"') {
          in_string = true;
        } else if (ch == '{' || ch == '[' || ch == '}' || ch == ']') {
          int r = bracket(p + i);
          if (r < 0) return kScanNotFound;
          if (r > 0) return p + i + 1;
        }
      }
      continue;
    }
    uint64_t inside = Blocks::prefix_xor(quotes & valid);  // bit i: byte i is within a string
    if (in_string) inside = ~inside;
    uint64_t outside = brackets & valid & ~inside;
    while (outside) {
      unsigned i = static_cast<unsigned>(__builtin_ctzll(outside));
      outside &= outside - 1;
      int r = bracket(p + i);
      if (r < 0) return kScanNotFound;
      if (r > 0) return p + i + 1;
    }
    in_string = (inside >> (n - 1)) & 1;
  }
  return kScanNotFound;
}

// Bit i set when an odd number of bits at or below i are set (of quote bits: the bytes inside
// strings). By shifts, no carry-less multiply needed; stage1.cpp uses it too.
inline uint64_t prefix_xor_shifts(uint64_t x) noexcept {
  x ^= x << 1;
  x ^= x << 2;
  x ^= x << 4;
  x ^= x << 8;
  x ^= x << 16;
  x ^= x << 32;
  return x;
}

}  // namespace

/// container_end_scan with SSE2 blocks (SSE2 builds: x86-64, and WASM with SIMD).
size_t container_end_sse2(const char* data, size_t len, size_t pos) noexcept;
/// container_end_scan with AVX2 blocks; call only where has_avx2_scan().
size_t container_end_avx2(const char* data, size_t len, size_t pos) noexcept;
/// Whether this CPU runs container_end_avx2 (x86-64 with AVX2 and PCLMUL).
bool has_avx2_scan() noexcept;

}  // namespace guesttrack::detail
