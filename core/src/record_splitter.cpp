// record_splitter.cpp — bracket and string matching over raw bytes, at memchr speed in strings.
#include "record_splitter.hpp"

#include "container_scan.hpp"

#include <cstdio>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <string>

#include "guesttrack/normalize.hpp"
#include "guesttrack/parse.hpp"

namespace guesttrack::detail {
namespace {

bool ends_scalar(char c) noexcept {
  return is_space(c) || c == ',' || c == ']' || c == '}' || c == '[' || c == '{' || c == '"' ||
         c == ':';
}

}  // namespace

std::string describe_byte(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  if (u >= 0x20 && u < 0x7f) return std::string("'") + c + "'";
  char buf[16];
  std::snprintf(buf, sizeof buf, "byte 0x%02X", u);
  return buf;
}

const char* find_byte(const char* p, size_t n, char c) noexcept {
#if defined(__EMSCRIPTEN__) && defined(__SSE2__)
  const __m128i needle = _mm_set1_epi8(c);
  for (size_t i = 0; i < n; i += 16) {  // the last step reads past n (padding), then masks
    __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    int hits = _mm_movemask_epi8(_mm_cmpeq_epi8(chunk, needle));
    if (n - i < 16) hits &= (1 << (n - i)) - 1;
    if (hits) return p + i + __builtin_ctz(hits);
  }
  return nullptr;
#else
  return static_cast<const char*>(std::memchr(p, c, n));
#endif
}

const char* find_quote_or_backslash(const char* p) noexcept {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
  for (;; p += 16) {
    __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    int hits = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(chunk, quote), _mm_cmpeq_epi8(chunk, backslash)));
    if (hits) return p + __builtin_ctz(hits);
  }
#else
  while (*p != '"' && *p != '\\') ++p;
  return p;
#endif
}

size_t RecordSplitter::skip_space(size_t pos) const noexcept {
  while (pos < len_ && is_space(data_[pos])) ++pos;
  return pos;
}

uint64_t RecordSplitter::line_of(size_t offset) const noexcept {
  uint64_t line = 1;
  const char* p = data_;
  const char* end = data_ + (offset < len_ ? offset : len_);
  while (p < end) {
    const void* nl = std::memchr(p, '\n', static_cast<size_t>(end - p));
    if (!nl) break;
    ++line;
    p = static_cast<const char*>(nl) + 1;
  }
  return line;
}

Status RecordSplitter::error_at(ErrorCode code, size_t offset, std::string_view what) const {
  uint64_t line = line_of(offset);
  std::string msg(what);
  msg += " at byte " + std::to_string(offset) + " (line " + std::to_string(line) + ")";
  return Status::error(code, std::move(msg), offset, line);
}

// Word-at-a-time search (8 bytes per step, no SIMD needed, the same in WASM). Reading up to 7
// bytes past len_ is safe: documents carry kInputPadding readable bytes after them.
namespace {

constexpr uint64_t kOnes = 0x0101010101010101ULL, kHighs = 0x8080808080808080ULL;

inline uint64_t load8(const char* p) noexcept {
  uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}
// High bit set in each byte of `w` equal to `c` (exact for the lowest such byte).
inline uint64_t bytes_equal(uint64_t w, char c) noexcept {
  uint64_t y = w ^ (kOnes * static_cast<unsigned char>(c));
  return (y - kOnes) & ~y & kHighs;
}
inline unsigned first_byte(uint64_t mask) noexcept {
  return static_cast<unsigned>(__builtin_ctzll(mask)) >> 3;
}

}  // namespace

size_t RecordSplitter::string_end(size_t pos) const noexcept {
  size_t q = pos + 1;
  while (q < len_) {
    uint64_t w = load8(data_ + q);
    uint64_t m = bytes_equal(w, '"') | bytes_equal(w, '\\');
    if (!m) {
      q += 8;
      continue;
    }
    size_t k = q + first_byte(m);
    if (k >= len_) break;
    if (data_[k] == '"') return k + 1;
    q = k + 2;  // a backslash and the character it escapes
  }
  return kNotFound;
}

Status RecordSplitter::skip_string(size_t pos, size_t* end) const {
  size_t e = string_end(pos);
  if (e == kNotFound) return error_at(ErrorCode::invalid_json, pos, "unterminated string starting");
  *end = e;
  return Status::success();
}

