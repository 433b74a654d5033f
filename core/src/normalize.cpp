// normalize.cpp — SPEC §2 cleaning rules for emails, phones, names, states and free text.
#include "guesttrack/normalize.hpp"

#include "unicode.hpp"

namespace guesttrack {
namespace {

// The length of the white space character at s[i] (0: none): ASCII inline, the rest (only bytes
// from 0x80 can start one) in unicode.cpp.
inline size_t white_space_at(std::string_view s, size_t i) noexcept {
  char c = s[i];
  if (!(static_cast<unsigned char>(c) & 0x80)) return is_space(c) ? 1 : 0;
  return detail::white_space_at(s, i);
}
inline size_t white_space_before(std::string_view s, size_t end) noexcept {
  char c = s[end - 1];
  if (!(static_cast<unsigned char>(c) & 0x80)) return is_space(c) ? 1 : 0;
  return detail::white_space_before(s, end);
}

char ascii_lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }
char ascii_upper(char c) noexcept { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; }

bool equals_ignore_case(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  return true;
}

// What a byte is to the text rules: one table load in the hot loops instead of range tests.
enum ByteClass : uint8_t {
  kOther, kPhoneMark, kLower, kUpper, kDigit, kSpace, kOtherSpace, kNonAscii
};
struct ByteClasses {
  uint8_t of[256];
  constexpr ByteClasses() : of() {
    for (int c = 0; c < 256; ++c)
      of[c] = c >= 0x80 ? kNonAscii
              : c >= 'a' && c <= 'z' ? kLower
              : c >= 'A' && c <= 'Z' ? kUpper
              : c >= '0' && c <= '9' ? kDigit
              : c == ' ' ? kSpace
              : c >= '\t' && c <= '\r' ? kOtherSpace
              : c == '-' || c == '.' || c == '(' || c == ')' ? kPhoneMark
                                                              : kOther;
  }
};
constexpr ByteClasses kByteClass;
inline uint8_t byte_class(char c) noexcept { return kByteClass.of[static_cast<unsigned char>(c)]; }
/// Letters and digits: what continues a word (ASCII).
inline bool word_class(uint8_t k) noexcept { return k >= kLower && k <= kDigit; }

}  // namespace

namespace {

// trim() of a text that starts or ends with white space (or a byte beyond ASCII).
[[gnu::noinline]] std::string_view trim_ends(std::string_view text) noexcept {
  size_t b = 0, e = text.size();
  while (b < e) {
    size_t k = white_space_at(text, b);
    if (!k) break;
    b += k;
  }
  while (e > b) {
    size_t k = white_space_before(text, e);
    if (!k) break;
    e -= k;
  }
  return text.substr(b, e - b);
}

}  // namespace

std::string_view trim(std::string_view text) noexcept {
  size_t b = 0, e = text.size();
  while (b < e && is_space(text[b])) ++b;
  while (e > b && is_space(text[e - 1])) --e;
  // A byte beyond ASCII at either end may start or end a Unicode space.
  if (b < e && ((static_cast<unsigned char>(text[b]) | static_cast<unsigned char>(text[e - 1])) & 0x80))
    return trim_ends(text.substr(b, e - b));
  return text.substr(b, e - b);
}

bool is_valid_email(std::string_view email) noexcept {
  if (email.empty()) return false;
  size_t at = std::string_view::npos, code_points = 0;
  for (size_t i = 0; i < email.size(); ++i) {
    char c = email[i];
    if (is_space(c) || ((static_cast<unsigned char>(c) & 0x80) && white_space_at(email, i)))
      return false;
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++code_points;
    if (c == '@') {
      if (at != std::string_view::npos) return false;
      at = i;
    }
  }
  if (code_points > 254 || at == std::string_view::npos || at == 0) return false;
  return email.find('.', at + 1) != std::string_view::npos;
}

// Each rule first checks whether the trimmed text is clean already (a tight loop over ASCII, no
// writes) and then returns it as a view; only a text that needs cleaning (or holds non-ASCII
// characters, rare in a shop's data) is cleaned into `storage`.

// The rules' cleaning halves are out of line: most fields are clean already, and the checks that
// find so stay small enough to inline where the parser calls them.
namespace {

// text lowercased into storage, its first `from` bytes known to need no change.
[[gnu::noinline]] std::string_view lowercase_from(std::string_view text, size_t from,
                                                  std::string* storage) {
  storage->assign(text);
  for (size_t k = from; k < storage->size(); ++k) {
    char& c = (*storage)[k];
    if (static_cast<unsigned char>(c) & 0x80) {  // beyond ASCII (rare): the rest by code point
      std::string rest;
      detail::lowercase_into(text.substr(k), &rest);
      storage->resize(k);
      storage->append(rest);
      break;
    }
    c = ascii_lower(c);
  }
  return *storage;
}

}  // namespace

std::string_view normalize_email(std::string_view raw, std::string* storage) {
  std::string_view text = trim(raw);
  size_t i = 0;
  for (; i < text.size(); ++i) {
    uint8_t k = byte_class(text[i]);
    if (k == kUpper || k == kNonAscii) break;
  }
  if (i == text.size()) return text;
  return lowercase_from(text, i, storage);
}

