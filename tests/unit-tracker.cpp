// unit-tracker.cpp — SPEC §1 "Duplicates and updates", "Counted orders", §6 fine print and §7
// merging: which version of an order wins, what is excluded, that a failed ingest changes
// nothing, that shards merge into the whole, and the guest list (sort, search, paging).
#include <catch2/catch.hpp>

#include <algorithm>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "guesttrack/tracker.hpp"

using namespace guesttrack;
using nlohmann::json;

namespace {

/// One order as JSON. `extra` is spliced in after createdAt (",\"status\":\"paid\"").
std::string order(const std::string& id, const std::string& email, const std::string& total,
                  const std::string& created, const std::string& extra = "") {
  return R"({"_id":")" + id + R"(","email":")" + email + R"(","total":)" + total +
         R"(,"createdAt":")" + created + "\"" + extra + "}";
}

std::string ndjson(std::initializer_list<std::string> lines) {
  std::string doc;
  for (const auto& l : lines) doc += l + "\n";
  return doc;
}

std::string ndjson(const std::vector<std::string>& lines, size_t from, size_t to) {
  std::string doc;
  for (size_t i = from; i < to; ++i) doc += lines[i] + "\n";
  return doc;
}

void ingest_ok(Tracker& t, const std::string& doc, IngestResult* result = nullptr) {
  if (doc.empty()) return;  // an empty shard: nothing to add (an empty document is an error)
  Status s = t.ingest_copy(doc, result);
  INFO("ingest: " << s.message);
  REQUIRE(s.ok());
}

json report_of(const Tracker& t, const ReportOptions& options = {}) {
  return json::parse(report_to_json(t.report(options)));
}

std::vector<std::string> emails_of(const GuestPage& page) {
  std::vector<std::string> out;
  for (const auto& p : page.items) out.push_back(p.email);
  return out;
}

// An order's life: pending, paid an hour later, refunded the next day.
const std::string kPending = order("a", "ada@example.com", "5000", "2024-01-01T10:00:00Z",
                                   R"(,"status":"pending","updatedAt":"2024-01-01T10:00:00Z")");
const std::string kPaid = order("a", "ada@example.com", "5000", "2024-01-01T10:00:00Z",
                                R"(,"status":"paid","updatedAt":"2024-01-01T11:00:00Z")");
const std::string kRefunded = order("a", "ada@example.com", "5000", "2024-01-01T10:00:00Z",
                                    R"(,"status":"refunded","updatedAt":"2024-01-02T09:00:00Z")");

}  // namespace

TEST_CASE("the latest version of an order wins; a stale retry never undoes a refund",
          "[tracker]") {
  SECTION("in order, then a stale retry of 'paid'") {
    Tracker t;
    IngestResult r;
    ingest_ok(t, ndjson({kPending, kPaid, kRefunded, kPaid}), &r);
    CHECK(r.records == 4);
    CHECK(r.accepted == 4);
    CHECK(r.duplicates == 3);
    CHECK(r.unchanged == 1);  // only the stale retry lost
    CHECK(r.rejected.empty());
    CHECK(t.order_count() == 1);
    CHECK(t.record_count() == 4);
    json rep = report_of(t);
    CHECK(rep["orders"]["counted"] == 0);
    CHECK(rep["orders"]["excluded"] == json{{"refunded", 1}});
    CHECK(rep["orders"]["duplicates"] == 3);
    CHECK(rep["customers"]["total"] == 0);
  }
  SECTION("the refund arrives first") {
    Tracker t;
    IngestResult r;
    ingest_ok(t, ndjson({kRefunded, kPending, kPaid}), &r);
    CHECK(r.duplicates == 2);
    CHECK(r.unchanged == 2);
    json rep = report_of(t);
    CHECK(rep["orders"]["counted"] == 0);
    CHECK(rep["orders"]["excluded"] == json{{"refunded", 1}});
  }
  SECTION("in separate ingests") {
    Tracker t;
    ingest_ok(t, ndjson({kPending}));
    CHECK(report_of(t)["orders"]["counted"] == 1);
    ingest_ok(t, ndjson({kRefunded}));
    ingest_ok(t, ndjson({kPaid}));
    json rep = report_of(t);
    CHECK(rep["orders"]["counted"] == 0);
    CHECK(rep["orders"]["excluded"] == json{{"refunded", 1}});
    CHECK(rep["orders"]["duplicates"] == 2);
  }
}

TEST_CASE("of equal version times, the later arrival wins", "[tracker]") {
  const std::string paid = order("a", "ada@example.com", "100", "2024-01-01T10:00:00Z",
                                 R"(,"status":"paid","updatedAt":"2024-01-05T00:00:00Z")");
  const std::string refunded = order("a", "ada@example.com", "100", "2024-01-01T10:00:00Z",
                                     R"(,"status":"refunded","updatedAt":"2024-01-05T00:00:00Z")");
  {
    Tracker t;
    IngestResult r;
    ingest_ok(t, ndjson({paid, refunded}), &r);
    CHECK(r.unchanged == 0);
    CHECK(report_of(t)["orders"]["counted"] == 0);
  }
  {
    Tracker t;
    ingest_ok(t, ndjson({refunded, paid}));
    json rep = report_of(t);
    CHECK(rep["orders"]["counted"] == 1);
    CHECK(rep["orders"]["excluded"].empty());
  }
}

