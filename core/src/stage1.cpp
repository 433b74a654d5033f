// stage1.cpp — SSE2 stage 1 for simdjson On-Demand (see stage1.hpp), and the simdjson
// implementation object that puts it to work in the WASM build.
#include "stage1.hpp"

#include "container_scan.hpp"  // prefix_xor_shifts

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <cstring>
#include <memory>
#include <new>

namespace guesttrack::detail {

size_t first_invalid_utf8(const unsigned char* p, size_t n) noexcept {
  size_t i = 0;
  while (i < n) {
    unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) len = 2, cp = c & 0x1F;
    else if ((c & 0xF0) == 0xE0) len = 3, cp = c & 0x0F;
    else if ((c & 0xF8) == 0xF0) len = 4, cp = c & 0x07;
    else return i;
    if (i + len > n) return i;
    for (size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return i;
    i += len;
  }
  return n;
}

#if defined(__SSE2__)
namespace {

// One bit per byte of a 64-byte block (`high`: only whether any byte is >= 0x80).
struct Block {
  uint64_t quote = 0, backslash = 0, op = 0, space = 0, control = 0, high = 0;
};

inline uint64_t bits(__m128i m) noexcept { return static_cast<uint16_t>(_mm_movemask_epi8(m)); }

Block classify(const uint8_t* p) noexcept {
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'),
                fold = _mm_set1_epi8(0x20), open = _mm_set1_epi8('{'), close = _mm_set1_epi8('}'),
                comma = _mm_set1_epi8(','), colon = _mm_set1_epi8(':'), tab = _mm_set1_epi8('\t'),
                lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r'), last_control = _mm_set1_epi8(0x1F);
  __m128i c[4], control[4], escape[4];
  __m128i any_control = _mm_setzero_si128(), any_escape = _mm_setzero_si128(),
          any_high = _mm_setzero_si128();
  for (int k = 0; k < 4; ++k) {
    c[k] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    control[k] = _mm_cmpeq_epi8(_mm_min_epu8(c[k], last_control), c[k]);  // c <= 0x1F
    escape[k] = _mm_cmpeq_epi8(c[k], backslash);
    any_control = _mm_or_si128(any_control, control[k]);
    any_escape = _mm_or_si128(any_escape, escape[k]);
    any_high = _mm_or_si128(any_high, c[k]);
  }
  // Most blocks hold no control character (so no tab, LF or CR) and no backslash: their masks
  // are then left at zero without being worked out per byte.
  const bool controls = _mm_movemask_epi8(any_control) != 0;
  const bool escapes = _mm_movemask_epi8(any_escape) != 0;
  Block b;
  b.high = _mm_movemask_epi8(any_high) != 0;
  for (int k = 0; k < 4; ++k) {
    // Operators are found on c | 0x20, as simdjson's kernels find them: '[' counts as '{', ']'
    // as '}', and (invalid JSON either way) 0x0C as ',' and 0x1A as ':'.
    __m128i folded = _mm_or_si128(c[k], fold);
    __m128i op = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(folded, open), _mm_cmpeq_epi8(folded, close)),
                              _mm_or_si128(_mm_cmpeq_epi8(folded, comma), _mm_cmpeq_epi8(folded, colon)));
    __m128i space = _mm_cmpeq_epi8(c[k], fold);
    if (controls)
      space = _mm_or_si128(space, _mm_or_si128(_mm_cmpeq_epi8(c[k], tab),
                                               _mm_or_si128(_mm_cmpeq_epi8(c[k], lf), _mm_cmpeq_epi8(c[k], cr))));
    int shift = 16 * k;
    b.quote |= bits(_mm_cmpeq_epi8(c[k], quote)) << shift;
    b.op |= bits(op) << shift;
    b.space |= bits(space) << shift;
    if (controls) b.control |= bits(control[k]) << shift;
    if (escapes) b.backslash |= bits(escape[k]) << shift;
  }
  return b;
}

