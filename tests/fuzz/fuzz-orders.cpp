// fuzz-orders.cpp — libFuzzer target: any bytes through parse, ingest, report, guest profiles,
// snapshot and merge. A crash, a sanitizer report or a broken invariant is a bug; an invariant
// says on stderr which one broke, then traps.
//
// Also: the SSE2 stage 1 the WASM build indexes JSON with agrees with simdjson's own kernel.
//
// The invariants are figures that must add up whatever the input (SPEC §1, §3, §5) and SPEC §7:
// a tracker merged with another equals one tracker that ingested the same documents in turn.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "guesttrack/guesttrack.hpp"
#include "stage1.hpp"  // core internals: the SSE2 stage 1 the WASM build uses

namespace gt = guesttrack;

#define FUZZ_CHECK(cond)                                                                   \
  do {                                                                                     \
    if (!(cond)) {                                                                         \
      std::fprintf(stderr, "guesttrack-fuzz: invariant broken: %s (%s:%d)\n", #cond,       \
                   __FILE__, __LINE__);                                                    \
      __builtin_trap();                                                                    \
    }                                                                                      \
  } while (0)

namespace {

constexpr size_t kTop = 5;

bool is_fraction(const std::optional<double>& rate) {
  return !rate || (*rate >= 0.0 && *rate <= 1.0);
}

// Figures every report adds up to, whatever went in.
void check_report(const gt::Report& r, const gt::Tracker& t) {
  const auto& c = r.customers;
  const auto& o = r.orders;
  FUZZ_CHECK(c.total == c.registered + c.guest);
  FUZZ_CHECK(c.converted <= c.registered);
  FUZZ_CHECK(r.conversion.converted == c.converted);
  FUZZ_CHECK(o.counted == o.guest + o.registered);
  FUZZ_CHECK(o.new_ + o.returning == o.counted);
  FUZZ_CHECK(o.new_ == c.total);  // every customer has exactly one first counted order
  FUZZ_CHECK(r.revenue.total == r.revenue.guest + r.revenue.registered);

  // Every distinct id held is counted or excluded; every record seen is held, a duplicate or
  // rejected.
  uint64_t excluded = 0;
  for (const auto& entry : o.excluded) excluded += entry.second;
  FUZZ_CHECK(o.counted + excluded == t.order_count());
  FUZZ_CHECK(t.order_count() + o.duplicates + o.rejected == t.record_count());
  FUZZ_CHECK(r.data_quality.rejected.size() ==
             std::min<uint64_t>(o.rejected, gt::kMaxListedRejections));

  FUZZ_CHECK(is_fraction(r.revenue.guest_share));
  FUZZ_CHECK(is_fraction(r.guests.repeat_rate));
  FUZZ_CHECK(is_fraction(r.conversion.rate));
  FUZZ_CHECK(r.guests.repeat <= c.guest);
  FUZZ_CHECK(r.top_guests.size() == std::min<uint64_t>(kTop, c.guest));
  for (const auto& g : r.top_guests) {
    FUZZ_CHECK(g.recency >= 1 && g.recency <= 5);
    FUZZ_CHECK(g.frequency >= 1 && g.frequency <= 5);
    FUZZ_CHECK(g.monetary >= 1 && g.monetary <= 5);
    FUZZ_CHECK(std::string_view(g.segment) == gt::rfm_segment(g.recency, g.frequency));
  }

  // The breakdowns add up to the totals.
  uint64_t state_guests = 0, city_guests = 0;
  for (const auto& row : r.by_state) state_guests += row.guests;
  for (const auto& row : r.by_city) city_guests += row.guests;
  FUZZ_CHECK(state_guests == c.guest);
  FUZZ_CHECK(city_guests == c.guest);

  uint64_t new_guests = 0, guest_orders = 0, registered_orders = 0;
  gt::KoboSum guest_revenue = 0, registered_revenue = 0;
  for (const auto& m : r.monthly) {
    new_guests += m.new_guests;
    guest_orders += m.guest_orders;
    registered_orders += m.registered_orders;
    guest_revenue += m.guest_revenue;
    registered_revenue += m.registered_revenue;
  }
  FUZZ_CHECK(new_guests == c.guest);
  FUZZ_CHECK(guest_orders == o.guest);
  FUZZ_CHECK(registered_orders == o.registered);
  FUZZ_CHECK(guest_revenue == r.revenue.guest);
  FUZZ_CHECK(registered_revenue == r.revenue.registered);

  uint64_t cohort_guests = 0;
  for (const auto& cohort : r.retention) {
    cohort_guests += cohort.size;
    FUZZ_CHECK(cohort.size > 0);
    FUZZ_CHECK(!cohort.returned.empty() && cohort.returned[0] == cohort.size);
  }
  FUZZ_CHECK(cohort_guests == c.guest);
}

// One profile per guest customer, each consistent with itself.
void check_guests(const gt::Tracker& t, const gt::Report& r, std::string_view doc) {
  const gt::GuestPage page = t.guests();
  FUZZ_CHECK(page.total == r.customers.guest);
  FUZZ_CHECK(page.items.size() == page.total);
  for (const auto& p : page.items) {
    FUZZ_CHECK(p.total_orders >= 1);
    FUZZ_CHECK(p.order_ids.size() == p.total_orders);
    FUZZ_CHECK(p.first_purchase_date <= p.last_purchase_date);
    FUZZ_CHECK(p.total_spent >= 0);
  }
  if (!page.items.empty()) FUZZ_CHECK(t.profile(page.items.front().email).has_value());

  (void)gt::profiles_to_csv(page.items);
  (void)gt::profiles_to_table(page.items);
  FUZZ_CHECK(nlohmann::json::accept(gt::profiles_to_json(page.items)));

  // A search and a sort taken from the input itself.
  gt::GuestQuery query;
  query.search = std::string(doc.substr(0, std::min<size_t>(doc.size(), 3)));
  query.sort = static_cast<gt::GuestSort>(doc.size() % 4);
  query.limit = 3;
  const gt::GuestPage found = t.guests(query);
  FUZZ_CHECK(found.total <= page.total);
  FUZZ_CHECK(found.items.size() <= 3);
}

}  // namespace

