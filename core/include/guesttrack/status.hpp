// status.hpp — how the core reports failure: an ErrorCode and a message, never an exception.
#pragma once

#include <cstdint>
#include <string>

namespace guesttrack {

/// Why a call failed. The names are stable: the CLI prints them, the WASM wrapper turns them
/// into `GuestTrackError.code` (as the snake_case string given by error_code_name()).
enum class ErrorCode : uint8_t {
  ok = 0,             ///< no error
  empty_input,        ///< the document holds no JSON value at all (empty or white space only)
  invalid_json,       ///< the bytes are not JSON/NDJSON (syntax error, truncation, bad literal)
  invalid_utf8,       ///< a byte sequence that is not UTF-8
  too_deep,           ///< nesting deeper than kMaxDepth
  not_orders,         ///< valid JSON, but not an array, an object or NDJSON of objects
  strict_rejected,    ///< strict mode: an order was rejected
  invalid_option,     ///< an option is out of range or malformed
  options_mismatch,   ///< merge of two trackers that exclude different statuses
  invalid_snapshot,   ///< bytes that are not a snapshot of this version
  not_found,          ///< no guest customer with that email
};

/// The snake_case name of a code ("invalid_json").
const char* error_code_name(ErrorCode code) noexcept;

/// The outcome of a call. `offset` / `line` locate input errors (0-based byte offset,
/// 1-based line; line is 0 when not known).
struct Status {
  ErrorCode code = ErrorCode::ok;
  std::string message;
  uint64_t offset = 0;
  uint64_t line = 0;

  bool ok() const noexcept { return code == ErrorCode::ok; }
  explicit operator bool() const noexcept { return ok(); }

  static Status success() { return {}; }
  static Status error(ErrorCode c, std::string msg, uint64_t offset = 0, uint64_t line = 0) {
    return Status{c, std::move(msg), offset, line};
  }
};

}  // namespace guesttrack
