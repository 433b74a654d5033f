// record_splitter.cpp — bracket and string matching over raw bytes, at memchr speed in strings.
#include "record_splitter.hpp"

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
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    if (int hits = _mm_movemask_epi8(_mm_cmpeq_epi8(chunk, needle))) return p + i + __builtin_ctz(hits);
  }
  for (; i < n; ++i)
    if (p[i] == c) return p + i;
  return nullptr;
#else
  return static_cast<const char*>(std::memchr(p, c, n));
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
// 64 bytes at a time: quote and bracket bits from SSE2 compares; which bytes are inside strings
// from a prefix XOR of the quote bits; then only the few brackets outside strings are visited.
// Blocks holding a backslash (or following one) are walked byte by byte. Any anomaly returns
// kNotFound and the caller's byte-at-a-time walk finds and words the error.
size_t RecordSplitter::container_end_fast(size_t pos) const noexcept {
  char stack[kMaxDepth];
  size_t depth = 0;
  stack[depth++] = data_[pos];
  bool in_string = false, escape = false;
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'),
                fold = _mm_set1_epi8(0x20), open = _mm_set1_epi8('{'), close = _mm_set1_epi8('}');
  auto bracket = [&](size_t at) -> int {  // 1: done, 0: go on, -1: anomaly
    char ch = data_[at];
    if (ch == '{' || ch == '[') {
      if (depth >= kMaxDepth) return -1;
      stack[depth++] = ch;
      return 0;
    }
    if ((stack[depth - 1] == '{') != (ch == '}')) return -1;
    return --depth == 0 ? 1 : 0;
  };
  for (size_t p = pos + 1; p < len_; p += 64) {
    uint64_t q = 0, b = 0, o = 0, c = 0;
    for (int k = 0; k < 4; ++k) {
      __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data_ + p + 16 * k));
      __m128i f = _mm_or_si128(v, fold);
      q |= static_cast<uint64_t>(static_cast<uint16_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, quote)))) << (16 * k);
      b |= static_cast<uint64_t>(static_cast<uint16_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, backslash)))) << (16 * k);
      o |= static_cast<uint64_t>(static_cast<uint16_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(f, open)))) << (16 * k);
      c |= static_cast<uint64_t>(static_cast<uint16_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(f, close)))) << (16 * k);
    }
    size_t n = len_ - p < 64 ? len_ - p : 64;
    uint64_t valid = n == 64 ? ~0ULL : (1ULL << n) - 1;
    if ((b & valid) || escape) {  // escapes: byte by byte
      for (size_t i = 0; i < n; ++i) {
        char ch = data_[p + i];
        if (in_string) {
          if (escape) escape = false;
          else if (ch == '\\') escape = true;
          else if (ch == '"') in_string = false;
        } else if (ch == '"') {
          in_string = true;
        } else if (ch == '{' || ch == '[' || ch == '}' || ch == ']') {
          int r = bracket(p + i);
          if (r < 0) return kNotFound;
          if (r > 0) return p + i + 1;
        }
      }
      continue;
    }
    uint64_t inside = q & valid;  // prefix XOR: bit i set when byte i is within a string
    inside ^= inside << 1;
    inside ^= inside << 2;
    inside ^= inside << 4;
    inside ^= inside << 8;
    inside ^= inside << 16;
    inside ^= inside << 32;
    if (in_string) inside = ~inside;
    uint64_t brackets = (o | c) & valid & ~inside;
    while (brackets) {
      unsigned i = static_cast<unsigned>(__builtin_ctzll(brackets));
      brackets &= brackets - 1;
      int r = bracket(p + i);
      if (r < 0) return kNotFound;
      if (r > 0) return p + i + 1;
    }
    in_string = (inside >> (n - 1)) & 1;
  }
  return kNotFound;
}
#endif

Status RecordSplitter::skip_value(size_t pos, size_t* end) const {
  char c = data_[pos];
  if (c == '"') return skip_string(pos, end);
#if defined(__SSE2__)
  if (c == '{' || c == '[') {
    size_t e = container_end_fast(pos);
    if (e != kNotFound) {
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
