// record_batch.cpp — the flat encoding: a fixed header, then the record's strings back to back.
#include "record_batch.hpp"

#include <algorithm>
#include <cstring>

namespace guesttrack::detail {
namespace {

constexpr int kStrings = 4 + kContactFieldCount;  // id, buyer, email, status, contact…

struct Header {
  uint8_t kind;  // 0 order, 1 rejection
  uint8_t email_changed, state_changed, has_status, has_id, reason;
  Kobo total;
  EpochMs created_at, version_time;
  uint64_t raw_begin, raw_size;  // the record's bytes in the document
  uint32_t len[kStrings];
};

}  // namespace

char* RecordBatch::extend(size_t n) {
  if (used_ + n > capacity_) {
    size_t grown = std::max({capacity_ * 2, used_ + n, size_t{64} << 10});
    std::unique_ptr<char[]> bigger(new char[grown]);
    if (used_) std::memcpy(bigger.get(), bytes_.get(), used_);
    bytes_ = std::move(bigger);
    capacity_ = grown;
  }
  char* at = bytes_.get() + used_;
  used_ += n;
  return at;
}

void RecordBatch::on_order(uint64_t, const Order& o) {
  Header h{};
  h.email_changed = o.email_changed;
  h.state_changed = o.state_changed;
  h.has_status = o.has_status;
  h.total = o.total;
  h.created_at = o.created_at;
  h.version_time = o.version_time;
  h.raw_begin = o.raw.empty() ? 0 : static_cast<uint64_t>(o.raw.data() - document_);
  h.raw_size = o.raw.size();
  std::string_view v[kStrings] = {o.id, o.buyer_id, o.email, o.status};
  for (int f = 0; f < kContactFieldCount; ++f) v[4 + f] = o.contact[f];
  size_t n = sizeof h;
  for (int i = 0; i < kStrings; ++i) {
    h.len[i] = static_cast<uint32_t>(v[i].size());
    n += v[i].size();
  }
  char* out = extend(n);
  std::memcpy(out, &h, sizeof h);
  out += sizeof h;
  for (const std::string_view& s : v) {
    if (!s.empty()) std::memcpy(out, s.data(), s.size());
    out += s.size();
  }
  ++records_;
}

void RecordBatch::on_rejected(const RejectedRecord& r) {
  Header h{};
  h.kind = 1;
  h.has_id = r.order_id.has_value();
  h.reason = static_cast<uint8_t>(r.reason);
  std::string_view id = r.order_id ? std::string_view(*r.order_id) : std::string_view();
  h.len[0] = static_cast<uint32_t>(id.size());
  char* out = extend(sizeof h + id.size());
  std::memcpy(out, &h, sizeof h);
  if (!id.empty()) std::memcpy(out + sizeof h, id.data(), id.size());
  ++records_;
}

namespace {

// Reads the record at `p` into `h` and `v`; returns where the next one starts.
const char* decode(const char* p, Header* h, std::string_view (&v)[kStrings]) {
  std::memcpy(h, p, sizeof *h);
  p += sizeof *h;
  for (int k = 0; k < kStrings; ++k) {
    v[k] = std::string_view(p, h->len[k]);
    p += h->len[k];
  }
  return p;
}

Order to_order(const Header& h, const std::string_view (&v)[kStrings], const char* document) {
  Order o;
  o.id = v[0];
  o.buyer_id = v[1];
  o.email = v[2];
  o.status = v[3];
  o.has_status = h.has_status;
  o.email_changed = h.email_changed;
  o.state_changed = h.state_changed;
  o.total = h.total;
  o.created_at = h.created_at;
  o.version_time = h.version_time;
  o.raw = std::string_view(document + h.raw_begin, h.raw_size);
  for (int f = 0; f < kContactFieldCount; ++f) o.contact[f] = v[4 + f];
  return o;
}

RejectedRecord to_rejection(const Header& h, std::string_view id, uint64_t index) {
  RejectedRecord r;
  r.index = index;
  if (h.has_id) r.order_id = std::string(id);
  r.reason = static_cast<Rejection>(h.reason);
  return r;
}

}  // namespace

void RecordBatch::replay_in_groups(OrderSink& sink, uint64_t first_index) const {
  if (!sink.takes_groups()) return replay(sink, first_index);
  OrderGroup group(sink);
  Header h;
  std::string_view v[kStrings];
  const char* p = bytes_.get();
  for (size_t i = 0; i < records_; ++i) {
    p = decode(p, &h, v);
    if (h.kind == 1) group.on_rejected(to_rejection(h, v[0], first_index + i));
    else group.on_order(first_index + i, to_order(h, v, document_));
  }
  group.flush();
}

void RecordBatch::replay(OrderSink& sink, uint64_t first_index) const {
#ifdef __EMSCRIPTEN__
  if (sink.takes_groups()) return replay_in_groups(sink, first_index);
#endif
  // The sink hears of each order twice before it gets it (on_upcoming stages 0 and 1). Each
  // record is decoded once, kFar records ahead, into a ring that the later calls read.
  constexpr size_t kFar = 8, kNear = 4, kRing = 16;
  static_assert(kFar < kRing && kNear < kFar);
  struct Decoded {
    Header header;
    Order order;
    std::string_view id;
  };
  Decoded ring[kRing];
  std::string_view v[kStrings];
  const char* p = bytes_.get();
  size_t decoded = 0;
  for (size_t i = 0; i < records_; ++i) {
    for (; decoded < records_ && decoded <= i + kFar; ++decoded) {
      Decoded& d = ring[decoded % kRing];
      p = decode(p, &d.header, v);
      d.id = v[0];
      if (d.header.kind == 0) {
        d.order = to_order(d.header, v, document_);
        sink.on_upcoming(d.order, 0);
      }
    }
    if (i + kNear < records_) {
      const Decoded& near = ring[(i + kNear) % kRing];
      if (near.header.kind == 0) sink.on_upcoming(near.order, 1);
    }
    const Decoded& d = ring[i % kRing];
    if (d.header.kind == 1) {
      sink.on_rejected(to_rejection(d.header, d.id, first_index + i));
      continue;
    }
    sink.on_order(first_index + i, d.order);
  }
}

}  // namespace guesttrack::detail
