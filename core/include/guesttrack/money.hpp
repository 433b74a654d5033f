// money.hpp — naira amounts as integer kobo: exact parsing from decimal text, exact printing.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace guesttrack {

/// A single amount in kobo (1 naira = 100 kobo).
using Kobo = int64_t;
/// A sum of amounts. Wide enough that no realistic or hostile input can overflow it.
using KoboSum = __int128;

/// Largest accepted order total: 10^15 naira, in kobo. Larger totals are "non-numeric".
constexpr Kobo kMaxOrderKobo = 100'000'000'000'000'000LL;

enum class AmountParse : uint8_t {
  ok,
  not_a_number,  ///< the text is not a decimal number (or is out of range)
  negative,      ///< a number below zero (−0 is zero, not negative)
};

/// Parses decimal text as written in JSON or in a numeric string: optional sign, digits,
/// optional fraction, optional exponent. Rounds half away from zero to the kobo, never through a
/// binary double ("1.005" -> 101).
AmountParse parse_decimal_kobo(std::string_view text, Kobo* out) noexcept;

/// Parses a numeric string as shops write it: surrounding white space, an optional `₦` or `NGN`
/// prefix (then optional white space), commas ignored wherever they stand ("₦25,000.50").
/// Amounts above 10^15 naira (once rounded to the kobo) are not_a_number.
AmountParse parse_amount_string(std::string_view text, Kobo* out) noexcept;

/// "1234.50" — naira with exactly two decimals.
std::string format_naira(KoboSum kobo);

/// Mean of `sum` over `count` items, rounded half away from zero to the kobo. count > 0.
KoboSum mean_kobo(KoboSum sum, uint64_t count) noexcept;

}  // namespace guesttrack
