// parse.cpp — SPEC §1 and §6: documents to records, each record to an Order or a rejection.
//
// The document's shape is found by the RecordSplitter (array, {"orders"|"data": [...]}, NDJSON);
// each record is then parsed on its own by simdjson On-Demand, so parser memory follows the
// largest record, not the document. Totals go from the number's raw text to kobo, never through
// a double.
#include <simdjson.h>

#include <cstring>
#include <deque>
#include <string>

#include "threads.hpp"
#ifndef GUESTTRACK_NO_THREADS
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>
#endif

#include "guesttrack/money.hpp"
#include "guesttrack/normalize.hpp"
#include "guesttrack/parse.hpp"
#include "record_batch.hpp"
#include "record_splitter.hpp"
#include "stage1.hpp"
#include "unicode.hpp"

namespace guesttrack {
namespace {

namespace od = simdjson::ondemand;
using detail::first_invalid_utf8;

// WASM: simdjson parsers index with the SSE2 (WebAssembly SIMD) stage 1, not the scalar one.
[[maybe_unused]] const bool kFastStage1 = (detail::use_fast_stage1(), true);

enum class Key : uint8_t {
  other, underscore_id, id, buyer_id, email, phone, first_name, last_name, full_name, name,
  address, bus_stop, city, state, zip_code, country, total, status, created_at, updated_at,
  count_
};

// k == lit, for a k already known to be lit's length: unrolled byte compares, no memcmp call
// (which WASM makes a real call).
template <size_t N>
bool key_is(std::string_view k, const char (&lit)[N]) noexcept {
  for (size_t i = 0; i + 1 < N; ++i)
    if (k[i] != lit[i]) return false;
  return true;
}

Key classify_key(std::string_view k) noexcept {
  switch (k.size()) {
    case 2: return key_is(k, "id") ? Key::id : Key::other;
    case 3: return key_is(k, "_id") ? Key::underscore_id : Key::other;
    case 4:
      if (key_is(k, "city")) return Key::city;
      if (key_is(k, "name")) return Key::name;
      return Key::other;
    case 5:
      if (key_is(k, "email")) return Key::email;
      if (key_is(k, "phone")) return Key::phone;
      if (key_is(k, "state")) return Key::state;
      if (key_is(k, "total")) return Key::total;
      return Key::other;
    case 6: return key_is(k, "status") ? Key::status : Key::other;
    case 7:
      if (key_is(k, "buyerId")) return Key::buyer_id;
      if (key_is(k, "address")) return Key::address;
      if (key_is(k, "busStop")) return Key::bus_stop;
      if (key_is(k, "zipCode")) return Key::zip_code;
      if (key_is(k, "country")) return Key::country;
      return Key::other;
    case 8:
      if (key_is(k, "lastName")) return Key::last_name;
      if (key_is(k, "fullName")) return Key::full_name;
      return Key::other;
    case 9:
      if (key_is(k, "firstName")) return Key::first_name;
      if (key_is(k, "createdAt")) return Key::created_at;
      if (key_is(k, "updatedAt")) return Key::updated_at;
      return Key::other;
    default: return Key::other;
  }
}

// Strict JSON number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
bool is_json_number(std::string_view s) noexcept {
  size_t i = 0, n = s.size();
  auto digit = [&](size_t k) { return k < n && s[k] >= '0' && s[k] <= '9'; };
  if (i < n && s[i] == '-') ++i;
  if (!digit(i)) return false;
  if (s[i] == '0') ++i;
  else while (digit(i)) ++i;
  if (i < n && s[i] == '.') {
    ++i;
    if (!digit(i)) return false;
    while (digit(i)) ++i;
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digit(i)) return false;
    while (digit(i)) ++i;
  }
  return i == n;
}

// Epoch milliseconds from number text: "1709634600000", "-5", and the forms a double takes
// ("1.7096346E+12", "1709634600000.0", as a JavaScript Date.now() stored by a driver comes out
// of mongoexport). The value is taken exactly from the decimal text; a fraction of a
// millisecond is dropped toward the past (as fractional seconds are truncated).
bool parse_epoch_ms(std::string_view s, EpochMs* out) noexcept {
  size_t i = 0;
  bool neg = false;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) neg = s[i++] == '-';
  std::string_view num = s.substr(i);
  if (num.empty() || num[0] == '-' || !is_json_number(num)) return false;
  // The digits (integer and fraction) and where the decimal point falls among them.
  char digits[24];
  size_t n = 0, k = 0;
  int64_t point = 0;  // digits before the point
  bool dropped_nonzero = false, seen_point = false;
  for (; k < num.size() && num[k] != 'e' && num[k] != 'E'; ++k) {
    if (num[k] == '.') {
      seen_point = true;
      continue;
    }
    if (n == 0 && num[k] == '0') {  // leading zeros carry no value
      if (seen_point) --point;
      continue;
    }
    if (n == sizeof digits) {  // beyond any valid date's precision: only whether it is zero
      if (num[k] != '0') dropped_nonzero = true;
      if (!seen_point) ++point;
      continue;
    }
    digits[n++] = num[k];
    if (!seen_point) ++point;
  }
  if (k < num.size()) {  // exponent
    size_t e = k + 1;
    bool eneg = num[e] == '-';
    if (num[e] == '+' || num[e] == '-') ++e;
    int64_t ex = 0;
    for (; e < num.size(); ++e) ex = std::min<int64_t>(ex * 10 + (num[e] - '0'), 1000);
    point += eneg ? -ex : ex;
  }
  if (n == 0) point = 0;  // zero
  if (point > 16) return false;  // beyond year 9999 either way
  int64_t v = 0;
  for (int64_t d = 0; d < point; ++d) v = v * 10 + (d < static_cast<int64_t>(n) ? digits[d] - '0' : 0);
  for (size_t d = static_cast<size_t>(std::max<int64_t>(point, 0)); d < n; ++d)
    if (digits[d] != '0') dropped_nonzero = true;
  if (neg) v = dropped_nonzero ? -v - 1 : -v;
  if (v < kMinEpochMs || v > kMaxEpochMs) return false;
  *out = v;
  return true;
}

enum class Presence : uint8_t { absent, ok, bad, negative };

// Epoch milliseconds in a number wrapper: $numberLong and $numberInt hold integers only.
bool epoch_of_wrapper(std::string_view key, std::string_view text, EpochMs* out) noexcept {
  if ((key == "$numberLong" || key == "$numberInt") && text.find_first_of(".eE") != std::string_view::npos)
    return false;
  return parse_epoch_ms(text, out);
}

