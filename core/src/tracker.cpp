// tracker.cpp — storing orders: the version rule, duplicates, customers, ingest and merge.
#include "guesttrack/tracker.hpp"

#include <algorithm>
#include <numeric>

#include "guesttrack/normalize.hpp"
#include "record_batch.hpp"
#include "tracker_impl.hpp"

namespace guesttrack {
namespace detail {

StringRef Arena::allocate(size_t n, char** out) {
  if (n > kBlockSize / 4) {  // big strings get a block of their own
    blocks_.emplace_back(new char[n]);
    reserved_ += n;
    *out = blocks_.back().get();
    return StringRef{static_cast<uint32_t>(blocks_.size() - 1), 0, static_cast<uint32_t>(n)};
  }
  if (used_ + n > kBlockSize) {  // (also true before the first small string)
    blocks_.emplace_back(new char[kBlockSize]);
    reserved_ += kBlockSize;
    current_ = blocks_.size() - 1;
    used_ = 0;
  }
  *out = blocks_[current_].get() + used_;
  StringRef r{static_cast<uint32_t>(current_), static_cast<uint32_t>(used_), static_cast<uint32_t>(n)};
  used_ += n;
  return r;
}

StringRef Arena::store(std::string_view s) {
  if (s.empty()) return StringRef{};
  char* out;
  StringRef r = allocate(s.size(), &out);
  std::memcpy(out, s.data(), s.size());
  return r;
}

uint32_t CustomerKeys::add(std::string_view key) {
  Record& r = records_.emplace_back();
  if (key.size() < kLong && key.size() <= sizeof r.bytes) {
    r.len = static_cast<uint8_t>(key.size());
    std::memcpy(r.bytes, key.data(), key.size());
  } else {
    r.len = kLong;
    StringRef ref = long_keys_.store(key);
    std::memcpy(r.bytes, &ref, sizeof ref);
  }
  return static_cast<uint32_t>(records_.size() - 1);
}

uint64_t customer_hash(char kind, std::string_view text) noexcept {
  uint64_t h = hash_bytes(text) ^ (static_cast<uint64_t>(static_cast<unsigned char>(kind)) << 56);
  h *= 0xBF58476D1CE4E5B9ULL;
  h ^= h >> 31;
  return h;
}

namespace {
volatile uint32_t kept = 0;
}
void keep(uint32_t loaded) noexcept { kept = kept + loaded; }

uint64_t hash_bytes(std::string_view s) noexcept {
  // 64-bit multiply-mix over 8-byte words (fast, well spread for ids and emails).
  constexpr uint64_t kMul = 0x9E3779B97F4A7C15ULL;
  uint64_t h = 0x243F6A8885A308D3ULL ^ (s.size() * kMul);
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    h = (h ^ w) * kMul;
    h ^= h >> 29;
  }
  uint64_t tail = 0;
  std::memcpy(&tail, s.data() + i, s.size() - i);
  h = (h ^ tail) * kMul;
  h ^= h >> 32;
  h *= 0xD6E8FEB86659FD93ULL;
  h ^= h >> 32;
  return h;
}

StringRef store_contact(const Order& order, Arena* arena) {
  size_t n = 0;
  for (const std::string_view& field : order.contact)
    for (size_t len = field.size();; len >>= 7) {
      ++n;
      if (len < 0x80) break;
    }
  for (const std::string_view& field : order.contact) n += field.size();
  char* out;
  StringRef r = arena->allocate(n, &out);
  for (const std::string_view& field : order.contact) {
    size_t len = field.size();
    for (; len >= 0x80; len >>= 7) *out++ = static_cast<char>((len & 0x7F) | 0x80);
    *out++ = static_cast<char>(len);
    if (!field.empty()) std::memcpy(out, field.data(), field.size());
    out += field.size();
  }
  return r;
}

int decode_contact(std::string_view blob, std::string_view* out, int count) noexcept {
  size_t p = 0;
  for (int f = 0; f < count && f < kContactFieldCount; ++f) {
    size_t len = 0;
    for (int shift = 0; p < blob.size(); shift += 7) {
      unsigned char b = static_cast<unsigned char>(blob[p++]);
      len |= static_cast<size_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) break;
    }
    if (p + len > blob.size()) return f;
    out[f] = blob.substr(p, len);
    p += len;
  }
  return count < kContactFieldCount ? count : kContactFieldCount;
}

}  // namespace detail

