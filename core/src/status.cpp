// status.cpp — names of error codes and rejection reasons, the one table each.
#include "guesttrack/order.hpp"
#include "guesttrack/status.hpp"

namespace guesttrack {

const char* error_code_name(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::ok: return "ok";
    case ErrorCode::empty_input: return "empty_input";
    case ErrorCode::invalid_json: return "invalid_json";
    case ErrorCode::invalid_utf8: return "invalid_utf8";
    case ErrorCode::too_deep: return "too_deep";
    case ErrorCode::not_orders: return "not_orders";
    case ErrorCode::strict_rejected: return "strict_rejected";
    case ErrorCode::invalid_option: return "invalid_option";
    case ErrorCode::options_mismatch: return "options_mismatch";
    case ErrorCode::invalid_snapshot: return "invalid_snapshot";
    case ErrorCode::not_found: return "not_found";
  }
  return "unknown";
}

const char* rejection_reason(Rejection r) noexcept {
  switch (r) {
    case Rejection::not_an_object: return "not an object";
    case Rejection::missing_id: return "missing id";
    case Rejection::missing_total: return "missing total";
    case Rejection::non_numeric_total: return "non-numeric total";
    case Rejection::negative_total: return "negative total";
    case Rejection::missing_created_at: return "missing createdAt";
    case Rejection::invalid_created_at: return "invalid createdAt";
    case Rejection::guest_without_email: return "guest order without valid email";
  }
  return "unknown";
}

const char* contact_field_name(ContactField f) noexcept {
  static const char* const names[kContactFieldCount] = {
      "phone", "fullName", "firstName", "lastName", "address",
      "busStop", "city", "state", "zipCode", "country"};
  return names[static_cast<int>(f)];
}

}  // namespace guesttrack