// Canonical Extended JSON's number wrappers: {"$numberLong": "77"} and the like.
bool is_number_wrapper(std::string_view key) noexcept {
  return key == "$numberLong" || key == "$numberInt" || key == "$numberDouble" ||
         key == "$numberDecimal";
}

std::string_view raw_token(od::value& v) { return v.raw_json_token(); }
std::string_view raw_token(od::document& d) {
  std::string_view token;
  return d.raw_json_token().get(token) ? std::string_view() : token;
}

// Unescapes a JSON string as written ('"' text '"') whose only fault is a lone UTF-16
// surrogate escape (a \ud83d without its pair, as JavaScript writes a string cut inside an
// emoji; JSON's grammar allows it, UTF-8 cannot hold it): each becomes U+FFFD. False for any
// other fault.
bool unescape_lone_surrogates(std::string_view token, std::string* out) {
  out->clear();
  auto hex4 = [&](size_t at, uint32_t* cp) {
    if (at + 4 > token.size()) return false;
    *cp = 0;
    for (size_t k = at; k < at + 4; ++k) {
      char c = token[k];
      int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
      if (d < 0) return false;
      *cp = *cp * 16 + static_cast<uint32_t>(d);
    }
    return true;
  };
  if (token.size() < 2 || token[0] != '"') return false;
  for (size_t i = 1; i < token.size();) {
    char c = token[i];
    if (c == '"') return i == token.size() - 1;
    if (c != '\\') {
      out->push_back(c);
      ++i;
      continue;
    }
    if (i + 1 >= token.size()) return false;
    char esc = token[i + 1];
    i += 2;
    switch (esc) {
      case '"': case '\\': case '/': out->push_back(esc); continue;
      case 'b': out->push_back('\b'); continue;
      case 'f': out->push_back('\f'); continue;
      case 'n': out->push_back('\n'); continue;
      case 'r': out->push_back('\r'); continue;
      case 't': out->push_back('\t'); continue;
      case 'u': break;
      default: return false;
    }
    uint32_t cp;
    if (!hex4(i, &cp)) return false;
    i += 4;
    if (cp >= 0xD800 && cp < 0xDC00) {  // a high surrogate: paired only if a low one follows
      uint32_t low;
      if (i + 1 < token.size() && token[i] == '\\' && token[i + 1] == 'u' && hex4(i + 2, &low) &&
          low >= 0xDC00 && low < 0xE000) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        i += 6;
      } else {
        cp = 0xFFFD;
      }
    } else if (cp >= 0xDC00 && cp < 0xE000) {
      cp = 0xFFFD;
    }
    detail::append_code_point(out, cp);
  }
  return false;
}

// The string as written ('"' text '"') at the start of a raw token, without the white space
// after it.
std::string_view quoted(std::string_view token) {
  size_t close = token.size();
  while (close > 1 && token[close - 1] != '"') --close;
  return token.substr(0, close);
}

// simdjson's reading of a string with escapes; one it refuses only for a lone surrogate is
// unescaped here instead, into *spill (a string that must outlive the view), or only checked
// when there is no spill.
simdjson::error_code unescape_text(simdjson::simdjson_result<std::string_view> unescaped,
                                   std::string_view quoted_text, std::string_view* out,
                                   std::deque<std::string>* spill) {
  simdjson::error_code e = std::move(unescaped).get(*out);
  if (e != simdjson::STRING_ERROR) return e;
  std::string text;
  if (!unescape_lone_surrogates(quoted_text, &text)) return e;
  *out = {};
  if (spill) {
    spill->push_back(std::move(text));
    *out = spill->back();
  }
  return simdjson::SUCCESS;
}

// A string value's text. One without escape sequences is viewed where it is written (stage 1
// has already checked its UTF-8 and that it has no raw control characters); only one with a
// backslash is unescaped by simdjson (which also checks the escapes), or, for a lone surrogate,
// by unescape_text().
simdjson::error_code get_text(od::value& v, std::string_view* out,
                              std::deque<std::string>* spill = nullptr) {
  std::string_view token = quoted(v.raw_json_token());  // '"' text '"'
  if (token.size() >= 2) {
    std::string_view text = token.substr(1, token.size() - 2);
    if (!detail::find_byte(text.data(), text.size(), '\\')) {
      *out = text;
      return simdjson::SUCCESS;
    }
  }
  return unescape_text(v.get_string(), token, out, spill);
}
simdjson::error_code get_text(od::document& d, std::string_view* out,
                              std::deque<std::string>* spill = nullptr) {
  std::string_view token;
  if (auto e = d.raw_json_token().get(token)) return e;
  return unescape_text(d.get_string(), quoted(token), out, spill);
}

// A field's key. Compared as written (stage 1 guarantees the closing quote), without copying;
// only a key with an escape sequence is unescaped.
simdjson::error_code key_of(od::field& field, std::string_view* key) {
  const char* raw = field.key().raw();
  const char* end = detail::find_quote_or_backslash(raw);
  if (*end == '"') {
    *key = std::string_view(raw, static_cast<size_t>(end - raw));
    return simdjson::SUCCESS;
  }
  return field.unescaped_key().get(*key);
}

// The field an object iteration is at: its key (as key_of gives it) and its value.
simdjson::error_code open_field(simdjson::simdjson_result<od::field> result, std::string_view* key,
                                od::value* value) {
  od::field field;
  if (auto e = std::move(result).get(field)) return e;
  if (auto e = key_of(field, key)) return e;
  *value = field.value();
  return simdjson::SUCCESS;
}

// Reads a scalar (of a value, or of a document that is one) only to check it is JSON.
template <class V>
simdjson::error_code check_scalar(V& v, od::json_type t) {
  switch (t) {
    case od::json_type::number:
      return is_json_number(trim_ascii(raw_token(v))) ? simdjson::SUCCESS : simdjson::NUMBER_ERROR;
    case od::json_type::string: {
      std::string_view s;
      return get_text(v, &s);
    }
    case od::json_type::boolean: {
      bool b;
      return v.get_bool().get(b);
    }
    case od::json_type::null: {
      bool is_null = false;
      if (auto e = v.is_null().get(is_null)) return e;
      return is_null ? simdjson::SUCCESS : simdjson::N_ATOM_ERROR;
    }
    default: return simdjson::SUCCESS;
  }
}

