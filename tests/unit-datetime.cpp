// unit-datetime.cpp — SPEC §1/§6 dates: the ISO-8601 forms accepted for createdAt/updatedAt,
// truncation to milliseconds, range checks, and months (UTC or at a given offset).
#include <catch2/catch.hpp>

#include <string>

#include "guesttrack/datetime.hpp"

using namespace guesttrack;

namespace {

constexpr EpochMs kSecond = 1000;
constexpr EpochMs kMinute = 60 * kSecond;
constexpr EpochMs kHour = 60 * kMinute;
constexpr EpochMs kDay = 24 * kHour;
constexpr EpochMs kMar5 = 1709596800000LL;  // 2024-03-05T00:00:00Z

bool parses(const std::string& text, EpochMs* out) {
  *out = -777;  // a sentinel: a failed parse may leave it, a good one must replace it
  return parse_iso8601(text, out);
}

EpochMs must_parse(const std::string& text) {
  EpochMs ms = 0;
  INFO("text: " << text);
  REQUIRE(parses(text, &ms));
  return ms;
}

int64_t month_number(int year, int month) { return int64_t(year) * 12 + (month - 1); }

}  // namespace

TEST_CASE("parse_iso8601: every accepted form", "[datetime]") {
  struct Case {
    const char* text;
    EpochMs ms;
  };
  const EpochMs t1030 = kMar5 + 10 * kHour + 30 * kMinute;
  const Case cases[] = {
      // A date alone is 00:00 UTC.
      {"2024-03-05", kMar5},
      // Date and time, no zone: UTC.
      {"2024-03-05T10:30", t1030},
      {"2024-03-05T10:30:15", t1030 + 15 * kSecond},
      {"2024-03-05T10:30:15.123", t1030 + 15 * kSecond + 123},
      // One space instead of T.
      {"2024-03-05 10:30:15", t1030 + 15 * kSecond},
      {"2024-03-05 10:30:15Z", t1030 + 15 * kSecond},
      // Z
      {"2024-03-05T10:30Z", t1030},
      {"2024-03-05T10:30:15Z", t1030 + 15 * kSecond},
      {"2024-03-05T10:30:15.123Z", t1030 + 15 * kSecond + 123},
      // Offsets: local time minus offset = UTC.
      {"2024-03-05T10:30:15+01:00", t1030 + 15 * kSecond - kHour},
      {"2024-03-05T10:30:15+0100", t1030 + 15 * kSecond - kHour},
      {"2024-03-05T10:30:15+01", t1030 + 15 * kSecond - kHour},
      {"2024-03-05T10:30:15-05:30", t1030 + 15 * kSecond + 5 * kHour + 30 * kMinute},
      {"2024-03-05T10:30:15-0530", t1030 + 15 * kSecond + 5 * kHour + 30 * kMinute},
      {"2024-03-05T10:30:15-05", t1030 + 15 * kSecond + 5 * kHour},
      {"2024-03-05T10:30:15+00:00", t1030 + 15 * kSecond},
      {"2024-03-05T10:30+01:00", t1030 - kHour},
      {"2024-03-05T10:30:15.5+01:00", t1030 + 15 * kSecond + 500 - kHour},
      // An offset that crosses midnight into the previous day.
      {"2024-03-05T00:30:00+01:00", kMar5 - 30 * kMinute},
      {"2024-03-04T23:30:00-01:00", kMar5 + 30 * kMinute},
  };
  for (const auto& c : cases) {
    INFO("text: " << c.text);
    EpochMs ms = 0;
    CHECK(parses(c.text, &ms));
    CHECK(ms == c.ms);
  }
}

TEST_CASE("parse_iso8601: fractional seconds are truncated to milliseconds", "[datetime]") {
  const EpochMs base = kMar5 + 10 * kHour + 30 * kMinute + 15 * kSecond;
  CHECK(must_parse("2024-03-05T10:30:15.1Z") == base + 100);
  CHECK(must_parse("2024-03-05T10:30:15.12Z") == base + 120);
  CHECK(must_parse("2024-03-05T10:30:15.123Z") == base + 123);
  CHECK(must_parse("2024-03-05T10:30:15.1239Z") == base + 123);  // truncated, not rounded
  CHECK(must_parse("2024-03-05T10:30:15.999999999Z") == base + 999);
  CHECK(must_parse("2024-03-05T10:30:15.000Z") == base);
  CHECK(must_parse("2024-03-05T10:30:15.0009Z") == base);
  // Before 1970 too: the fraction is truncated as written, not toward zero of the epoch value.
  CHECK(must_parse("1969-12-31T23:59:59.9999Z") == -1);
  CHECK(must_parse("1969-12-31T23:59:59Z") == -1000);
}

TEST_CASE("parse_iso8601: calendar arithmetic", "[datetime]") {
  CHECK(must_parse("1970-01-01") == 0);
  CHECK(must_parse("1970-01-01T00:00:00.001Z") == 1);
  CHECK(must_parse("2024-02-29") == 1709164800000LL);  // leap year
  CHECK(must_parse("2000-02-29") == 951782400000LL);   // divisible by 400
  CHECK(must_parse("2024-03-01") - must_parse("2024-02-28") == 2 * kDay);
  CHECK(must_parse("2023-03-01") - must_parse("2023-02-28") == kDay);
  CHECK(must_parse("2024-12-31T23:59:59.999Z") + 1 == must_parse("2025-01-01"));
  CHECK(must_parse("0001-01-01") == kMinEpochMs);
  CHECK(must_parse("9999-12-31T23:59:59.999Z") == kMaxEpochMs);
  CHECK(must_parse("9999-12-31T23:59:59.999999Z") == kMaxEpochMs);
}