// The bytes escaped by a backslash: those after an odd-length run of backslashes. `carry`: the
// block's first byte is escaped (the last block ended in such a run); updated for the next.
// Runs starting on even and odd positions are told apart with one addition (the classic
// bit trick of simdjson's paper, "Parsing Gigabytes of JSON per Second").
inline uint64_t escaped_bytes(uint64_t backslash, uint64_t* carry) noexcept {
  if (backslash == 0) {
    uint64_t escaped = *carry;
    *carry = 0;
    return escaped;
  }
  constexpr uint64_t kEven = 0x5555555555555555ULL;
  backslash &= ~*carry;  // an escaped backslash starts no run
  uint64_t follows = backslash << 1 | *carry;
  uint64_t odd_starts = backslash & ~kEven & ~follows;
  uint64_t sum = odd_starts + backslash;
  *carry = sum < odd_starts ? 1 : 0;
  return (kEven ^ (sum << 1)) & follows;
}

}  // namespace

simdjson::error_code sse2_stage1(const uint8_t* buf, size_t len, uint32_t* indexes,
                                 uint32_t* count) noexcept {
  *count = 0;
  if (len == 0) return simdjson::EMPTY;
  uint32_t* out = indexes;
  uint64_t escape_carry = 0, in_string_carry = 0, scalar_carry = 0, control_in_string = 0,
           any_high = 0;
  auto scan = [&](const uint8_t* block, size_t at) {
    Block b = classify(block);
    uint64_t quote = b.quote & ~escaped_bytes(b.backslash, &escape_carry);
    uint64_t in_string = prefix_xor_shifts(quote) ^ in_string_carry;  // opening quote in, closing out
    in_string_carry = static_cast<uint64_t>(static_cast<int64_t>(in_string) >> 63);
    uint64_t scalar = ~(b.op | b.space);
    uint64_t nonquote_scalar = scalar & ~quote;
    uint64_t follows_scalar = nonquote_scalar << 1 | scalar_carry;
    scalar_carry = nonquote_scalar >> 63;
    // Operators and the first byte of each scalar run (a quote opens one), outside strings.
    uint64_t structural = (b.op | (scalar & ~follows_scalar)) & ~(in_string ^ quote);
    control_in_string |= b.control & in_string;
    any_high |= b.high;
    // Indexes written 8 at a time whatever the count (a branch per 8, not per index); the
    // slots past the count are overwritten later (set_capacity leaves 64 slots of slack).
    // `| kTop` keeps ctz defined once the bits run out (it changes no real index).
    constexpr uint64_t kTop = 1ULL << 63;
    const uint32_t base = static_cast<uint32_t>(at);
    const int count = __builtin_popcountll(structural);
    for (int i = 0; i < 8; ++i) {
      out[i] = base + static_cast<uint32_t>(__builtin_ctzll(structural | kTop));
      structural &= structural - 1;
    }
    for (int i = 8; i < count; i += 8)
      for (int k = i; k < i + 8; ++k) {
        out[k] = base + static_cast<uint32_t>(__builtin_ctzll(structural | kTop));
        structural &= structural - 1;
      }
    out += count;
  };
  size_t at = 0;
  for (; at + 64 < len; at += 64) scan(buf + at, at);
  uint8_t tail[64];  // the last 1..64 bytes, padded with spaces
  std::memset(tail, 0x20, sizeof tail);
  std::memcpy(tail, buf + at, len - at);
  scan(tail, at);

  if (in_string_carry) return simdjson::UNCLOSED_STRING;
  if (control_in_string) return simdjson::UNESCAPED_CHARS;
  uint32_t n = static_cast<uint32_t>(out - indexes);
  indexes[n] = static_cast<uint32_t>(len);  // the padding On-Demand expects after the last one
  indexes[n + 1] = static_cast<uint32_t>(len);
  indexes[n + 2] = 0;
  *count = n;
  if (n == 0) return simdjson::EMPTY;
  if (any_high && first_invalid_utf8(buf, len) != len) return simdjson::UTF8_ERROR;
  return simdjson::SUCCESS;
}

