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

// Whether text holds a white space character beyond ASCII (checked only where a byte >= 0x80 was
// seen: ASCII white space the callers' own loops see).
bool has_unicode_space(std::string_view text) noexcept {
  for (size_t i = 0; i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0x80) && detail::white_space_at(text, i)) return true;
  return false;
}

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
  text = trim_ascii(text);
  // A byte beyond ASCII at either end may start or end a Unicode space.
  if (!text.empty() && ((static_cast<unsigned char>(text.front()) | static_cast<unsigned char>(text.back())) & 0x80))
    return trim_ends(text);
  return text;
}

bool is_valid_email(std::string_view email) noexcept {
  if (email.empty()) return false;
  size_t at = std::string_view::npos, code_points = 0;
  unsigned high = 0;  // any byte beyond ASCII (then Unicode white space is looked for after)
  for (size_t i = 0; i < email.size(); ++i) {
    char c = email[i];
    if (is_space(c)) return false;
    high |= static_cast<unsigned char>(c);
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++code_points;
    if (c == '@') {
      if (at != std::string_view::npos) return false;
      at = i;
    }
  }
  if (code_points > 254 || at == std::string_view::npos || at == 0) return false;
  if ((high & 0x80) && has_unicode_space(email)) return false;
  return email.find('.', at + 1) != std::string_view::npos;
}

// Each rule first checks whether the text is clean already (tight loops over ASCII, no writes)
// and then returns it as a view; only a text that needs cleaning is cleaned into `storage`. Text
// with bytes beyond ASCII (rare in a shop's data) takes the Unicode way: trimmed of Unicode white
// space, code point by code point.
namespace {

// A text with bytes beyond ASCII (rare) into storage: trimmed of Unicode white space too and
// lowercased code point by code point.
std::string_view lowercase_unicode(std::string_view text, std::string* storage) {
  detail::lowercase_into(trim(text), storage);
  return *storage;
}

// text lowercased into storage, its first `from` bytes known to need no change (a byte beyond
// ASCII met later sends the whole text the Unicode way).
std::string_view lowercase_from(std::string_view text, size_t from, std::string* storage) {
  storage->assign(text);
  char* p = storage->data();
  unsigned high = 0;
  for (size_t k = from, n = text.size(); k < n; ++k) {
    high |= static_cast<unsigned char>(p[k]);
    p[k] = ascii_lower(p[k]);
  }
  return high & 0x80 ? lowercase_unicode(text, storage) : *storage;
}

}  // namespace

std::string_view normalize_email(std::string_view raw, std::string* storage) {
  std::string_view text = trim_ascii(raw);
  size_t i = 0;
  for (; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (static_cast<unsigned>(c - 'A') < 26u || c >= 0x80) break;
  }
  if (i == text.size()) return text;  // ASCII and lower case already
  if (static_cast<unsigned char>(text[i]) >= 0x80) return lowercase_unicode(text, storage);
  return lowercase_from(text, i, storage);
}

namespace {

// A phone with bytes beyond ASCII (rare): Unicode white space dropped too, then the same rules.
[[gnu::noinline]] std::string_view phone_beyond_ascii(std::string_view raw, std::string* storage) {
  std::string kept;
  for (size_t i = 0; i < raw.size();) {
    if (size_t k = white_space_at(raw, i)) {
      i += k;
      continue;
    }
    kept.push_back(raw[i++]);
  }
  std::string_view cleaned = normalize_phone(kept, storage);
  if (cleaned.data() != storage->data()) storage->assign(cleaned);  // a view of `kept`: copy it
  return *storage;
}

}  // namespace

std::string phone_search_text(std::string_view query) {
  std::string cleaned = normalize_phone(query);
  size_t first = !cleaned.empty() && cleaned[0] == '+' ? 1 : 0;
  if (cleaned.size() == first) return {};
  for (size_t i = first; i < cleaned.size(); ++i)
    if (cleaned[i] < '0' || cleaned[i] > '9') return {};
  if (first == 0 && cleaned[0] == '0') return "+234" + cleaned.substr(1);
  return cleaned;
}

std::string_view normalize_phone(std::string_view raw, std::string* storage) {
  auto separator = [](char c) { return is_space(c) || c == '-' || c == '.' || c == '(' || c == ')'; };
  size_t kept = 0;  // bytes left once separators are dropped
  bool digits = true;
  unsigned high = 0;  // a byte beyond ASCII: Unicode white space may need dropping too
  char lead[3] = {0, 0, 0};
  for (char c : raw) {
    high |= static_cast<unsigned char>(c);
    if (separator(c)) continue;
    if (kept < 3) lead[kept] = c;
    ++kept;
    digits = digits && c >= '0' && c <= '9';
  }
  if ((high & 0x80) && has_unicode_space(raw)) return phone_beyond_ascii(raw, storage);
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
  for (char c : raw) {
    if (separator(c)) continue;
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

// ASCII letters and digits: what continues a word.
inline bool ascii_word(unsigned char c) noexcept {
  return static_cast<unsigned>((c | 0x20) - 'a') < 26u || static_cast<unsigned>(c - '0') < 10u;
}

// text (trimmed already, holding a byte beyond ASCII) into storage with its white space
// collapsed and its letters Title Cased, code point by code point.
[[gnu::noinline]] std::string_view title_case_unicode(std::string_view text, std::string* storage) {
  storage->resize(text.size() * 3 / 2 + 4);  // a letter's other case: at most 1.5 times its bytes
  char* out = storage->data();
  size_t n = 0;
  bool pending_space = false, after_word = false;
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
  std::string_view text = trim_ascii(raw);
  // Clean already: ASCII, single spaces between words, each letter in the case its place asks
  // for (upper after anything but a letter or digit, else lower).
  bool after_word = false, after_space = false, clean = true;
  for (char c : text) {
    if (is_space(c)) {
      if (c != ' ' || after_space) {
        clean = false;
        break;
      }
      after_space = true;
      after_word = false;
      continue;
    }
    if (c < 0 || c != (after_word ? ascii_lower(c) : ascii_upper(c))) {  // (c < 0: beyond ASCII)
      clean = false;
      break;
    }
    after_space = false;
    after_word = ascii_word(static_cast<unsigned char>(c));
  }
  if (clean) return text;
  // Cleaned in place while it is ASCII (collapsing only shortens it).
  storage->assign(text);
  char* w = storage->data();
  size_t n = 0;
  bool pending_space = false;
  after_word = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = w[i];
    if (c < 0) return title_case_unicode(trim(text), storage);  // beyond ASCII (rare)
    if (is_space(c)) {
      pending_space = true;
      continue;
    }
    if (pending_space) {
      w[n++] = ' ';
      pending_space = false;
      after_word = false;
    }
    w[n++] = after_word ? ascii_lower(c) : ascii_upper(c);
    after_word = ascii_word(static_cast<unsigned char>(c));
  }
  storage->resize(n);
  return *storage;
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