TEST_CASE("a version's time is updatedAt, else createdAt, taken as written", "[tracker]") {
  SECTION("no updatedAt: createdAt decides (and the winner's createdAt is used)") {
    Tracker t;
    ingest_ok(t, ndjson({order("a", "ada@example.com", "300", "2024-01-05T00:00:00Z",
                               R"(,"status":"paid")"),
                         order("a", "ada@example.com", "999", "2024-01-03T00:00:00Z",
                               R"(,"status":"refunded")")}));
    json rep = report_of(t);
    CHECK(rep["orders"]["counted"] == 1);
    CHECK(rep["revenue"]["total"].get<double>() == Approx(300.0));
    CHECK(rep["asOf"] == "2024-01-05T00:00:00.000Z");
  }
  SECTION("an updatedAt before its createdAt is still its time") {
    Tracker t;
    ingest_ok(t, ndjson({order("a", "ada@example.com", "300", "2024-01-01T00:00:00Z",
                               R"(,"status":"paid")"),
                         order("a", "ada@example.com", "300", "2024-01-10T00:00:00Z",
                               R"(,"status":"refunded","updatedAt":"2023-12-31T00:00:00Z")")}));
    json rep = report_of(t);
    CHECK(rep["orders"]["counted"] == 1);  // the refund's time is 2023-12-31: older
    CHECK(rep["orders"]["duplicates"] == 1);
  }
  SECTION("an unparseable updatedAt is absent, and the record is not rejected") {
    Tracker t;
    IngestResult r;
    ingest_ok(t, ndjson({order("a", "ada@example.com", "300", "2024-01-01T00:00:00Z",
                               R"(,"status":"paid","updatedAt":"2024-01-03T00:00:00Z")"),
                         order("a", "ada@example.com", "300", "2024-01-02T00:00:00Z",
                               R"(,"status":"refunded","updatedAt":"not a date")")}),
              &r);
    CHECK(r.rejected.empty());
    CHECK(r.unchanged == 1);
    json rep = report_of(t);
    CHECK(rep["orders"]["counted"] == 1);
    CHECK(rep["orders"]["rejected"] == 0);
  }
}

TEST_CASE("add(): inserted, replaced, kept", "[tracker]") {
  auto make = [](std::string_view id, EpochMs version_time) {
    Order o;
    o.id = id;
    o.email = "ada@example.com";
    o.total = 100;
    o.created_at = 1704067200000LL;
    o.version_time = version_time;
    return o;
  };
  Tracker t;
  CHECK(t.add(make("a", 1000)) == AddOutcome::inserted);
  CHECK(t.add(make("b", 1000)) == AddOutcome::inserted);
  CHECK(t.add(make("a", 2000)) == AddOutcome::replaced);  // newer
  CHECK(t.add(make("a", 1500)) == AddOutcome::kept);      // stale
  CHECK(t.add(make("a", 2000)) == AddOutcome::replaced);  // equal time, later arrival
  CHECK(t.order_count() == 2);
  CHECK(t.record_count() == 5);
  t.add_rejected(std::string_view("c"), Rejection::negative_total);
  t.add_rejected(std::nullopt, Rejection::missing_id);
  CHECK(t.order_count() == 2);
  CHECK(t.record_count() == 7);
  json rep = report_of(t);
  CHECK(rep["orders"]["duplicates"] == 3);
  CHECK(rep["orders"]["rejected"] == 2);
  REQUIRE(rep["dataQuality"]["rejected"].size() == 2);
  CHECK(rep["dataQuality"]["rejected"][0] ==
        json{{"index", 5}, {"orderId", "c"}, {"reason", "negative total"}});
  CHECK(rep["dataQuality"]["rejected"][1] ==
        json{{"index", 6}, {"orderId", nullptr}, {"reason", "missing id"}});
}

TEST_CASE("a rejected record never replaces an accepted version and is not a duplicate",
          "[tracker]") {
  Tracker t;
  IngestResult r;
  ingest_ok(t,
            ndjson({order("a", "ada@example.com", "100", "2024-01-01T00:00:00Z",
                          R"(,"status":"paid")"),
                    // Same id, later, but rejected (negative total): must not replace "a".
                    order("a", "ada@example.com", "-100", "2024-02-01T00:00:00Z",
                          R"(,"status":"refunded","updatedAt":"2024-03-01T00:00:00Z")"),
                    // Rejected first, accepted later: the accepted one is not a duplicate.
                    R"({"_id":"b","total":5,"createdAt":"2024-01-02T00:00:00Z"})",
                    order("b", "bola@example.com", "200", "2024-01-02T00:00:00Z")}),
            &r);
  CHECK(r.records == 4);
  CHECK(r.accepted == 2);
  CHECK(r.duplicates == 0);
  REQUIRE(r.rejected.size() == 2);
  CHECK(r.rejected[0].index == 1);
  CHECK(r.rejected[0].reason == Rejection::negative_total);
  CHECK(r.rejected[1].index == 2);
  CHECK(r.rejected[1].reason == Rejection::guest_without_email);
  json rep = report_of(t);
  CHECK(rep["orders"]["counted"] == 2);
  CHECK(rep["orders"]["duplicates"] == 0);
  CHECK(rep["orders"]["rejected"] == 2);
  CHECK(rep["orders"]["excluded"].empty());
  CHECK(rep["revenue"]["total"].get<double>() == Approx(300.0));
  CHECK(rep["customers"]["guest"] == 2);
}

