// unit-report.cpp — SPEC §3–§5: every section of the report on small inputs, read back from
// report_to_json() (the numbers' text as printed, so money's two decimals and nulls are seen).
#include <catch2/catch.hpp>

#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "guesttrack/tracker.hpp"
#include "raw-numbers.hpp"

using namespace guesttrack;
using nlohmann::json;
using guesttrack::test::RawNumbers;

namespace {

struct Rep {
  std::string text;
  json j;
  std::map<std::string, std::string> raw;

  /// The value at a JSON pointer; null json when absent (so a CHECK shows it rather than throws).
  json at(const std::string& pointer) const {
    json::json_pointer p(pointer);
    return j.contains(p) ? j.at(p) : json("<absent>");
  }
  /// The number at a JSON pointer as printed.
  std::string num(const std::string& pointer) const {
    auto it = raw.find(pointer);
    return it == raw.end() ? "<not a number>" : it->second;
  }
  bool is_null(const std::string& pointer) const {
    json::json_pointer p(pointer);
    return j.contains(p) && j.at(p).is_null();
  }
};

Rep to_rep(const std::string& text) {
  Rep r;
  r.text = text;
  r.j = json::parse(text);
  RawNumbers sax;
  json::sax_parse(text, &sax);
  r.raw = std::move(sax.numbers);
  return r;
}

Rep run(const std::vector<std::string>& lines, const ReportOptions& options = {},
        const TrackerOptions& tracker_options = {}) {
  Tracker t(tracker_options);
  std::string doc;
  for (const auto& l : lines) doc += l + "\n";
  Status s = t.ingest_copy(doc);
  INFO("ingest: " << s.message);
  REQUIRE(s.ok());
  return to_rep(report_to_json(t.report(options)));
}

/// As run(), with the records in one JSON array.
Rep run_array(const std::vector<std::string>& records) {
  Tracker t;
  std::string doc = "[";
  for (const auto& rec : records) doc += (doc.size() > 1 ? "," : "") + rec;
  doc += "]";
  Status s = t.ingest_copy(doc);
  INFO("ingest: " << s.message);
  REQUIRE(s.ok());
  return to_rep(report_to_json(t.report()));
}

/// A guest order. `extra` goes inside the object: R"(,"state":"lagos")".
std::string guest(const std::string& id, const std::string& email, const std::string& total,
                  const std::string& created, const std::string& extra = "") {
  return R"({"_id":")" + id + R"(","email":")" + email + R"(","total":)" + total +
         R"(,"createdAt":")" + created + "\"" + extra + "}";
}

/// A registered order (has a buyerId). `email` may be empty (no email field).
std::string registered(const std::string& id, const std::string& buyer, const std::string& email,
                       const std::string& total, const std::string& created,
                       const std::string& extra = "") {
  std::string e = email.empty() ? "" : R"(,"email":")" + email + "\"";
  return R"({"_id":")" + id + R"(","buyerId":")" + buyer + "\"" + e + R"(,"total":)" + total +
         R"(,"createdAt":")" + created + "\"" + extra + "}";
}

const std::regex kMoneyText(R"(^\d+\.\d\d$)");
const std::regex kMoneyPath(
    R"(^/(revenue/(guest|registered|total)|averageOrderValue/(guest|registered|all)|)"
    R"(guests/lifetimeValue/(mean|median)|geography/by(State|City)/\d+/revenue|)"
    R"(monthly/\d+/(guestRevenue|registeredRevenue)|topGuests/\d+/(totalSpent|averageOrderValue))$)");

/// Every money number in the report prints with exactly two decimals. Returns how many it saw.
size_t check_money_format(const Rep& r) {
  size_t seen = 0;
  for (const auto& [path, text] : r.raw) {
    if (!std::regex_match(path, kMoneyPath)) continue;
    ++seen;
    INFO(path << " = " << text);
    CHECK(std::regex_match(text, kMoneyText));
  }
  return seen;
}

}  // namespace

TEST_CASE("report: schema and section order", "[report]") {
  Rep r = run({guest("o1", "ada@example.com", "100", "2024-01-01T00:00:00Z")});
  CHECK(r.at("/schema") == "guesttrack.report/1");
  // SPEC §5 key order, read from the text.
  const std::vector<std::string> sections = {"customers",  "orders",    "revenue",
                                             "averageOrderValue", "guests", "conversion",
                                             "geography", "monthly",   "retention",
                                             "topGuests", "dataQuality", "asOf"};
  auto ordered = nlohmann::ordered_json::parse(r.text);
  std::vector<std::string> keys;
  for (const auto& item : ordered.items())
    if (item.key() != "schema") keys.push_back(item.key());
  CHECK(keys == sections);
  std::vector<std::string> order_keys;
  for (const auto& item : ordered["orders"].items()) order_keys.push_back(item.key());
  CHECK(order_keys == std::vector<std::string>{"counted", "guest", "registered", "new",
                                               "returning", "excluded", "duplicates", "rejected"});
}

TEST_CASE("report: customers are registered, guest or converted, each counted once",
          "[report][customers]") {
  Rep r = run({
      // g1: a guest customer with two orders
      guest("g1a", "g1@example.com", "100", "2024-01-01T00:00:00Z"),
      guest("g1b", "G1@Example.com ", "100", "2024-01-02T00:00:00Z"),
      // r1: registered
      registered("r1a", "u1", "r1@example.com", "100", "2024-01-03T00:00:00Z"),
      // u2: registered, no email: keyed buyer:u2, one customer for both orders
      registered("u2a", "u2", "", "100", "2024-01-04T00:00:00Z"),
      registered("u2b", "u2", "", "100", "2024-01-05T00:00:00Z"),
      // c1: guest first, registered later: converted
      guest("c1a", "c1@example.com", "100", "2024-01-01T00:00:00Z"),
      registered("c1b", "u3", "c1@example.com", "100", "2024-01-10T00:00:00Z"),
      // m1: registered first, a guest order later: registered, not converted
      registered("m1a", "u4", "m1@example.com", "100", "2024-01-01T00:00:00Z"),
      guest("m1b", "m1@example.com", "100", "2024-01-02T00:00:00Z"),
      // x1: first guest order refunded, so the first counted order is registered
      guest("x1a", "x1@example.com", "100", "2024-01-01T00:00:00Z", R"(,"status":"refunded")"),
      registered("x1b", "u5", "x1@example.com", "100", "2024-01-03T00:00:00Z"),
      // u6: registered with an invalid email: keyed buyer:u6
      registered("u6a", "u6", "not-an-email", "100", "2024-01-06T00:00:00Z"),
      // y1: only a refunded guest order: no customer at all
      guest("y1a", "y1@example.com", "100", "2024-01-07T00:00:00Z", R"(,"status":"refunded")"),
  });
  // registered: r1, buyer:u2, c1, m1, x1, buyer:u6; guest: g1; converted: c1
  CHECK(r.at("/customers") ==
        json{{"total", 7}, {"registered", 6}, {"guest", 1}, {"converted", 1}});
  // counted: g1 2, r1 1, u2 2, c1 2, m1 2, x1 1, u6 1 = 11; guest orders: g1a g1b c1a m1b
  CHECK(r.at("/orders/counted") == 11);
  CHECK(r.at("/orders/guest") == 4);
  CHECK(r.at("/orders/registered") == 7);
  CHECK(r.at("/orders/new") == 7);  // one first order per customer
  CHECK(r.at("/orders/returning") == 4);
  CHECK(r.at("/orders/excluded") == json{{"refunded", 2}});
  CHECK(r.at("/conversion/converted") == 1);
  // Order-level revenue goes by buyerId (m1's guest order is guest revenue).
  CHECK(r.num("/revenue/guest") == "400.00");
  CHECK(r.num("/revenue/registered") == "700.00");
  CHECK(r.num("/revenue/total") == "1100.00");
}