uint32_t Tracker::Impl::customer_for(char kind, std::string_view text, uint64_t h) {
  int64_t found = find_customer(kind, text, h);
  if (found >= 0) return static_cast<uint32_t>(found);
  scratch.assign(1, kind);
  scratch.append(text);
  uint32_t c = customers.add(scratch);
  customer_index.insert(h, c);
  return c;
}

int64_t Tracker::Impl::find_customer(char kind, std::string_view text, uint64_t hash) const {
  return customer_index.find(hash, [&](uint32_t v) {
    std::string_view k = customer_key(v);
    return k.size() == text.size() + 1 && k[0] == kind &&
           std::memcmp(k.data() + 1, text.data(), text.size()) == 0;
  });
}

int64_t Tracker::Impl::find_customer(char kind, std::string_view text) const {
  return find_customer(kind, text, customer_hash(kind, text));
}

void Tracker::Impl::prefetch(const Order& order, int stage) const noexcept {
  auto [kind, text] = customer_of(order);
  if (stage == 0) {
    order_index.prefetch(hash_bytes(order.id));
    customer_index.prefetch(customer_hash(kind, text));
  } else if (int64_t c = customer_index.likely(customer_hash(kind, text)); c >= 0) {
    customers.prefetch(static_cast<uint32_t>(c));
  }
}

uint32_t Tracker::Impl::status_for(std::string_view status) {
  // A shop has a handful of statuses: a short scan beats hashing.
  for (size_t i = 0; i < statuses.size() && i < 16; ++i)
    if (statuses[i] == status) return static_cast<uint32_t>(i + 1);
  scratch.assign(status);
  auto it = status_index.find(scratch);
  if (it != status_index.end()) return it->second;
  statuses.push_back(scratch);
  uint32_t id = static_cast<uint32_t>(statuses.size());
  status_index.emplace(scratch, id);
  return id;
}

void Tracker::Impl::add(const Order* const* group, size_t n, AddOutcome* outcomes) {
  // Each order needs its slot in both indexes, then the customer key and (for an id seen
  // before) the stored order those slots lead to. Once the indexes outgrow the caches each is
  // a wait on memory; asked for together, a group's waits overlap. Natively these are
  // prefetches; WebAssembly has none, so there they are loads whose values are kept.
  uint64_t ids[kOrderGroup], keys[kOrderGroup];
  n = std::min(n, kOrderGroup);  // Tracker::add hands over at most one group at a time
  uint32_t loaded = 0;
  for (size_t i = 0; i < n; ++i) {
    ids[i] = hash_bytes(group[i]->id);
    auto [kind, text] = customer_of(*group[i]);
    keys[i] = customer_hash(kind, text);
  }
  for (size_t i = 0; i < n; ++i) loaded += order_index.touch(ids[i]) + customer_index.touch(keys[i]);
  for (size_t i = 0; i < n; ++i) {
    if (int64_t c = customer_index.likely(keys[i]); c >= 0) loaded += customers.touch(static_cast<uint32_t>(c));
    if (int64_t o = order_index.likely(ids[i]); o >= 0) loaded += touch(&orders[static_cast<size_t>(o)]);
  }
  keep(loaded);
  for (size_t i = 0; i < n; ++i) outcomes[i] = add(*group[i], ids[i], keys[i]);
}

AddOutcome Tracker::Impl::add(const Order& order, uint64_t h, uint64_t customer_key_hash) {
  uint64_t arrival = next_arrival++;
  int64_t found = order_index.find(h, [&](uint32_t v) { return arena.get(orders[v].id) == order.id; });
  StoredOrder* target;
  AddOutcome outcome;
  if (found < 0) {
    orders.emplace_back();
    target = &orders.back();
    target->id = arena.store(order.id);
    order_index.insert(h, static_cast<uint32_t>(orders.size() - 1));
    outcome = AddOutcome::inserted;
  } else {
    ++duplicates;
    target = &orders[static_cast<size_t>(found)];
    // Latest version time wins; of equal times, the later arrival (this one).
    if (order.version_time < target->version_time) return AddOutcome::kept;
    outcome = AddOutcome::replaced;
  }
  StoredOrder& s = *target;
  s.created_at = order.created_at;
  s.version_time = order.version_time;
  s.total = order.total;
  s.arrival = arrival;
  s.status = order.has_status ? status_for(order.status) : 0;
  s.flags = static_cast<uint8_t>((order.is_guest() ? kGuestOrder : 0) |
                                 (order.email_changed ? kEmailChanged : 0) |
                                 (order.state_changed ? kStateChanged : 0));
  if (order.is_guest()) {
    s.buyer_id = StringRef{};
    s.contact = store_contact(order, &arena);
  } else {
    s.buyer_id = arena.store(order.buyer_id);
    s.contact = StringRef{};
  }
  auto [kind, text] = customer_of(order);
  s.customer = customer_for(kind, text, customer_key_hash);
  return outcome;
}