class RecordParser {
 public:
  // Parses the record at data[begin, end). `capacity` = readable bytes from `begin`.
  // Delivers an order or a rejection to the sink; a non-ok Status is an input error.
  Status parse(const detail::RecordSplitter& split, const char* data, size_t begin, size_t end,
               size_t capacity, uint64_t index, OrderSink& sink);
  /// The fast path for an NDJSON line whose content is data[begin, end) (white space trimmed):
  /// true when it is one object, parsed and delivered. False (nothing delivered) for anything
  /// else, which the caller then reads the exact way, for the exact error.
  bool parse_object_line(const char* data, size_t begin, size_t end, size_t capacity,
                         uint64_t index, OrderSink& sink);

 private:
  simdjson::error_code read_object(od::object obj, uint64_t index, OrderSink& sink);
  /// An id: a string or {"$oid": ...}; with `numbers`, also canonical Extended JSON's number
  /// wrappers ({"$numberLong": "77"}: a buyerId, which may be a number).
  simdjson::error_code read_id(od::value v, std::string_view* out, bool* usable, bool numbers = false);
  simdjson::error_code read_total(od::value v, Presence* p);
  simdjson::error_code read_date(od::value v, Presence* p, EpochMs* ms);
  simdjson::error_code read_text(od::value v, std::string_view* out, bool* present);

 public:
  /// Reads a whole value only to check it is JSON (simdjson skips unread values structurally).
  /// `depth`: the value's nesting level (the record is 1), counted only against depth_limit_.
  simdjson::error_code validate(od::value v, uint32_t depth = 2);
  /// Checks that data[begin, end) is one JSON value.
  Status validate_range(const detail::RecordSplitter& split, const char* data, size_t begin,
                        size_t end, size_t capacity);

 private:

  od::parser parser_;
  // Views into the parser's string buffer: valid for the record being read.
  std::string_view id_, alt_id_, buyer_, email_raw_, status_raw_;
  std::string_view raw_[static_cast<int>(Key::count_)];
  std::string email_, status_;
  std::string contact_[kContactFieldCount];
  std::string scratch_;
  /// Texts unescaped by guesttrack rather than simdjson (lone surrogates), for this record.
  std::deque<std::string> spilled_;
  Kobo total_kobo_ = 0;
  std::string_view record_raw_;
  od::document* whole_ = nullptr;  ///< set: the record must end where its object does
  /// Deeper containers fail validate(). The fast line path stops well short of kMaxDepth (it
  /// counts a few levels loosely) and leaves deep records to the exact reading, which
  /// enforces kMaxDepth itself.
  uint32_t depth_limit_ = UINT32_MAX;
};

simdjson::error_code RecordParser::read_text(od::value v, std::string_view* out, bool* present) {
  od::json_type t;
  if (auto e = v.type().get(t)) return e;
  if (t != od::json_type::string) {
    *present = false;
    return validate(v);
  }
  if (auto e = get_text(v, out, &spilled_)) return e;
  *present = true;
  return simdjson::SUCCESS;
}

simdjson::error_code RecordParser::read_id(od::value v, std::string_view* out, bool* usable,
                                           bool numbers) {
  *usable = false;
  od::json_type t;
  if (auto e = v.type().get(t)) return e;
  if (t == od::json_type::string) {
    if (auto e = get_text(v, out, &spilled_)) return e;
    *usable = !out->empty();
    return simdjson::SUCCESS;
  }
  if (t == od::json_type::object) {
    od::object obj;
    if (auto e = v.get_object().get(obj)) return e;
    for (auto field_result : obj) {
      std::string_view key;
      od::value inner;
      if (auto e = open_field(std::move(field_result), &key, &inner)) return e;
      if (key == "$oid" || (numbers && is_number_wrapper(key))) {  // the last one counts
        bool present = false;
        if (auto e = read_text(inner, out, &present)) return e;
        *usable = present && !out->empty();
      } else if (auto e = validate(inner)) {
        return e;
      }
    }
    return simdjson::SUCCESS;
  }
  return validate(v);  // not a usable id, but it must be JSON
}

simdjson::error_code RecordParser::read_total(od::value v, Presence* p) {
  od::json_type t;
  if (auto e = v.type().get(t)) return e;
  Kobo kobo = 0;
  AmountParse r = AmountParse::not_a_number;
  switch (t) {
    case od::json_type::null: {
      bool is_null = false;
      if (auto e = v.is_null().get(is_null)) return e;
      *p = is_null ? Presence::absent : Presence::bad;
      if (!is_null) return simdjson::N_ATOM_ERROR;
      return simdjson::SUCCESS;
    }
    case od::json_type::number: {
      std::string_view tok = trim_ascii(v.raw_json_token());
      if (!is_json_number(tok)) return simdjson::NUMBER_ERROR;
      r = parse_decimal_kobo(tok, &kobo);
      break;
    }
    case od::json_type::string: {
      std::string_view s;
      if (auto e = get_text(v, &s, &spilled_)) return e;
      r = parse_amount_string(s, &kobo);
      break;
    }
    case od::json_type::object: {
      od::object obj;
      if (auto e = v.get_object().get(obj)) return e;
      std::string_view found;  // the first wrapper's key (given again, the last one counts)
      for (auto field_result : obj) {
        std::string_view key;
        od::value inner;
        if (auto e = open_field(std::move(field_result), &key, &inner)) return e;
        if ((found.empty() || key == found) && is_number_wrapper(key)) {
          found = key;
          r = AmountParse::not_a_number;
          bool present = false;
          std::string_view text;
          if (auto e = read_text(inner, &text, &present)) return e;
          if (present) r = parse_decimal_kobo(text, &kobo);
        } else if (auto e = validate(inner)) {
          return e;
        }
      }
      break;
    }
    default:  // boolean or array
      if (auto e = validate(v)) return e;
      break;
  }
  if (r == AmountParse::ok) {
    *p = Presence::ok;
    total_kobo_ = kobo;
  } else {
    *p = r == AmountParse::negative ? Presence::negative : Presence::bad;
  }
  return simdjson::SUCCESS;
}

