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

// Each rule first checks whether the trimmed text is clean already (a tight loop, no writes) and
// then returns it as a view; only a text that needs cleaning is copied to `storage` and cleaned
// there in place (the result is never longer, except a phone's +234).

std::string_view normalize_email(std::string_view raw, std::string* storage) {
  std::string_view text = trim(raw);
  size_t i = 0;
  while (i < text.size() && !(text[i] >= 'A' && text[i] <= 'Z')) ++i;
  if (i == text.size()) return text;
  storage->assign(text);
  for (char& c : *storage) c = ascii_lower(c);
  return *storage;
}

std::string_view normalize_phone(std::string_view raw, std::string* storage) {
  auto separator = [](char c) { return is_space(c) || c == '-' || c == '.' || c == '(' || c == ')'; };
  size_t kept = 0;  // bytes left once separators are dropped
  bool digits = true;
  char lead[3] = {0, 0, 0};
  for (char c : raw) {
    if (separator(c)) continue;
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

std::string_view normalize_name(std::string_view raw, std::string* storage) {
  std::string_view text = trim(raw);
  // Clean already: single spaces between words, each letter in the case its place asks for.
  bool word_start = true, after_space = false, clean = true;
  for (char c : text) {
    if (is_space(c)) {
      if (c != ' ' || after_space) {
        clean = false;
        break;
      }
      after_space = word_start = true;
      continue;
    }
    if (c != (word_start ? ascii_upper(c) : ascii_lower(c))) {
      clean = false;
      break;
    }
    after_space = false;
    word_start = c == '-' || c == '\'';
  }
  if (clean) return text;
  storage->assign(text);
  char* w = storage->data();
  size_t n = 0;
  bool pending_space = false;
  word_start = true;
  for (size_t i = 0; i < text.size(); ++i) {
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
