// unit-properties.cpp — properties over generated store exports (examples/generate-orders.cpp):
// ingesting twice equals once, any arrival order that keeps each id's winning version gives the
// same report, shards merged equal the whole, a snapshot restores the same tracker.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "guesttrack/guesttrack.hpp"

using namespace guesttrack;
using json = nlohmann::json;

namespace {

// The NDJSON export made by the `property-data` CTest fixture.
std::vector<std::string> generated_lines() {
  const char* path = std::getenv("GUESTTRACK_PROPERTY_DATA");
  REQUIRE(path != nullptr);
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in.good());
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) lines.push_back(line);
  REQUIRE(lines.size() > 1000);
  return lines;
}

std::string join(const std::vector<std::string>& lines, size_t from, size_t to) {
  std::string doc;
  for (size_t i = from; i < to; ++i) doc += lines[i] + "\n";
  return doc;
}

Tracker ingest_lines(const std::vector<std::string>& lines, size_t from, size_t to) {
  Tracker t;
  Status s = t.ingest_copy(join(lines, from, to));
  REQUIRE(s.ok());
  return t;
}

ReportOptions options() {
  ReportOptions o;
  o.top = 50;
  o.tz_offset_minutes = 60;
  return o;
}

json report_of(const Tracker& t) { return json::parse(report_to_json(t.report(options()))); }

// The report without what depends on how many times or where records arrived.
json arrival_free(json r) {
  r["orders"].erase("duplicates");
  r["orders"].erase("rejected");
  std::vector<std::string> reasons;
  for (const json& rj : r["dataQuality"]["rejected"]) reasons.push_back(rj.dump());
  r["dataQuality"].erase("rejected");
  return r;
}

struct Version {
  std::string id;
  EpochMs time;
};

// id and version time of each line (nullopt for rejected records).
std::vector<std::optional<Version>> versions(const std::vector<std::string>& lines) {
  std::vector<std::optional<Version>> out;
  for (const std::string& line : lines) {
    struct Sink : OrderSink {
      std::optional<Version> v;
      void on_order(uint64_t, const Order& o) override { v = Version{std::string(o.id), o.version_time}; }
      void on_rejected(const RejectedRecord&) override {}
    } sink;
    parse_orders_copy(line, sink);  // a lone scalar line is no document: a rejected record
    out.push_back(sink.v);
  }
  return out;
}

}  // namespace

TEST_CASE("ingesting the same orders twice equals ingesting them once", "[properties]") {
  auto lines = generated_lines();
  Tracker once = ingest_lines(lines, 0, lines.size());
  Tracker twice = ingest_lines(lines, 0, lines.size());
  IngestResult again;
  REQUIRE(twice.ingest_copy(join(lines, 0, lines.size()), &again).ok());
  json a = report_of(once), b = report_of(twice);
  CHECK(arrival_free(a) == arrival_free(b));
  // Every accepted record of the second pass has an id already held.
  CHECK(b["orders"]["duplicates"].get<uint64_t>() ==
        a["orders"]["duplicates"].get<uint64_t>() + again.accepted);
  CHECK(again.duplicates == again.accepted);
  CHECK(b["orders"]["rejected"].get<uint64_t>() == 2 * a["orders"]["rejected"].get<uint64_t>());
  CHECK(profiles_to_json(once.guests().items) == profiles_to_json(twice.guests().items));
}

TEST_CASE("any arrival order that keeps each id's winning version gives the same report",
          "[properties]") {
  auto lines = generated_lines();
  auto v = versions(lines);
  // The winner of each id in file order: latest time, then later arrival.
  std::map<std::string, size_t> winner;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (!v[i]) continue;
    auto it = winner.find(v[i]->id);
    if (it == winner.end() || v[i]->time >= v[it->second]->time) winner[v[i]->id] = i;
  }
  json expected = arrival_free(report_of(ingest_lines(lines, 0, lines.size())));
  for (unsigned seed : {1u, 2u, 3u}) {
    std::vector<size_t> order(lines.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::mt19937 rng(seed);
    std::shuffle(order.begin(), order.end(), rng);
    // Where a version with the winner's time now comes after it, swap them: the winner stays
    // the winner.
    std::map<std::string, size_t> last_tied;  // id -> position in `order`
    for (size_t pos = 0; pos < order.size(); ++pos) {
      size_t i = order[pos];
      if (v[i] && v[i]->time == v[winner[v[i]->id]]->time) last_tied[v[i]->id] = pos;
    }
    for (size_t pos = 0; pos < order.size(); ++pos) {
      size_t i = order[pos];
      if (v[i] && winner[v[i]->id] == i) std::swap(order[pos], order[last_tied[v[i]->id]]);
    }
    std::vector<std::string> shuffled;
    for (size_t i : order) shuffled.push_back(lines[i]);
    INFO("shuffle seed " << seed);
    CHECK(arrival_free(report_of(ingest_lines(shuffled, 0, shuffled.size()))) == expected);
  }
}