void Tracker::Impl::add_rejected(uint64_t index, std::optional<std::string_view> id,
                                 Rejection reason) {
  ++rejected_count;
  if (rejected.size() < kMaxListedRejections) {
    RejectedRecord r;
    r.index = index;
    if (id) r.order_id = std::string(*id);
    r.reason = reason;
    rejected.push_back(std::move(r));
  }
}

Order Tracker::Impl::to_order(const StoredOrder& s) const {
  Order o;
  o.id = arena.get(s.id);
  o.buyer_id = arena.get(s.buyer_id);
  o.email = customer_email(s.customer);
  o.email_changed = s.flags & kEmailChanged;
  o.state_changed = s.flags & kStateChanged;
  o.has_status = s.status != 0;
  if (o.has_status) o.status = statuses[s.status - 1];
  o.total = s.total;
  o.created_at = s.created_at;
  o.version_time = s.version_time;
  detail::decode_contact(arena.get(s.contact), o.contact, kContactFieldCount);
  return o;
}

std::vector<std::string> default_excluded_statuses() {
  return {"cancelled", "canceled", "refunded", "failed"};
}

std::optional<GuestSort> parse_guest_sort(std::string_view key) noexcept {
  if (key == "spent") return GuestSort::spent;
  if (key == "orders") return GuestSort::orders;
  if (key == "recent") return GuestSort::recent;
  if (key == "email") return GuestSort::email;
  return std::nullopt;
}

Tracker::Tracker(TrackerOptions options) : impl_(std::make_unique<Impl>()) {
  for (std::string& s : options.exclude_statuses) s = normalize_status(s);
  std::sort(options.exclude_statuses.begin(), options.exclude_statuses.end());
  options.exclude_statuses.erase(
      std::unique(options.exclude_statuses.begin(), options.exclude_statuses.end()),
      options.exclude_statuses.end());
  impl_->options = std::move(options);
}
Tracker::~Tracker() = default;
Tracker::Tracker(Tracker&&) noexcept = default;
Tracker& Tracker::operator=(Tracker&&) noexcept = default;

const TrackerOptions& Tracker::options() const noexcept { return impl_->options; }
uint64_t Tracker::order_count() const noexcept { return impl_->orders.size(); }
uint64_t Tracker::record_count() const noexcept { return impl_->records; }
uint64_t Tracker::rejected_count() const noexcept { return impl_->rejected_count; }

void Tracker::clear_record_counts() noexcept {
  impl_->records = 0;
  impl_->duplicates = 0;
  impl_->rejected_count = 0;
  impl_->rejected.clear();
}
const std::vector<RejectedRecord>& Tracker::rejections() const noexcept { return impl_->rejected; }

AddOutcome Tracker::add(const Order& order) {
  ++impl_->records;
  return impl_->add(order);
}

void Tracker::add(const Order* const* orders, size_t n, AddOutcome* outcomes) {
  for (size_t first = 0; first < n; first += kOrderGroup) {
    size_t m = std::min(kOrderGroup, n - first);
    impl_->records += m;
    impl_->add(orders + first, m, outcomes + first);
  }
}

void Tracker::prefetch(const Order& order, int stage) const noexcept { impl_->prefetch(order, stage); }

std::string Tracker::first_rejection_text() const {
  if (impl_->rejected.empty()) return {};
  const RejectedRecord& r = impl_->rejected.front();
  return "record " + std::to_string(r.index) +
         (r.order_id ? " (order " + printable(*r.order_id) + ")" : std::string()) + " rejected: " +
         rejection_reason(r.reason) + " (" + std::to_string(impl_->rejected_count) +
         " rejected in all)";
}

void Tracker::add_rejected(std::optional<std::string_view> order_id, Rejection reason) {
  impl_->add_rejected(impl_->records++, order_id, reason);
}

