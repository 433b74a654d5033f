// unit-money.cpp — SPEC §1/§6: naira amounts become integer kobo from the decimal text as
// written (half away from zero, never through a double), and print back with two decimals.
#include <catch2/catch.hpp>

#include <string>

#include "guesttrack/money.hpp"

using namespace guesttrack;

namespace {

struct Parsed {
  AmountParse result;
  Kobo kobo;
};

Parsed decimal(const std::string& text) {
  Kobo k = -12345;  // a sentinel: an ok parse must overwrite it
  AmountParse r = parse_decimal_kobo(text, &k);
  return {r, k};
}

Parsed amount(const std::string& text) {
  Kobo k = -12345;
  AmountParse r = parse_amount_string(text, &k);
  return {r, k};
}

KoboSum i128(const char* digits) {
  KoboSum v = 0;
  for (const char* p = digits; *p; ++p) v = v * 10 + (*p - '0');
  return v;
}

}  // namespace

TEST_CASE("parse_decimal_kobo: plain decimals", "[money]") {
  struct Case {
    const char* text;
    Kobo kobo;
  };
  const Case cases[] = {
      {"0", 0},
      {"1", 100},
      {"25000", 2500000},
      {"25000.5", 2500050},
      {"25000.50", 2500050},
      {"0.01", 1},
      {"0.1", 10},
      {"99.99", 9999},
      {"1234.5", 123450},
      {"7000.00000", 700000},
      {"000123.40", 12340},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    auto p = decimal(c.text);
    CHECK(p.result == AmountParse::ok);
    CHECK(p.kobo == c.kobo);
  }
}

TEST_CASE("parse_decimal_kobo: rounds half away from zero from the text", "[money]") {
  struct Case {
    const char* text;
    Kobo kobo;
  };
  const Case cases[] = {
      // SPEC §6: "1.005" -> 101 kobo (as a double, 1.005 is 1.00499999…, which would give 100).
      {"1.005", 101},
      {"0.125", 13},   // 12.5 kobo -> 13
      {"0.005", 1},    // 0.5 kobo -> 1
      {"0.0049", 0},   // 0.49 kobo -> 0
      {"0.00499999999999999999999", 0},  // a double would read this as 0.005 -> 1
      {"2.675", 268},  // 2.675 is 2.67499999… as a double
      {"1.015", 102},
      {"10.994999", 1099},
      {"10.995", 1100},
      {"0.0050000000000000000001", 1},
      {"123456789012.345", 12345678901235},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    auto p = decimal(c.text);
    CHECK(p.result == AmountParse::ok);
    CHECK(p.kobo == c.kobo);
  }
}

TEST_CASE("parse_decimal_kobo: exponents", "[money]") {
  struct Case {
    const char* text;
    Kobo kobo;
  };
  const Case cases[] = {
      {"2.5e3", 250000},  {"2.5E3", 250000}, {"2.5e+3", 250000}, {"1e-2", 1},
      {"5e-3", 1},        // 0.005 naira = 0.5 kobo -> 1
      {"4.9e-3", 0},      // 0.49 kobo -> 0
      {"1.005e0", 101},   {"100.5e-2", 101},  // 1.005 again, written differently
      {"12345e-2", 12345}, {"0e10", 0},       {"1E2", 10000},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    auto p = decimal(c.text);
    CHECK(p.result == AmountParse::ok);
    CHECK(p.kobo == c.kobo);
  }
}

TEST_CASE("parse_decimal_kobo: zero and negatives", "[money]") {
  SECTION("-0 is zero, not negative") {
    for (const char* t : {"-0", "-0.0", "-0.00", "-0e5"}) {
      INFO(t);
      auto p = decimal(t);
      CHECK(p.result == AmountParse::ok);
      CHECK(p.kobo == 0);
    }
  }
  SECTION("numbers below zero are negative") {
    for (const char* t : {"-1", "-0.01", "-25000.50", "-2.5e3", "-1.005"}) {
      INFO(t);
      CHECK(decimal(t).result == AmountParse::negative);
    }
  }
}

TEST_CASE("parse_decimal_kobo: text that is not a decimal number", "[money]") {
  for (const char* t : {"", "abc", "1.2.3", "1e", "1e+", "--1", "- 1", "1,000", "0x10", "NaN",
                        "nan", "Infinity", "-Infinity", "e5", "12a", "1 000", ".",
                        "true", "null", "\"5\""}) {
    INFO("text: [" << t << "]");
    CHECK(decimal(t).result == AmountParse::not_a_number);
  }
}