TEST_CASE("report: new and returning orders", "[report][orders]") {
  Rep r = run({
      guest("a2", "ada@example.com", "10", "2024-01-05T00:00:00Z"),
      guest("a1", "ada@example.com", "10", "2024-01-01T00:00:00Z"),  // arrives later, is first
      guest("a3", "ada@example.com", "10", "2024-01-09T00:00:00Z"),
      guest("b1", "bola@example.com", "10", "2024-01-02T00:00:00Z"),
      registered("c1", "u1", "chidi@example.com", "10", "2024-01-03T00:00:00Z"),
      registered("c2", "u1", "chidi@example.com", "10", "2024-01-03T00:00:00Z"),  // same time
  });
  CHECK(r.at("/orders/counted") == 6);
  CHECK(r.at("/orders/new") == 3);
  CHECK(r.at("/orders/returning") == 3);
  CHECK(r.at("/orders/duplicates") == 0);
  CHECK(r.at("/orders/rejected") == 0);
  CHECK(r.at("/orders/excluded") == json::object());
}

TEST_CASE("report: revenue, guestShare and averageOrderValue", "[report][revenue]") {
  SECTION("exact kobo sums and rounded means") {
    Rep r = run({
        guest("g1", "ada@example.com", "100.50", "2024-01-01T00:00:00Z"),
        guest("g2", "bola@example.com", R"("200.25")", "2024-01-02T00:00:00Z"),
        registered("r1", "u1", "chidi@example.com", "1000", "2024-01-03T00:00:00Z"),
    });
    CHECK(r.num("/revenue/guest") == "300.75");
    CHECK(r.num("/revenue/registered") == "1000.00");
    CHECK(r.num("/revenue/total") == "1300.75");
    CHECK(r.at("/revenue/guestShare").get<double>() == Approx(300.75 / 1300.75));
    CHECK(r.num("/averageOrderValue/guest") == "150.38");  // 150.375 -> half away from zero
    CHECK(r.num("/averageOrderValue/registered") == "1000.00");
    CHECK(r.num("/averageOrderValue/all") == "433.58");  // 1300.75 / 3 = 433.5833…
    CHECK(check_money_format(r) >= 6);
  }
  SECTION("sums that a double would get wrong") {
    std::vector<std::string> lines;
    for (int i = 0; i < 10; ++i)
      lines.push_back(guest("o" + std::to_string(i), "ada@example.com", "0.10",
                            "2024-01-01T00:00:0" + std::to_string(i) + "Z"));
    lines.push_back(guest("big", "bola@example.com", "1000000000000000", "2024-01-02T00:00:00Z"));
    lines.push_back(guest("big2", "chidi@example.com", "999999999999999.99", "2024-01-02T00:00:00Z"));
    Rep r = run(lines);
    CHECK(r.num("/revenue/guest") == "2000000000000000.99");
    CHECK(r.num("/revenue/total") == "2000000000000000.99");
  }
  SECTION("revenue 0: guestShare is null, averages are 0.00 or null") {
    Rep r = run({guest("g1", "ada@example.com", "0", "2024-01-01T00:00:00Z"),
                 guest("g2", "bola@example.com", R"("0.00")", "2024-01-02T00:00:00Z")});
    CHECK(r.num("/revenue/total") == "0.00");
    CHECK(r.num("/revenue/guest") == "0.00");
    CHECK(r.num("/revenue/registered") == "0.00");
    CHECK(r.is_null("/revenue/guestShare"));
    CHECK(r.num("/averageOrderValue/guest") == "0.00");
    CHECK(r.is_null("/averageOrderValue/registered"));  // no registered orders
    CHECK(r.num("/averageOrderValue/all") == "0.00");
  }
  SECTION("only registered revenue: guestShare is 0") {
    Rep r = run({registered("r1", "u1", "", "50", "2024-01-01T00:00:00Z")});
    CHECK(r.at("/revenue/guestShare") == 0);
    CHECK(r.is_null("/averageOrderValue/guest"));
    CHECK(r.num("/averageOrderValue/registered") == "50.00");
  }
}

TEST_CASE("report: nothing counted gives nulls, not zeros or NaN", "[report]") {
  Rep r = run({guest("g1", "ada@example.com", "100", "2024-01-01T00:00:00Z",
                     R"(,"status":"refunded")"),
               R"({"_id":"bad","total":-1,"createdAt":"2024-01-01"})"});
  CHECK(r.at("/customers") == json{{"total", 0}, {"registered", 0}, {"guest", 0}, {"converted", 0}});
  CHECK(r.at("/orders/counted") == 0);
  CHECK(r.at("/orders/excluded") == json{{"refunded", 1}});
  CHECK(r.at("/orders/rejected") == 1);
  CHECK(r.num("/revenue/total") == "0.00");
  CHECK(r.is_null("/revenue/guestShare"));
  CHECK(r.is_null("/averageOrderValue/guest"));
  CHECK(r.is_null("/averageOrderValue/registered"));
  CHECK(r.is_null("/averageOrderValue/all"));
  CHECK(r.at("/guests/repeat") == 0);
  CHECK(r.is_null("/guests/repeatRate"));
  CHECK(r.is_null("/guests/lifetimeValue/mean"));
  CHECK(r.is_null("/guests/lifetimeValue/median"));
  CHECK(r.at("/conversion/converted") == 0);
  CHECK(r.is_null("/conversion/rate"));
  CHECK(r.is_null("/conversion/medianDaysToConvert"));
  CHECK(r.at("/geography/byState") == json::array());
  CHECK(r.at("/geography/byCity") == json::array());
  CHECK(r.at("/monthly") == json::array());
  CHECK(r.at("/retention") == json::array());
  CHECK(r.at("/topGuests") == json::array());
  CHECK(r.is_null("/asOf"));
}