TEST_CASE("IngestResult positions are per batch; the report's are global", "[tracker]") {
  Tracker t;
  ingest_ok(t, ndjson({order("a", "ada@example.com", "100", "2024-01-01T00:00:00Z"),
                       order("b", "bola@example.com", "200", "2024-01-02T00:00:00Z"),
                       R"({"_id":"x","total":-1,"createdAt":"2024-01-03"})"}));
  IngestResult r;
  ingest_ok(t, ndjson({order("c", "chidi@example.com", "300", "2024-01-03T00:00:00Z"),
                       R"({"_id":"y","email":"y@example.com","total":5})"}),
            &r);
  CHECK(r.records == 2);
  REQUIRE(r.rejected.size() == 1);
  CHECK(r.rejected[0].index == 1);
  CHECK(r.rejected[0].reason == Rejection::missing_created_at);
  json rep = report_of(t);
  CHECK(rep["dataQuality"]["rejected"] ==
        json::array({{{"index", 2}, {"orderId", "x"}, {"reason", "negative total"}},
                     {{"index", 4}, {"orderId", "y"}, {"reason", "missing createdAt"}}}));
  CHECK(t.record_count() == 5);
}

TEST_CASE("duplicates count accepted records whose id was already accepted", "[tracker]") {
  const std::vector<std::string> lines = {
      order("a", "ada@example.com", "100", "2024-01-01T00:00:00Z"),
      order("b", "bola@example.com", "200", "2024-01-02T00:00:00Z"),
      order("a", "ada@example.com", "100", "2024-01-01T00:00:00Z"),
      order("a", "ada@example.com", "100", "2024-01-01T00:00:00Z"),
  };
  Tracker t;
  ingest_ok(t, ndjson(lines, 0, lines.size()));
  json rep = report_of(t);
  CHECK(rep["orders"]["duplicates"] == 2);
  CHECK(rep["orders"]["counted"] == 2);
  CHECK(t.order_count() == 2);

  SECTION("ingesting the same orders twice gives the same figures (but more duplicates)") {
    ingest_ok(t, ndjson(lines, 0, lines.size()));
    json again = report_of(t);
    CHECK(again["orders"]["duplicates"] == 6);
    again["orders"]["duplicates"] = rep["orders"]["duplicates"];
    CHECK(again == rep);
  }
}

TEST_CASE("excluded statuses", "[tracker]") {
  const std::vector<std::string> lines = {
      order("o1", "a@example.com", "100", "2024-01-01T00:00:00Z", R"(,"status":"Cancelled")"),
      order("o2", "b@example.com", "100", "2024-01-01T00:00:00Z", R"(,"status":"canceled")"),
      order("o3", "c@example.com", "100", "2024-01-01T00:00:00Z", R"(,"status":" REFUNDED ")"),
      order("o4", "d@example.com", "100", "2024-01-01T00:00:00Z", R"(,"status":"refunded")"),
      order("o5", "e@example.com", "100", "2024-01-01T00:00:00Z", R"(,"status":"Failed")"),
      order("o6", "f@example.com", "100", "2024-01-01T00:00:00Z", R"(,"status":"pending")"),
      order("o7", "g@example.com", "100", "2024-01-01T00:00:00Z", R"(,"status":"PAID")"),
      order("o8", "h@example.com", "100", "2024-01-01T00:00:00Z"),  // missing: counted
      order("o9", "i@example.com", "100", "2024-01-01T00:00:00Z", R"(,"status":null)"),
      order("o10", "j@example.com", "100", "2024-01-01T00:00:00Z", R"(,"status":7)"),
  };
  const std::string doc = ndjson(lines, 0, lines.size());

  SECTION("the default list") {
    std::set<std::string> defaults;
    for (const auto& s : default_excluded_statuses()) defaults.insert(s);
    CHECK(defaults == std::set<std::string>{"cancelled", "canceled", "refunded", "failed"});
    CHECK(default_excluded_statuses().size() == 4);

    Tracker t;
    ingest_ok(t, doc);
    json rep = report_of(t);
    CHECK(rep["orders"]["excluded"] ==
          json{{"cancelled", 1}, {"canceled", 1}, {"refunded", 2}, {"failed", 1}});
    CHECK(rep["orders"]["counted"] == 5);  // pending, paid, missing, null, non-string
    CHECK(rep["customers"]["total"] == 5);
    CHECK(rep["revenue"]["total"].get<double>() == Approx(500.0));
  }
  SECTION("a given list replaces the default one (trimmed, lowercased)") {
    TrackerOptions options;
    options.exclude_statuses = {" Pending ", "PAID"};
    Tracker t(options);
    ingest_ok(t, doc);
    json rep = report_of(t);
    CHECK(rep["orders"]["excluded"] == json{{"pending", 1}, {"paid", 1}});
    CHECK(rep["orders"]["counted"] == 8);  // refunded, cancelled, … are counted now
  }
  SECTION("an empty list excludes nothing") {
    TrackerOptions options;
    options.exclude_statuses.clear();
    Tracker t(options);
    ingest_ok(t, doc);
    json rep = report_of(t);
    CHECK(rep["orders"]["excluded"].empty());
    CHECK(rep["orders"]["counted"] == 10);
  }
}