simdjson::error_code RecordParser::read_date(od::value v, Presence* p, EpochMs* ms) {
  od::json_type t;
  if (auto e = v.type().get(t)) return e;
  *p = Presence::bad;
  switch (t) {
    case od::json_type::null: {
      bool is_null = false;
      if (auto e = v.is_null().get(is_null)) return e;
      if (!is_null) return simdjson::N_ATOM_ERROR;
      *p = Presence::absent;
      return simdjson::SUCCESS;
    }
    case od::json_type::string: {
      std::string_view s;
      if (auto e = get_text(v, &s, &spilled_)) return e;
      if (parse_iso8601(s, ms)) *p = Presence::ok;
      return simdjson::SUCCESS;
    }
    case od::json_type::number: {
      std::string_view tok = trim_ascii(v.raw_json_token());
      if (!is_json_number(tok)) return simdjson::NUMBER_ERROR;
      if (parse_epoch_ms(tok, ms)) *p = Presence::ok;
      return simdjson::SUCCESS;
    }
    case od::json_type::object: {
      od::object obj;
      if (auto e = v.get_object().get(obj)) return e;
      std::string_view found;  // the first date key (given again, the last one counts)
      for (auto field_result : obj) {
        std::string_view key;
        od::value inner;
        if (auto e = open_field(std::move(field_result), &key, &inner)) return e;
        if (!found.empty() && key != found) {
          if (auto e = validate(inner)) return e;
          continue;
        }
        *p = Presence::bad;
        if (key == "$date") {
          found = key;
          od::json_type it;
          if (auto e = inner.type().get(it)) return e;
          if (it == od::json_type::object) {
            od::object lobj;
            if (auto e = inner.get_object().get(lobj)) return e;
            for (auto lf_result : lobj) {
              std::string_view lkey;
              od::value lv;
              if (auto e = open_field(std::move(lf_result), &lkey, &lv)) return e;
              bool present = false;
              std::string_view text;
              if (auto e = read_text(lv, &text, &present)) return e;
              if (is_number_wrapper(lkey))
                *p = present && epoch_of_wrapper(lkey, text, ms) ? Presence::ok : Presence::bad;
            }
          } else {
            Presence ip;
            if (auto e = read_date(inner, &ip, ms)) return e;
            if (ip == Presence::ok) *p = Presence::ok;
          }
        } else if (is_number_wrapper(key)) {
          found = key;
          bool present = false;
          std::string_view text;
          if (auto e = read_text(inner, &text, &present)) return e;
          if (present && epoch_of_wrapper(key, text, ms)) *p = Presence::ok;
        } else if (auto e = validate(inner)) {
          return e;
        }
      }
      return simdjson::SUCCESS;
    }
    default:
      return validate(v);
  }
}

simdjson::error_code RecordParser::validate(od::value v, uint32_t depth) {
  od::json_type t;
  if (auto e = v.type().get(t)) return e;
  if ((t == od::json_type::object || t == od::json_type::array) && depth > depth_limit_)
    return simdjson::DEPTH_ERROR;
  switch (t) {
    case od::json_type::object: {
      od::object obj;
      if (auto e = v.get_object().get(obj)) return e;
      for (auto field : obj) {
        od::field f;
        if (auto e = std::move(field).get(f)) return e;
        if (auto e = validate(f.value(), depth + 1)) return e;
      }
      return simdjson::SUCCESS;
    }
    case od::json_type::array: {
      od::array arr;
      if (auto e = v.get_array().get(arr)) return e;
      for (auto element : arr) {
        od::value x;
        if (auto e = element.get(x)) return e;
        if (auto e = validate(x, depth + 1)) return e;
      }
      return simdjson::SUCCESS;
    }
    default: return check_scalar(v, t);
  }
}

simdjson::error_code RecordParser::read_object(od::object obj, uint64_t index, OrderSink& sink) {
  bool id_usable = false, alt_usable = false, has_buyer = false, has_email = false,
       has_status = false;
  bool present[static_cast<int>(Key::count_)] = {};
  Presence total = Presence::absent, created = Presence::absent, updated = Presence::absent;
  EpochMs created_ms = 0, updated_ms = 0;
  for (auto field_result : obj) {
    od::field field;
    if (auto e = std::move(field_result).get(field)) return e;
    std::string_view key;
    if (key_of(field, &key)) return simdjson::STRING_ERROR;
    od::value v = field.value();
    Key k = classify_key(key);
    // A key given twice: the last one counts (as JSON.parse, Python and PostgreSQL's jsonb read
    // it), so each read below starts afresh.
    if (k == Key::other) {
      if (auto e = validate(v)) return e;  // not read, but it must be JSON
      continue;
    }
    simdjson::error_code e = simdjson::SUCCESS;
    switch (k) {
      case Key::underscore_id: e = read_id(v, &id_, &id_usable); break;
      case Key::id: e = read_id(v, &alt_id_, &alt_usable); break;
      case Key::buyer_id: {
        has_buyer = false;
        od::json_type t;
        if ((e = v.type().get(t))) break;
        if (t == od::json_type::number) {
          std::string_view tok = trim_ascii(v.raw_json_token());
          if (!is_json_number(tok)) e = simdjson::NUMBER_ERROR;
          else buyer_ = tok, has_buyer = true;
        } else {
          bool usable = false;
          e = read_id(v, &buyer_, &usable, true);
          if (usable) {
            buyer_ = trim(buyer_);
            has_buyer = !buyer_.empty();
          }
        }
        break;
      }
      case Key::email: e = read_text(v, &email_raw_, &has_email); break;
      case Key::status: e = read_text(v, &status_raw_, &has_status); break;
      case Key::total: e = read_total(v, &total); break;
      case Key::created_at: e = read_date(v, &created, &created_ms); break;
      case Key::updated_at: e = read_date(v, &updated, &updated_ms); break;
      default: e = read_text(v, &raw_[static_cast<int>(k)], &present[static_cast<int>(k)]); break;
    }
    if (e) return e;
  }

  if (whole_) {  // nothing may follow the object (checked before anything is delivered)
    const char* after = nullptr;
    if (whole_->current_location().get(after) != simdjson::OUT_OF_BOUNDS)
      return simdjson::TRAILING_CONTENT;
  }

  // SPEC §6: the first reason that applies, in this order.
  const std::string_view* id = id_usable ? &id_ : alt_usable ? &alt_id_ : nullptr;
  auto reject = [&](Rejection r) {
    RejectedRecord rec;
    rec.index = index;
    if (id) rec.order_id = std::string(*id);
    rec.reason = r;
    sink.on_rejected(rec);
    return simdjson::SUCCESS;
  };
  if (!id) return reject(Rejection::missing_id);
  if (total == Presence::absent) return reject(Rejection::missing_total);
  if (total == Presence::bad) return reject(Rejection::non_numeric_total);
  if (total == Presence::negative) return reject(Rejection::negative_total);
  if (created == Presence::absent) return reject(Rejection::missing_created_at);
  if (created == Presence::bad) return reject(Rejection::invalid_created_at);
  std::string_view email;
  bool email_valid = false;
  if (has_email) {
    email = normalize_email(email_raw_, &email_);
    email_valid = is_valid_email(email);
    if (!email_valid) email = {};
  }
  if (!has_buyer && !email_valid) return reject(Rejection::guest_without_email);

  // Cleaned texts view the record where cleaning changes nothing, else the parser's storage.
  Order o;
  o.id = *id;
  o.buyer_id = has_buyer ? std::string_view(buyer_) : std::string_view();
  o.email = email;
  o.email_changed = email_valid && email != email_raw_;
  o.has_status = has_status;
  o.status = has_status ? normalize_status(status_raw_, &status_) : std::string_view();
  o.total = total_kobo_;
  o.raw = record_raw_;
  o.created_at = created_ms;
  o.version_time = updated == Presence::ok ? updated_ms : created_ms;

  auto raw = [&](Key k) -> std::string_view {
    return present[static_cast<int>(k)] ? raw_[static_cast<int>(k)] : std::string_view();
  };
  auto field = [&](ContactField f) -> std::string_view& { return o.contact[static_cast<int>(f)]; };
  auto slot = [&](ContactField f) -> std::string* { return &contact_[static_cast<int>(f)]; };
  using F = ContactField;
  field(F::phone) = normalize_phone(raw(Key::phone), slot(F::phone));
  field(F::first_name) = normalize_name(raw(Key::first_name), slot(F::first_name));
  field(F::last_name) = normalize_name(raw(Key::last_name), slot(F::last_name));
  field(F::full_name) = normalize_name(raw(Key::full_name), slot(F::full_name));
  if (field(F::full_name).empty()) field(F::full_name) = normalize_name(raw(Key::name), slot(F::full_name));
  if (field(F::full_name).empty()) {
    std::string* full = slot(F::full_name);
    full->assign(field(F::first_name));
    if (!full->empty() && !field(F::last_name).empty()) full->push_back(' ');
    full->append(field(F::last_name));
    field(F::full_name) = *full;
  }
  field(F::address) = normalize_trimmed(raw(Key::address), slot(F::address));
  field(F::bus_stop) = normalize_trimmed(raw(Key::bus_stop), slot(F::bus_stop));
  field(F::city) = normalize_name(raw(Key::city), slot(F::city));
  field(F::state) = normalize_state(raw(Key::state), slot(F::state));
  field(F::zip_code) = normalize_trimmed(raw(Key::zip_code), slot(F::zip_code));
  field(F::country) = normalize_trimmed(raw(Key::country), slot(F::country));
  o.state_changed = !field(F::state).empty() && field(F::state) != raw(Key::state);
  sink.on_order(index, o);
  return simdjson::SUCCESS;
}