std::string_view normalize_phone(std::string_view raw, std::string* storage) {
  // The length of the separator at raw[i] (white space, '-', '.', '(' or ')'), 0 for none.
  auto separator = [&](size_t i) -> size_t {
    uint8_t k = byte_class(raw[i]);
    if (k < kPhoneMark) return 0;
    if (k == kPhoneMark || k == kSpace || k == kOtherSpace) return 1;
    return k == kNonAscii ? detail::white_space_at(raw, i) : 0;
  };
  size_t kept = 0;  // bytes left once separators are dropped
  bool digits = true;
  char lead[3] = {0, 0, 0};
  for (size_t i = 0; i < raw.size();) {
    if (size_t k = separator(i)) {
      i += k;
      continue;
    }
    char c = raw[i++];
    if (kept < 3) lead[kept] = c;
    ++kept;
    digits = digits && c >= '0' && c <= '9';
  }
  // `0` + 10 digits and `234` + 10 digits become `+234` + 10 digits.
  bool local = digits && kept == 11 && lead[0] == '0';
  bool international = digits && kept == 13 && lead[0] == '2' && lead[1] == '3' && lead[2] == '4';
  if (kept == raw.size() && !local && !international) return raw;
  storage->resize(kept + 3);
  char* out = storage->data();
  size_t n = 0;
  if (local || international) out[n++] = '+';
  if (local) out[n++] = '2', out[n++] = '3', out[n++] = '4';
  bool skip_zero = local;  // the leading 0 gives way to +234
  for (size_t i = 0; i < raw.size();) {
    if (size_t k = separator(i)) {
      i += k;
      continue;
    }
    char c = raw[i++];
    if (skip_zero) {
      skip_zero = false;
      continue;
    }
    out[n++] = c;
  }
  storage->resize(n);
  return *storage;
}

namespace {

// text (trimmed already) into storage with its white space collapsed and its letters Title Cased.
[[gnu::noinline]] std::string_view title_case(std::string_view text, std::string* storage) {
  bool ascii = true;
  for (char c : text) ascii = ascii && byte_class(c) != kNonAscii;
  bool pending_space = false, after_word = false;
  size_t n = 0;
  if (ascii) {  // in place: collapsing only shortens it
    storage->assign(text);
    char* w = storage->data();
    for (size_t i = 0; i < text.size(); ++i) {
      char c = w[i];
      uint8_t k = byte_class(c);
      if (k == kSpace || k == kOtherSpace) {
        pending_space = true;
        continue;
      }
      if (pending_space) {
        w[n++] = ' ';
        pending_space = false;
        after_word = false;
      }
      w[n++] = after_word ? ascii_lower(c) : ascii_upper(c);
      after_word = word_class(k);
    }
    storage->resize(n);
    return *storage;
  }
  // A letter's other case takes at most 1.5 times its bytes.
  storage->resize(text.size() * 3 / 2 + 4);
  char* out = storage->data();
  for (size_t i = 0; i < text.size();) {
    if (size_t k = white_space_at(text, i)) {
      pending_space = true;
      i += k;
      continue;
    }
    if (pending_space) {
      out[n++] = ' ';
      pending_space = false;
      after_word = false;
    }
    uint32_t cp = detail::next_code_point(text, &i);
    n += detail::encode_code_point(after_word ? detail::to_lower(cp) : detail::to_upper(cp), out + n);
    after_word = detail::is_word_char(cp);
  }
  storage->resize(n);
  return *storage;
}

}  // namespace

std::string_view normalize_name(std::string_view raw, std::string* storage) {
  std::string_view text = trim(raw);
  // Clean already (ASCII only): single spaces between words, each letter in the case its place
  // asks for (upper after anything but a letter or digit, else lower).
  bool after_word = false, after_space = false;
  for (char c : text) {
    uint8_t k = byte_class(c);
    if (k == kSpace) {
      if (after_space) return title_case(text, storage);
      after_space = true;
      after_word = false;
      continue;
    }
    if (k >= kOtherSpace || k == (after_word ? kUpper : kLower)) return title_case(text, storage);
    after_space = false;
    after_word = word_class(k);
  }
  return text;
}

std::string_view normalize_state(std::string_view raw, std::string* storage) {
  std::string_view s = normalize_name(raw, storage);
  static constexpr std::string_view kSuffix = " State";
  if (s.size() > kSuffix.size() && s.substr(s.size() - kSuffix.size()) == kSuffix)
    s.remove_suffix(kSuffix.size());
  if (equals_ignore_case(s, "FCT") || equals_ignore_case(s, "Abuja") ||
      equals_ignore_case(s, "Abuja FCT") || equals_ignore_case(s, "Federal Capital Territory"))
    return "FCT";
  return s;
}

std::string_view normalize_trimmed(std::string_view raw, std::string* /*storage*/) { return trim(raw); }

std::string_view normalize_status(std::string_view raw, std::string* storage) {
  return normalize_email(raw, storage);
}

#define GUESTTRACK_RETURNING(name)              \
  std::string name(std::string_view raw) {      \
    std::string storage;                        \
    return std::string(name(raw, &storage));    \
  }
GUESTTRACK_RETURNING(normalize_email)
GUESTTRACK_RETURNING(normalize_phone)
GUESTTRACK_RETURNING(normalize_name)
GUESTTRACK_RETURNING(normalize_state)
GUESTTRACK_RETURNING(normalize_trimmed)
GUESTTRACK_RETURNING(normalize_status)
#undef GUESTTRACK_RETURNING

}  // namespace guesttrack
