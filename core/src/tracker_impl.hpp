// tracker_impl.hpp — how a Tracker holds its orders: compact records, strings in an arena,
// open-addressing indexes. Shared by tracker.cpp, report.cpp and snapshot.cpp.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "guesttrack/tracker.hpp"

namespace guesttrack::detail {

/// A string held in an Arena.
struct StringRef {
  uint32_t block = 0, offset = 0, len = 0;
};

/// Append-only string storage in large blocks: no per-string allocation, stable addresses.
class Arena {
 public:
  StringRef store(std::string_view s);
  /// Room for `n` bytes (n > 0), to be written at *out before anything else is stored.
  StringRef allocate(size_t n, char** out);
  std::string_view get(StringRef r) const noexcept {
    return r.len == 0 ? std::string_view() : std::string_view(blocks_[r.block].get() + r.offset, r.len);
  }
  size_t bytes_reserved() const noexcept { return reserved_; }

 private:
  static constexpr size_t kBlockSize = 1 << 20;
  std::vector<std::unique_ptr<char[]>> blocks_;
  size_t current_ = 0;          ///< the block small strings are appended to
  size_t used_ = kBlockSize;    ///< bytes used in it (full: none yet)
  size_t reserved_ = 0;
};

uint64_t hash_bytes(std::string_view s) noexcept;
/// The hash of a customer key (`kind` + `text`), without building the key.
uint64_t customer_hash(char kind, std::string_view text) noexcept;
/// Keeps a value that was loaded only to bring its cache line in (WebAssembly, which has no
/// prefetch: see report.cpp), so that the compiler cannot leave the load out.
void keep(uint32_t loaded) noexcept;
/// Brings the cache line at `p` in: natively a prefetch (0 returned); in WebAssembly, which has
/// no prefetch, a load whose value the caller adds up and hands to keep(). Loads issued back to
/// back wait for memory together, where one at a time each would stall the work behind it.
inline uint32_t touch(const void* p) noexcept {
#ifdef __EMSCRIPTEN__
  return *static_cast<const unsigned char*>(p);
#else
  __builtin_prefetch(p);
  return 0;
#endif
}

/// A vector in fixed chunks: growing never copies what is held (nor needs twice the memory).
template <class T>
class ChunkedVector {
 public:
  static constexpr size_t kChunk = 1 << 14;
  size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  T& operator[](size_t i) noexcept { return chunks_[i / kChunk][i % kChunk]; }
  const T& operator[](size_t i) const noexcept { return chunks_[i / kChunk][i % kChunk]; }
  T& back() noexcept { return (*this)[size_ - 1]; }
  T& emplace_back() {
    if (size_ % kChunk == 0) chunks_.emplace_back(new T[kChunk]);
    T& slot = (*this)[size_++];
    slot = T{};
    return slot;
  }

  template <class V, class Owner>
  class Iter {
   public:
    Iter(Owner* v, size_t i) : v_(v), i_(i) {}
    V& operator*() const { return (*v_)[i_]; }
    Iter& operator++() {
      ++i_;
      return *this;
    }
    bool operator!=(const Iter& o) const { return i_ != o.i_; }

   private:
    Owner* v_;
    size_t i_;
  };
  Iter<const T, const ChunkedVector> begin() const { return {this, 0}; }
  Iter<const T, const ChunkedVector> end() const { return {this, size_}; }

 private:
  std::vector<std::unique_ptr<T[]>> chunks_;
  size_t size_ = 0;
};

/// Maps strings (kept elsewhere) to uint32 values. Each slot keeps 32 bits of its key's hash
/// and is placed by them (home = hash32 * slots / 2^32), so growing moves slots without reading
/// a single key, and a lookup compares a key only when all 32 bits match.
class StringIndex {
 public:
  static uint32_t hash32(uint64_t hash) noexcept { return static_cast<uint32_t>(hash >> 32); }

  /// The value whose key has `hash` and satisfies `is_key(value)`, or -1.
  template <class IsKey>
  int64_t find(uint64_t hash, const IsKey& is_key) const noexcept {
    if (slots_.empty()) return -1;
    size_t mask = slots_.size() - 1;
    uint32_t tag = hash32(hash);
    for (size_t i = home(tag);; i = (i + 1) & mask) {
      const Slot& s = slots_[i];
      if (s.value == 0) return -1;
      if (s.tag == tag && is_key(s.value - 1)) return s.value - 1;
    }
  }
  void insert(uint64_t hash, uint32_t value) {
    if ((size_ + 1) * 10 > slots_.size() * 7) grow(slots_.empty() ? 1024 : slots_.size() * 2);
    place(hash32(hash), value);
    ++size_;
  }
  /// Brings the slot a lookup of `hash` starts at into the cache.
  void prefetch(uint64_t hash) const noexcept {
    if (!slots_.empty()) __builtin_prefetch(&slots_[home(hash32(hash))]);
  }
  /// detail::touch() on the slot a lookup of `hash` starts at.
  uint32_t touch(uint64_t hash) const noexcept {
    return slots_.empty() ? 0 : detail::touch(&slots_[home(hash32(hash))]);
  }
  /// The value of the first slot on `hash`'s probe path whose 32 hash bits match, without
  /// comparing keys: the likely answer of find(), so its key can be loaded early. -1 if none.
  int64_t likely(uint64_t hash) const noexcept {
    return find(hash, [](uint32_t) { return true; });
  }
  /// Room for `n` keys without growing.
  void reserve(size_t n) {
    size_t want = 1024;
    while (want * 7 < n * 10) want *= 2;
    if (want > slots_.size()) grow(want);
  }
  size_t size() const noexcept { return size_; }

