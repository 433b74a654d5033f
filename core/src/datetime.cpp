// datetime.cpp — ISO-8601 parsing and printing on a proleptic Gregorian calendar, in integers.
#include "guesttrack/datetime.hpp"

#include <cstdio>

namespace guesttrack {
namespace {

constexpr int64_t kMsPerDay = 86'400'000;

// Days since 1970-01-01 of a civil date (H. Hinnant's days_from_civil).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) noexcept {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void civil_from_days(int64_t z, int64_t* y, unsigned* m, unsigned* d) noexcept {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t yy = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = yy + (*m <= 2);
}

bool is_leap(int64_t y) noexcept { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned days_in_month(int64_t y, unsigned m) noexcept {
  static const unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

int64_t floor_div(int64_t a, int64_t b) noexcept {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

// Reads exactly `count` digits at s[*i].
bool digits(std::string_view s, size_t* i, int count, unsigned* out) noexcept {
  unsigned v = 0;
  for (int k = 0; k < count; ++k) {
    if (*i >= s.size() || s[*i] < '0' || s[*i] > '9') return false;
    v = v * 10 + static_cast<unsigned>(s[(*i)++] - '0');
  }
  *out = v;
  return true;
}

}  // namespace

bool parse_iso8601(std::string_view s, EpochMs* out) noexcept {
  size_t i = 0;
  unsigned year, month, day;
  if (!digits(s, &i, 4, &year) || i >= s.size() || s[i++] != '-') return false;
  if (!digits(s, &i, 2, &month) || i >= s.size() || s[i++] != '-') return false;
  if (!digits(s, &i, 2, &day)) return false;
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > days_in_month(year, month))
    return false;
  int64_t ms = days_from_civil(year, month, day) * kMsPerDay;
  if (i == s.size()) {
    *out = ms;
    return true;
  }
  if (s[i] != 'T' && s[i] != 't' && s[i] != ' ') return false;
  ++i;
  unsigned hour, minute, second = 0, millis = 0;
  if (!digits(s, &i, 2, &hour) || i >= s.size() || s[i++] != ':') return false;
  if (!digits(s, &i, 2, &minute)) return false;
  if (i < s.size() && s[i] == ':') {
    ++i;
    if (!digits(s, &i, 2, &second)) return false;
    if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
      ++i;
      size_t start = i;
      unsigned scale = 100;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
        millis += static_cast<unsigned>(s[i] - '0') * scale;  // truncates past milliseconds
        scale /= 10;
        ++i;
      }
      if (i == start) return false;
    }
  }
  if (hour > 23 || minute > 59 || second > 59) return false;
  ms += ((static_cast<int64_t>(hour) * 60 + minute) * 60 + second) * 1000 + millis;
  if (i < s.size()) {
    char z = s[i++];
    if (z == 'Z' || z == 'z') {
      // UTC
    } else if (z == '+' || z == '-') {
      unsigned oh, om = 0;
      if (!digits(s, &i, 2, &oh)) return false;
      if (i < s.size() && s[i] == ':') {
        ++i;
        if (!digits(s, &i, 2, &om)) return false;
      } else if (i < s.size()) {
        if (!digits(s, &i, 2, &om)) return false;
      }
      if (oh > 23 || om > 59) return false;
      int64_t offset = (static_cast<int64_t>(oh) * 60 + om) * 60'000;
      ms += z == '+' ? -offset : offset;
    } else {
      return false;
    }
  }
  if (i != s.size()) return false;
  if (ms < kMinEpochMs || ms > kMaxEpochMs) return false;
  *out = ms;
  return true;
}

std::string format_iso8601(EpochMs ms) {
  int64_t days = floor_div(ms, kMsPerDay);
  int64_t rem = ms - days * kMsPerDay;
  int64_t y;
  unsigned m, d;
  civil_from_days(days, &y, &m, &d);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02u:%02u:%02u.%03uZ",
                static_cast<long long>(y), m, d, static_cast<unsigned>(rem / 3'600'000),
                static_cast<unsigned>(rem / 60'000 % 60), static_cast<unsigned>(rem / 1000 % 60),
                static_cast<unsigned>(rem % 1000));
  return buf;
}

int64_t month_index(EpochMs ms, int tz_offset_minutes) noexcept {
  int64_t local = ms + static_cast<int64_t>(tz_offset_minutes) * 60'000;
  int64_t y;
  unsigned m, d;
  civil_from_days(floor_div(local, kMsPerDay), &y, &m, &d);
  return y * 12 + (m - 1);
}

std::string format_month(int64_t index) {
  int64_t y = floor_div(index, 12);
  int64_t m = index - y * 12 + 1;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04lld-%02lld", static_cast<long long>(y),
                static_cast<long long>(m));
  return buf;
}

}  // namespace guesttrack
