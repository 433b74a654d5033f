// normalize.hpp — SPEC §2: how emails, phones, names and places are cleaned before grouping.
#pragma once

#include <string>
#include <string_view>

namespace guesttrack {

/// Trim and lowercase (Unicode simple case mappings: `ADÉ@X.NG` -> `adé@x.ng`). The result may
/// still be invalid: check with is_valid_email().
std::string normalize_email(std::string_view raw);

/// One `@`, a non-empty local part, a domain with a dot, no white space (Unicode's, as trim()),
/// at most 254 characters (code points).
/// Expects an already normalised email.
bool is_valid_email(std::string_view email) noexcept;

/// Drop white space, `-`, `.`, `(`, `)`; `0` + 10 digits and `234` + 10 digits become `+234` + 10
/// digits; anything else is kept as cleaned.
std::string normalize_phone(std::string_view raw);

/// What a guest search looks for in stored phone numbers when the query is typed as one: the
/// query cleaned as normalize_phone() cleans (separators dropped) and, when it starts with the
/// local `0`, that `0` as `+234` ("0803 123" -> "+234803123", part of "+2348031234567"). Empty
/// when the query is not digits (with an optional leading `+`) once cleaned.
std::string phone_search_text(std::string_view query);

/// Trim, collapse each inner run of white space to one space, Title Case: a letter that follows
/// a letter, digit or combining mark (Unicode categories L, M, N) is lowercased, any other letter
/// uppercased (`ado-ekiti` -> `Ado-Ekiti`, `o'brien` -> `O'Brien`, `ADÉBÁYỌ̀` -> `Adébáyọ̀`), by
/// Unicode's simple case mappings. Used for names and cities.
std::string normalize_name(std::string_view raw);

/// As a city, then drop a trailing " State"; FCT, Abuja, Abuja FCT and Federal Capital
/// Territory (any case) become "FCT".
std::string normalize_state(std::string_view raw);

/// Trim only (address, bus stop, zip code, country). White space alone becomes empty.
std::string normalize_trimmed(std::string_view raw);

/// Trim and lowercase: the form statuses are compared and reported in.
std::string normalize_status(std::string_view raw);

/// The same rules for the parser's hot path: the result views `raw` when cleaning changes
/// nothing but the trimming (as for most fields of a real export), else `*storage`, which then
/// holds it (its capacity is reused). Valid while both are.
std::string_view normalize_email(std::string_view raw, std::string* storage);
std::string_view normalize_phone(std::string_view raw, std::string* storage);
std::string_view normalize_name(std::string_view raw, std::string* storage);
std::string_view normalize_state(std::string_view raw, std::string* storage);
std::string_view normalize_trimmed(std::string_view raw, std::string* storage);
std::string_view normalize_status(std::string_view raw, std::string* storage);

/// ASCII white space: space, \t, \n, \v, \f, \r (the layout of JSON and NDJSON).
inline bool is_space(char c) noexcept {
  return c == ' ' || (c >= '\t' && c <= '\r');
}

/// `text` without leading and trailing ASCII white space: JSON's own (a raw token's surroundings),
/// and all a text without bytes beyond ASCII needs. Inline: it sits on the parser's hot path.
inline std::string_view trim_ascii(std::string_view text) noexcept {
  size_t b = 0, e = text.size();
  while (b < e && is_space(text[b])) ++b;
  while (e > b && is_space(text[e - 1])) --e;
  return text.substr(b, e - b);
}

/// `text` without leading and trailing white space: Unicode's White_Space characters (ASCII
/// white space, U+0085, no-break space U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F,
/// U+205F, U+3000), as every text rule counts white space.
std::string_view trim(std::string_view text) noexcept;

}  // namespace guesttrack