TEST_CASE("report: guests — repeat, repeatRate, lifetime value mean and median",
          "[report][guests]") {
  SECTION("an even count: the median is the mean of the middle two, rounded to the kobo") {
    Rep r = run({
        guest("a", "a@example.com", "1.00", "2024-01-01T00:00:00Z"),
        guest("b", "b@example.com", "2.00", "2024-01-02T00:00:00Z"),
        guest("c1", "c@example.com", "1.50", "2024-01-03T00:00:00Z"),
        guest("c2", "c@example.com", "1.51", "2024-01-04T00:00:00Z"),
        guest("d1", "d@example.com", "50", "2024-01-05T00:00:00Z"),
        guest("d2", "d@example.com", "50", "2024-01-06T00:00:00Z"),
        // A converted customer with many orders is not a guest here.
        guest("v1", "v@example.com", "10", "2024-01-01T00:00:00Z"),
        guest("v2", "v@example.com", "10", "2024-01-02T00:00:00Z"),
        registered("v3", "uv", "v@example.com", "10", "2024-01-03T00:00:00Z"),
    });
    // LTVs: 1.00, 2.00, 3.01, 100.00
    CHECK(r.at("/customers/guest") == 4);
    CHECK(r.at("/guests/repeat") == 2);
    CHECK(r.at("/guests/repeatRate").get<double>() == Approx(0.5));
    CHECK(r.num("/guests/lifetimeValue/mean") == "26.50");    // 106.01 / 4 = 26.5025
    CHECK(r.num("/guests/lifetimeValue/median") == "2.51");   // (2.00 + 3.01) / 2 = 2.505
  }
  SECTION("an odd count") {
    Rep r = run({
        guest("a", "a@example.com", "1.00", "2024-01-01T00:00:00Z"),
        guest("b", "b@example.com", "2.00", "2024-01-02T00:00:00Z"),
        guest("c", "c@example.com", "2.00", "2024-01-03T00:00:00Z"),
    });
    CHECK(r.at("/guests/repeat") == 0);
    CHECK(r.at("/guests/repeatRate") == 0);
    CHECK(r.num("/guests/lifetimeValue/mean") == "1.67");  // 5 / 3 = 1.666…
    CHECK(r.num("/guests/lifetimeValue/median") == "2.00");
  }
}

TEST_CASE("report: conversion rate and median days to convert", "[report][conversion]") {
  std::vector<std::string> lines = {
      guest("g1", "g1@example.com", "10", "2024-01-01T00:00:00Z"),
      guest("g2", "g2@example.com", "10", "2024-01-01T00:00:00Z"),
      // c1: 1.5 days (a second guest order before, a second registered order after)
      guest("c1a", "c1@example.com", "10", "2024-01-01T00:00:00Z"),
      guest("c1b", "c1@example.com", "10", "2024-01-01T12:00:00Z"),
      registered("c1c", "u1", "c1@example.com", "10", "2024-01-02T12:00:00Z"),
      registered("c1d", "u1", "c1@example.com", "10", "2024-01-20T00:00:00Z"),
      // c2: 3 days
      guest("c2a", "c2@example.com", "10", "2024-01-01T00:00:00Z"),
      registered("c2b", "u2", "c2@example.com", "10", "2024-01-04T00:00:00Z"),
  };
  SECTION("two converted: the median of an even count") {
    Rep r = run(lines);
    CHECK(r.at("/conversion/converted") == 2);
    CHECK(r.at("/conversion/rate").get<double>() == Approx(0.5));  // 2 / (2 + 2)
    CHECK(r.at("/conversion/medianDaysToConvert").get<double>() == Approx(2.25));
  }
  SECTION("three converted, fractional days") {
    // c3: 6 hours = 0.25 days
    lines.push_back(guest("c3a", "c3@example.com", "10", "2024-02-01T00:00:00Z"));
    lines.push_back(registered("c3b", "u3", "c3@example.com", "10", "2024-02-01T06:00:00Z"));
    Rep r = run(lines);
    CHECK(r.at("/conversion/converted") == 3);
    CHECK(r.at("/conversion/rate").get<double>() == Approx(0.6));  // 3 / (2 + 3)
    CHECK(r.at("/conversion/medianDaysToConvert").get<double>() == Approx(1.5));
  }
  SECTION("no guests and no converted: rate null") {
    Rep r = run({registered("r1", "u1", "r@example.com", "10", "2024-01-01T00:00:00Z")});
    CHECK(r.at("/conversion/converted") == 0);
    CHECK(r.is_null("/conversion/rate"));
    CHECK(r.is_null("/conversion/medianDaysToConvert"));
  }
  SECTION("guests but nobody converted: rate 0, median null") {
    Rep r = run({guest("g1", "g1@example.com", "10", "2024-01-01T00:00:00Z")});
    CHECK(r.at("/conversion/rate") == 0);
    CHECK(r.is_null("/conversion/medianDaysToConvert"));
  }
}