const char* describe(simdjson::error_code e) {
  switch (e) {
    case simdjson::UTF8_ERROR: return "invalid UTF-8";
    case simdjson::UNESCAPED_CHARS: return "a control character inside a string";
    case simdjson::UNCLOSED_STRING: return "unterminated string";
    case simdjson::NUMBER_ERROR: return "invalid number";
    case simdjson::T_ATOM_ERROR:
    case simdjson::F_ATOM_ERROR:
    case simdjson::N_ATOM_ERROR: return "invalid literal (expected true, false or null)";
    case simdjson::DEPTH_ERROR: return "nesting too deep";
    case simdjson::INCORRECT_TYPE: return "invalid value (a misspelt literal or a bad token)";
    case simdjson::TAPE_ERROR:
      return "invalid JSON structure (a missing or extra comma, colon, quote or bracket)";
    case simdjson::STRING_ERROR: return "invalid string escape";
    default: return simdjson::error_message(e);
  }
}

Status RecordParser::parse(const detail::RecordSplitter& split, const char* data, size_t begin,
                           size_t end, size_t capacity, uint64_t index, OrderSink& sink) {
  auto fail = [&](simdjson::error_code e, const char* where) -> Status {
    size_t offset = where ? static_cast<size_t>(where - data) : begin;
    ErrorCode code = ErrorCode::invalid_json;
    if (e == simdjson::UTF8_ERROR) {
      code = ErrorCode::invalid_utf8;
      offset = begin + first_invalid_utf8(reinterpret_cast<const unsigned char*>(data + begin),
                                          end - begin);
    } else if (e == simdjson::DEPTH_ERROR) {
      code = ErrorCode::too_deep;
    } else if (e == simdjson::UNESCAPED_CHARS) {
      for (size_t i = begin; i < end; ++i) {  // name the control character itself
        unsigned char c = static_cast<unsigned char>(data[i]);
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
          offset = i;
          break;
        }
      }
    }
    return split.error_at(code, offset,
                          std::string(describe(e)) + " in record " + std::to_string(index));
  };
  record_raw_ = std::string_view(data + begin, end - begin);
  spilled_.clear();
  od::document doc;
  if (auto e = parser_.iterate(data + begin, end - begin, capacity).get(doc)) return fail(e, nullptr);
  od::json_type t;
  if (auto e = doc.type().get(t)) return fail(e, nullptr);
  if (t != od::json_type::object) {
    if (t == od::json_type::array) {
      od::value v;
      if (auto e = doc.get_value().get(v)) return fail(e, nullptr);
      if (auto e = validate(v)) return fail(e, nullptr);
    } else if (auto e = check_scalar(doc, t)) {
      return fail(e, nullptr);
    }
    RejectedRecord rec;
    rec.index = index;
    rec.reason = Rejection::not_an_object;
    sink.on_rejected(rec);
    return Status::success();
  }
  od::object obj;
  if (auto e = doc.get_object().get(obj)) return fail(e, nullptr);
  if (auto e = read_object(obj, index, sink)) {
    const char* where = nullptr;
    if (doc.current_location().get(where)) where = nullptr;
    return fail(e, where);
  }
  return Status::success();
}

bool RecordParser::parse_object_line(const char* data, size_t begin, size_t end,
                                     size_t capacity, uint64_t index, OrderSink& sink) {
  if (data[begin] != '{' || data[end - 1] != '}') return false;
  record_raw_ = std::string_view(data + begin, end - begin);
  spilled_.clear();
  od::document doc;
  if (parser_.iterate(data + begin, end - begin, capacity).get(doc)) return false;
  od::object obj;
  if (doc.get_object().get(obj)) return false;
  whole_ = &doc;
  depth_limit_ = kMaxDepth - 16;
  simdjson::error_code e = read_object(obj, index, sink);
  whole_ = nullptr;
  depth_limit_ = UINT32_MAX;
  return e == simdjson::SUCCESS;
}