TEST_CASE("ingest is all or nothing", "[tracker]") {
  Tracker t;
  ingest_ok(t, ndjson({order("a", "ada@example.com", "100", "2024-01-01T00:00:00Z"),
                       order("b", "bola@example.com", "200", "2024-01-02T00:00:00Z",
                             R"(,"buyerId":"u1")")}));
  const std::string before = report_to_json(t.report());
  const std::string before_guests = profiles_to_json(t.guests().items);
  const uint64_t orders_before = t.order_count();
  const uint64_t records_before = t.record_count();

  auto expect_unchanged = [&] {
    CHECK(report_to_json(t.report()) == before);
    CHECK(profiles_to_json(t.guests().items) == before_guests);
    CHECK(t.order_count() == orders_before);
    CHECK(t.record_count() == records_before);
  };

  SECTION("NDJSON with a syntax error on its last line") {
    // New orders, a refund of "a", a rejected record, then a broken line.
    const std::string doc = ndjson({
        order("c", "chidi@example.com", "300", "2024-01-03T00:00:00Z"),
        order("a", "ada@example.com", "100", "2024-01-01T00:00:00Z",
              R"(,"status":"refunded","updatedAt":"2024-01-09T00:00:00Z")"),
        R"({"_id":"d","total":-5,"createdAt":"2024-01-04"})",
        order("e", "emeka@example.com", "400", "2024-03-01T00:00:00Z"),
        R"({"_id":"f","email":"f@example.com","total":5,"createdAt":"2024-01-04" )",
    });
    Status s = t.ingest_copy(doc);
    CHECK(s.code == ErrorCode::invalid_json);
    CHECK(s.line == 5);
    expect_unchanged();
  }
  SECTION("an array with a syntax error near its end") {
    const std::string doc = "[" + order("c", "chidi@example.com", "300", "2024-01-03T00:00:00Z") +
                            "," + order("e", "emeka@example.com", "400", "2024-03-01T00:00:00Z") +
                            R"(, {"_id": "x", "total": ]})";
    CHECK(t.ingest_copy(doc).code == ErrorCode::invalid_json);
    expect_unchanged();
  }
  SECTION("empty input and valid JSON that is not orders") {
    CHECK(t.ingest_copy("").code == ErrorCode::empty_input);
    CHECK(t.ingest_copy("42").code == ErrorCode::not_orders);
    expect_unchanged();
  }
  SECTION("and a good ingest afterwards still works") {
    CHECK_FALSE(t.ingest_copy("[" + order("c", "c@example.com", "1", "2024-01-03") + ", oops]")
                    .ok());
    ingest_ok(t, ndjson({order("c", "chidi@example.com", "300", "2024-01-03T00:00:00Z")}));
    json rep = report_of(t);
    CHECK(rep["orders"]["counted"] == 3);
    CHECK(t.record_count() == records_before + 1);
  }
}