TEST_CASE("report: geography by state and city", "[report][geography]") {
  Rep r = run({
      // ga: 100 in total; latest non-empty state/city: Lagos / Ikeja (the last order has none)
      guest("ga1", "ga@example.com", "40", "2024-01-01T00:00:00Z",
            R"(,"state":"kano","city":"kano")"),
      guest("ga2", "ga@example.com", "60", "2024-02-01T00:00:00Z",
            R"(,"state":"lagos","city":"ikeja")"),
      guest("ga3", "ga@example.com", "0", "2024-03-01T00:00:00Z", R"(,"state":"","city":"  ")"),
      guest("gb", "gb@example.com", "300", "2024-01-02T00:00:00Z",
            R"(,"state":"Lagos State","city":"IKEJA")"),
      guest("gc", "gc@example.com", "50", "2024-01-03T00:00:00Z",
            R"(,"state":"abuja","city":"garki")"),
      guest("gd", "gd@example.com", "45", "2024-01-04T00:00:00Z", R"(,"state":"Kano")"),
      guest("ge", "ge@example.com", "500", "2024-01-05T00:00:00Z"),
      guest("gf", "gf@example.com", "50", "2024-01-06T00:00:00Z",
            R"(,"state":"oyo","city":"ibadan")"),
      guest("gg", "gg@example.com", "20", "2024-01-07T00:00:00Z",
            R"(,"state":"lagos","city":"yaba")"),
      guest("gh", "gh@example.com", "50", "2024-01-08T00:00:00Z",
            R"(,"state":"ogun","city":"ikeja")"),
      // Not guests: a converted customer and a registered buyer in Lagos.
      guest("v1", "v@example.com", "1000", "2024-01-01T00:00:00Z",
            R"(,"state":"lagos","city":"ikeja")"),
      registered("v2", "uv", "v@example.com", "10", "2024-01-09T00:00:00Z"),
      registered("r1", "ur", "r@example.com", "9000", "2024-01-09T00:00:00Z",
                 R"(,"state":"lagos","city":"ikeja")"),
      // An excluded order does not move its customer.
      guest("gf2", "gf@example.com", "70", "2024-05-01T00:00:00Z",
            R"(,"state":"kano","status":"cancelled")"),
  });
  const json by_state = json::array({
      {{"state", "Lagos"}, {"guests", 3}, {"revenue", 420}},
      {{"state", "Unknown"}, {"guests", 1}, {"revenue", 500}},
      {{"state", "FCT"}, {"guests", 1}, {"revenue", 50}},
      {{"state", "Ogun"}, {"guests", 1}, {"revenue", 50}},
      {{"state", "Oyo"}, {"guests", 1}, {"revenue", 50}},
      {{"state", "Kano"}, {"guests", 1}, {"revenue", 45}},
  });
  CHECK(r.at("/geography/byState") == by_state);
  const json by_city = json::array({
      {{"city", "Ikeja"}, {"state", "Lagos"}, {"guests", 2}, {"revenue", 400}},
      {{"city", "Unknown"}, {"state", "Unknown"}, {"guests", 1}, {"revenue", 500}},
      {{"city", "Garki"}, {"state", "FCT"}, {"guests", 1}, {"revenue", 50}},
      {{"city", "Ibadan"}, {"state", "Oyo"}, {"guests", 1}, {"revenue", 50}},
      {{"city", "Ikeja"}, {"state", "Ogun"}, {"guests", 1}, {"revenue", 50}},
      {{"city", "Unknown"}, {"state", "Kano"}, {"guests", 1}, {"revenue", 45}},
      {{"city", "Yaba"}, {"state", "Lagos"}, {"guests", 1}, {"revenue", 20}},
  });
  CHECK(r.at("/geography/byCity") == by_city);
  CHECK(r.num("/geography/byState/0/revenue") == "420.00");
  CHECK(r.num("/geography/byCity/6/revenue") == "20.00");
  CHECK(check_money_format(r) >= 13);
}

TEST_CASE("report: monthly rows from first to last month, no gaps", "[report][monthly]") {
  Rep r = run({
      guest("g1a", "g1@example.com", "100", "2024-01-10T00:00:00Z"),
      guest("c1a", "c1@example.com", "30", "2024-01-30T00:00:00Z"),  // converted later
      registered("c1b", "u1", "c1@example.com", "70", "2024-02-05T00:00:00Z"),
      registered("r1", "u2", "r1@example.com", "1000", "2024-03-01T00:00:00Z"),
      guest("g2a", "g2@example.com", "25.5", "2024-03-20T00:00:00Z"),
      guest("g1b", "g1@example.com", "50", "2024-04-02T00:00:00Z"),
      guest("g3a", "g3@example.com", "10", "2024-06-30T23:59:59.999Z"),
      // Excluded orders outside the range add no months.
      guest("x1", "x1@example.com", "5", "2023-11-01T00:00:00Z", R"(,"status":"failed")"),
      guest("x2", "x2@example.com", "5", "2024-09-01T00:00:00Z", R"(,"status":"refunded")"),
  });
  auto row = [](const char* month, int new_guests, int guest_orders, const char* guest_revenue,
                int registered_orders, const char* registered_revenue) {
    return json{{"month", month},
                {"newGuests", new_guests},
                {"guestOrders", guest_orders},
                {"guestRevenue", std::stod(guest_revenue)},
                {"registeredOrders", registered_orders},
                {"registeredRevenue", std::stod(registered_revenue)}};
  };
  const json expected = json::array({
      row("2024-01", 1, 2, "130", 0, "0"),  // c1 is converted: not a new guest
      row("2024-02", 0, 0, "0", 1, "70"),
      row("2024-03", 1, 1, "25.5", 1, "1000"),
      row("2024-04", 0, 1, "50", 0, "0"),
      row("2024-05", 0, 0, "0", 0, "0"),
      row("2024-06", 1, 1, "10", 0, "0"),
  });
  CHECK(r.at("/monthly") == expected);
  CHECK(r.num("/monthly/0/guestRevenue") == "130.00");
  CHECK(r.num("/monthly/1/guestRevenue") == "0.00");
  CHECK(r.num("/monthly/2/guestRevenue") == "25.50");
  CHECK(r.num("/monthly/2/registeredRevenue") == "1000.00");
  CHECK(check_money_format(r) >= 12);
}

TEST_CASE("report: retention cohorts", "[report][retention]") {
  Rep r = run({
      guest("g1a", "g1@example.com", "10", "2024-01-03T00:00:00Z"),
      guest("g1b", "g1@example.com", "10", "2024-03-03T00:00:00Z"),
      guest("g2a", "g2@example.com", "10", "2024-01-04T00:00:00Z"),
      guest("g2b", "g2@example.com", "10", "2024-02-04T00:00:00Z"),
      guest("g2c", "g2@example.com", "10", "2024-03-04T00:00:00Z"),
      guest("g2d", "g2@example.com", "10", "2024-03-05T00:00:00Z"),  // same month counts once
      // February: only a converted customer starts, so no February cohort.
      guest("c1a", "c1@example.com", "10", "2024-02-01T00:00:00Z"),
      registered("c1b", "uc", "c1@example.com", "10", "2024-02-02T00:00:00Z"),
      guest("g3a", "g3@example.com", "10", "2024-03-10T00:00:00Z"),
      guest("g3b", "g3@example.com", "10", "2024-04-10T00:00:00Z"),
      // April is the last month (a registered order).
      registered("r1", "ur", "r@example.com", "10", "2024-04-20T00:00:00Z"),
      // An excluded order is not a return.
      guest("g1x", "g1@example.com", "10", "2024-04-05T00:00:00Z", R"(,"status":"cancelled")"),
  });
  const json expected = json::array({
      {{"cohort", "2024-01"}, {"size", 2}, {"returned", {2, 1, 2, 0}}},
      {{"cohort", "2024-03"}, {"size", 1}, {"returned", {1, 1}}},
  });
  CHECK(r.at("/retention") == expected);
  REQUIRE(r.at("/monthly").size() == 4);
  CHECK(r.at("/monthly/3/month") == "2024-04");
}