Status RecordParser::validate_range(const detail::RecordSplitter& split, const char* data,
                                    size_t begin, size_t end, size_t capacity) {
  auto fail = [&](simdjson::error_code e) {
    if (e == simdjson::UTF8_ERROR)
      return split.error_at(ErrorCode::invalid_utf8,
                            begin + first_invalid_utf8(
                                        reinterpret_cast<const unsigned char*>(data + begin), end - begin),
                            describe(e));
    return split.error_at(ErrorCode::invalid_json, begin, describe(e));
  };
  od::document doc;
  if (auto e = parser_.iterate(data + begin, end - begin, capacity).get(doc)) return fail(e);
  od::json_type t;
  if (auto e = doc.type().get(t)) return fail(e);
  if (t == od::json_type::object || t == od::json_type::array) {
    od::value v;
    if (auto e = doc.get_value().get(v)) return fail(e);
    if (auto e = validate(v)) return fail(e);
  } else if (auto e = check_scalar(doc, t)) {
    return fail(e);
  }
  return Status::success();
}

// Walks a document's records and feeds them to a RecordParser.
// Receives record spans instead of parsed records (the parallel parser's finder).
class SpanSink {
 public:
  virtual ~SpanSink() = default;
  /// A record at data[begin, end), the index-th of the document. False: stop reading.
  virtual bool on_span(size_t begin, size_t end, uint64_t index) = 0;
  /// The document is NDJSON from `pos` on: the sink reads its lines itself.
  virtual Status on_ndjson(size_t pos) = 0;
};

// Reads a document's records. For a sink that takes groups it hands them on through an
// OrderGroup, parsing each record with parser number group_.pending(): each held order's views
// point into its own RecordParser, none reused before its order has been handed on.
class DocumentParser {
 public:
  DocumentParser(const char* data, size_t len, OrderSink& sink, SpanSink* spans = nullptr)
      : data_(data), len_(len), split_(data, len), group_(sink),
        sink_(sink.takes_groups() ? group_ : sink), spans_(spans) {}

  Status run(InputShape* shape) {
    Status s = read(shape);
    group_.flush();
    return s;
  }

 private:
  // The parser for the next record (see OrderGroup).
  RecordParser& records() noexcept { return records_[group_.pending()]; }

  Status read(InputShape* shape) {
    size_t pos = 0;
    if (len_ >= 3 && std::memcmp(data_, "\xEF\xBB\xBF", 3) == 0) pos = 3;  // UTF-8 BOM
    pos = split_.skip_space(pos);
    if (pos >= len_) return Status::error(ErrorCode::empty_input, "empty input: no orders document", 0, 1);
    char c = data_[pos];
    if (c == '[') {
      if (shape) *shape = InputShape::array;
      size_t end;
      Status s = array(pos, &end);
      if (!s) return s;
      end = split_.skip_space(end);
      if (end < len_)
        return split_.error_at(ErrorCode::invalid_json, end, "unexpected content after the array");
      sink_.on_progress(len_, index_);
      return s;
    }
    if (c != '{') {
      // A JSON scalar is JSON, just not orders; anything else is not JSON at all.
      bool scalar = c == '"' || c == '-' || (c >= '0' && c <= '9') || c == 't' || c == 'f' ||
                    c == 'n';
      if (!scalar)
        return split_.error_at(ErrorCode::invalid_json, pos,
                               "not JSON or NDJSON: unexpected " + detail::describe_byte(c) +
                                   " where a document should start");
      // NDJSON whose first record is not an object still is NDJSON: more lines follow.
      const void* nl = std::memchr(data_ + pos, '\n', len_ - pos);
      if (nl && split_.skip_space(static_cast<size_t>(static_cast<const char*>(nl) - data_)) < len_) {
        if (shape) *shape = InputShape::ndjson;
        return ndjson(pos);
      }
      return split_.error_at(ErrorCode::not_orders, pos,
                             "expected a JSON array of orders, an object holding one under "
                             "\"orders\" or \"data\", or NDJSON order objects; found " +
                                 std::string(c == '"' ? "a string" : "a scalar value"));
    }
    if (first_line_is_record(pos)) {  // NDJSON, whatever that record's fields
      if (shape) *shape = InputShape::ndjson;
      return ndjson(pos);
    }
    bool wrapped_doc = false;
    Status s = wrapped(pos, &wrapped_doc);
    if (wrapped_doc) {
      if (shape) *shape = InputShape::wrapped;
      return s;
    }
    if (shape) *shape = InputShape::ndjson;
    return ndjson(pos);
  }

 private:
  Status record(size_t begin, size_t end) {
    if (spans_) {  // parsed elsewhere
      if (!spans_->on_span(begin, end, index_++))
        return Status::error(ErrorCode::invalid_json, "cancelled");
      return Status::success();
    }
    Status s = records().parse(split_, data_, begin, end, len_ + kInputPadding - begin, index_, sink_);
    note_record(end);
    return s;
  }

  // Counts a record read up to `end`; reports progress every few MB.
  void note_record(size_t end) {
    ++index_;
    if (end - last_progress_ >= (4u << 20)) {
      last_progress_ = end;
      sink_.on_progress(end, index_);
    }
  }

  // The NDJSON line [q, eol), q at its first non-space byte, read the exact way.
  Status exact_line(size_t q, size_t eol) {
    detail::RecordSplitter line(data_, eol);
    size_t end;
    Status s = line.skip_value(q, &end);
    if (!s) {
      if (s.offset < eol) return s;
      return split_.error_at(ErrorCode::invalid_json, q,
                             "record not closed before the end of its line (NDJSON holds "
                             "one order per line)");
    }
    s = record(q, end);
    if (!s) return s;
    size_t rest = line.skip_space(end);
    if (rest < eol)
      return split_.error_at(ErrorCode::invalid_json, rest,
                             "expected the end of the line after the record (NDJSON holds "
                             "one order per line)");
    return Status::success();
  }

  // True when the document goes on after its first line and that line (from `pos`) holds one
  // whole object: NDJSON, even if that order has a field named "orders" or "data" holding an
  // array. A reply is one object, alone in the document.
  bool first_line_is_record(size_t pos) const {
    const char* nl = detail::find_byte(data_ + pos, len_ - pos, '\n');
    if (!nl) return false;
    size_t eol = static_cast<size_t>(nl - data_);
    if (split_.skip_space(eol) >= len_) return false;
    detail::RecordSplitter line(data_, eol);
    size_t end;
    if (!line.skip_value(pos, &end)) return false;
    return line.skip_space(end) >= eol;
  }

