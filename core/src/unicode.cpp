// unicode.cpp — see unicode.hpp.
#include "unicode.hpp"

#include "guesttrack/normalize.hpp"

#include <algorithm>

namespace guesttrack::detail {
namespace {

struct CaseRun {
  uint32_t first, last, stride;
  int32_t delta;
};
struct CodeRange {
  uint32_t first, last;
};

#include "unicode_tables.inc"

template <size_t N>
uint32_t map_case(const CaseRun (&runs)[N], uint32_t cp) noexcept {
  const CaseRun* end = runs + N;
  const CaseRun* r = std::upper_bound(runs, end, cp, [](uint32_t c, const CaseRun& run) {
    return c < run.first;
  });
  if (r == runs) return cp;
  --r;
  if (cp > r->last || (cp - r->first) % r->stride != 0) return cp;
  return static_cast<uint32_t>(static_cast<int32_t>(cp) + r->delta);
}

}  // namespace

uint32_t next_code_point(std::string_view s, size_t* i) noexcept {
  size_t p = *i;
  unsigned char b0 = static_cast<unsigned char>(s[p]);
  if (b0 < 0x80) {
    *i = p + 1;
    return b0;
  }
  size_t len = b0 >= 0xF0 && b0 <= 0xF4 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC2 && b0 < 0xE0 ? 2 : 0;
  if (len == 0 || p + len > s.size()) {
    *i = p + 1;
    return kRawByte | b0;
  }
  uint32_t cp = len == 2 ? b0 & 0x1F : len == 3 ? b0 & 0x0F : b0 & 0x07;
  for (size_t k = 1; k < len; ++k) {
    unsigned char b = static_cast<unsigned char>(s[p + k]);
    if ((b & 0xC0) != 0x80) {
      *i = p + 1;
      return kRawByte | b0;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  // Overlong forms, surrogates and code points past U+10FFFF are not valid UTF-8.
  if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp < 0xE000))) ||
      (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))) {
    *i = p + 1;
    return kRawByte | b0;
  }
  *i = p + len;
  return cp;
}

size_t encode_code_point(uint32_t cp, char* out) noexcept {
  if (cp & kRawByte) return out[0] = static_cast<char>(cp & 0xFF), 1;
  if (cp < 0x80) return out[0] = static_cast<char>(cp), 1;
  if (cp < 0x800) {
    out[0] = static_cast<char>(0xC0 | (cp >> 6));
    out[1] = static_cast<char>(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = static_cast<char>(0xE0 | (cp >> 12));
    out[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out[2] = static_cast<char>(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = static_cast<char>(0xF0 | (cp >> 18));
  out[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
  out[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  out[3] = static_cast<char>(0x80 | (cp & 0x3F));
  return 4;
}

void append_code_point(std::string* out, uint32_t cp) {
  char bytes[4];
  out->append(bytes, encode_code_point(cp, bytes));
}

uint32_t to_lower(uint32_t cp) noexcept {
  if (cp < 0x80) return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
  return cp & kRawByte ? cp : map_case(kLowerRuns, cp);
}

uint32_t to_upper(uint32_t cp) noexcept {
  if (cp < 0x80) return cp >= 'a' && cp <= 'z' ? cp - 32 : cp;
  return cp & kRawByte ? cp : map_case(kUpperRuns, cp);
}

bool is_word_char(uint32_t cp) noexcept {
  if (cp < 0x80)
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
  if (cp & kRawByte) return false;
  const CodeRange* end = std::end(kWordRanges);
  const CodeRange* r = std::upper_bound(std::begin(kWordRanges), end, cp,
                                        [](uint32_t c, const CodeRange& range) { return c < range.first; });
  return r != std::begin(kWordRanges) && cp <= (r - 1)->last;
}

void lowercase_into(std::string_view text, std::string* out) {
  out->clear();
  out->reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      out->push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
      ++i;
    } else {
      append_code_point(out, to_lower(next_code_point(text, &i)));
    }
  }
}

size_t white_space_at(std::string_view s, size_t i) noexcept {
  auto at = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  unsigned char b = at(0);
  if (b < 0x80) return is_space(static_cast<char>(b)) ? 1 : 0;
  size_t left = s.size() - i;
  if (b == 0xC2) return left >= 2 && (at(1) == 0x85 || at(1) == 0xA0) ? 2 : 0;
  if (left < 3) return 0;
  if (b == 0xE1) return at(1) == 0x9A && at(2) == 0x80 ? 3 : 0;   // U+1680
  if (b == 0xE3) return at(1) == 0x80 && at(2) == 0x80 ? 3 : 0;   // U+3000
  if (b != 0xE2) return 0;
  if (at(1) == 0x80) {                                            // U+2000..U+203F
    unsigned char c = at(2);
    return (c >= 0x80 && c <= 0x8A) || c == 0xA8 || c == 0xA9 || c == 0xAF ? 3 : 0;
  }
  return at(1) == 0x81 && at(2) == 0x9F ? 3 : 0;                  // U+205F
}

size_t white_space_before(std::string_view s, size_t end) noexcept {
  if (end == 0) return 0;
  unsigned char b = static_cast<unsigned char>(s[end - 1]);
  if (b < 0x80) return is_space(static_cast<char>(b)) ? 1 : 0;
  std::string_view head = s.substr(0, end);
  if (end >= 2 && white_space_at(head, end - 2) == 2) return 2;
  if (end >= 3 && white_space_at(head, end - 3) == 3) return 3;
  return 0;
}

}  // namespace guesttrack::detail