TEST_CASE("report: topGuests order, size and RFM fields", "[report][top]") {
  const std::vector<std::string> lines = {
      guest("t1", "t1@example.com", "500", "2024-01-01T00:00:00Z"),
      guest("t2a", "t2@example.com", "100", "2024-01-01T00:00:00Z"),
      guest("t2b", "t2@example.com", "100", "2024-01-02T00:00:00Z"),
      guest("t2c", "t2@example.com", "100", "2024-01-03T00:00:00Z"),
      guest("t3a", "t3@example.com", "150", "2024-01-01T00:00:00Z"),
      guest("t3b", "t3@example.com", "150", "2024-03-01T00:00:00Z"),
      guest("t4a", "t4@example.com", "150", "2024-01-01T00:00:00Z"),
      guest("t4b", "t4@example.com", "150", "2024-02-01T00:00:00Z"),
      guest("b", "b@example.com", "100", "2024-01-01T00:00:00Z"),
      guest("a", "a@example.com", "100", "2024-01-01T00:00:00Z"),
      // Converted: spent most, but not a guest.
      guest("v1", "v@example.com", "9000", "2024-01-01T00:00:00Z"),
      registered("v2", "uv", "v@example.com", "10", "2024-01-02T00:00:00Z"),
  };
  auto emails = [](const Rep& r) {
    std::vector<std::string> out;
    for (const auto& g : r.at("/topGuests")) out.push_back(g.value("email", ""));
    return out;
  };
  using V = std::vector<std::string>;
  SECTION("by totalSpent, totalOrders, lastPurchaseDate desc, then email") {
    Rep r = run(lines);
    CHECK(emails(r) == V{"t1@example.com", "t2@example.com", "t3@example.com", "t4@example.com",
                         "a@example.com", "b@example.com"});
    for (const auto& g : r.at("/topGuests")) {
      INFO(g.dump());
      REQUIRE(g.contains("rfm"));
      REQUIRE(g["rfm"].is_string());
      CHECK(std::regex_match(g["rfm"].get<std::string>(), std::regex("^[1-5]{3}$")));
      REQUIRE(g.contains("segment"));
      CHECK(g["segment"].is_string());
    }
    CHECK(r.num("/topGuests/0/totalSpent") == "500.00");
    CHECK(r.num("/topGuests/1/averageOrderValue") == "100.00");
    CHECK(check_money_format(r) >= 12);
  }
  SECTION("the top N") {
    ReportOptions options;
    options.top = 4;
    CHECK(emails(run(lines, options)) ==
          V{"t1@example.com", "t2@example.com", "t3@example.com", "t4@example.com"});
    options.top = 0;
    CHECK(run(lines, options).at("/topGuests") == json::array());
  }
  SECTION("default N is 10") {
    std::vector<std::string> many;
    for (int i = 0; i < 12; ++i)
      many.push_back(guest("o" + std::to_string(i), "g" + std::to_string(10 + i) + "@example.com",
                           std::to_string(100 + i), "2024-01-01T00:00:00Z"));
    Rep r = run(many);
    REQUIRE(r.at("/topGuests").size() == 10);
    CHECK(r.at("/topGuests/0/email") == "g21@example.com");
    CHECK(r.at("/topGuests/9/email") == "g12@example.com");
  }
}

TEST_CASE("report: a guest profile's fields", "[report][profile]") {
  Rep r = run({
      // Arrival order differs from createdAt order on purpose.
      guest("p3", "ada@example.com", "30", "2024-03-01T10:30:00Z",
            R"(,"phone":"0803 333 3333","firstName":"ada","lastName":"")"),
      guest("p1", " ADA@example.com", "10", "2024-01-01T00:00:00.123Z",
            R"(,"phone":"08011111111","fullName":"ada obi","city":"ikeja","state":"lagos",)"
            R"("address":"  1 Allen  Ave ","zipCode":" 100001 ","lastName":"obi")"),
      guest("p2", "ada@example.com", "20", "2024-02-01T00:00:00Z",
            R"(,"phone":"","city":"yaba","busStop":"   ","country":"  ")"),
      // Excluded: contributes nothing, not even its later contact fields.
      guest("p4", "ada@example.com", "40", "2024-04-01T00:00:00Z",
            R"(,"phone":"08044444444","status":"refunded","busStop":"Ojuelegba","country":"Ghana")"),
      // Same createdAt as p3 but arrives later: its name wins the tie.
      guest("p5", "ada@example.com", "5", "2024-03-01T10:30:00Z", R"(,"name":"ADA  NWOSU")"),
  });
  REQUIRE(r.at("/topGuests").size() == 1);
  const json g = r.at("/topGuests/0");
  CHECK(g["email"] == "ada@example.com");
  CHECK(g["phone"] == "+2348033333333");  // p3 and p5 share the latest createdAt; p5 has none
  CHECK(g["fullName"] == "Ada Nwosu");    // p5: later arrival at the same createdAt
  CHECK(g["firstName"] == "Ada");         // p3
  CHECK(g["lastName"] == "Obi");          // p1 (p3's is empty)
  CHECK(g["address"] == "1 Allen  Ave");  // trimmed only
  CHECK(g["busStop"].is_null());          // white space alone is empty; p4 is excluded
  CHECK(g["city"] == "Yaba");             // p2
  CHECK(g["state"] == "Lagos");           // p1
  CHECK(g["zipCode"] == "100001");
  CHECK(g["country"] == "Nigeria");       // no counted order has one
  CHECK(g["totalOrders"] == 4);
  CHECK(r.num("/topGuests/0/totalSpent") == "65.00");
  CHECK(r.num("/topGuests/0/averageOrderValue") == "16.25");
  CHECK(g["firstPurchaseDate"] == "2024-01-01T00:00:00.123Z");
  CHECK(g["lastPurchaseDate"] == "2024-03-01T10:30:00.000Z");
  CHECK(g["orderIds"] == json::array({"p1", "p2", "p3", "p5"}));

  // Profile keys in SPEC §4 order, then rfm and segment.
  auto ordered = nlohmann::ordered_json::parse(r.text);
  std::vector<std::string> keys;
  for (const auto& item : ordered["topGuests"][0].items()) keys.push_back(item.key());
  CHECK(keys == std::vector<std::string>{
                    "email", "phone", "fullName", "firstName", "lastName", "address", "busStop",
                    "city", "state", "zipCode", "country", "totalOrders", "totalSpent",
                    "averageOrderValue", "firstPurchaseDate", "lastPurchaseDate", "orderIds",
                    "rfm", "segment"});
}

TEST_CASE("report: profile fields no order has are null; country falls back", "[report][profile]") {
  Rep r = run({guest("o1", "ada@example.com", "10", "2024-01-01T00:00:00Z",
                     R"(,"country":" Ghana ")")});
  const json g = r.at("/topGuests/0");
  for (const char* k : {"phone", "fullName", "firstName", "lastName", "address", "busStop", "city",
                        "state", "zipCode"}) {
    INFO(k);
    CHECK(g[k].is_null());
  }
  CHECK(g["country"] == "Ghana");
}