TEST_CASE("parse_iso8601: rejects invalid text and out-of-range fields", "[datetime]") {
  const char* bad[] = {
      "",
      "   ",
      "garbage",
      "2023-02-29",  // not a leap year
      "1900-02-29",  // century, not divisible by 400
      "2024-02-30",
      "2024-04-31",
      "2024-13-01",
      "2024-00-10",
      "2024-01-00",
      "2024-01-32",
      "0000-01-01",  // years 0001 to 9999
      "2024-01-01T24:61",
      "2024-01-01T25:00",
      "2024-01-01T23:60",
      "2024-01-01T10:30:61",
      "2024-1-5",
      "24-01-05",
      "2024/01/05",
      "2024-01-01T",
      "2024-01-01T10",
      "2024-01-01T1:30",
      "2024-01-01T10:30:00.",  // a decimal point with no digits
      "2024-01-01T10:30:00Zjunk",
      "2024-01-01T10:30:00 Z",
      "2024-01-01  10:30",  // two spaces
      "2024-01-01T10:30:00+1",
      "2024-01-01T10:30:00+01:0",
      "2024-01-01T10:30:00+01:60",
      "2024-01-01x",
      // Outside the accepted instants once the offset is applied.
      "9999-12-31T23:59:59.999-01:00",
      "0001-01-01T00:30:00+01:00",
  };
  for (const char* text : bad) {
    INFO("text: [" << text << "]");
    EpochMs ms = 0;
    CHECK_FALSE(parse_iso8601(text, &ms));
  }
}

TEST_CASE("format_iso8601 prints UTC with milliseconds", "[datetime]") {
  CHECK(format_iso8601(0) == "1970-01-01T00:00:00.000Z");
  CHECK(format_iso8601(1) == "1970-01-01T00:00:00.001Z");
  CHECK(format_iso8601(-1) == "1969-12-31T23:59:59.999Z");
  CHECK(format_iso8601(kMar5 + 10 * kHour + 30 * kMinute) == "2024-03-05T10:30:00.000Z");
  CHECK(format_iso8601(1709164800000LL + 123) == "2024-02-29T00:00:00.123Z");
  CHECK(format_iso8601(kMinEpochMs) == "0001-01-01T00:00:00.000Z");
  CHECK(format_iso8601(kMaxEpochMs) == "9999-12-31T23:59:59.999Z");
}

TEST_CASE("parse_iso8601 and format_iso8601 round-trip", "[datetime]") {
  for (const char* text : {"2024-03-05T10:30:00.000Z", "1999-12-31T23:59:59.999Z",
                           "1960-06-15T12:00:00.250Z", "2100-03-01T00:00:00.000Z",
                           "0001-01-01T00:00:00.000Z", "9999-12-31T23:59:59.999Z"}) {
    INFO(text);
    CHECK(format_iso8601(must_parse(text)) == text);
  }
}

TEST_CASE("month_index: UTC and at an offset", "[datetime]") {
  const EpochMs jan31_2330 = must_parse("2024-01-31T23:30:00Z");
  CHECK(month_index(jan31_2330, 0) == month_number(2024, 1));
  CHECK(month_index(jan31_2330, 60) == month_number(2024, 2));   // WAT: 00:30 on 1 Feb
  CHECK(month_index(jan31_2330, 29) == month_number(2024, 1));   // 23:59 on 31 Jan
  CHECK(month_index(jan31_2330, 30) == month_number(2024, 2));   // exactly 00:00 on 1 Feb

  const EpochMs feb1_0030 = must_parse("2024-02-01T00:30:00Z");
  CHECK(month_index(feb1_0030, 0) == month_number(2024, 2));
  CHECK(month_index(feb1_0030, -60) == month_number(2024, 1));
  CHECK(month_index(feb1_0030, -1440) == month_number(2024, 1));

  const EpochMs dec31 = must_parse("2023-12-31T23:00:00Z");
  CHECK(month_index(dec31, 0) == month_number(2023, 12));
  CHECK(month_index(dec31, 60) == month_number(2024, 1));  // across a year
  CHECK(month_index(dec31, 1440) == month_number(2024, 1));

  CHECK(month_index(0, 0) == month_number(1970, 1));
  CHECK(month_index(-1, 0) == month_number(1969, 12));  // before the epoch
  CHECK(month_index(must_parse("1969-03-15"), 0) == month_number(1969, 3));
  CHECK(month_index(must_parse("2024-02-29T12:00:00Z"), 0) == month_number(2024, 2));
  CHECK(month_index(must_parse("2024-03-01T00:00:00Z"), 0) == month_number(2024, 3));
  CHECK(month_index(must_parse("2024-03-01T00:00:00Z"), -1) == month_number(2024, 2));
}

TEST_CASE("format_month", "[datetime]") {
  CHECK(format_month(month_number(2024, 3)) == "2024-03");
  CHECK(format_month(month_number(2024, 12)) == "2024-12");
  CHECK(format_month(month_number(2025, 1)) == "2025-01");
  CHECK(format_month(month_number(1969, 12)) == "1969-12");
  CHECK(format_month(month_number(1, 1)) == "0001-01");
  CHECK(format_month(month_number(9999, 12)) == "9999-12");
  CHECK(format_month(month_index(must_parse("2024-01-31T23:30:00Z"), 60)) == "2024-02");
}