namespace {

// A mixed history for merge tests: versions that cross shard boundaries, rejected records,
// excluded statuses, registered buyers and a converted customer, several months.
const std::vector<std::string> kHistory = {
    order("o1", "ada@example.com", "1000", "2024-01-05T10:00:00Z",
          R"(,"status":"paid","state":"lagos","city":"ikeja","phone":"08031112222")"),
    order("o2", "Bola@Example.com", "2500.50", "2024-01-20T09:00:00Z",
          R"(,"status":"pending","state":"Abuja")"),
    R"({"_id":"r1","total":"abc","createdAt":"2024-01-21T00:00:00Z"})",
    order("o3", "ada@example.com", "700", "2024-02-02T08:00:00Z",
          R"(,"state":"Lagos State","city":"Yaba")"),
    order("o4", "chidi@example.com", "300", "2024-02-10T00:00:00Z", R"(,"status":"paid")"),
    order("o2", "bola@example.com", "2500.50", "2024-01-20T09:00:00Z",
          R"(,"status":"paid","updatedAt":"2024-01-21T09:00:00Z")"),
    order("o5", "chidi@example.com", "5000", "2024-03-01T00:00:00Z",
          R"(,"buyerId":"u-chidi","status":"paid")"),
    order("o6", "dayo@example.com", "800", "2024-03-03T00:00:00Z", R"(,"status":"refunded")"),
    R"({"_id":"r2","email":"x@example.com","total":-3,"createdAt":"2024-03-04"})",
    order("o7", "eze@example.com", "1200", "2024-03-15T00:00:00Z",
          R"(,"buyerId":"u-eze","status":"paid")"),
    order("o4", "chidi@example.com", "300", "2024-02-10T00:00:00Z",
          R"(,"status":"paid","updatedAt":"2024-02-09T00:00:00Z")"),  // stale
    order("o8", "femi@example.com", "50", "2024-04-01T00:00:00Z", R"(,"state":"kano")"),
    order("o1", "ada@example.com", "1000", "2024-01-05T10:00:00Z",
          R"(,"status":"paid","updatedAt":"2024-01-05T10:00:00Z")"),  // equal time, later
    R"({"email":"nobody@example.com","total":1,"createdAt":"2024-04-02"})",
    order("o9", "gbenga@example.com", "450", "2024-04-20T23:30:00Z"),
};

std::string history(size_t from, size_t to) { return ndjson(kHistory, from, to); }

}  // namespace

TEST_CASE("a report over merged shards equals the report over the whole", "[tracker][merge]") {
  Tracker whole;
  ingest_ok(whole, history(0, kHistory.size()));
  ReportOptions wat;
  wat.tz_offset_minutes = 60;
  wat.top = 3;
  const std::string expected = report_to_json(whole.report());
  const std::string expected_wat = report_to_json(whole.report(wat));
  const std::string expected_guests = profiles_to_json(whole.guests().items);

  SECTION("two shards, split anywhere") {
    for (size_t cut = 0; cut <= kHistory.size(); ++cut) {
      INFO("cut at " << cut);
      Tracker a, b;
      ingest_ok(a, history(0, cut));
      ingest_ok(b, history(cut, kHistory.size()));
      REQUIRE(a.merge(b).ok());
      CHECK(report_to_json(a.report()) == expected);
      CHECK(report_to_json(a.report(wat)) == expected_wat);
      CHECK(profiles_to_json(a.guests().items) == expected_guests);
      CHECK(a.order_count() == whole.order_count());
      CHECK(a.record_count() == whole.record_count());
    }
  }
  SECTION("three shards merged left to right") {
    Tracker a, b, c;
    ingest_ok(a, history(0, 4));
    ingest_ok(b, history(4, 10));
    ingest_ok(c, history(10, kHistory.size()));
    REQUIRE(b.merge(c).ok());
    REQUIRE(a.merge(b).ok());
    CHECK(report_to_json(a.report()) == expected);
    CHECK(report_to_json(a.report(wat)) == expected_wat);
  }
  SECTION("one ingest per record") {
    Tracker one;
    // As one-element arrays: a bare `5` would be a document that is not orders.
    for (const auto& line : kHistory) ingest_ok(one, "[" + line + "]");
    CHECK(report_to_json(one.report()) == expected);
  }
  SECTION("the merged report keeps the whole's record positions") {
    json rep = json::parse(expected);
    REQUIRE(rep["dataQuality"]["rejected"].size() == 3);
    CHECK(rep["dataQuality"]["rejected"][0]["index"] == 2);
    CHECK(rep["dataQuality"]["rejected"][1]["index"] == 8);
    CHECK(rep["dataQuality"]["rejected"][2]["index"] == 13);
  }
}

TEST_CASE("merge needs the same excluded statuses", "[tracker][merge]") {
  TrackerOptions other;
  other.exclude_statuses = {"refunded"};
  Tracker a;
  Tracker b(other);
  ingest_ok(a, history(0, 3));
  ingest_ok(b, history(3, 6));
  const std::string before = report_to_json(a.report());
  CHECK(a.merge(b).code == ErrorCode::options_mismatch);
  CHECK(report_to_json(a.report()) == before);
}

TEST_CASE("any arrival order that keeps each id's winner gives the same report", "[tracker]") {
  // Distinct createdAt and version times everywhere, so arrival order decides nothing.
  const std::vector<std::string> lines = {
      order("o1", "ada@example.com", "100", "2024-01-01T00:00:00Z", R"(,"city":"ikeja")"),
      order("o2", "ada@example.com", "200", "2024-02-01T00:00:00Z", R"(,"city":"yaba")"),
      order("o3", "bola@example.com", "300", "2024-02-15T00:00:00Z"),
      order("o3", "bola@example.com", "300", "2024-02-15T00:00:00Z",
            R"(,"status":"refunded","updatedAt":"2024-02-20T00:00:00Z")"),
      order("o4", "bola@example.com", "50", "2024-03-01T00:00:00Z", R"(,"buyerId":"u2")"),
      order("o5", "chidi@example.com", "75", "2024-03-05T00:00:00Z", R"(,"phone":"0803 000 0000")"),
  };
  Tracker forward, backward;
  ingest_ok(forward, ndjson(lines, 0, lines.size()));
  std::vector<std::string> reversed(lines.rbegin(), lines.rend());
  ingest_ok(backward, ndjson(reversed, 0, reversed.size()));
  CHECK(report_to_json(backward.report()) == report_to_json(forward.report()));
  CHECK(profiles_to_json(backward.guests().items) == profiles_to_json(forward.guests().items));
}