TEST_CASE("report: dataQuality", "[report][quality]") {
  SECTION("all rejections counted, the first 100 listed") {
    std::vector<std::string> lines;
    lines.push_back(guest("ok", "ada@example.com", "10", "2024-01-01T00:00:00Z"));
    for (int i = 0; i < 150; ++i)
      lines.push_back(R"({"_id":"bad)" + std::to_string(i) +
                      R"(","email":"ada@example.com","total":-1,"createdAt":"2024-01-01"})");
    lines.push_back(R"({"email":"ada@example.com","total":1,"createdAt":"2024-01-01"})");
    Rep r = run(lines);
    CHECK(r.at("/orders/rejected") == 151);
    CHECK(r.at("/orders/counted") == 1);
    const json listed = r.at("/dataQuality/rejected");
    REQUIRE(listed.size() == 100);
    CHECK(listed[0] == json{{"index", 1}, {"orderId", "bad0"}, {"reason", "negative total"}});
    CHECK(listed[99] == json{{"index", 100}, {"orderId", "bad99"}, {"reason", "negative total"}});
  }
  SECTION("orderId null, each reason's wording") {
    Rep r = run_array({
        "1",
        R"({"total":1,"createdAt":"2024-01-01","email":"a@b.co"})",
        R"({"_id":"t1","createdAt":"2024-01-01","email":"a@b.co"})",
        R"({"_id":"t2","total":"ten","createdAt":"2024-01-01","email":"a@b.co"})",
        R"({"_id":"t3","total":-1,"createdAt":"2024-01-01","email":"a@b.co"})",
        R"({"_id":"t4","total":1,"email":"a@b.co"})",
        R"({"_id":"t5","total":1,"createdAt":"someday","email":"a@b.co"})",
        R"({"_id":"t6","total":1,"createdAt":"2024-01-01","email":"nope"})",
    });
    const json expected = json::array({
        {{"index", 0}, {"orderId", nullptr}, {"reason", "not an object"}},
        {{"index", 1}, {"orderId", nullptr}, {"reason", "missing id"}},
        {{"index", 2}, {"orderId", "t1"}, {"reason", "missing total"}},
        {{"index", 3}, {"orderId", "t2"}, {"reason", "non-numeric total"}},
        {{"index", 4}, {"orderId", "t3"}, {"reason", "negative total"}},
        {{"index", 5}, {"orderId", "t4"}, {"reason", "missing createdAt"}},
        {{"index", 6}, {"orderId", "t5"}, {"reason", "invalid createdAt"}},
        {{"index", 7}, {"orderId", "t6"}, {"reason", "guest order without valid email"}},
    });
    CHECK(r.at("/dataQuality/rejected") == expected);
    CHECK(r.at("/orders/rejected") == 8);
    // A rejected record changes no other figure.
    CHECK(r.at("/customers/total") == 0);
    CHECK(r.at("/orders/counted") == 0);
    CHECK(r.at("/monthly") == json::array());
  }
  SECTION("emailsNormalised and statesNormalised count counted orders that changed") {
    Rep r = run({
        guest("e1", "Ada@Example.com", "1", "2024-01-01T00:00:00Z", R"(,"state":"lagos")"),
        guest("e2", " ada@example.com", "1", "2024-01-02T00:00:00Z", R"(,"state":"Lagos")"),
        guest("e3", "ada@example.com", "1", "2024-01-03T00:00:00Z", R"(,"state":"abuja")"),
        guest("e4", "bola@example.com", "1", "2024-01-04T00:00:00Z", R"(,"state":"FCT")"),
        guest("e5", "bola@example.com", "1", "2024-01-05T00:00:00Z", R"(,"state":"  ")"),
        // Registered with an invalid email: not a "valid email that changed".
        registered("e6", "u1", " NOT AN EMAIL ", "1", "2024-01-06T00:00:00Z",
                   R"(,"state":"Lagos State")"),
        // Excluded orders are not counted orders.
        guest("e7", "BOLA@example.com", "1", "2024-01-07T00:00:00Z",
              R"(,"state":"kano","status":"refunded")"),
        // A losing version's changes do not count; the winner is already clean.
        guest("e8", "CHIDI@example.com", "1", "2024-01-08T00:00:00Z", R"(,"state":"oyo")"),
        guest("e8", "chidi@example.com", "1", "2024-01-08T00:00:00Z",
              R"(,"state":"Oyo","updatedAt":"2024-01-09T00:00:00Z")"),
    });
    CHECK(r.at("/dataQuality/emailsNormalised") == 2);  // e1, e2
    CHECK(r.at("/dataQuality/statesNormalised") == 3);  // e1, e3, e6
    CHECK(r.at("/dataQuality/rejected") == json::array());
  }
}

TEST_CASE("report: asOf", "[report][asof]") {
  const std::vector<std::string> lines = {
      guest("a", "ada@example.com", "10", "2024-03-05T10:30:00Z",
            R"(,"updatedAt":"2024-04-01T00:00:00Z")"),
      guest("b", "bola@example.com", "10", "2024-01-05T00:00:00Z"),
      guest("c", "chidi@example.com", "10", "2024-05-01T00:00:00Z", R"(,"status":"refunded")"),
  };
  SECTION("default: the latest counted createdAt") {
    CHECK(run(lines).at("/asOf") == "2024-03-05T10:30:00.000Z");
  }
  SECTION("given") {
    ReportOptions options;
    options.as_of = 1735689600000LL;  // 2025-01-01T00:00:00Z
    Rep r = run(lines, options);
    CHECK(r.at("/asOf") == "2025-01-01T00:00:00.000Z");
  }
}

TEST_CASE("report: months at a timezone offset", "[report][tz]") {
  const std::vector<std::string> lines = {
      guest("a", "ada@example.com", "10", "2024-01-15T12:00:00Z"),
      guest("b", "bola@example.com", "20", "2024-01-31T23:30:00Z"),  // 00:30 on 1 Feb in WAT
  };
  SECTION("UTC") {
    Rep r = run(lines);
    REQUIRE(r.at("/monthly").size() == 1);
    CHECK(r.at("/monthly/0/month") == "2024-01");
    CHECK(r.at("/monthly/0/newGuests") == 2);
    CHECK(r.at("/monthly/0/guestOrders") == 2);
    CHECK(r.at("/retention") ==
          json::array({{{"cohort", "2024-01"}, {"size", 2}, {"returned", {2}}}}));
  }
  SECTION("WAT (+60 minutes)") {
    ReportOptions options;
    options.tz_offset_minutes = 60;
    Rep r = run(lines, options);
    REQUIRE(r.at("/monthly").size() == 2);
    CHECK(r.at("/monthly/0/month") == "2024-01");
    CHECK(r.at("/monthly/0/guestOrders") == 1);
    CHECK(r.at("/monthly/1/month") == "2024-02");
    CHECK(r.at("/monthly/1/newGuests") == 1);
    CHECK(r.at("/monthly/1/guestOrders") == 1);
    CHECK(r.num("/monthly/1/guestRevenue") == "20.00");
    CHECK(r.at("/retention") ==
          json::array({{{"cohort", "2024-01"}, {"size", 1}, {"returned", {1, 0}}},
                       {{"cohort", "2024-02"}, {"size", 1}, {"returned", {1}}}}));
    // Dates in the output stay UTC.
    CHECK(r.at("/asOf") == "2024-01-31T23:30:00.000Z");
  }
}

