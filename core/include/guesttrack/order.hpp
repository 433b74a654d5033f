// order.hpp — one order record after parsing and normalisation, and why a record is rejected.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "guesttrack/datetime.hpp"
#include "guesttrack/money.hpp"

namespace guesttrack {

/// Why a record was not accepted (SPEC §6), in the order the checks apply.
enum class Rejection : uint8_t {
  not_an_object,
  missing_id,
  missing_total,
  non_numeric_total,
  negative_total,
  missing_created_at,
  invalid_created_at,
  guest_without_email,
};

/// The SPEC's wording: "not an object", "missing id", … "guest order without valid email".
const char* rejection_reason(Rejection r) noexcept;

/// The contact fields, in profile order (SPEC §4). `full_name` is the order's `fullName`, else
/// `name`, else `firstName lastName`.
enum class ContactField : uint8_t {
  phone, full_name, first_name, last_name, address, bus_stop, city, state, zip_code, country,
};
constexpr int kContactFieldCount = 10;

/// The JSON name of a contact field ("busStop").
const char* contact_field_name(ContactField f) noexcept;

/// An accepted record. Text fields are views, valid while the parser's sink runs (or while the
/// caller keeps what they point to alive); all are normalised and empty when absent.
struct Order {
  std::string_view id;        ///< `_id`/`id`, with `$oid` unwrapped
  std::string_view buyer_id;  ///< empty for a guest order
  std::string_view email;     ///< normalised; empty when missing or invalid
  bool email_changed = false;  ///< a valid email that normalisation changed
  bool state_changed = false;  ///< a non-empty state that normalisation changed
  bool has_status = false;
  std::string_view status;    ///< trimmed, lowercased; meaningful when has_status
  Kobo total = 0;
  EpochMs created_at = 0;
  EpochMs version_time = 0;  ///< updatedAt when usable, else createdAt
  std::string_view contact[kContactFieldCount];
  /// The record's bytes as written in the document (empty for orders rebuilt from a tracker).
  std::string_view raw;

  std::string_view field(ContactField f) const noexcept { return contact[static_cast<int>(f)]; }

  bool is_guest() const noexcept { return buyer_id.empty(); }
};

/// A record that was not accepted. `index` is the 0-based record position.
struct RejectedRecord {
  uint64_t index = 0;
  std::optional<std::string> order_id;
  Rejection reason = Rejection::not_an_object;
};

}  // namespace guesttrack
