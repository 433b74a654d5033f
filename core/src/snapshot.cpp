// snapshot.cpp — a Tracker's whole state as bytes and back (for storage and for moving work).
//
// Layout (little-endian): "GTSNAP01", the body, then an 8-byte hash of the body. The body holds
// the options, the counters, the listed rejections, and every held order in arrival order;
// restoring replays those orders, so a restored tracker answers exactly as the original did.
#include <algorithm>
#include <numeric>

#include "tracker_impl.hpp"

namespace guesttrack {
namespace {

constexpr char kMagic[8] = {'G', 'T', 'S', 'N', 'A', 'P', '0', '1'};

class Writer {
 public:
  std::string out;
  void u8(uint8_t v) { out.push_back(static_cast<char>(v)); }
  void u64(uint64_t v) {
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>(v >> (8 * i)));
  }
  void str(std::string_view s) {
    u64(s.size());
    out.append(s);
  }
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool u8(uint8_t* v) {
    if (pos_ + 1 > in_.size()) return false;
    *v = static_cast<uint8_t>(in_[pos_++]);
    return true;
  }
  bool u64(uint64_t* v) {
    if (pos_ + 8 > in_.size()) return false;
    *v = 0;
    for (int i = 0; i < 8; ++i) *v |= static_cast<uint64_t>(static_cast<uint8_t>(in_[pos_ + i])) << (8 * i);
    pos_ += 8;
    return true;
  }
  bool i64(int64_t* v) {
    uint64_t u;
    if (!u64(&u)) return false;
    *v = static_cast<int64_t>(u);
    return true;
  }
  bool str(std::string_view* s) {
    uint64_t n;
    if (!u64(&n) || n > in_.size() - pos_) return false;
    *s = in_.substr(pos_, n);
    pos_ += n;
    return true;
  }
  bool done() const { return pos_ == in_.size(); }

 private:
  std::string_view in_;
  size_t pos_ = 0;
};

}  // namespace

std::string Tracker::snapshot() const {
  const Impl& t = *impl_;
  Writer w;
  w.out.append(kMagic, sizeof kMagic);
  w.u64(t.options.exclude_statuses.size());
  for (const std::string& s : t.options.exclude_statuses) w.str(s);
  w.u64(t.records);
  w.u64(t.duplicates);
  w.u64(t.rejected_count);
  w.u64(t.rejected.size());
  for (const RejectedRecord& r : t.rejected) {
    w.u64(r.index);
    w.u8(r.order_id ? 1 : 0);
    if (r.order_id) w.str(*r.order_id);
    w.u8(static_cast<uint8_t>(r.reason));
  }
  std::vector<uint32_t> by_arrival(t.orders.size());
  std::iota(by_arrival.begin(), by_arrival.end(), 0u);
  std::sort(by_arrival.begin(), by_arrival.end(),
            [&](uint32_t a, uint32_t b) { return t.orders[a].arrival < t.orders[b].arrival; });
  w.u64(by_arrival.size());
  for (uint32_t i : by_arrival) {
    const StoredOrder& o = t.orders[i];
    w.str(t.arena.get(o.id));
    w.str(t.arena.get(o.buyer_id));
    w.str(t.customer_email(o.customer));
    w.u8(o.flags);
    w.u8(o.status != 0);
    if (o.status) w.str(t.statuses[o.status - 1]);
    w.u64(static_cast<uint64_t>(o.total));
    w.u64(static_cast<uint64_t>(o.created_at));
    w.u64(static_cast<uint64_t>(o.version_time));
    w.str(t.arena.get(o.contact));
  }
  uint64_t h = hash_bytes(std::string_view(w.out).substr(sizeof kMagic));
  w.u64(h);
  return std::move(w.out);
}

Status Tracker::restore(std::string_view bytes, Tracker* out) {
  auto bad = [](const char* why) {
    return Status::error(ErrorCode::invalid_snapshot, std::string("invalid snapshot: ") + why);
  };
  if (bytes.size() < sizeof kMagic + 8 || bytes.compare(0, sizeof kMagic, std::string_view(kMagic, sizeof kMagic)) != 0)
    return bad("not a guesttrack snapshot (or from another version)");
  std::string_view body = bytes.substr(sizeof kMagic, bytes.size() - sizeof kMagic - 8);
  uint64_t stored_hash;
  Reader tail(bytes.substr(bytes.size() - 8));
  tail.u64(&stored_hash);
  if (hash_bytes(body) != stored_hash) return bad("checksum mismatch (truncated or altered)");

  Reader r(body);
  uint64_t n;
  TrackerOptions options;
  options.exclude_statuses.clear();
  if (!r.u64(&n) || n > body.size()) return bad("options");
  for (uint64_t i = 0; i < n; ++i) {
    std::string_view s;
    if (!r.str(&s)) return bad("options");
    options.exclude_statuses.emplace_back(s);
  }
  Tracker t(std::move(options));
  Impl& impl = *t.impl_;
  uint64_t records, duplicates, rejected_count, listed;
  if (!r.u64(&records) || !r.u64(&duplicates) || !r.u64(&rejected_count) || !r.u64(&listed) ||
      listed > kMaxListedRejections)
    return bad("counters");
  for (uint64_t i = 0; i < listed; ++i) {
    RejectedRecord rec;
    uint8_t has_id, reason;
    if (!r.u64(&rec.index) || !r.u8(&has_id)) return bad("rejections");
    if (has_id) {
      std::string_view id;
      if (!r.str(&id)) return bad("rejections");
      rec.order_id = std::string(id);
    }
    if (!r.u8(&reason) || reason > static_cast<uint8_t>(Rejection::guest_without_email))
      return bad("rejections");
    rec.reason = static_cast<Rejection>(reason);
    impl.rejected.push_back(std::move(rec));
  }
  uint64_t orders;
  if (!r.u64(&orders)) return bad("orders");
  for (uint64_t i = 0; i < orders; ++i) {
    Order o;
    uint8_t flags, has_status;
    std::string_view blob;
    if (!r.str(&o.id) || o.id.empty() || !r.str(&o.buyer_id) || !r.str(&o.email) ||
        !r.u8(&flags) || !r.u8(&has_status))
      return bad("order");
    if (has_status && !r.str(&o.status)) return bad("order status");
    uint64_t total, created, version;
    if (!r.u64(&total) || !r.u64(&created) || !r.u64(&version) || !r.str(&blob))
      return bad("order figures");
    o.has_status = has_status != 0;
    o.total = static_cast<Kobo>(total);
    o.created_at = static_cast<EpochMs>(created);
    o.version_time = static_cast<EpochMs>(version);
    o.email_changed = flags & detail::kEmailChanged;
    o.state_changed = flags & detail::kStateChanged;
    bool guest = flags & detail::kGuestOrder;
    if (guest != o.buyer_id.empty() || (guest && o.email.empty()) || o.total < 0 ||
        o.total > kMaxOrderKobo || o.created_at < kMinEpochMs || o.created_at > kMaxEpochMs)
      return bad("order fields out of range");
    detail::decode_contact(blob, o.contact, kContactFieldCount);  // (views into `bytes`)
    if (impl.add(o) != AddOutcome::inserted) return bad("an order id appears twice");
  }
  if (!r.done()) return bad("trailing bytes");
  impl.records = records;
  impl.duplicates = duplicates;
  impl.rejected_count = rejected_count;
  *out = std::move(t);
  return Status::success();
}

}  // namespace guesttrack