 private:
  struct Slot {
    uint32_t tag = 0, value = 0;  // value + 1; 0 = empty
  };
  size_t home(uint32_t tag) const noexcept {
    return static_cast<size_t>((static_cast<uint64_t>(tag) * slots_.size()) >> 32);
  }
  void place(uint32_t tag, uint32_t value) noexcept {
    size_t mask = slots_.size() - 1;
    size_t i = home(tag);
    while (slots_[i].value != 0) i = (i + 1) & mask;
    slots_[i] = Slot{tag, value + 1};
  }
  void grow(size_t slots) {
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(slots, Slot{});
    for (const Slot& s : old)
      if (s.value != 0) place(s.tag, s.value - 1);
  }
  std::vector<Slot> slots_;
  size_t size_ = 0;
};

/// Customer keys by number. Each key has a 32-byte record holding it whole when it is short (as
/// most are: 'e' + an email), so comparing against it touches one cache line, which a prefetch
/// can bring in ahead; longer keys are kept in an arena and the record points to them.
class CustomerKeys {
 public:
  uint32_t add(std::string_view key);
  std::string_view get(uint32_t c) const noexcept {
    const Record& r = records_[c];
    if (r.len != kLong) return std::string_view(r.bytes, r.len);
    StringRef ref;
    std::memcpy(&ref, r.bytes, sizeof ref);
    return long_keys_.get(ref);
  }
  void prefetch(uint32_t c) const noexcept { __builtin_prefetch(&records_[c]); }
  uint32_t touch(uint32_t c) const noexcept { return detail::touch(&records_[c]); }
  size_t size() const noexcept { return records_.size(); }

 private:
  struct alignas(32) Record {
    uint8_t len;  ///< kLong: `bytes` holds a StringRef into long_keys_
    char bytes[31];
  };
  static constexpr uint8_t kLong = 0xFF;
  ChunkedVector<Record> records_;
  Arena long_keys_;
};

enum OrderFlags : uint8_t {
  kGuestOrder = 1,
  kEmailChanged = 2,
  kStateChanged = 4,
};

/// Stores an order's contact fields as one blob (varint length + bytes each); decodes one field.
StringRef store_contact(const Order& order, Arena* arena);
/// Decodes the first `count` fields into out[0..count); returns how many it could (fewer only
/// for a damaged blob).
int decode_contact(std::string_view blob, std::string_view* out, int count) noexcept;

/// One id's winning version.
struct StoredOrder {
  EpochMs created_at = 0;
  EpochMs version_time = 0;
  Kobo total = 0;
  uint64_t arrival = 0;  ///< position of the winning version among accepted records
  StringRef id;
  StringRef contact;     ///< guest orders: the contact fields, each as varint length + bytes
  StringRef buyer_id;
  uint32_t customer = 0;
  uint32_t status = 0;   ///< 0: no status; else statuses[status - 1]
  uint8_t flags = 0;
};

}  // namespace guesttrack::detail

namespace guesttrack {

using namespace detail;  // NOLINT: the storage types are this file's vocabulary

struct Tracker::Impl {
  TrackerOptions options;
  Arena arena;
  ChunkedVector<StoredOrder> orders;
  StringIndex order_index;
  /// Key: 'e' + normalised email, or 'b' + buyerId for a registered order without a valid
  /// email (the SPEC's "buyer:<buyerId>"). The kind byte keeps the two apart whatever an email
  /// looks like ("buyer:x@y.z" is a valid email).
  CustomerKeys customers;
  StringIndex customer_index;
  std::vector<std::string> statuses;
  std::unordered_map<std::string, uint32_t> status_index;
  std::vector<RejectedRecord> rejected;  ///< the first kMaxListedRejections
  uint64_t rejected_count = 0;
  uint64_t records = 0;
  uint64_t duplicates = 0;
  uint64_t next_arrival = 0;
  std::string scratch;

  uint32_t customer_for(char kind, std::string_view text, uint64_t hash);
  /// The customer key of an order: its kind ('e' or 'b') and text.
  static std::pair<char, std::string_view> customer_of(const Order& order) noexcept {
    if (!order.is_guest() && order.email.empty()) return {'b', order.buyer_id};
    return {'e', order.email};
  }
  /// Starts loading what add(order) will read: stage 0 the index slots; stage 1 (later, once
  /// those have arrived) the customer key the lookup will compare.
  void prefetch(const Order& order, int stage) const noexcept;
  uint32_t status_for(std::string_view status);
  AddOutcome add(const Order& order) {
    auto [kind, text] = customer_of(order);
    return add(order, hash_bytes(order.id), customer_hash(kind, text));
  }
  /// add(order) with the hashes of its id and customer key already taken.
  AddOutcome add(const Order& order, uint64_t id_hash, uint64_t customer_key_hash);
  /// Adds up to kOrderGroup orders in turn, having first loaded what they need together.
  void add(const Order* const* group, size_t n, AddOutcome* outcomes);
  void add_rejected(uint64_t index, std::optional<std::string_view> id, Rejection reason);
  /// Order form of a stored order (views into the arena).
  Order to_order(const StoredOrder& s) const;
  std::string_view customer_key(uint32_t c) const noexcept { return customers.get(c); }
  /// The customer's email ("" for one keyed by buyer id).
  std::string_view customer_email(uint32_t c) const noexcept {
    std::string_view k = customer_key(c);
    return k.empty() || k[0] != 'e' ? std::string_view() : k.substr(1);
  }
  int64_t find_customer(char kind, std::string_view text) const;
  int64_t find_customer(char kind, std::string_view text, uint64_t hash) const;
};

}  // namespace guesttrack
