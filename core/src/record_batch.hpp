// record_batch.hpp — parsed records held flat in one buffer, to be handed on later: by the
// parallel parser's workers to the storing thread, and by an all-or-nothing ingest that only
// stores once the whole document has parsed.
#pragma once

#include <string>

#include "guesttrack/parse.hpp"

namespace guesttrack::detail {

class RecordBatch : public OrderSink {
 public:
  /// `document`: the bytes the records come from (Order::raw is kept as an offset into them).
  explicit RecordBatch(const char* document) : document_(document) {}

  void on_order(uint64_t index, const Order& order) override;
  void on_rejected(const RejectedRecord& rejected) override;

  size_t size() const noexcept { return records_; }
  void clear() noexcept {
    bytes_.clear();
    records_ = 0;
  }
  /// Hands every held record to `sink` in order, numbering them from `first_index`. Views in
  /// the orders point into this batch and the document.
  void replay(OrderSink& sink, uint64_t first_index) const;

 private:
  const char* document_;
  std::string bytes_;
  size_t records_ = 0;
};

}  // namespace guesttrack::detail