TEST_CASE("parse_decimal_kobo: the range limit is 10^15 naira", "[money]") {
  SECTION("the limit itself is accepted") {
    auto p = decimal("1000000000000000");
    CHECK(p.result == AmountParse::ok);
    CHECK(p.kobo == kMaxOrderKobo);
    auto e = decimal("1e15");
    CHECK(e.result == AmountParse::ok);
    CHECK(e.kobo == kMaxOrderKobo);
    auto f = decimal("999999999999999.99");
    CHECK(f.result == AmountParse::ok);
    CHECK(f.kobo == kMaxOrderKobo - 1);
  }
  SECTION("larger totals are not a number") {
    for (const char* t : {"1000000000000000.01", "1000000000000001", "1e16", "1.1e15", "1e400",
                          "99999999999999999999999999999999999999999",
                          "184467440737095516.16",  // 2^64 kobo: would wrap a uint64
                          "92233720368547758.08"}) {  // 2^63 kobo: would wrap an int64
      INFO(t);
      CHECK(decimal(t).result == AmountParse::not_a_number);
    }
  }
  SECTION("many digits that are still small are fine") {
    auto p = decimal("0000000000000000000000000000000000000012.3400000000000000000000000");
    CHECK(p.result == AmountParse::ok);
    CHECK(p.kobo == 1234);
  }
}

TEST_CASE("parse_amount_string: numeric strings as shops write them", "[money]") {
  struct Case {
    const char* text;
    Kobo kobo;
  };
  const Case cases[] = {
      {"25,000.50", 2500050},
      {"\u20A625,000.50", 2500050},      // ₦25,000.50
      {"\u20A6 25,000.50", 2500050},     // ₦ then white space
      {"NGN 7,000", 700000},
      {"NGN7000", 700000},
      {"NGN  7,000.5", 700050},
      {"  1,234.5  ", 123450},
      {"\t\u20A61,234.56\n", 123456},
      {"1,000,000", 100000000},
      {"1,2,3", 12300},                  // commas anywhere in the digits are ignored
      {"7000", 700000},
      {"1.005", 101},
      {"0", 0},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    auto p = amount(c.text);
    CHECK(p.result == AmountParse::ok);
    CHECK(p.kobo == c.kobo);
  }
}

TEST_CASE("parse_amount_string: negatives and garbage", "[money]") {
  SECTION("negative") {
    CHECK(amount("-5").result == AmountParse::negative);
    CHECK(amount("-1,000.00").result == AmountParse::negative);
  }
  SECTION("-0 is zero") {
    auto p = amount("-0.00");
    CHECK(p.result == AmountParse::ok);
    CHECK(p.kobo == 0);
  }
  SECTION("not a number") {
    for (const char* t : {"", "   ", "\u20A6", "NGN", "NGN ", "USD 5", "$5", "five", "5 naira",
                          "1.2.3", "abc123", "\u20A6\u20A6", "N/A"}) {
      INFO("text: [" << t << "]");
      CHECK(amount(t).result == AmountParse::not_a_number);
    }
  }
  SECTION("out of range") {
    CHECK(amount("1,000,000,000,000,000.01").result == AmountParse::not_a_number);
    auto p = amount("\u20A61,000,000,000,000,000");
    CHECK(p.result == AmountParse::ok);
    CHECK(p.kobo == kMaxOrderKobo);
  }
}

TEST_CASE("format_naira prints exactly two decimals", "[money]") {
  CHECK(format_naira(0) == "0.00");
  CHECK(format_naira(1) == "0.01");
  CHECK(format_naira(10) == "0.10");
  CHECK(format_naira(99) == "0.99");
  CHECK(format_naira(100) == "1.00");
  CHECK(format_naira(123450) == "1234.50");
  CHECK(format_naira(2500050) == "25000.50");
  CHECK(format_naira(kMaxOrderKobo) == "1000000000000000.00");
  // A KoboSum is wider than int64: sums of many large orders must still print exactly.
  CHECK(format_naira(i128("123456789012345678901234")) == "1234567890123456789012.34");
  CHECK(format_naira(-5) == "-0.05");
  CHECK(format_naira(-150) == "-1.50");
}

TEST_CASE("mean_kobo rounds half away from zero", "[money]") {
  CHECK(mean_kobo(10, 4) == 3);    // 2.5 -> 3
  CHECK(mean_kobo(10, 3) == 3);    // 3.33 -> 3
  CHECK(mean_kobo(11, 3) == 4);    // 3.67 -> 4
  CHECK(mean_kobo(7, 2) == 4);     // 3.5 -> 4
  CHECK(mean_kobo(6, 2) == 3);
  CHECK(mean_kobo(0, 5) == 0);
  CHECK(mean_kobo(1, 3) == 0);     // 0.33 -> 0
  CHECK(mean_kobo(2, 4) == 1);     // 0.5 -> 1
  CHECK(mean_kobo(-5, 2) == -3);   // -2.5 -> -3 (away from zero)
  CHECK(mean_kobo(-7, 3) == -2);   // -2.33 -> -2
  CHECK(mean_kobo(12345, 1) == 12345);
  // Beyond int64: (10^30 + 1) / 2 = 5·10^29 + 0.5 -> 5·10^29 + 1
  const KoboSum big = i128("1000000000000000000000000000001");
  CHECK(mean_kobo(big, 2) == i128("500000000000000000000000000001"));
}