namespace {

const simdjson::implementation& fallback_kernel() noexcept {
  return *simdjson::get_available_implementations()["fallback"];
}

// An On-Demand parser's backend: stage 1 is sse2_stage1; string unescaping and the DOM API are
// simdjson's fallback kernel. (Streaming stage 1, for iterate_many, is not offered: guesttrack
// splits NDJSON itself.)
class Sse2Parser final : public simdjson::internal::dom_parser_implementation {
 public:
  simdjson::error_code parse(const uint8_t* buf, size_t len,
                             simdjson::dom::document& doc) noexcept override {
    if (auto e = dom()) return e;
    return dom_->parse(buf, len, doc);
  }
  simdjson::error_code stage1(const uint8_t* buf, size_t len,
                              simdjson::stage1_mode mode) noexcept override {
    if (mode != simdjson::stage1_mode::regular) return simdjson::UNSUPPORTED_ARCHITECTURE;
    if (len > _capacity) return simdjson::CAPACITY;
    next_structural_index = 0;
    return sse2_stage1(buf, len, structural_indexes.get(), &n_structural_indexes);
  }
  simdjson::error_code stage2(simdjson::dom::document& doc) noexcept override {
    if (auto e = dom()) return e;
    return dom_->stage2(doc);
  }
  simdjson::error_code stage2_next(simdjson::dom::document& doc) noexcept override {
    if (auto e = dom()) return e;
    return dom_->stage2_next(doc);
  }
  uint8_t* parse_string(const uint8_t* src, uint8_t* dst) const noexcept override {
    if (dom()) return nullptr;
    return dom_->parse_string(src, dst);
  }
  simdjson::error_code set_capacity(size_t capacity) noexcept override {
    size_t slots = (capacity + 63) / 64 * 64 + 64 + 3;
    structural_indexes.reset(new (std::nothrow) uint32_t[slots]);
    if (!structural_indexes) {
      _capacity = 0;
      return simdjson::MEMALLOC;
    }
    _capacity = capacity;
    return dom_ ? dom_->set_capacity(capacity) : simdjson::SUCCESS;
  }
  simdjson::error_code set_max_depth(size_t max_depth) noexcept override {
    _max_depth = max_depth;
    return dom_ ? dom_->set_max_depth(max_depth) : simdjson::SUCCESS;
  }

 private:
  // The fallback kernel's own parser, made on first use.
  simdjson::error_code dom() const noexcept {
    if (dom_) return simdjson::SUCCESS;
    return fallback_kernel().create_dom_parser_implementation(_capacity, _max_depth, dom_);
  }
  mutable std::unique_ptr<simdjson::internal::dom_parser_implementation> dom_;
};

class Sse2Implementation final : public simdjson::implementation {
 public:
  Sse2Implementation()
      : implementation("guesttrack_sse2", "guesttrack's SSE2 stage 1 with simdjson's fallback kernel", 0) {}
  simdjson::error_code create_dom_parser_implementation(
      size_t capacity, size_t max_depth,
      std::unique_ptr<simdjson::internal::dom_parser_implementation>& dst) const noexcept override {
    dst.reset(new (std::nothrow) Sse2Parser());
    if (!dst) return simdjson::MEMALLOC;
    if (auto e = dst->set_capacity(capacity)) return e;
    return dst->set_max_depth(max_depth);
  }
  simdjson::error_code minify(const uint8_t* buf, size_t len, uint8_t* dst,
                              size_t& dst_len) const noexcept override {
    return fallback_kernel().minify(buf, len, dst, dst_len);
  }
  bool validate_utf8(const char* buf, size_t len) const noexcept override {
    return fallback_kernel().validate_utf8(buf, len);
  }
};

}  // namespace

const simdjson::implementation& sse2_stage1_implementation() noexcept {
  static const Sse2Implementation implementation;
  return implementation;
}
#endif  // __SSE2__

void use_fast_stage1() noexcept {
#if defined(__EMSCRIPTEN__) && defined(__SSE2__)
  simdjson::get_active_implementation() = &sse2_stage1_implementation();
#endif
}

}  // namespace guesttrack::detail