TEST_CASE("report_to_json pretty and compact hold the same data", "[report]") {
  Tracker t;
  REQUIRE(t.ingest_copy(guest("a", "ada@example.com", "1234.5", "2024-01-01T00:00:00Z")).ok());
  const Report rep = t.report();
  const std::string compact = report_to_json(rep);
  const std::string pretty = report_to_json(rep, true);
  CHECK(compact.find('\n') == std::string::npos);
  CHECK(pretty.find("\n  \"customers\"") != std::string::npos);
  CHECK(json::parse(compact) == json::parse(pretty));
  Rep rp = to_rep(pretty);
  CHECK(rp.num("/revenue/total") == "1234.50");
  CHECK(check_money_format(rp) >= 6);
}

TEST_CASE("report: an order takes the arrival position of its winning version", "[report]") {
  // o1 and o2 share a createdAt; o1 arrives first, then o2, then a newer version of o1. o1 now
  // sits at position 2, after o2: it is the customer's most recent order, o2 is the first.
  Rep r = run({
      guest("o1", "ada@example.com", "10", "2024-01-01T00:00:00Z", R"(,"phone":"08011111111")"),
      guest("o2", "ada@example.com", "20", "2024-01-01T00:00:00Z", R"(,"phone":"08022222222")"),
      guest("o1", "ada@example.com", "10", "2024-01-01T00:00:00Z",
            R"(,"phone":"08011111111","status":"paid","updatedAt":"2024-01-02T00:00:00Z")"),
  });
  const json g = r.at("/topGuests/0");
  CHECK(g["orderIds"] == json::array({"o2", "o1"}));
  CHECK(g["phone"] == "+2348011111111");
  CHECK(r.at("/orders/new") == 1);
  CHECK(r.at("/orders/duplicates") == 1);
}

TEST_CASE("report: geography names sort by code point", "[report][geography]") {
  // Equal guests and revenue: by name, code point order ("Z" U+005A before "É" U+00C9), not a
  // locale's order.
  Rep r = run({
      guest("a", "a@example.com", "10", "2024-01-01T00:00:00Z",
            "," "\"state\":\"\xC3\x89nugu\",\"city\":\"awka\""),
      guest("b", "b@example.com", "10", "2024-01-01T00:00:00Z", R"(,"state":"zamfara","city":"Gusau")"),
      guest("c", "c@example.com", "10", "2024-01-01T00:00:00Z", R"(,"state":"adamawa","city":"yola")"),
  });
  REQUIRE(r.at("/geography/byState").size() == 3);
  CHECK(r.at("/geography/byState/0/state") == "Adamawa");
  CHECK(r.at("/geography/byState/1/state") == "Zamfara");
  CHECK(r.at("/geography/byState/2/state") == "\xC3\x89nugu");
  CHECK(r.at("/geography/byCity/0/city") == "Awka");
  CHECK(r.at("/geography/byCity/1/city") == "Gusau");
  CHECK(r.at("/geography/byCity/2/city") == "Yola");
}

TEST_CASE("report: byCity ties sort by city, then state", "[report][geography]") {
  Rep r = run({
      guest("a", "a@example.com", "10", "2024-01-01T00:00:00Z", R"(,"state":"ogun","city":"ikeja")"),
      guest("b", "b@example.com", "10", "2024-01-01T00:00:00Z", R"(,"state":"lagos","city":"ikeja")"),
      guest("c", "c@example.com", "10", "2024-01-01T00:00:00Z", R"(,"state":"abia","city":"yaba")"),
      guest("d", "d@example.com", "10", "2024-01-01T00:00:00Z", R"(,"state":"kano","city":"aba")"),
  });
  const json expected = json::array({
      {{"city", "Aba"}, {"state", "Kano"}, {"guests", 1}, {"revenue", 10}},
      {{"city", "Ikeja"}, {"state", "Lagos"}, {"guests", 1}, {"revenue", 10}},
      {{"city", "Ikeja"}, {"state", "Ogun"}, {"guests", 1}, {"revenue", 10}},
      {{"city", "Yaba"}, {"state", "Abia"}, {"guests", 1}, {"revenue", 10}},
  });
  CHECK(r.at("/geography/byCity") == expected);
}

TEST_CASE("report: monthly runs across a year end", "[report][monthly]") {
  Rep r = run({guest("a", "a@example.com", "10", "2023-11-15T00:00:00Z"),
               guest("b", "b@example.com", "10", "2024-02-15T00:00:00Z")});
  std::vector<std::string> months;
  for (const auto& m : r.at("/monthly")) months.push_back(m.value("month", ""));
  CHECK(months == std::vector<std::string>{"2023-11", "2023-12", "2024-01", "2024-02"});
  CHECK(r.at("/retention/0/returned") == json::array({1, 0, 0, 0}));
}

namespace {

/// Splits RFC 4180 CSV into rows of cells (quoted cells, doubled quotes, CRLF or LF).
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string cell;
  bool quoted = false, any = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c == '"') {
      quoted = true;
      any = true;
    } else if (c == ',') {
      row.push_back(cell);
      cell.clear();
      any = true;
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      row.push_back(cell);
      rows.push_back(row);
      row.clear();
      cell.clear();
      any = false;
    } else {
      cell += c;
      any = true;
    }
  }
  if (any || !cell.empty()) {
    row.push_back(cell);
    rows.push_back(row);
  }
  return rows;
}

}  // namespace

