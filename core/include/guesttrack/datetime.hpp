// datetime.hpp — instants as milliseconds since the Unix epoch (UTC); ISO-8601 in and out.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace guesttrack {

/// Milliseconds since 1970-01-01T00:00:00Z.
using EpochMs = int64_t;

/// Earliest and latest instants accepted (years 0001 to 9999).
constexpr EpochMs kMinEpochMs = -62135596800000LL;  // 0001-01-01T00:00:00.000Z
constexpr EpochMs kMaxEpochMs = 253402300799999LL;  // 9999-12-31T23:59:59.999Z

/// Parses ISO-8601: `YYYY-MM-DD`, optionally `T` (or one space) `hh:mm[:ss[.fff…]]`, then `Z`,
/// `±hh:mm`, `±hhmm`, `±hh` or nothing (UTC). Fractional seconds are truncated to milliseconds.
/// A date alone is 00:00 UTC. Fields are range-checked (no 2023-02-29, no 25:00).
bool parse_iso8601(std::string_view text, EpochMs* out) noexcept;

/// "2024-03-05T10:30:00.000Z".
std::string format_iso8601(EpochMs ms);

/// Month number (year * 12 + month − 1) of an instant seen at a UTC offset in minutes.
int64_t month_index(EpochMs ms, int tz_offset_minutes) noexcept;

/// "2024-03" for a month number.
std::string format_month(int64_t month_index);

}  // namespace guesttrack
