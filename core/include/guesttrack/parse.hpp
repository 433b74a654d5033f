// parse.hpp — SPEC §1: turn a document (array, {orders|data}, NDJSON) into records.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "guesttrack/order.hpp"
#include "guesttrack/status.hpp"

namespace guesttrack {

/// Bytes that must be readable past the end of a document handed to parse_orders() (their
/// content does not matter). Callers that cannot promise it use parse_orders_copy().
constexpr size_t kInputPadding = 64;

/// Deepest nesting accepted anywhere in a document.
constexpr size_t kMaxDepth = 1024;

/// The most orders a producer hands to OrderSink::on_orders at once.
constexpr size_t kOrderGroup = 8;

/// Receives records in document order. `index` is the 0-based record position (NDJSON: blank
/// lines are not records).
class OrderSink {
 public:
  virtual ~OrderSink() = default;
  virtual void on_order(uint64_t index, const Order& order) = 0;
  virtual void on_rejected(const RejectedRecord& rejected) = 0;
  /// A hint that `order` will be delivered soon, so a sink may start loading what it will
  /// need: given twice, at stage 0 (about 8 records ahead) and stage 1 (about 4 ahead, when
  /// what stage 0 asked for has arrived and can lead to the next loads). The views are valid
  /// during the call only. Not every producer gives hints.
  virtual void on_upcoming(const Order& /*order*/, int /*stage*/) {}
  /// True for a sink that would rather take orders a group at a time (on_orders), so that what
  /// the whole group needs from memory can be loaded at once (see Tracker::add). A producer that
  /// groups delivers rejections and progress only after the orders before them.
  virtual bool takes_groups() const noexcept { return false; }
  /// `n` orders (at most kOrderGroup) in document order, their views valid during the call.
  virtual void on_orders(const Order* const* orders, const uint64_t* indexes, size_t n) {
    for (size_t i = 0; i < n; ++i) on_order(indexes[i], *orders[i]);
  }
  /// Called now and then with the bytes consumed so far.
  virtual void on_progress(uint64_t /*bytes_done*/, uint64_t /*records_done*/) {}
};

/// The shape a document was detected as.
enum class InputShape : uint8_t { array, wrapped, ndjson };

/// Parses a whole document. `data[0, len + kInputPadding)` must be readable. On an input error
/// the status names the byte offset (and for NDJSON the line); records before it have already
/// been delivered to the sink.
Status parse_orders(const char* data, size_t len, OrderSink& sink, InputShape* shape = nullptr);

/// As parse_orders(), on three threads where the build has them (native): one finds the records
/// (or, for NDJSON, cuts the lines into ranges), two parse them; the sink is still called on the
/// calling thread, in document order, with the same records and the same result, and hears of
/// each order (on_upcoming) a few records before it gets it. Small documents take the one-thread
/// path.
Status parse_orders_parallel(const char* data, size_t len, OrderSink& sink,
                             InputShape* shape = nullptr);

/// A copy of `document` with kInputPadding zero bytes after it (data() is then parseable).
std::string padded_copy(std::string_view document);

/// As parse_orders(), for a document without padding: copies it once.
Status parse_orders_copy(std::string_view document, OrderSink& sink,
                         InputShape* shape = nullptr);

}  // namespace guesttrack