  // A document that is one object holding the orders under "orders" (preferred) or "data". Sets
  // *is_wrapped once records have been read from it; otherwise the caller reads NDJSON (and any
  // error here is left for the NDJSON reading to report, by line).
  Status wrapped(size_t pos, bool* is_wrapped) {
    size_t data_pos = 0, p = split_.skip_space(pos + 1);
    auto not_json = [&](size_t at, const char* what) {
      return split_.error_at(ErrorCode::invalid_json, at, what);
    };
    if (p < len_ && data_[p] == '}') return Status::success();  // {} : NDJSON of one record
    while (true) {
      if (p >= len_ || data_[p] != '"') return not_json(p, "expected a quoted key");
      size_t key_end;
      Status s = split_.skip_value(p, &key_end);
      if (!s) return s;
      std::string_view key(data_ + p + 1, key_end - p - 2);
      s = records().validate_range(split_, data_, p, key_end, len_ + kInputPadding - p);
      if (!s) return s;
      p = split_.skip_space(key_end);
      if (p >= len_ || data_[p] != ':') return not_json(p, "expected ':' after the key");
      p = split_.skip_space(p + 1);
      if (p >= len_) return not_json(p, "unexpected end of input");
      size_t value_end;
      if (data_[p] == '[' && key == "orders" && !*is_wrapped) {
        *is_wrapped = true;
        s = array(p, &value_end);
      } else {
        if (data_[p] == '[' && key == "data" && data_pos == 0) data_pos = p;
        s = split_.skip_value(p, &value_end);
        // Members around the orders are not read, but they must be JSON ("data" is read later).
        if (s && p != data_pos) s = records().validate_range(split_, data_, p, value_end, len_ + kInputPadding - p);
      }
      if (!s) return s;
      p = split_.skip_space(value_end);
      if (p < len_ && data_[p] == ',') {
        p = split_.skip_space(p + 1);
        continue;
      }
      if (p < len_ && data_[p] == '}') break;
      return not_json(p, p >= len_ ? "unexpected end of input (truncated document?)"
                                   : "expected ',' or '}' in the object");
    }
    if (!*is_wrapped && data_pos != 0) {
      *is_wrapped = true;
      size_t end;
      Status s = array(data_pos, &end);
      if (!s) return s;
    }
    if (!*is_wrapped) return Status::success();
    p = split_.skip_space(p + 1);
    if (p < len_) return not_json(p, "unexpected content after the orders object");
    sink_.on_progress(len_, index_);
    return Status::success();
  }

  // The elements of the array at `pos`, each a record; *array_end is one past its ']'.
  Status array(size_t pos, size_t* array_end) {
    size_t p = split_.skip_space(pos + 1);
    if (p < len_ && data_[p] == ']') {
      ++p;
    } else {
      while (true) {
        if (p >= len_)
          return split_.error_at(ErrorCode::invalid_json, p, "unexpected end of input in the orders array");
        size_t end;
        Status s = split_.skip_value(p, &end);
        if (!s) return s;
        s = record(p, end);
        if (!s) return s;
        p = split_.skip_space(end);
        if (p < len_ && data_[p] == ',') {
          p = split_.skip_space(p + 1);
          if (p < len_ && data_[p] == ']')
            return split_.error_at(ErrorCode::invalid_json, p, "trailing comma before ']'");
          continue;
        }
        if (p < len_ && data_[p] == ']') {
          ++p;
          break;
        }
        return split_.error_at(ErrorCode::invalid_json, p,
                               p >= len_ ? "unexpected end of input (truncated array?)"
                                         : "expected ',' or ']' after an order");
      }
    }
    *array_end = p;
    return Status::success();
  }

  Status ndjson(size_t pos) {
    if (spans_) return spans_->on_ndjson(pos);
    Status s = ndjson_lines(pos, len_);
    if (s) sink_.on_progress(len_, index_);
    return s;
  }

 public:
  // The NDJSON lines that start in [pos, stop), the first numbered `index_`. One record per
  // line; blank lines are not records. A record must end on its own line, so an error names
  // the line it is on (and `*failed_line`, if given, is set to where that line starts).
  //
  // A line holding one object is parsed straight from its trimmed bytes (simdjson checks
  // nothing follows the object). Anything else - another kind of record, or any error - is
  // read again the exact way: the line's value found by the splitter, then parsed, then the
  // rest of the line checked, so each error is found and worded the one way.
  Status ndjson_lines(size_t pos, size_t stop, size_t* failed_line = nullptr) {
    Status s = lines(pos, stop, failed_line);
    group_.flush();
    return s;
  }
  void set_next_index(uint64_t index) noexcept { index_ = index; }
  uint64_t next_index() const noexcept { return index_; }

 private:
  Status lines(size_t pos, size_t stop, size_t* failed_line) {
    size_t p = pos;
    while (p < stop) {
      const char* nl = detail::find_byte(data_ + p, len_ - p, '\n');
      size_t eol = nl ? static_cast<size_t>(nl - data_) : len_;
      size_t q = p, end = eol;
      while (q < eol && is_space(data_[q])) ++q;
      while (end > q && is_space(data_[end - 1])) --end;
      if (q < end && !records().parse_object_line(data_, q, end, len_ + kInputPadding - q,
                                                  index_, sink_)) {
        Status s = exact_line(q, eol);
        if (!s) {
          if (failed_line) *failed_line = p;
          return s;
        }
      } else if (q < end) {
        note_record(end);
      }
      p = eol + 1;
    }
    return Status::success();
  }

  const char* data_;
  size_t len_;
  detail::RecordSplitter split_;
  detail::OrderGroup group_;
  OrderSink& sink_;  ///< group_ for a sink that takes groups
  SpanSink* spans_;
  RecordParser records_[kOrderGroup];
  uint64_t index_ = 0;
  size_t last_progress_ = 0;
};

}  // namespace

Status parse_orders(const char* data, size_t len, OrderSink& sink, InputShape* shape) {
  DocumentParser parser(data, len, sink);
  return parser.run(shape);
}

// ---------------------------------------------------------------------------------------------
// parse_orders_parallel: a finder thread walks the document (shape, wrapper, structure) and cuts
// an array's records into chunks of spans (NDJSON into ~512 KB ranges of whole lines, which the
// workers split themselves); two workers parse chunks into flat batches; the calling thread hands
// the batches' records to the sink in document order, each order announced (on_upcoming) a few
// records ahead. Memory stays a few chunks.

#ifdef GUESTTRACK_NO_THREADS

Status parse_orders_parallel(const char* data, size_t len, OrderSink& sink, InputShape* shape) {
  return parse_orders(data, len, sink, shape);
}

#else