TEST_CASE("profile exports: JSON and CSV", "[report][export]") {
  Tracker t;
  std::string doc;
  for (const auto& l :
       {guest("a1", "ada@example.com", "1234.5", "2024-01-01T00:00:00Z",
              R"(,"fullName":"ada obi","address":"12, \"Allen\" Avenue","busStop":"=1+2",)"
              R"("zipCode":"-1-1","phone":"+234 803 123 4567","state":"-5.5")"),
        guest("a2", "ada@example.com", "100", "2024-01-02T10:30:00Z")})
    doc += l + "\n";
  REQUIRE(t.ingest_copy(doc).ok());
  GuestPage page = t.guests();
  REQUIRE(page.items.size() == 1);

  SECTION("profile_to_json: SPEC §4 fields in order") {
    const std::string text = profile_to_json(page.items[0]);
    auto ordered = nlohmann::ordered_json::parse(text);
    std::vector<std::string> keys;
    for (const auto& item : ordered.items()) keys.push_back(item.key());
    CHECK(keys == std::vector<std::string>{
                      "email", "phone", "fullName", "firstName", "lastName", "address", "busStop",
                      "city", "state", "zipCode", "country", "totalOrders", "totalSpent",
                      "averageOrderValue", "firstPurchaseDate", "lastPurchaseDate", "orderIds"});
    Rep r = to_rep(text);
    CHECK(r.num("/totalSpent") == "1334.50");
    CHECK(r.num("/averageOrderValue") == "667.25");
    CHECK(r.at("/lastPurchaseDate") == "2024-01-02T10:30:00.000Z");
    CHECK(r.at("/orderIds") == json::array({"a1", "a2"}));
    CHECK(r.at("/phone") == "+2348031234567");
    CHECK(r.is_null("/lastName"));
    auto arr = json::parse(profiles_to_json(page.items));
    REQUIRE(arr.is_array());
    REQUIRE(arr.size() == 1);
    CHECK(arr[0] == json::parse(text));
  }
  SECTION("profiles_to_csv: RFC 4180, ids joined by spaces, formulas defused") {
    auto rows = parse_csv(profiles_to_csv(page.items));
    REQUIRE(rows.size() == 2);
    const auto& header = rows[0];
    const auto& row = rows[1];
    REQUIRE(row.size() == header.size());
    auto cell = [&](const std::string& name) {
      for (size_t i = 0; i < header.size(); ++i)
        if (header[i] == name) return row[i];
      return std::string("<no column " + name + ">");
    };
    CHECK(header.front() == "email");
    CHECK(cell("email") == "ada@example.com");
    CHECK(cell("fullName") == "Ada Obi");
    CHECK(cell("address") == "12, \"Allen\" Avenue");
    CHECK(cell("busStop") == "'=1+2");
    CHECK(cell("zipCode") == "'-1-1");      // a sum, not a number
    CHECK(cell("phone") == "+2348031234567");  // a signed number stays as it is
    CHECK(cell("state") == "-5.5");
    CHECK(cell("totalSpent") == "1334.50");
    CHECK(cell("orderIds") == "a1 a2");
    CHECK(cell("country") == "Nigeria");
  }
}

TEST_CASE("profiles_to_table: columns line up by terminal width", "[report][export]") {
  // "Ọ̀kàfọ̀ Adé": 12 code points, two of them combining marks: 10 terminal columns.
  const char* accented = "\xE1\xBB\x8C\xCC\x80k\xC3\xA0" "f\xE1\xBB\x8D\xCC\x80 Ad\xC3\xA9";
  Tracker t;
  std::string doc = guest("a1", "okafor@example.com", "10", "2024-01-01T00:00:00Z",
                          std::string(",\"fullName\":\"") + accented + "\"") + "\n" +
                    guest("a2", "ada@example.com", "20", "2024-01-02T00:00:00Z",
                          ",\"fullName\":\"ada obi\"") + "\n";
  REQUIRE(t.ingest_copy(doc).ok());
  GuestPage page = t.guests();
  std::string table = profiles_to_table(page.items, page.total);
  // Each line's email starts in the same terminal column as the header's "Email".
  auto columns_before = [](const std::string& line, size_t byte) {
    size_t w = 0;
    for (size_t i = 0; i < byte; ++i) {
      unsigned char c = static_cast<unsigned char>(line[i]);
      bool mark = c == 0xCC && i + 1 < line.size() && static_cast<unsigned char>(line[i + 1]) >= 0x80;
      if ((c & 0xC0) != 0x80 && !mark) ++w;
    }
    return w;
  };
  std::vector<std::string> lines;
  for (size_t p = 0, nl; (nl = table.find('\n', p)) != std::string::npos; p = nl + 1)
    lines.push_back(table.substr(p, nl - p));
  REQUIRE(lines.size() >= 4);
  auto column_of = [&](const std::string& what) -> size_t {
    for (const std::string& line : lines)
      if (size_t at = line.find(what); at != std::string::npos) return columns_before(line, at);
    FAIL("no line holds " << what);
    return 0;
  };
  size_t header = column_of("Email");
  CHECK(column_of("okafor@") == header);
  CHECK(column_of("ada@") == header);
}

TEST_CASE("profiles_to_table: wide characters take two columns, control characters are shown",
          "[report][export]") {
  Tracker t;
  // "李小龙" (3 wide characters: 6 columns) and a name holding ESC [31m (a colour change).
  std::string doc = guest("a1", "li@example.com", "10", "2024-01-01T00:00:00Z",
                          ",\"fullName\":\"\xE6\x9D\x8E\xE5\xB0\x8F\xE9\xBE\x99\"") + "\n" +
                    guest("a2", "red@example.com", "20", "2024-01-02T00:00:00Z",
                          ",\"fullName\":\"\\u001b[31mred\"") + "\n" +
                    guest("a3", "abcdef@example.com", "5", "2024-01-02T00:00:00Z",
                          ",\"fullName\":\"abcdef\"") + "\n";
  REQUIRE(t.ingest_copy(doc).ok());
  std::string table = profiles_to_table(t.guests().items);
  CHECK(table.find('\x1b') == std::string::npos);
  CHECK(table.find("\\u001b[31mred") != std::string::npos);
  // The email column starts after the same number of terminal columns on every line: the wide
  // name is 6 columns, as wide as "abcdef", so both lines put their emails at the same byte
  // offset plus the 6 extra bytes the 3-byte characters take.
  size_t li = table.find("li@"), ab = table.find("abcdef@");
  size_t li_line = table.rfind('\n', li) + 1, ab_line = table.rfind('\n', ab) + 1;
  CHECK(li - li_line == (ab - ab_line) + 3);
}

TEST_CASE("printable(): control characters escaped, long text cut at a character", "[report]") {
  CHECK(printable("a\x1b[0m\x7f\tb") == "a\\u001b[0m\\u007f\\u0009b");
  CHECK(printable("\xC3\xA9t\xC3\xA9") == "\xC3\xA9t\xC3\xA9");
  CHECK(printable(std::string(300, 'x')) == std::string(200, 'x') + "\xE2\x80\xA6");
  CHECK(printable("\xC3\xA9\xC3\xA9", 3) == "\xC3\xA9\xE2\x80\xA6");  // not inside a character
}
