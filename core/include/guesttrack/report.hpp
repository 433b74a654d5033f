// report.hpp — SPEC §4–§5: guest profiles and the report, as plain data, and their JSON.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "guesttrack/datetime.hpp"
#include "guesttrack/money.hpp"
#include "guesttrack/order.hpp"

namespace guesttrack {

/// The report's `schema` value.
constexpr const char* kReportSchema = "guesttrack.report/1";

/// SPEC §4: one guest customer.
struct GuestProfile {
  std::string email;
  /// Contact fields by ContactField; nullopt when no counted order has one (country: "Nigeria").
  std::optional<std::string> contact[kContactFieldCount];
  uint64_t total_orders = 0;
  KoboSum total_spent = 0;
  KoboSum average_order_value = 0;
  EpochMs first_purchase_date = 0;
  EpochMs last_purchase_date = 0;
  std::vector<std::string> order_ids;  ///< createdAt, then arrival order

  const std::optional<std::string>& field(ContactField f) const {
    return contact[static_cast<int>(f)];
  }
};

/// A top guest: its profile with RFM scores (1–5 each) and segment.
struct RankedGuest {
  GuestProfile profile;
  int recency = 0, frequency = 0, monetary = 0;
  const char* segment = "";
};

/// SPEC §5 RFM segment for R and F scores ("champions", …, "hibernating").
const char* rfm_segment(int recency, int frequency) noexcept;

/// The six segments, best first.
constexpr const char* kRfmSegments[] = {"champions", "loyal", "promising",
                                        "needs attention", "at risk", "hibernating"};

struct Report {
  struct Customers {
    uint64_t total = 0, registered = 0, guest = 0, converted = 0;
  } customers;
  struct Orders {
    uint64_t counted = 0, guest = 0, registered = 0, new_ = 0, returning = 0;
    std::map<std::string, uint64_t> excluded;  ///< lowercased status -> orders
    uint64_t duplicates = 0, rejected = 0;
  } orders;
  struct Revenue {
    KoboSum guest = 0, registered = 0, total = 0;
    std::optional<double> guest_share;
  } revenue;
  struct AverageOrderValue {
    std::optional<KoboSum> guest, registered, all;
  } average_order_value;
  struct Guests {
    uint64_t repeat = 0;
    std::optional<double> repeat_rate;
    std::optional<KoboSum> lifetime_value_mean, lifetime_value_median;
  } guests;
  struct Conversion {
    uint64_t converted = 0;
    std::optional<double> rate, median_days_to_convert;
  } conversion;
  struct StateRow {
    std::string state;
    uint64_t guests = 0;
    KoboSum revenue = 0;
  };
  struct CityRow {
    std::string city, state;
    uint64_t guests = 0;
    KoboSum revenue = 0;
  };
  std::vector<StateRow> by_state;
  std::vector<CityRow> by_city;
  struct MonthRow {
    int64_t month = 0;  ///< month_index()
    uint64_t new_guests = 0, guest_orders = 0, registered_orders = 0;
    KoboSum guest_revenue = 0, registered_revenue = 0;
  };
  std::vector<MonthRow> monthly;
  struct Cohort {
    int64_t month = 0;
    uint64_t size = 0;
    std::vector<uint64_t> returned;
  };
  std::vector<Cohort> retention;
  std::vector<RankedGuest> top_guests;
  struct DataQuality {
    std::vector<RejectedRecord> rejected;  ///< the first kMaxListedRejections
    uint64_t emails_normalised = 0, states_normalised = 0;
  } data_quality;
  std::optional<EpochMs> as_of;
};

/// How many rejected records a report lists (all are counted).
constexpr size_t kMaxListedRejections = 100;

/// The report as JSON (SPEC §5 key order). Compact, or indented by two spaces.
std::string report_to_json(const Report& report, bool pretty = false);

/// One profile as a JSON object.
std::string profile_to_json(const GuestProfile& profile, bool pretty = false);

/// Profiles as a JSON array.
std::string profiles_to_json(const std::vector<GuestProfile>& profiles, bool pretty = false);

/// Profiles as CSV (RFC 4180, header row, orderIds joined by spaces; cells that a spreadsheet
/// would run as a formula are prefixed with ').
std::string profiles_to_csv(const std::vector<GuestProfile>& profiles);

/// `text` made safe to show on a terminal: control characters (C0, DEL, C1) written as `\u001b`,
/// so that text from an order cannot move the cursor or change colours, and anything past
/// `max_bytes` cut at a character boundary and marked with "…".
std::string printable(std::string_view text, size_t max_bytes = 200);

/// Profiles as an aligned text table for a terminal (cells made printable()). `total`: how many guests there are in all,
/// when `profiles` is one page of them (the footer says "5 of 87 guests").
std::string profiles_to_table(const std::vector<GuestProfile>& profiles, uint64_t total = 0);

}  // namespace guesttrack
