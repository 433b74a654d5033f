// record_batch.hpp — parsed records held flat in one buffer, to be handed on later: by the
// parallel parser's workers to the storing thread, and by an all-or-nothing ingest that only
// stores once the whole document has parsed.
#pragma once

#include <cstddef>
#include <memory>

#include "guesttrack/parse.hpp"

namespace guesttrack::detail {

class RecordBatch : public OrderSink {
 public:
  /// `document`: the bytes the records come from (Order::raw is kept as an offset into them).
  explicit RecordBatch(const char* document) : document_(document) {}

  void on_order(uint64_t index, const Order& order) override;
  void on_rejected(const RejectedRecord& rejected) override;

  size_t size() const noexcept { return records_; }
  /// Empties the batch; the buffer is kept (a batch reused is already in memory).
  void clear() noexcept {
    used_ = 0;
    records_ = 0;
  }
  /// Hands every held record to `sink` in order, numbering them from `first_index`. Views in
  /// the orders point into this batch and the document. Natively each order is announced
  /// (on_upcoming) a few records ahead, for the sink to prefetch; in WebAssembly, which has no
  /// prefetch, a sink that takes groups gets replay_in_groups().
  void replay(OrderSink& sink, uint64_t first_index) const;
  /// As replay(), the orders handed on kOrderGroup at a time (on_orders) to a sink that takes
  /// groups, each rejection after the orders before it.
  void replay_in_groups(OrderSink& sink, uint64_t first_index) const;

 private:
  /// Room for n more bytes at the end of the buffer; returns where they start.
  char* extend(size_t n);

  const char* document_;
  std::unique_ptr<char[]> bytes_;
  size_t used_ = 0, capacity_ = 0;
  size_t records_ = 0;
};

}  // namespace guesttrack::detail
