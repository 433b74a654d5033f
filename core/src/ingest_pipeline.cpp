// ingest_pipeline.cpp — a two-stage pipeline: worker = split + simdjson + normalise, encoding
// each record into a flat batch; caller = decode + Tracker::add. Batches are recycled, so memory
// stays a few hundred kilobytes whatever the input size. Single-threaded WASM builds never call it.
#include "ingest_pipeline.hpp"

#if defined(__EMSCRIPTEN__) && !defined(__EMSCRIPTEN_PTHREADS__)
#define GUESTTRACK_NO_THREADS 1
#endif

#ifndef GUESTTRACK_NO_THREADS
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>
#endif

namespace guesttrack::detail {

#ifdef GUESTTRACK_NO_THREADS

bool pipeline_available() noexcept { return false; }
Status ingest_pipelined(Tracker& tracker, const char* data, size_t len, OrderSink* progress,
                        InputShape* shape) {
  return tracker.ingest_stream(data, len, progress, shape);
}

#else

namespace {

constexpr int kStrings = 4 + kContactFieldCount;  // id, buyer, email, status, contact…

struct RecordHeader {
  uint8_t kind;  // 0 order, 1 rejection
  uint8_t email_changed, state_changed, has_status;
  uint8_t has_id, reason;
  Kobo total;
  EpochMs created_at, version_time;
  uint64_t bytes_done, records_done;  // progress as of this record
  uint32_t len[kStrings];
};

struct Batch {
  std::string bytes;
  size_t records = 0;
};

class Queue {
 public:
  std::unique_ptr<Batch> take_free() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return !free_.empty() || cancelled_; });
    if (cancelled_) return nullptr;
    auto b = std::move(free_.back());
    free_.pop_back();
    return b;
  }
  void give_free(std::unique_ptr<Batch> b) {
    b->bytes.clear();
    b->records = 0;
    std::lock_guard<std::mutex> lock(mu_);
    free_.push_back(std::move(b));
    cv_.notify_all();
  }
  void push(std::unique_ptr<Batch> b) {
    std::lock_guard<std::mutex> lock(mu_);
    full_.push_back(std::move(b));
    cv_.notify_all();
  }
  void finish(Status s) {
    std::lock_guard<std::mutex> lock(mu_);
    status_ = std::move(s);
    done_ = true;
    cv_.notify_all();
  }
  // Next full batch, or nullptr when the producer has finished and all are taken.
  std::unique_ptr<Batch> pop() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return !full_.empty() || done_; });
    if (full_.empty()) return nullptr;
    auto b = std::move(full_.front());
    full_.pop_front();
    return b;
  }
  void cancel() {
    std::lock_guard<std::mutex> lock(mu_);
    cancelled_ = true;
    cv_.notify_all();
  }
  Status status() {
    std::lock_guard<std::mutex> lock(mu_);
    return status_;
  }
  explicit Queue(int batches) {
    for (int i = 0; i < batches; ++i) free_.push_back(std::make_unique<Batch>());
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Batch>> free_;
  std::deque<std::unique_ptr<Batch>> full_;
  bool done_ = false, cancelled_ = false;
  Status status_;
};

// Worker side: encodes records into batches.
class BatchSink : public OrderSink {
 public:
  explicit BatchSink(Queue& q) : q_(q) {}
  bool ok() const { return !cancelled_; }
  void on_order(uint64_t, const Order& o) override {
    RecordHeader h{};
    h.kind = 0;
    h.email_changed = o.email_changed;
    h.state_changed = o.state_changed;
    h.has_status = o.has_status;
    h.total = o.total;
    h.created_at = o.created_at;
    h.version_time = o.version_time;
    std::string_view s[kStrings] = {o.id, o.buyer_id, o.email, o.status};
    for (int f = 0; f < kContactFieldCount; ++f) s[4 + f] = o.contact[f];
    append(h, s);
  }
  void on_rejected(const RejectedRecord& r) override {
    RecordHeader h{};
    h.kind = 1;
    h.has_id = r.order_id.has_value();
    h.reason = static_cast<uint8_t>(r.reason);
    std::string_view s[kStrings] = {r.order_id ? std::string_view(*r.order_id) : std::string_view()};
    append(h, s);
  }
  void on_progress(uint64_t bytes, uint64_t records) override {
    bytes_ = bytes;
    records_ = records;
  }
  void flush() {
    if (batch_ && batch_->records) q_.push(std::move(batch_));
  }

 private:
  void append(RecordHeader& h, const std::string_view (&s)[kStrings]) {
    if (cancelled_) return;
    if (!batch_) {
      batch_ = q_.take_free();
      if (!batch_) {
        cancelled_ = true;
        return;
      }
    }
    h.bytes_done = bytes_;
    h.records_done = records_;
    for (int i = 0; i < kStrings; ++i) h.len[i] = static_cast<uint32_t>(s[i].size());
    batch_->bytes.append(reinterpret_cast<const char*>(&h), sizeof h);
    for (int i = 0; i < kStrings; ++i) batch_->bytes.append(s[i]);
    if (++batch_->records >= 2048 || batch_->bytes.size() >= (1u << 20)) q_.push(std::move(batch_));
  }

  Queue& q_;
  std::unique_ptr<Batch> batch_;
  bool cancelled_ = false;
  uint64_t bytes_ = 0, records_ = 0;
};

}  // namespace

bool pipeline_available() noexcept { return std::thread::hardware_concurrency() != 1; }

Status ingest_pipelined(Tracker& tracker, const char* data, size_t len, OrderSink* progress,
                        InputShape* shape) {
  Queue q(6);
  InputShape found = InputShape::array;
  std::thread worker([&] {
    BatchSink sink(q);
    Status s = parse_orders(data, len, sink, &found);
    sink.flush();
    q.finish(std::move(s));
  });
  uint64_t last_bytes = 0;
  while (auto b = q.pop()) {
    const char* p = b->bytes.data();
    for (size_t i = 0; i < b->records; ++i) {
      RecordHeader h;
      std::memcpy(&h, p, sizeof h);
      p += sizeof h;
      std::string_view s[kStrings];
      for (int k = 0; k < kStrings; ++k) {
        s[k] = std::string_view(p, h.len[k]);
        p += h.len[k];
      }
      if (h.kind == 1) {
        tracker.add_rejected(h.has_id ? std::optional<std::string_view>(s[0]) : std::nullopt,
                             static_cast<Rejection>(h.reason));
      } else {
        Order o;
        o.id = s[0];
        o.buyer_id = s[1];
        o.email = s[2];
        o.status = s[3];
        o.has_status = h.has_status;
        o.email_changed = h.email_changed;
        o.state_changed = h.state_changed;
        o.total = h.total;
        o.created_at = h.created_at;
        o.version_time = h.version_time;
        for (int f = 0; f < kContactFieldCount; ++f) o.contact[f] = s[4 + f];
        tracker.add(o);
      }
      if (progress && h.bytes_done != last_bytes) {
        last_bytes = h.bytes_done;
        progress->on_progress(h.bytes_done, h.records_done);
      }
    }
    q.give_free(std::move(b));
  }
  worker.join();
  Status s = q.status();
  if (s && progress) progress->on_progress(len, tracker.record_count());
  if (shape) *shape = found;
  return s;
}

#endif

}  // namespace guesttrack::detail
