// tracker.hpp — the incremental heart: orders in (one by one or in batches), figures out.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "guesttrack/order.hpp"
#include "guesttrack/parse.hpp"
#include "guesttrack/report.hpp"
#include "guesttrack/status.hpp"

namespace guesttrack {

/// cancelled, canceled, refunded, failed.
std::vector<std::string> default_excluded_statuses();

struct TrackerOptions {
  /// Statuses not counted (compared trimmed and lowercased). Replaces the default list.
  std::vector<std::string> exclude_statuses = default_excluded_statuses();
};

struct ReportOptions {
  size_t top = 10;                ///< how many topGuests
  int tz_offset_minutes = 0;      ///< months are taken at this UTC offset (−1440 … 1440)
  std::optional<EpochMs> as_of;   ///< default: the latest counted createdAt
};

/// What one ingest() did. Record indexes here are positions within that batch.
struct IngestResult {
  uint64_t records = 0;     ///< records in the batch
  uint64_t accepted = 0;    ///< records accepted (new ids, newer and stale versions alike)
  uint64_t duplicates = 0;  ///< accepted records whose id was already accepted
  uint64_t unchanged = 0;   ///< duplicates that lost to the version already held
  std::vector<RejectedRecord> rejected;  ///< every rejected record
};

/// What add() did with a record.
enum class AddOutcome : uint8_t {
  inserted,  ///< a new id
  replaced,  ///< a known id; this version won
  kept,      ///< a known id; the held version won (stale retry or older status)
};

enum class GuestSort : uint8_t { spent, orders, recent, email };

struct GuestQuery {
  GuestSort sort = GuestSort::spent;
  /// Default direction: descending, but ascending for `email`.
  std::optional<bool> ascending;
  uint64_t offset = 0;
  uint64_t limit = UINT64_MAX;
  /// Case-insensitive substring of email, phone or name; empty matches all.
  std::string search;
};

struct GuestPage {
  uint64_t total = 0;  ///< guests matching the search, before offset/limit
  std::vector<GuestProfile> items;
};

/// Parses a sort key ("spent", "orders", "recent", "email").
std::optional<GuestSort> parse_guest_sort(std::string_view key) noexcept;

class Tracker {
 public:
  explicit Tracker(TrackerOptions options = {});
  ~Tracker();
  Tracker(Tracker&&) noexcept;
  Tracker& operator=(Tracker&&) noexcept;
  Tracker(const Tracker&) = delete;
  Tracker& operator=(const Tracker&) = delete;

  const TrackerOptions& options() const noexcept;

  /// Parses a document (`data[0, len + kInputPadding)` readable) and adds its records. All or
  /// nothing: on an input error the tracker is as it was before the call.
  Status ingest(const char* data, size_t len, IngestResult* result = nullptr);
  /// As ingest(), for bytes without padding (copied once).
  Status ingest_copy(std::string_view document, IngestResult* result = nullptr);
  /// Fastest path, one pass, for a tracker that is thrown away on error (the CLI): records
  /// before an input error stay added. `progress`, if given, sees on_progress() calls.
  Status ingest_stream(const char* data, size_t len, OrderSink* progress = nullptr,
                       InputShape* shape = nullptr);

  /// Adds one accepted record at the next arrival position.
  AddOutcome add(const Order& order);
  /// Adds `n` accepted records in turn, as add() each (outcomes[i] for orders[i]), loading
  /// what each group of kOrderGroup needs from memory together first: faster than one by one
  /// once the tracker outgrows the caches.
  void add(const Order* const* orders, size_t n, AddOutcome* outcomes);
  /// A hint that add(order) comes soon: starts loading what it will read. Whoever adds many
  /// orders can overlap the memory waits: prefetch(order) about 8 orders ahead (the index
  /// slots), then prefetch(order, 1) about 4 ahead (the customer key those slots lead to).
  void prefetch(const Order& order, int stage = 0) const noexcept;
  /// The first rejection as a strict run reports it: "record 2 (order X) rejected: non-numeric
  /// total (8 rejected in all)", the id made printable(). Empty when nothing was rejected.
  std::string first_rejection_text() const;
  /// Counts one rejected record at the next record position.
  void add_rejected(std::optional<std::string_view> order_id, Rejection reason);

  /// Adds everything `other` holds, as if its records had arrived after this tracker's.
  /// Both must exclude the same statuses.
  Status merge(const Tracker& other);

  Report report(const ReportOptions& options = {}) const;
  GuestPage guests(const GuestQuery& query = {}) const;
  /// How many guest customers fall in each RFM segment (kRfmSegments order, zeros included),
  /// scored as the report scores topGuests (the tracker's exclusions apply; no report option
  /// changes a score: `asOf` is the same for every guest, so it moves no one's rank on R).
  std::vector<std::pair<std::string, uint64_t>> rfm_segments(const ReportOptions& options = {}) const;
  /// The guest customer with this email (normalised first), if there is one.
  std::optional<GuestProfile> profile(std::string_view email) const;

  /// Forgets how many records arrived, were duplicates or were rejected; the held orders stay.
  /// For a tracker that mirrors a store of winning versions and is brought up to date with the
  /// store's changed orders: its report then counts what a tracker fed the store afresh would.
  void clear_record_counts() noexcept;

  uint64_t order_count() const noexcept;     ///< distinct ids held
  uint64_t record_count() const noexcept;    ///< records seen (accepted and rejected)
  uint64_t rejected_count() const noexcept;  ///< records rejected
  /// The first kMaxListedRejections rejected records (index: position among all records).
  const std::vector<RejectedRecord>& rejections() const noexcept;

  /// The whole state as bytes, and back. restore() checks the bytes and fails cleanly.
  std::string snapshot() const;
  static Status restore(std::string_view bytes, Tracker* out);

  struct Impl;  ///< opaque storage (core/src/tracker_impl.hpp)

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace guesttrack