namespace {

// Three guest customers, one registered buyer, one converted customer.
const std::vector<std::string> kGuests = {
    // carol: 1 order, 300, last 2024-01-10
    order("c1", "carol@example.com", "300", "2024-01-10T00:00:00Z",
          R"(,"fullName":"Carol Okafor","phone":"0803 555 1234")"),
    // alice: 3 orders, 200, last 2024-01-05
    order("a1", "Alice@Example.com", "50", "2024-01-01T00:00:00Z", R"(,"fullName":"Alice Obi")"),
    order("a2", "alice@example.com", "50", "2024-01-03T00:00:00Z"),
    order("a3", "alice@example.com", "100", "2024-01-05T00:00:00Z"),
    // bob: 2 orders, 100, last 2024-01-20
    order("b1", "bob@example.com", "40", "2024-01-15T00:00:00Z", R"(,"fullName":"Bob Obiora")"),
    order("b2", "bob@example.com", "60", "2024-01-20T00:00:00Z"),
    // registered buyer
    order("r1", "reg@example.com", "9000", "2024-01-02T00:00:00Z", R"(,"buyerId":"u1")"),
    // converted: guest first, then registered
    order("v1", "conv@example.com", "5000", "2024-01-02T00:00:00Z"),
    order("v2", "conv@example.com", "5000", "2024-01-12T00:00:00Z", R"(,"buyerId":"u2")"),
};

}  // namespace

TEST_CASE("guests(): only guest customers, sorted, searched, paged", "[tracker][guests]") {
  Tracker t;
  ingest_ok(t, ndjson(kGuests, 0, kGuests.size()));

  auto page = [&](GuestSort sort, std::optional<bool> ascending = std::nullopt) {
    GuestQuery q;
    q.sort = sort;
    q.ascending = ascending;
    return t.guests(q);
  };
  using V = std::vector<std::string>;

  SECTION("default: by totalSpent, descending") {
    GuestPage p = t.guests();
    CHECK(p.total == 3);
    CHECK(emails_of(p) == V{"carol@example.com", "alice@example.com", "bob@example.com"});
  }
  SECTION("each sort key and its default direction") {
    CHECK(emails_of(page(GuestSort::spent)) ==
          V{"carol@example.com", "alice@example.com", "bob@example.com"});
    CHECK(emails_of(page(GuestSort::orders)) ==
          V{"alice@example.com", "bob@example.com", "carol@example.com"});
    CHECK(emails_of(page(GuestSort::recent)) ==
          V{"bob@example.com", "carol@example.com", "alice@example.com"});
    CHECK(emails_of(page(GuestSort::email)) ==
          V{"alice@example.com", "bob@example.com", "carol@example.com"});
  }
  SECTION("an explicit direction") {
    CHECK(emails_of(page(GuestSort::spent, true)) ==
          V{"bob@example.com", "alice@example.com", "carol@example.com"});
    CHECK(emails_of(page(GuestSort::email, false)) ==
          V{"carol@example.com", "bob@example.com", "alice@example.com"});
    CHECK(emails_of(page(GuestSort::orders, true)) ==
          V{"carol@example.com", "bob@example.com", "alice@example.com"});
  }
  SECTION("offset and limit apply after sorting; total is before paging") {
    GuestQuery q;
    q.offset = 1;
    q.limit = 1;
    GuestPage p = t.guests(q);
    CHECK(p.total == 3);
    CHECK(emails_of(p) == V{"alice@example.com"});
    q.offset = 2;
    q.limit = 10;
    CHECK(emails_of(t.guests(q)) == V{"bob@example.com"});
    q.offset = 5;
    GuestPage empty = t.guests(q);
    CHECK(empty.total == 3);
    CHECK(empty.items.empty());
    q.offset = 0;
    q.limit = 0;
    CHECK(t.guests(q).items.empty());
  }
  SECTION("search: case-insensitive substring of email, phone or name") {
    GuestQuery q;
    q.search = "ALICE@";
    CHECK(emails_of(t.guests(q)) == V{"alice@example.com"});
    q.search = "obi";  // Alice Obi and Bob Obiora
    q.sort = GuestSort::email;
    GuestPage p = t.guests(q);
    CHECK(p.total == 2);
    CHECK(emails_of(p) == V{"alice@example.com", "bob@example.com"});
    q.search = "5551234";  // carol's phone, normalised to +2348035551234
    CHECK(emails_of(t.guests(q)) == V{"carol@example.com"});
    q.search = "0803 555 12";  // as people type it: the local 0 stands for +234
    CHECK(emails_of(t.guests(q)) == V{"carol@example.com"});
    q.search = "(0803) 555-1234";
    CHECK(emails_of(t.guests(q)) == V{"carol@example.com"});
    q.search = "conv@";  // a converted customer is not a guest
    CHECK(t.guests(q).total == 0);
    q.search = "no such guest";
    CHECK(t.guests(q).total == 0);
  }
  SECTION("sort keys by name") {
    CHECK(parse_guest_sort("spent") == GuestSort::spent);
    CHECK(parse_guest_sort("orders") == GuestSort::orders);
    CHECK(parse_guest_sort("recent") == GuestSort::recent);
    CHECK(parse_guest_sort("email") == GuestSort::email);
    CHECK_FALSE(parse_guest_sort("revenue").has_value());
    CHECK_FALSE(parse_guest_sort("").has_value());
  }
}