// The SSE2 stage 1 (the WASM build's) finds what simdjson's own kernel finds, or the same error.
void check_stage1(std::string_view doc) {
  using Parser = std::unique_ptr<simdjson::internal::dom_parser_implementation>;
  Parser native, sse2;
  FUZZ_CHECK(!simdjson::get_active_implementation()->create_dom_parser_implementation(doc.size() + 64, 1024, native));
  FUZZ_CHECK(!gt::detail::sse2_stage1_implementation().create_dom_parser_implementation(doc.size() + 64, 1024, sse2));
  const std::string padded = gt::padded_copy(doc);
  const auto* bytes = reinterpret_cast<const uint8_t*>(padded.data());
  const simdjson::error_code want = native->stage1(bytes, doc.size(), simdjson::stage1_mode::regular);
  const simdjson::error_code got = sse2->stage1(bytes, doc.size(), simdjson::stage1_mode::regular);
  FUZZ_CHECK(want == got);
  if (want != simdjson::SUCCESS) return;
  FUZZ_CHECK(native->n_structural_indexes == sse2->n_structural_indexes);
  FUZZ_CHECK(std::equal(native->structural_indexes.get(),
                        native->structural_indexes.get() + native->n_structural_indexes + 3,
                        sse2->structural_indexes.get()));
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view doc(reinterpret_cast<const char*>(data), size);
  check_stage1(doc);

  gt::ReportOptions options;
  options.top = kTop;
  // Months at an offset taken from the input, within the accepted −1440 … 1440.
  options.tz_offset_minutes = size ? (static_cast<int>(data[0]) - 128) * 11 : 0;

  gt::Tracker tracker;
  gt::IngestResult result;
  const gt::Status status = tracker.ingest_copy(doc, &result);
  if (!status.ok()) {
    // All or nothing: a failed ingest leaves the tracker as it was.
    FUZZ_CHECK(tracker.record_count() == 0 && tracker.order_count() == 0);
  } else {
    FUZZ_CHECK(result.records == result.accepted + result.rejected.size());
    FUZZ_CHECK(result.unchanged <= result.duplicates && result.duplicates <= result.accepted);
    FUZZ_CHECK(tracker.record_count() == result.records);
    FUZZ_CHECK(tracker.order_count() == result.accepted - result.duplicates);
  }

  const gt::Report report = tracker.report(options);
  check_report(report, tracker);
  const std::string json = gt::report_to_json(report);
  FUZZ_CHECK(nlohmann::json::accept(json));
  (void)gt::report_to_json(report, /*pretty=*/true);
  check_guests(tracker, report, doc);

  // Snapshot round trip; and restore() must refuse arbitrary bytes without harm.
  {
    gt::Tracker restored;
    FUZZ_CHECK(gt::Tracker::restore(tracker.snapshot(), &restored).ok());
    FUZZ_CHECK(gt::report_to_json(restored.report(options)) == json);
    gt::Tracker junk;
    (void)gt::Tracker::restore(doc, &junk);
  }

  // SPEC §7: tracker (whole input) merged with a tracker holding the first half equals one
  // tracker that ingested the whole input, then the first half.
  const std::string_view half = doc.substr(0, size / 2);
  gt::Tracker second;
  (void)second.ingest_copy(half);
  gt::Tracker in_turn;
  (void)in_turn.ingest_copy(doc);
  (void)in_turn.ingest_copy(half);
  FUZZ_CHECK(tracker.merge(second).ok());
  const gt::Report merged = tracker.report(options);
  check_report(merged, tracker);
  FUZZ_CHECK(gt::report_to_json(merged) == gt::report_to_json(in_turn.report(options)));
  return 0;
}
