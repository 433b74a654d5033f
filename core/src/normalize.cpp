// normalize.cpp — SPEC §2 cleaning rules for emails, phones, names, states and free text.
#include "guesttrack/normalize.hpp"

namespace guesttrack {
namespace {

char ascii_lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }
char ascii_upper(char c) noexcept { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; }

bool equals_ignore_case(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  return true;
}

}  // namespace

std::string_view trim(std::string_view text) noexcept {
  size_t b = 0, e = text.size();
  while (b < e && is_space(text[b])) ++b;
  while (e > b && is_space(text[e - 1])) --e;
  return text.substr(b, e - b);
}

void normalize_email(std::string_view raw, std::string* out) {
  out->assign(trim(raw));
  for (char& c : *out) c = ascii_lower(c);
}

bool is_valid_email(std::string_view email) noexcept {
  if (email.empty()) return false;
  size_t at = std::string_view::npos, code_points = 0;
  for (size_t i = 0; i < email.size(); ++i) {
    char c = email[i];
    if (is_space(c)) return false;
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++code_points;
    if (c == '@') {
      if (at != std::string_view::npos) return false;
      at = i;
    }
  }
  if (code_points > 254 || at == std::string_view::npos || at == 0) return false;
  return email.find('.', at + 1) != std::string_view::npos;
}

void normalize_phone(std::string_view raw, std::string* out) {
  std::string& cleaned = *out;
  cleaned.assign(raw);  // then compacted in place: the result is never longer
  size_t n = 0;
  for (char c : cleaned) {
    if (is_space(c) || c == '-' || c == '.' || c == '(' || c == ')') continue;
    cleaned[n++] = c;
  }
  cleaned.resize(n);
  auto all_digits = [](std::string_view s) {
    for (char c : s)
      if (c < '0' || c > '9') return false;
    return true;
  };
  if (cleaned.size() == 11 && cleaned[0] == '0' && all_digits(cleaned))
    cleaned.replace(0, 1, "+234");
  else if (cleaned.size() == 13 && cleaned.compare(0, 3, "234") == 0 && all_digits(cleaned))
    cleaned.insert(0, 1, '+');
}

void normalize_name(std::string_view raw, std::string* result) {
  std::string& out = *result;
  out.assign(trim(raw));  // then rewritten in place: the result is never longer
  char* w = out.data();
  size_t n = 0, len = out.size();
  bool pending_space = false, word_start = true;
  for (size_t i = 0; i < len; ++i) {
    char c = w[i];
    if (is_space(c)) {
      pending_space = true;
      continue;
    }
    if (pending_space) {
      w[n++] = ' ';
      pending_space = false;
      word_start = true;
    }
    w[n++] = word_start ? ascii_upper(c) : ascii_lower(c);
    word_start = c == '-' || c == '\'';
  }
  out.resize(n);
}

void normalize_state(std::string_view raw, std::string* out) {
  normalize_name(raw, out);
  std::string& s = *out;
  static constexpr std::string_view kSuffix = " State";
  if (s.size() > kSuffix.size() && s.compare(s.size() - kSuffix.size(), kSuffix.size(), kSuffix) == 0)
    s.resize(s.size() - kSuffix.size());
  if (equals_ignore_case(s, "FCT") || equals_ignore_case(s, "Abuja") ||
      equals_ignore_case(s, "Abuja FCT") || equals_ignore_case(s, "Federal Capital Territory"))
    s = "FCT";
}

void normalize_trimmed(std::string_view raw, std::string* out) { out->assign(trim(raw)); }

void normalize_status(std::string_view raw, std::string* out) { normalize_email(raw, out); }

#define GUESTTRACK_RETURNING(name)            \
  std::string name(std::string_view raw) {    \
    std::string out;                          \
    name(raw, &out);                          \
    return out;                               \
  }
GUESTTRACK_RETURNING(normalize_email)
GUESTTRACK_RETURNING(normalize_phone)
GUESTTRACK_RETURNING(normalize_name)
GUESTTRACK_RETURNING(normalize_state)
GUESTTRACK_RETURNING(normalize_trimmed)
GUESTTRACK_RETURNING(normalize_status)
#undef GUESTTRACK_RETURNING

}  // namespace guesttrack