TEST_CASE("shards merged equal the whole", "[properties][merge]") {
  auto lines = generated_lines();
  Tracker whole = ingest_lines(lines, 0, lines.size());
  const std::string expected = report_to_json(whole.report(options()));
  const std::string expected_guests = profiles_to_json(whole.guests().items);
  size_t n = lines.size(), q = n / 4;

  SECTION("one after another") {
    Tracker merged = ingest_lines(lines, 0, q);
    for (size_t k = 1; k < 4; ++k) {
      Tracker shard = ingest_lines(lines, k * q, k == 3 ? n : (k + 1) * q);
      REQUIRE(merged.merge(shard).ok());
    }
    CHECK(report_to_json(merged.report(options())) == expected);
    CHECK(profiles_to_json(merged.guests().items) == expected_guests);
    CHECK(merged.record_count() == whole.record_count());
  }
  SECTION("as a tree: (A + B) + (C + D)") {
    Tracker ab = ingest_lines(lines, 0, q), cd = ingest_lines(lines, 2 * q, 3 * q);
    REQUIRE(ab.merge(ingest_lines(lines, q, 2 * q)).ok());
    REQUIRE(cd.merge(ingest_lines(lines, 3 * q, n)).ok());
    REQUIRE(ab.merge(cd).ok());
    CHECK(report_to_json(ab.report(options())) == expected);
  }
  SECTION("trackers that exclude different statuses do not merge") {
    TrackerOptions other;
    other.exclude_statuses = {"refunded"};
    Tracker a = ingest_lines(lines, 0, q), b(other);
    Status s = a.merge(b);
    CHECK(s.code == ErrorCode::options_mismatch);
    CHECK(report_to_json(a.report()) == report_to_json(ingest_lines(lines, 0, q).report()));
  }
}

TEST_CASE("a snapshot restores a tracker that answers the same", "[properties][snapshot]") {
  auto lines = generated_lines();
  Tracker t = ingest_lines(lines, 0, lines.size());
  std::string bytes = t.snapshot();
  Tracker restored;
  REQUIRE(Tracker::restore(bytes, &restored).ok());
  CHECK(report_to_json(restored.report(options())) == report_to_json(t.report(options())));
  CHECK(profiles_to_json(restored.guests().items) == profiles_to_json(t.guests().items));
  // ...and goes on the same way.
  std::string more = join(lines, 0, 100);
  REQUIRE(t.ingest_copy(more).ok());
  REQUIRE(restored.ingest_copy(more).ok());
  CHECK(report_to_json(restored.report(options())) == report_to_json(t.report(options())));

  SECTION("damaged bytes are refused, never half-restored") {
    for (size_t cut : {size_t{0}, size_t{7}, bytes.size() / 2, bytes.size() - 1}) {
      Tracker out;
      CHECK(Tracker::restore(bytes.substr(0, cut), &out).code == ErrorCode::invalid_snapshot);
      CHECK(out.order_count() == 0);
    }
    std::string flipped = bytes;
    flipped[flipped.size() / 2] ^= 0x20;
    Tracker out;
    CHECK(Tracker::restore(flipped, &out).code == ErrorCode::invalid_snapshot);
  }
}

TEST_CASE("the parallel parser gives what the one-thread parser gives", "[properties][parallel]") {
  auto lines = generated_lines();
  std::string doc;
  while (doc.size() < (12u << 20)) doc += join(lines, 0, lines.size());  // several chunks
  auto both = [&](const std::string& document) {
    std::string p = padded_copy(document);
    Tracker one, parallel;
    Status s1 = one.ingest_copy(document);  // one thread
    Status s2 = parallel.ingest_stream(p.data(), document.size());
    CHECK(s1.code == s2.code);
    CHECK(s1.message == s2.message);
    CHECK(s1.offset == s2.offset);
    if (s1.ok() && s2.ok()) {
      CHECK(report_to_json(one.report(options())) == report_to_json(parallel.report(options())));
      CHECK(profiles_to_json(one.guests().items) == profiles_to_json(parallel.guests().items));
    }
  };
  SECTION("NDJSON") { both(doc); }
  SECTION("an array") {
    std::string array = "[";
    for (size_t i = 0; i < 3; ++i)
      for (const std::string& line : lines) array += (array.size() > 1 ? ",\n" : "") + line;
    array += "]";
    both(array);
  }
  SECTION("an error late in the document") {
    std::string broken = doc;
    broken.insert(broken.size() * 3 / 4, "{\"_id\": tru}\n");
    both(broken);
  }
  SECTION("an error at the very end") { both(doc + "{\"_id\":"); }
  // NDJSON lines the workers' fast path does not take, each read the exact way: in the middle
  // of a chunk, so the records after them in that chunk must still come in order.
  const std::string ok_line =
      "{\"_id\":\"late\",\"email\":\"late@x.ng\",\"total\":5,\"createdAt\":\"2024-01-01\"}";
  auto with_line_in_middle = [&](const std::string& line) {
    std::string mixed = doc;
    mixed.insert(mixed.find('\n', mixed.size() / 3) + 1, line + "\n");
    return mixed;
  };
  for (const std::string& odd :
       {std::string("  \"a string record\"  \r"), std::string("[1, {\"a\": [2]}]"),
        std::string("\f") + ok_line + "\t\r", std::string(1000, '[') + std::string(1000, ']'),
        "{\"_id\":\"deep\",\"x\":" + std::string(1022, '[') + std::string(1022, ']') + "}"}) {
    DYNAMIC_SECTION("a record the fast path passes on: " << odd.substr(0, 24)) {
      both(with_line_in_middle(odd));
    }
  }
  for (const std::string& bad :
       {ok_line + " {\"a\":1}", ok_line + "}", ok_line + " x", ok_line.substr(0, 40),
        "{\"_id\":\"deep\",\"x\":" + std::string(1030, '[') + std::string(1030, ']') + "}",
        std::string("{\"_id\":\"z\",\"total\":1e999x}")}) {
    DYNAMIC_SECTION("a bad line in the middle: " << bad.substr(0, 24)) {
      both(with_line_in_middle(bad));
    }
  }
}