namespace {

struct Chunk {
  static constexpr size_t kNone = static_cast<size_t>(-1);
  uint64_t seq = 0;
  uint64_t first_index = 0;  // record index of the first span
  std::vector<std::pair<size_t, size_t>> spans;
  // NDJSON: the lines starting in [lines_begin, lines_end) instead of spans. A worker stops at
  // a line its fast path cannot take; the storing thread reads from `resume` on the exact way.
  bool lines = false;
  size_t lines_begin = 0, lines_end = 0, resume = kNone;
  // Filled by a worker:
  std::unique_ptr<detail::RecordBatch> records;
  Status status;            // a record's input error, or the finder's (last chunk)
  size_t end_offset = 0;    // for progress
  bool last = false;
};

class ParallelParse : public SpanSink {
 public:
  ParallelParse(const char* data, size_t len) : data_(data), len_(len), split_(data, len) {}

  Status run(OrderSink& sink, InputShape* shape) {
    std::thread finder([&] { find(shape); });
    std::thread workers[2] = {std::thread([&] { work(); }), std::thread([&] { work(); })};
    Status result = consume(sink);
    {
      std::lock_guard<std::mutex> lock(mu_);
      cancelled_ = true;
      cv_.notify_all();
    }
    finder.join();
    for (std::thread& w : workers) w.join();
    return result;
  }

  bool on_span(size_t begin, size_t end, uint64_t index) override {
    if (!building_) {
      building_ = std::make_unique<Chunk>();
      building_->first_index = index;
    }
    building_->spans.emplace_back(begin, end);
    building_->end_offset = end;
    if (end - building_->spans.front().first >= kChunkBytes || building_->spans.size() >= 4096)
      return submit(std::move(building_));
    return true;
  }

 private:
  static constexpr size_t kChunkBytes = 512 * 1024;
  static constexpr uint64_t kMaxAhead = 8;  // chunks found but not yet consumed

  Status on_ndjson(size_t pos) override {
    for (size_t b = pos; b < len_;) {
      size_t e = std::min(len_, b + kChunkBytes);
      if (e < len_) {
        const void* nl = std::memchr(data_ + e, '\n', len_ - e);
        e = nl ? static_cast<size_t>(static_cast<const char*>(nl) - data_) + 1 : len_;
      }
      auto c = std::make_unique<Chunk>();
      c->lines = true;
      c->lines_begin = b;
      c->lines_end = c->end_offset = e;
      if (!submit(std::move(c))) return Status::error(ErrorCode::invalid_json, "cancelled");
      b = e;
    }
    return Status::success();
  }

  class NoSink : public OrderSink {
    void on_order(uint64_t, const Order&) override {}
    void on_rejected(const RejectedRecord&) override {}
  };

  void find(InputShape* shape) {
    NoSink none;
    DocumentParser doc(data_, len_, none, this);
    Status s = doc.run(shape);
    auto last = building_ ? std::move(building_) : std::make_unique<Chunk>();
    last->status = std::move(s);
    last->last = true;
    last->end_offset = len_;
    submit(std::move(last));
  }

  bool submit(std::unique_ptr<Chunk> c) {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return cancelled_ || next_seq_ < consumed_ + kMaxAhead; });
    if (cancelled_) return false;
    c->seq = next_seq_++;
    todo_.push_back(std::move(c));
    cv_.notify_all();
    return true;
  }

  void work() {
    RecordParser records;
    while (true) {
      std::unique_ptr<Chunk> c;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [&] { return cancelled_ || !todo_.empty(); });
        if (cancelled_) return;
        c = std::move(todo_.front());
        todo_.pop_front();
        if (!spare_.empty()) {
          c->records = std::move(spare_.back());
          spare_.pop_back();
        }
      }
      if (!c->records) c->records = std::make_unique<detail::RecordBatch>(data_);
      if (c->lines) {  // numbered from 0 here; an error is worded again by consume()
        DocumentParser lines(data_, len_, *c->records);
        size_t failed = Chunk::kNone;
        if (!lines.ndjson_lines(c->lines_begin, c->lines_end, &failed)) c->resume = failed;
      }
      for (size_t i = 0; i < c->spans.size(); ++i) {
        auto [b, e] = c->spans[i];
        Status s = records.parse(split_, data_, b, e, len_ + kInputPadding - b, c->first_index + i,
                                 *c->records);
        if (!s) {
          c->status = std::move(s);  // the first error of this chunk; later spans are not read
          c->last = true;
          break;
        }
      }
      std::lock_guard<std::mutex> lock(mu_);
      done_.emplace(c->seq, std::move(c));
      cv_.notify_all();
    }
  }

  Status consume(OrderSink& sink) {
    uint64_t index = 0;
    std::unique_ptr<detail::RecordBatch> used;
    for (uint64_t seq = 0;; ++seq) {
      std::unique_ptr<Chunk> c;
      {
        std::unique_lock<std::mutex> lock(mu_);
        if (used) spare_.push_back(std::move(used));
        cv_.wait(lock, [&] { return done_.count(seq) != 0; });
        c = std::move(done_[seq]);
        done_.erase(seq);
        consumed_ = seq + 1;
        cv_.notify_all();
      }
      if (c->records) {
        c->records->replay(sink, index);
        index += c->records->size();
        c->records->clear();
        used = std::move(c->records);  // back to the workers, its memory already touched
      }
      if (c->resume != Chunk::kNone) {
        DocumentParser exact(data_, len_, sink);
        exact.set_next_index(index);
        Status s = exact.ndjson_lines(c->resume, c->lines_end);
        index = exact.next_index();
        if (!s) return s;
      }
      sink.on_progress(c->end_offset, index);
      if (c->last) return c->status;
    }
  }

  const char* data_;
  size_t len_;
  detail::RecordSplitter split_;
  std::unique_ptr<Chunk> building_;  // finder thread only
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::unique_ptr<Chunk>> todo_;
  std::map<uint64_t, std::unique_ptr<Chunk>> done_;
  std::vector<std::unique_ptr<detail::RecordBatch>> spare_;  // replayed batches, for reuse
  uint64_t next_seq_ = 0, consumed_ = 0;
  bool cancelled_ = false;
};

}  // namespace

Status parse_orders_parallel(const char* data, size_t len, OrderSink& sink, InputShape* shape) {
  if (len < (4u << 20) || std::thread::hardware_concurrency() == 1)
    return parse_orders(data, len, sink, shape);
  ParallelParse parallel(data, len);
  return parallel.run(sink, shape);
}

#endif

std::string padded_copy(std::string_view document) {
  std::string padded;
  padded.reserve(document.size() + kInputPadding);
  padded.assign(document);
  padded.append(kInputPadding, '\0');
  return padded;
}

Status parse_orders_copy(std::string_view document, OrderSink& sink, InputShape* shape) {
  std::string padded = padded_copy(document);
  return parse_orders(padded.data(), document.size(), sink, shape);
}

}  // namespace guesttrack