namespace {

// Feeds parsed records into a tracker, noting what happened for an IngestResult.
class TrackerSink : public OrderSink {
 public:
  TrackerSink(Tracker& tracker, IngestResult* result, OrderSink* progress)
      : tracker_(tracker), result_(result), progress_(progress) {}
  void on_order(uint64_t, const Order& order) override { count(tracker_.add(order)); }
  bool takes_groups() const noexcept override { return true; }
  void on_orders(const Order* const* orders, const uint64_t*, size_t n) override {
    AddOutcome outcomes[kOrderGroup];
    for (size_t first = 0; first < n; first += kOrderGroup) {  // producers give at most one group
      size_t m = std::min(kOrderGroup, n - first);
      tracker_.add(orders + first, m, outcomes);
      for (size_t i = 0; i < m; ++i) count(outcomes[i]);
    }
  }
  void on_upcoming(const Order& order, int stage) override { tracker_.prefetch(order, stage); }
  void on_rejected(const RejectedRecord& r) override {
    tracker_.add_rejected(r.order_id, r.reason);
    if (result_) result_->rejected.push_back(r);
  }
  void on_progress(uint64_t bytes, uint64_t records) override {
    if (progress_) progress_->on_progress(bytes, records);
  }

 private:
  void count(AddOutcome o) {
    if (!result_) return;
    ++result_->accepted;
    if (o != AddOutcome::inserted) ++result_->duplicates;
    if (o == AddOutcome::kept) ++result_->unchanged;
  }

  Tracker& tracker_;
  IngestResult* result_;
  OrderSink* progress_;
};

}  // namespace

Status Tracker::ingest_stream(const char* data, size_t len, OrderSink* progress,
                              InputShape* shape) {
  // Parsed on other threads (where there are any) while this one stores.
  TrackerSink sink(*this, nullptr, progress);
  return parse_orders_parallel(data, len, sink, shape);
}

Status Tracker::ingest(const char* data, size_t len, IngestResult* result) {
  IngestResult local;
  IngestResult* out = result ? result : &local;
  *out = IngestResult{};
  uint64_t first_record = impl_->records;
  TrackerSink sink(*this, out, nullptr);
  if (first_record == 0) {
    // Nothing held yet: store as we parse, and on an input error start again empty.
    Status s = parse_orders(data, len, sink);
    if (!s) {
      TrackerOptions options = impl_->options;
      impl_ = std::make_unique<Impl>();
      impl_->options = std::move(options);
      *out = IngestResult{};
      return s;
    }
    out->records = impl_->records - first_record;
    return s;
  }
  // Otherwise hold the parsed records aside and store them only once all of them parsed.
  detail::RecordBatch staged(data);
  Status s = parse_orders(data, len, staged);
  if (!s) return s;
  staged.replay(sink, 0);
  out->records = impl_->records - first_record;
  return s;
}

Status Tracker::ingest_copy(std::string_view document, IngestResult* result) {
  std::string padded = padded_copy(document);
  return ingest(padded.data(), document.size(), result);
}

Status Tracker::merge(const Tracker& other) {
  if (&other == this)
    return Status::error(ErrorCode::invalid_option, "a tracker cannot be merged into itself");
  if (other.impl_->options.exclude_statuses != impl_->options.exclude_statuses)
    return Status::error(ErrorCode::options_mismatch,
                         "cannot merge trackers that exclude different statuses");
  const Impl& o = *other.impl_;
  std::vector<uint32_t> by_arrival(o.orders.size());
  std::iota(by_arrival.begin(), by_arrival.end(), 0u);
  std::sort(by_arrival.begin(), by_arrival.end(),
            [&](uint32_t a, uint32_t b) { return o.orders[a].arrival < o.orders[b].arrival; });
  for (uint32_t i : by_arrival) impl_->add(o.to_order(o.orders[i]));
  impl_->duplicates += o.duplicates;
  for (const RejectedRecord& r : o.rejected) {
    if (impl_->rejected.size() >= kMaxListedRejections) break;
    RejectedRecord shifted = r;
    shifted.index += impl_->records;
    impl_->rejected.push_back(std::move(shifted));
  }
  impl_->rejected_count += o.rejected_count;
  impl_->records += o.records;
  return Status::success();
}

}  // namespace guesttrack