TEST_CASE("profile(email) equals that guest's entry in guests(), for every guest", "[properties][profile]") {
  auto lines = generated_lines();
  for (const TrackerOptions& opts : {TrackerOptions{}, TrackerOptions{{"paid", "pending"}}}) {
    Tracker t(opts);
    REQUIRE(t.ingest_copy(join(lines, 0, lines.size())).ok());
    GuestQuery all;
    all.limit = 1000000;
    GuestPage page = t.guests(all);
    REQUIRE(page.items.size() > 100);
    for (const GuestProfile& g : page.items) {
      std::optional<GuestProfile> p = t.profile(g.email);
      REQUIRE(p.has_value());
      CHECK(profiles_to_json({*p}) == profiles_to_json({g}));
    }
  }
}

TEST_CASE("RFM scores equal the SPEC's count of strictly worse guests, whatever the top N", "[properties][rfm]") {
  // Every guest's digits worked out by brute force (n^2) from the guests' own figures, against
  // the report's scorer (which counts against the top guests' values only); and any shorter
  // top list gives each listed guest the same scores.
  auto lines = generated_lines();
  Tracker t = ingest_lines(lines, 0, lines.size());
  ReportOptions all;
  all.top = 1000000;
  Report r = t.report(all);
  const std::vector<RankedGuest>& g = r.top_guests;
  REQUIRE(g.size() == r.customers.guest);
  REQUIRE(g.size() > 100);
  uint64_t n = g.size();
  std::map<std::string, const RankedGuest*> by_email;
  for (const RankedGuest& x : g) {
    uint64_t kr = 0, kf = 0, km = 0;
    for (const RankedGuest& y : g) {
      kr += y.profile.last_purchase_date < x.profile.last_purchase_date;  // older: worse R
      kf += y.profile.total_orders < x.profile.total_orders;
      km += y.profile.total_spent < x.profile.total_spent;
    }
    INFO(x.profile.email);
    CHECK(x.recency == 1 + static_cast<int>(5 * kr / n));
    CHECK(x.frequency == 1 + static_cast<int>(5 * kf / n));
    CHECK(x.monetary == 1 + static_cast<int>(5 * km / n));
    CHECK(std::string(x.segment) == rfm_segment(x.recency, x.frequency));
    by_email[x.profile.email] = &x;
  }
  for (uint32_t top : {1u, 7u, 64u}) {
    ReportOptions some;
    some.top = top;
    Report part = t.report(some);
    REQUIRE(part.top_guests.size() == top);
    for (size_t i = 0; i < top; ++i) {
      const RankedGuest& x = part.top_guests[i];
      INFO("top " << top << ": " << x.profile.email);
      CHECK(x.profile.email == g[i].profile.email);
      CHECK(x.recency == by_email.at(x.profile.email)->recency);
      CHECK(x.frequency == by_email.at(x.profile.email)->frequency);
      CHECK(x.monetary == by_email.at(x.profile.email)->monetary);
    }
  }
}

TEST_CASE("RFM segment counts equal the segments of every guest in topGuests", "[properties][rfm]") {
  auto lines = generated_lines();
  Tracker t = ingest_lines(lines, 0, lines.size());
  for (std::optional<EpochMs> as_of : {std::optional<EpochMs>(), std::optional<EpochMs>(1735689600000)}) {
    ReportOptions all;
    all.top = 1000000;
    all.as_of = as_of;
    Report r = t.report(all);
    std::map<std::string, uint64_t> tally;
    for (const RankedGuest& g : r.top_guests) ++tally[g.segment];
    uint64_t sum = 0;
    auto counts = t.rfm_segments(all);
    REQUIRE(counts.size() == 6);
    for (const auto& [segment, n] : counts) {
      CHECK(n == tally[segment]);
      sum += n;
    }
    CHECK(sum == r.customers.guest);
  }
  CHECK(Tracker().rfm_segments().size() == 6);
}