TEST_CASE("profile(): one guest customer by email", "[tracker][guests]") {
  Tracker t;
  ingest_ok(t, ndjson(kGuests, 0, kGuests.size()));

  auto alice = t.profile("  ALICE@example.COM ");
  REQUIRE(alice.has_value());
  CHECK(alice->email == "alice@example.com");
  CHECK(alice->total_orders == 3);
  CHECK(alice->total_spent == 20000);
  CHECK(alice->average_order_value == 6667);  // 200 / 3 = 66.666… -> 66.67
  CHECK(alice->first_purchase_date == 1704067200000LL);             // 2024-01-01
  CHECK(alice->last_purchase_date == 1704067200000LL + 4 * 86400000LL);  // 2024-01-05
  CHECK(alice->order_ids == std::vector<std::string>{"a1", "a2", "a3"});
  REQUIRE(alice->field(ContactField::full_name).has_value());
  CHECK(*alice->field(ContactField::full_name) == "Alice Obi");
  CHECK_FALSE(alice->field(ContactField::phone).has_value());
  REQUIRE(alice->field(ContactField::country).has_value());
  CHECK(*alice->field(ContactField::country) == "Nigeria");

  CHECK_FALSE(t.profile("reg@example.com").has_value());   // registered
  CHECK_FALSE(t.profile("conv@example.com").has_value());  // converted: not a guest
  CHECK_FALSE(t.profile("nobody@example.com").has_value());
  CHECK_FALSE(t.profile("").has_value());
}

TEST_CASE("snapshot and restore keep the whole state", "[tracker][snapshot]") {
  Tracker t;
  ingest_ok(t, history(0, 9));
  Tracker back;
  REQUIRE(Tracker::restore(t.snapshot(), &back).ok());
  CHECK(report_to_json(back.report()) == report_to_json(t.report()));
  CHECK(back.order_count() == t.order_count());
  CHECK(back.record_count() == t.record_count());

  // Both go on identically: versions, duplicates and record positions survive the round trip.
  ingest_ok(t, history(9, kHistory.size()));
  ingest_ok(back, history(9, kHistory.size()));
  CHECK(report_to_json(back.report()) == report_to_json(t.report()));

  SECTION("bytes that are not a snapshot fail cleanly") {
    Tracker target;
    CHECK(Tracker::restore("", &target).code == ErrorCode::invalid_snapshot);
    CHECK(Tracker::restore("not a snapshot", &target).code == ErrorCode::invalid_snapshot);
    const std::string snap = t.snapshot();
    CHECK(Tracker::restore(std::string_view(snap).substr(0, snap.size() / 2), &target).code ==
          ErrorCode::invalid_snapshot);
  }
  SECTION("the excluded statuses travel with the snapshot") {
    TrackerOptions options;
    options.exclude_statuses = {"pending"};
    Tracker custom(options);
    ingest_ok(custom, history(0, kHistory.size()));
    Tracker restored;
    REQUIRE(Tracker::restore(custom.snapshot(), &restored).ok());
    CHECK(report_to_json(restored.report()) == report_to_json(custom.report()));
    CHECK(restored.options().exclude_statuses.size() == 1);
  }
}

TEST_CASE("an email that looks like a buyer key stays a separate customer", "[tracker]") {
  // "buyer:x@y.co" is a valid email; a registered order without an email is keyed by its buyer
  // id ("buyer:<id>" in the SPEC). The two must not meet, and a snapshot keeps them apart.
  Tracker t;
  Status s = t.ingest_copy(R"([
    {"_id":"g1","email":"buyer:x@y.co","total":100,"createdAt":"2024-01-01"},
    {"_id":"r1","buyerId":"x@y.co","total":200,"createdAt":"2024-01-02"}])");
  REQUIRE(s.ok());
  Report r = t.report();
  CHECK(r.customers.guest == 1);
  CHECK(r.customers.registered == 1);
  CHECK(r.customers.total == 2);
  REQUIRE(t.profile("buyer:x@y.co").has_value());
  Tracker restored;
  REQUIRE(Tracker::restore(t.snapshot(), &restored).ok());
  CHECK(report_to_json(restored.report()) == report_to_json(r));
}

