// money.cpp — exact decimal text <-> kobo. No binary floating point anywhere on this path.
#include "guesttrack/money.hpp"

#include <string>

#include "guesttrack/normalize.hpp"

namespace guesttrack {
namespace {

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// Parses [sign] digits [. digits] [e [sign] digits] (".5" and "5." too). Result rounded half
// away from zero to the kobo.
AmountParse parse_number(std::string_view s, Kobo* out) noexcept {
  size_t i = 0, n = s.size();
  bool negative = false;
  if (i < n && (s[i] == '-' || s[i] == '+')) negative = s[i++] == '-';
  // Significant digits (leading zeros dropped) and the power of ten of the last one kept.
  constexpr int kMaxSignificant = 40;
  char sig[kMaxSignificant];
  int nsig = 0;
  int64_t dropped_int_digits = 0;  // integer digits beyond kMaxSignificant (scale up)
  bool nonzero_dropped = false;    // a non-zero digit fell beyond kMaxSignificant
  int64_t frac_digits = 0;         // fraction digits that were kept
  size_t digits = 0;
  auto take = [&](char c, bool fraction) {
    ++digits;
    if (nsig == 0 && c == '0') {
      if (fraction) ++frac_digits;
      return;
    }
    if (nsig < kMaxSignificant) {
      sig[nsig++] = c;
      if (fraction) ++frac_digits;
    } else {
      if (!fraction) ++dropped_int_digits;
      if (c != '0') nonzero_dropped = true;
    }
  };
  for (; i < n; ++i) {
    if (is_digit(s[i])) take(s[i], false);
    else break;
  }
  if (i < n && s[i] == '.') {
    ++i;
    size_t before = digits;
    for (; i < n && is_digit(s[i]); ++i) take(s[i], true);
    if (digits == before && before == 0) return AmountParse::not_a_number;
  }
  if (digits == 0) return AmountParse::not_a_number;
  int64_t exponent = 0;
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool eneg = false;
    if (i < n && (s[i] == '-' || s[i] == '+')) eneg = s[i++] == '-';
    if (i >= n || !is_digit(s[i])) return AmountParse::not_a_number;
    for (; i < n && is_digit(s[i]); ++i) {
      if (exponent < 100000) exponent = exponent * 10 + (s[i] - '0');
    }
    if (eneg) exponent = -exponent;
  }
  if (i != n) return AmountParse::not_a_number;
  if (nsig == 0) {  // zero, whatever its sign
    *out = 0;
    return AmountParse::ok;
  }
  if (negative) return AmountParse::negative;
  // value = sig × 10^(scale), kobo = sig × 10^(scale + 2).
  int64_t scale = exponent + dropped_int_digits - frac_digits + 2;
  if (nsig + scale > 19) return AmountParse::not_a_number;  // far above kMaxOrderKobo
  unsigned __int128 kobo = 0;
  if (scale >= 0) {
    for (int k = 0; k < nsig; ++k) kobo = kobo * 10 + static_cast<unsigned>(sig[k] - '0');
    for (int64_t k = 0; k < scale; ++k) kobo *= 10;
  } else {
    int64_t keep = nsig + scale;  // digits left of the kobo point
    for (int64_t k = 0; k < keep; ++k) kobo = kobo * 10 + static_cast<unsigned>(sig[k] - '0');
    // First dropped digit decides: >= 5 rounds the magnitude up (half away from zero).
    char first_dropped = keep >= 0 ? sig[keep] : '0';
    if (first_dropped >= '5') kobo += 1;
  }
  (void)nonzero_dropped;  // only digits below the first dropped one: cannot change rounding
  if (kobo > static_cast<unsigned __int128>(kMaxOrderKobo)) return AmountParse::not_a_number;
  *out = static_cast<Kobo>(kobo);
  return AmountParse::ok;
}

}  // namespace

AmountParse parse_decimal_kobo(std::string_view text, Kobo* out) noexcept {
  return parse_number(text, out);
}

AmountParse parse_amount_string(std::string_view text, Kobo* out) noexcept {
  std::string_view s = trim(text);
  static constexpr std::string_view kNaira = "\xE2\x82\xA6";  // ₦
  if (s.substr(0, kNaira.size()) == kNaira) s = trim(s.substr(kNaira.size()));
  else if (s.substr(0, 3) == "NGN") s = trim(s.substr(3));
  // Commas are ignored wherever they stand ("25,000.50").
  if (s.find(',') == std::string_view::npos) return parse_number(s, out);
  std::string digits;
  digits.reserve(s.size());
  for (char c : s)
    if (c != ',') digits.push_back(c);
  return parse_number(digits, out);
}

std::string format_naira(KoboSum kobo) {
  bool neg = kobo < 0;
  unsigned __int128 v = neg ? static_cast<unsigned __int128>(-kobo)
                            : static_cast<unsigned __int128>(kobo);
  char buf[64];
  int pos = 63;
  buf[pos] = '\0';
  unsigned frac = static_cast<unsigned>(v % 100);
  v /= 100;
  buf[--pos] = static_cast<char>('0' + frac % 10);
  buf[--pos] = static_cast<char>('0' + frac / 10);
  buf[--pos] = '.';
  do {
    buf[--pos] = static_cast<char>('0' + static_cast<unsigned>(v % 10));
    v /= 10;
  } while (v != 0);
  if (neg) buf[--pos] = '-';
  return std::string(buf + pos);
}

KoboSum mean_kobo(KoboSum sum, uint64_t count) noexcept {
  KoboSum n = static_cast<KoboSum>(count);
  KoboSum q = sum / n, r = sum % n;
  if (r < 0) r = -r;
  if (2 * r >= n) q += sum < 0 ? -1 : 1;
  return q;
}

}  // namespace guesttrack