#if defined(__SSE2__)
namespace {

// 16 bytes a compare: SSE2 natively, WebAssembly SIMD under Emscripten.
struct Sse2Blocks {
  static void classify(const char* p, uint64_t* quotes, uint64_t* backslashes,
                       uint64_t* brackets) noexcept {
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'),
                  fold = _mm_set1_epi8(0x20), open = _mm_set1_epi8('{'), close = _mm_set1_epi8('}');
    uint64_t q = 0, b = 0, k = 0;
    for (int i = 0; i < 4; ++i) {
      __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * i));
      __m128i f = _mm_or_si128(v, fold);  // '[' | 0x20 == '{', ']' | 0x20 == '}'
      __m128i bracket = _mm_or_si128(_mm_cmpeq_epi8(f, open), _mm_cmpeq_epi8(f, close));
      q |= static_cast<uint64_t>(static_cast<uint16_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, quote)))) << (16 * i);
      b |= static_cast<uint64_t>(static_cast<uint16_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, backslash)))) << (16 * i);
      k |= static_cast<uint64_t>(static_cast<uint16_t>(_mm_movemask_epi8(bracket))) << (16 * i);
    }
    *quotes = q, *backslashes = b, *brackets = k;
  }
  static uint64_t prefix_xor(uint64_t x) noexcept { return prefix_xor_shifts(x); }
};

}  // namespace

bool has_avx2_scan() noexcept {
#if defined(GUESTTRACK_AVX2_SCAN)
  static const bool has = [] {
    __builtin_cpu_init();  // (needed if this runs before libgcc's own initialisation)
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("pclmul");
  }();
  return has;
#else
  return false;
#endif
}

size_t RecordSplitter::container_end_fast(size_t pos) const noexcept {
#if defined(GUESTTRACK_AVX2_SCAN)
  static const bool avx2 = has_avx2_scan();
  if (avx2) return container_end_avx2(data_, len_, pos);
#endif
  return container_end_sse2(data_, len_, pos);
}

size_t container_end_sse2(const char* data, size_t len, size_t pos) noexcept {
  return container_end_scan<Sse2Blocks>(data, len, pos);
}

#if !defined(GUESTTRACK_AVX2_SCAN)
size_t container_end_avx2(const char* data, size_t len, size_t pos) noexcept {
  return container_end_sse2(data, len, pos);  // (has_avx2_scan() is false: never called)
}
#endif
#endif

Status RecordSplitter::skip_value(size_t pos, size_t* end) const {
  char c = data_[pos];
  if (c == '"') return skip_string(pos, end);
#if defined(__SSE2__)
  if (c == '{' || c == '[') {
    size_t e = container_end_fast(pos);
    if (e != kScanNotFound) {
      *end = e;
      return Status::success();
    }
  }
#endif
  if (c != '{' && c != '[') {
    if (c == ']' || c == '}' || c == ',' || c == ':')
      return error_at(ErrorCode::invalid_json, pos, "expected a value, found " + describe_byte(c));
    size_t p = pos;
    while (p < len_ && !ends_scalar(data_[p])) ++p;
    *end = p;
    return Status::success();
  }
  char stack[kMaxDepth];
  size_t depth = 0;
  stack[depth++] = c;
  size_t p = pos + 1;
  while (p < len_) {
    // Next quote or bracket: '[' | 0x20 == '{' and ']' | 0x20 == '}'.
    uint64_t w = load8(data_ + p), folded = w | (kOnes * 0x20);
    uint64_t m = bytes_equal(w, '"') | bytes_equal(folded, '{') | bytes_equal(folded, '}');
    if (!m) {
      p += 8;
      continue;
    }
    p += first_byte(m);
    if (p >= len_) break;
    char ch = data_[p];
    if (ch == '"') {
      size_t e = string_end(p);
      if (e == kNotFound) return error_at(ErrorCode::invalid_json, p, "unterminated string starting");
      p = e;
      continue;
    }
    if (ch == '{' || ch == '[') {
      if (depth >= kMaxDepth)
        return error_at(ErrorCode::too_deep, p,
                        "nesting deeper than " + std::to_string(kMaxDepth) + " levels");
      stack[depth++] = ch;
      ++p;
      continue;
    }
    char open = stack[depth - 1];
    if ((open == '{') != (ch == '}'))
      return error_at(ErrorCode::invalid_json, p,
                      std::string("mismatched '") + ch + "' closing '" + open + "'");
    ++p;
    if (--depth == 0) {
      *end = p;
      return Status::success();
    }
  }
  return error_at(ErrorCode::invalid_json, len_,
                  "unexpected end of input (truncated document?) inside the value starting at "
                  "byte " + std::to_string(pos) + ",");
}

}  // namespace guesttrack::detail
