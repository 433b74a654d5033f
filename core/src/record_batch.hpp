// record_batch.hpp — parsed records held flat in one buffer, to be handed on later: by the
// parallel parser's workers to the storing thread, and by an all-or-nothing ingest that only
// stores once the whole document has parsed.
#pragma once

#include <cstddef>
#include <memory>

#include "guesttrack/parse.hpp"

namespace guesttrack::detail {

/// Gathers the orders handed to it and passes them on kOrderGroup at a time (on_orders), each
/// rejection and progress call after the orders before it; flush() passes on what is held. The
/// orders' views must stay valid until they are passed on.
class OrderGroup : public OrderSink {
 public:
  explicit OrderGroup(OrderSink& sink) : sink_(sink) {}
  size_t pending() const noexcept { return held_; }
  void on_order(uint64_t index, const Order& order) override {
    orders_[held_] = order;
    indexes_[held_] = index;
    if (++held_ == kOrderGroup) flush();
  }
  void on_rejected(const RejectedRecord& rejected) override {
    flush();
    sink_.on_rejected(rejected);
  }
  void on_progress(uint64_t bytes_done, uint64_t records_done) override {
    flush();
    sink_.on_progress(bytes_done, records_done);
  }
  void flush() {
    if (held_ == 0) return;
    const Order* orders[kOrderGroup];
    for (size_t i = 0; i < held_; ++i) orders[i] = &orders_[i];
    size_t n = held_;
    held_ = 0;
    sink_.on_orders(orders, indexes_, n);
  }

 private:
  OrderSink& sink_;
  Order orders_[kOrderGroup];
  uint64_t indexes_[kOrderGroup] = {};
  size_t held_ = 0;
};

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