TEST_CASE("a field longer than a storage block leaves the strings stored before it intact",
          "[tracker]") {
  // Strings live in 1 MB blocks; one over a quarter of a block gets its own. The strings already
  // in the current block must still read back after it.
  const std::string big(300 * 1024, 'x');
  Tracker t;
  REQUIRE(t.ingest_copy(R"([
    {"_id":"a1","email":"ada@example.com","city":"ikeja","total":100,"createdAt":"2024-01-01"},
    {"_id":"b1","email":"bola@example.com","address":")" + big + R"(","total":200,"createdAt":"2024-01-02"},
    {"_id":"c1","email":"chidi@example.com","city":"yaba","total":300,"createdAt":"2024-01-03"}])").ok());
  auto ada = t.profile("ada@example.com"), bola = t.profile("bola@example.com"),
       chidi = t.profile("chidi@example.com");
  REQUIRE(ada);
  REQUIRE(bola);
  REQUIRE(chidi);
  CHECK(ada->order_ids == std::vector<std::string>{"a1"});
  CHECK(ada->field(ContactField::city) == std::optional<std::string>("Ikeja"));
  CHECK(bola->field(ContactField::address) == std::optional<std::string>(big));
  CHECK(chidi->field(ContactField::city) == std::optional<std::string>("Yaba"));
}

TEST_CASE("adding orders a group at a time equals adding them one by one", "[tracker]") {
  // 21 orders over 7 ids (three groups of kOrderGroup, the last short), with versions of one
  // id inside the same group: newer, stale and equal-time ones, guests and registered buyers.
  std::vector<std::string> ids, emails;
  std::vector<Order> orders;
  for (int i = 0; i < 21; ++i) {
    ids.push_back("order-" + std::to_string(i % 7));
    emails.push_back("buyer" + std::to_string(i % 5) + "@example.com");
  }
  for (int i = 0; i < 21; ++i) {
    Order o;
    o.id = ids[i];
    o.email = emails[i];
    if (i % 4 == 0) o.buyer_id = i % 3 == 0 ? "b0" : "b1";
    o.total = 100 * (i + 1);
    o.created_at = 1704067200000LL + i % 7;
    o.version_time = 1704067200000LL + (i * 37) % 5;
    orders.push_back(o);
  }
  Tracker one, grouped;
  std::vector<AddOutcome> expected;
  for (const Order& o : orders) expected.push_back(one.add(o));
  std::vector<const Order*> pointers;
  for (const Order& o : orders) pointers.push_back(&o);
  std::vector<AddOutcome> outcomes(orders.size());
  grouped.add(pointers.data(), pointers.size(), outcomes.data());
  CHECK(outcomes == expected);
  CHECK(grouped.record_count() == 21);
  CHECK(grouped.order_count() == 7);
  CHECK(report_to_json(grouped.report()) == report_to_json(one.report()));
}

TEST_CASE("a one-pass ingest stores every record before an input error, in order", "[tracker]") {
  // The one-thread parser hands a tracker its orders a group at a time: a rejection, the
  // progress calls and an input error must still come after the orders before them.
  std::vector<std::string> lines;
  for (int i = 0; i < 19; ++i)
    lines.push_back(order("o" + std::to_string(i), "g" + std::to_string(i % 6) + "@example.com",
                          std::to_string(100 + i), "2024-01-0" + std::to_string(1 + i % 9)));
  lines[11] = order("bad", "x@example.com", "-5", "2024-01-01");  // rejected: index 11
  SECTION("NDJSON, broken on its 20th line") {
    std::string doc = ndjson(lines, 0, lines.size()) + "{\"_id\": tru}\n";
    std::string padded = padded_copy(doc);
    Tracker t;
    Status s = t.ingest_stream(padded.data(), doc.size());
    CHECK(s.code == ErrorCode::invalid_json);
    CHECK(s.line == 20);
    CHECK(t.record_count() == 19);
    CHECK(t.order_count() == 18);
    json rep = report_of(t);
    CHECK(rep["dataQuality"]["rejected"][0]["index"] == 11);
    CHECK(rep["orders"]["counted"] == 18);
  }
  SECTION("an array, broken in its 20th record") {
    std::string doc = "[";
    for (const std::string& l : lines) doc += l + ",";
    doc += "{\"_id\": tru}]";
    std::string padded = padded_copy(doc);
    Tracker t;
    CHECK(t.ingest_stream(padded.data(), doc.size()).code == ErrorCode::invalid_json);
    CHECK(t.record_count() == 19);
    CHECK(report_of(t)["dataQuality"]["rejected"][0]["index"] == 11);
  }
}

TEST_CASE("first_rejection_text(): what a strict run reports, the id made printable", "[tracker]") {
  Tracker t;
  CHECK(t.first_rejection_text().empty());
  ingest_ok(t, ndjson({order("ok", "a@example.com", "1", "2024-01-01"),
                       order("\\u001b[31mred", "a@example.com", "-1", "2024-01-01"),
                       "{\"total\":1}"}));
  CHECK(t.first_rejection_text() ==
        "record 1 (order \\u001b[31mred) rejected: negative total (2 rejected in all)");
}
