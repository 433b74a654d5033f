// unit-splitter.cpp — the record splitter's 64-byte-block scan (core/src/container_scan.hpp)
// against a plain byte-by-byte matcher, on random containers whose strings hold escapes,
// brackets and quotes at every offset of a block: both kernels (SSE2, and AVX2 where this CPU
// has it), whichever the splitter picks. Also the record batch (record_batch.hpp): replayed in
// groups it hands on what it hands on one by one.
#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "guesttrack/parse.hpp"
#include "container_scan.hpp"
#include "record_batch.hpp"
#include "record_splitter.hpp"

using guesttrack::detail::RecordSplitter;

namespace {

// One past the container starting at text[0], by the book.
size_t naive_end(const std::string& text) {
  int depth = 0;
  bool in_string = false, escape = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (escape) escape = false;
      else if (c == '\\') escape = true;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (--depth == 0) return i + 1;
    }
  }
  return std::string::npos;
}

std::string random_string(std::mt19937& rng) {
  static const char* pieces[] = {"a", "bc", "\\\"", "\\\\", "\\n", "{", "}", "[", "]", ",", ":",
                                 " ", "\\u00e9", "\xC3\xA9", "x\\\\\\\"y"};
  std::string s = "\"";
  int n = static_cast<int>(rng() % 40);
  for (int i = 0; i < n; ++i) s += pieces[rng() % (sizeof pieces / sizeof *pieces)];
  return s + "\"";
}

std::string random_value(std::mt19937& rng, int depth) {
  switch (depth > 6 ? rng() % 3 : rng() % 5) {
    case 0: return random_string(rng);
    case 1: return std::to_string(rng() % 100000);
    case 2: return "true";
    case 3: {
      std::string s = "{";
      int n = static_cast<int>(rng() % 6);
      for (int i = 0; i < n; ++i)
        s += (i ? "," : "") + random_string(rng) + ":" + random_value(rng, depth + 1);
      return s + "}";
    }
    default: {
      std::string s = "[";
      int n = static_cast<int>(rng() % 6);
      for (int i = 0; i < n; ++i) s += (i ? ", " : "") + random_value(rng, depth + 1);
      return s + "]";
    }
  }
}

}  // namespace

TEST_CASE("the block scan finds the same container ends as a byte walk", "[splitter]") {
  std::mt19937 rng(20261124);
  int checked = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string value = "{\"k\":" + random_value(rng, 0) + ",\"s\":" + random_string(rng) + "}";
    // Shift the value so its bytes fall at every offset of a 64-byte block.
    std::string doc = std::string(rng() % 64, ' ') + value + "  " + random_value(rng, 5);
    size_t pos = doc.find('{');
    std::string padded = guesttrack::padded_copy(doc);
    RecordSplitter split(padded.data(), doc.size());
    size_t end = 0;
    REQUIRE(split.skip_value(pos, &end).ok());
    CHECK(end == pos + naive_end(doc.substr(pos)));
    CHECK(end == pos + value.size());
#if defined(__SSE2__)
    CHECK(guesttrack::detail::container_end_sse2(padded.data(), doc.size(), pos) == end);
    if (guesttrack::detail::has_avx2_scan())
      CHECK(guesttrack::detail::container_end_avx2(padded.data(), doc.size(), pos) == end);
#endif
    ++checked;
  }
  CHECK(checked == 3000);
}

TEST_CASE("the block scan leaves errors to the byte walk, which names them", "[splitter]") {
  for (const std::string& doc : {std::string("{\"a\":\"unterminated}"), std::string("{\"a\":[1,2}"),
                                 std::string("[{\"a\":1}"), std::string(2000, '[')}) {
    std::string padded = guesttrack::padded_copy(doc);
    RecordSplitter split(padded.data(), doc.size());
    size_t end = 0;
    auto s = split.skip_value(0, &end);
    CHECK_FALSE(s.ok());
#if defined(__SSE2__)
    CHECK(guesttrack::detail::container_end_sse2(padded.data(), doc.size(), 0) == guesttrack::detail::kScanNotFound);
    if (guesttrack::detail::has_avx2_scan())
      CHECK(guesttrack::detail::container_end_avx2(padded.data(), doc.size(), 0) == guesttrack::detail::kScanNotFound);
#endif
    CHECK(s.message.find("at byte") != std::string::npos);
  }
}

namespace {

// Writes down what a sink is handed, one line per record, and how the orders were grouped.
class EventLog : public guesttrack::OrderSink {
 public:
  explicit EventLog(bool groups) : groups_(groups) {}
  bool takes_groups() const noexcept override { return groups_; }
  void on_order(uint64_t index, const guesttrack::Order& o) override {
    lines.push_back(std::to_string(index) + " " + std::string(o.id) + " " + std::string(o.email) +
                    " " + std::to_string(o.total) + " " + std::string(o.field(guesttrack::ContactField::city)));
  }
  void on_orders(const guesttrack::Order* const* orders, const uint64_t* indexes, size_t n) override {
    group_sizes.push_back(n);
    for (size_t i = 0; i < n; ++i) on_order(indexes[i], *orders[i]);
  }
  void on_rejected(const guesttrack::RejectedRecord& r) override {
    lines.push_back(std::to_string(r.index) + " rejected " + r.order_id.value_or("-") + " " +
                    std::to_string(static_cast<int>(r.reason)));
  }
  std::vector<std::string> lines;
  std::vector<size_t> group_sizes;

 private:
  bool groups_;
};

}  // namespace

TEST_CASE("a record batch replayed in groups hands on what it hands on one by one", "[batch]") {
  std::string doc = "[";
  for (int i = 0; i < 30; ++i) {
    if (i) doc += ",";
    if (i == 9 || i == 10 || i == 27)  // rejections (negative total; not an object)
      doc += i == 27 ? "7" : R"({"_id":"r)" + std::to_string(i) + R"(","total":-1,"createdAt":"2024-01-01"})";
    else
      doc += R"({"_id":"o)" + std::to_string(i % 12) + R"(","email":"G)" + std::to_string(i % 5) +
             R"(@X.ng","total":)" + std::to_string(i) + R"(,"city":" ikeja ","createdAt":"2024-01-01"})";
  }
  doc += "]";
  std::string padded = guesttrack::padded_copy(doc);
  guesttrack::detail::RecordBatch batch(padded.data());
  REQUIRE(guesttrack::parse_orders(padded.data(), doc.size(), batch).ok());
  REQUIRE(batch.size() == 30);
  EventLog one(false), grouped(true);
  batch.replay(one, 100);
  batch.replay_in_groups(grouped, 100);
  CHECK(grouped.lines == one.lines);
  CHECK(one.lines.size() == 30);
  CHECK(one.lines[9] == "109 rejected r9 4");
  // 9 orders, a rejection, a rejection, 16 orders, a rejection, 2 orders.
  CHECK(grouped.group_sizes == std::vector<size_t>{8, 1, 8, 8, 2});
}
