// unit-handchecked.cpp — one small store history whose every report figure was worked out by
// hand from SPEC.md (the working is in the comments), then compared with report_to_json().
#include <catch2/catch.hpp>

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "guesttrack/tracker.hpp"
#include "raw-numbers.hpp"

using namespace guesttrack;
using nlohmann::json;
using guesttrack::test::RawNumbers;

namespace {

// The history, in arrival order (record index = line number from 0).
//
//  #  id   customer  kind        total      createdAt (UTC)      status    notes
//  0  h1   ada       guest       15000.50   2024-01-05 09:00     paid      $oid id, phone, fullName,
//                                                                          ikeja/lagos, email
//                                                                          "Ada.Obi@Example.com"
//  1  h2   bola      guest        8000.00   2024-01-12 14:30     pending   abuja
//  2  h3   chidi     registered  20000.00   2024-01-20 10:00     paid      $date; state "Lagos"
//  3  h4   emeka     guest        5000.00   2024-01-25 08:00     paid      yaba/"lagos state"
//  4  h5   ada       guest        4999.50   2024-02-03 12:00     paid      phone 08039998888
//  5  h2   bola      guest        8000.00   2024-01-12 14:30     refunded  updatedAt 01-15: wins
//  6  h6   emeka     registered  12000.00   2024-02-10 16:00     paid      $numberDecimal
//  7  h7   -         -             -100     2024-02-11           -         REJECTED negative total
//  8  h8   funke     guest        3000.25   2024-02-14 11:00     (none)    garki/FCT, " funke@…"
//  9  h1   ada       guest       15000.50   2024-01-05 09:00     pending   updatedAt 01-05 08:00
//                                                                          is before v0's time
//                                                                          (its createdAt): stale;
//                                                                          city "surulere" unused
// 10  h9   chidi     registered   7500.00   2024-02-20 09:00     paid      $date $numberLong
// 11  h10  gozie     guest        2500.00   2024-02-29 23:30     (none)    state "oyo"
const std::vector<std::string> kHistory = {
    R"({"_id":{"$oid":"65a000000000000000000001"},"email":"Ada.Obi@Example.com","phone":"0803 111 2222","fullName":"ada obi","city":"ikeja","state":"lagos","total":"15,000.50","createdAt":"2024-01-05T09:00:00Z","status":"paid","items":[{"sku":"R1","qty":2}]})",
    R"({"_id":"h2","email":"bola@example.com","firstName":"bola","lastName":"ade","city":"garki","state":"Abuja","total":8000,"createdAt":"2024-01-12T14:30:00Z","status":"pending"})",
    R"({"_id":"h3","buyerId":"u-chidi","email":"chidi@example.com","state":"Lagos","total":20000,"createdAt":{"$date":"2024-01-20T10:00:00Z"},"status":"paid"})",
    R"({"_id":"h4","email":"emeka@example.com","city":"Yaba","state":"lagos state","total":5000,"createdAt":"2024-01-25T08:00:00Z","status":"paid"})",
    R"({"_id":"h5","email":"ada.obi@example.com","phone":"08039998888","total":4999.50,"createdAt":"2024-02-03T12:00:00Z","status":"PAID"})",
    R"({"_id":"h2","email":"bola@example.com","firstName":"bola","lastName":"ade","city":"garki","state":"Abuja","total":8000,"createdAt":"2024-01-12T14:30:00Z","status":"refunded","updatedAt":"2024-01-15T00:00:00Z"})",
    R"({"_id":"h6","buyerId":"u-emeka","email":"emeka@example.com","total":{"$numberDecimal":"12000"},"createdAt":"2024-02-10T16:00:00Z","status":"paid"})",
    R"({"_id":"h7","email":"x@example.com","total":-100,"createdAt":"2024-02-11"})",
    R"({"_id":"h8","email":" funke@example.com","fullName":"Funke Bello","city":"garki","state":"FCT","total":"3000.25","createdAt":"2024-02-14T11:00:00Z"})",
    R"({"_id":"65a000000000000000000001","email":"ada.obi@example.com","city":"surulere","total":"15,000.50","createdAt":"2024-01-05T09:00:00Z","status":"pending","updatedAt":"2024-01-05T08:00:00Z"})",
    R"({"_id":"h9","buyerId":"u-chidi","email":"chidi@example.com","total":7500,"createdAt":{"$date":{"$numberLong":"1708419600000"}},"status":"paid"})",
    R"({"_id":"h10","email":"gozie@example.com","state":"oyo","total":2500,"createdAt":"2024-02-29T23:30:00Z"})",
};

struct Result {
  json j;
  std::map<std::string, std::string> raw;
};

Result report_of(const ReportOptions& options) {
  Tracker t;
  std::string doc;
  for (const auto& l : kHistory) doc += l + "\n";
  IngestResult ingest;
  Status s = t.ingest_copy(doc, &ingest);
  INFO("ingest: " << s.message);
  REQUIRE(s.ok());
  // 12 records: 11 accepted (two of them versions of known ids), 1 rejected; the stale h1
  // retry (#9) is the one duplicate that lost.
  CHECK(ingest.records == 12);
  CHECK(ingest.accepted == 11);
  CHECK(ingest.duplicates == 2);
  CHECK(ingest.unchanged == 1);
  CHECK(ingest.rejected.size() == 1);
  CHECK(t.order_count() == 9);  // h1 h2 h3 h4 h5 h6 h8 h9 h10
  CHECK(t.record_count() == 12);

  const std::string text = report_to_json(t.report(options));
  Result r;
  r.j = json::parse(text);
  RawNumbers sax;
  json::sax_parse(text, &sax);
  r.raw = std::move(sax.numbers);
  return r;
}

// ---------------------------------------------------------------------------------------------
// Working (UTC):
//
// Versions. h2: #1 pending (time = createdAt 01-12 14:30) is replaced by #5 refunded (updatedAt
// 01-15) -> h2 is excluded: excluded = {refunded: 1}. h1: #0 (time = createdAt 01-05 09:00) is
// kept against #9 (updatedAt 01-05 08:00, older); "X" and {"$oid":"X"} are the same id.
// duplicates = #5 and #9 = 2. rejected = #7 = 1.
//
// Counted orders (8): h1 h3 h4 h5 h6 h8 h9 h10.
//   guest (no buyerId): h1 15000.50, h4 5000.00, h5 4999.50, h8 3000.25, h10 2500.00 -> 5
//   registered:         h3 20000.00, h6 12000.00, h9 7500.00                        -> 3
//
// Customers (by normalised email):
//   ada.obi@example.com  h1, h5 (guest, guest)        -> guest, 2 orders, 20000.00
//   chidi@example.com    h3, h9 (registered)          -> registered
//   emeka@example.com    h4 guest, then h6 registered -> registered and converted
//   funke@example.com    h8                           -> guest, 3000.25
//   gozie@example.com    h10                          -> guest, 2500.00
//   (bola has no counted order: not a customer)
//   customers = {total 5, registered 2, guest 3, converted 1}
//
// orders: counted 8, guest 5, registered 3;
//   new = first counted order of each of the 5 customers (h1 h3 h4 h8 h10) = 5;
//   returning = 8 - 5 = 3 (h5 h6 h9); excluded {refunded: 1}; duplicates 2; rejected 1.
//
// revenue: guest = 15000.50 + 5000 + 4999.50 + 3000.25 + 2500 = 30500.25
//          registered = 20000 + 12000 + 7500 = 39500.00; total = 70000.25
//          guestShare = 30500.25 / 70000.25 = 0.43571630…
// averageOrderValue: guest = 30500.25 / 5 = 6100.05; registered = 39500 / 3 = 13166.666… ->
//          13166.67; all = 70000.25 / 8 = 8750.03125 -> 8750.03
//
// guests: ada is the one repeat guest: repeat 1, repeatRate 1/3.
//   lifetime values 20000.00, 3000.25, 2500.00: mean = 25500.25 / 3 = 8500.0833… -> 8500.08,
//   median = 3000.25
//
// conversion: converted 1; rate = 1 / (3 guests + 1 converted) = 0.25;
//   emeka: 2024-01-25 08:00 -> 2024-02-10 16:00 = 16 days 8 hours = 16.3333… days
//
// geography (guest customers, by their profile):
//   ada: latest counted order with a state/city is h1 (h5 has none) -> Lagos / Ikeja, 20000.00
//   funke: FCT / Garki, 3000.25;  gozie: Oyo / (no city: Unknown), 2500.00
//   all have 1 guest, so by revenue desc.
//
// monthly (2024-01 .. 2024-02):
//   2024-01: h1 (guest, ada's first), h3 (reg), h4 (guest; emeka is converted, not a new
//            guest) -> newGuests 1, guestOrders 2, guestRevenue 20000.50,
//            registeredOrders 1, registeredRevenue 20000.00
//   2024-02: h5, h8 (funke's first), h10 (gozie's first) guest; h6, h9 registered
//            -> newGuests 2, guestOrders 3, guestRevenue 4999.50 + 3000.25 + 2500 = 10499.75,
//            registeredOrders 2, registeredRevenue 19500.00
// retention: 2024-01 cohort {ada}: size 1, returned [1, 1] (h5 in Feb);
//            2024-02 cohort {funke, gozie}: size 2, returned [2]
//
// asOf = latest counted createdAt = h10, 2024-02-29T23:30:00.000Z
//
// topGuests (by totalSpent): ada, funke, gozie.  RFM, n = 3, 1 + floor(5k/3): k=0 -> 1,
// k=1 -> 2, k=2 -> 4.
//   R (last purchase): gozie 02-29 (k=2) 4, funke 02-14 (k=1) 2, ada 02-03 (k=0) 1
//   F: ada 2 (k=2) 4; funke, gozie 1 (k=0) 1
//   M: ada 20000 (k=2) 4, funke 3000.25 (k=1) 2, gozie 2500 (k=0) 1
//   ada "144" R1 F4 -> at risk; funke "212" R2 F1 -> hibernating; gozie "411" R4 F1 -> promising
//
// Profiles:
//   ada: phone from h5 (the latest with one) +2348039998888; fullName from h1 "Ada Obi";
//     city/state from h1 (not #9's "surulere": #9 lost); 2 orders, 20000.00, avg 10000.00;
//     first 2024-01-05T09:00:00.000Z, last 2024-02-03T12:00:00.000Z; orderIds [h1's id, h5]
//   funke: fullName "Funke Bello", Garki / FCT; 1 order 3000.25; 2024-02-14T11:00:00.000Z
//   gozie: state Oyo only; 1 order 2500.00; 2024-02-29T23:30:00.000Z
//   every other contact field null; country "Nigeria" for all.
//
// dataQuality: rejected [{index 7, orderId "h7", reason "negative total"}];
//   emailsNormalised: h1 ("Ada.Obi@Example.com") and h8 (" funke@example.com") = 2
//   statesNormalised: h1 "lagos", h4 "lagos state", h10 "oyo" = 3 (h3 "Lagos" and h8 "FCT"
//   are unchanged; h2 "Abuja" is excluded)
// ---------------------------------------------------------------------------------------------

json profile(const char* email, const json& phone, const json& full_name, const char* city,
             const char* state, int orders, double spent, double average, const char* first,
             const char* last, const json& order_ids, const char* rfm, const char* segment) {
  return json{{"email", email},
              {"phone", phone},
              {"fullName", full_name},
              {"firstName", nullptr},
              {"lastName", nullptr},
              {"address", nullptr},
              {"busStop", nullptr},
              {"city", city ? json(city) : json(nullptr)},
              {"state", state},
              {"zipCode", nullptr},
              {"country", "Nigeria"},
              {"totalOrders", orders},
              {"totalSpent", spent},
              {"averageOrderValue", average},
              {"firstPurchaseDate", first},
              {"lastPurchaseDate", last},
              {"orderIds", order_ids},
              {"rfm", rfm},
              {"segment", segment}};
}

json month(const char* m, int new_guests, int guest_orders, double guest_revenue,
           int registered_orders, double registered_revenue) {
  return json{{"month", m},
              {"newGuests", new_guests},
              {"guestOrders", guest_orders},
              {"guestRevenue", guest_revenue},
              {"registeredOrders", registered_orders},
              {"registeredRevenue", registered_revenue}};
}

json expected_report() {
  json e;
  e["schema"] = "guesttrack.report/1";
  e["customers"] = {{"total", 5}, {"registered", 2}, {"guest", 3}, {"converted", 1}};
  e["orders"] = {{"counted", 8},  {"guest", 5},     {"registered", 3},
                 {"new", 5},      {"returning", 3}, {"excluded", {{"refunded", 1}}},
                 {"duplicates", 2}, {"rejected", 1}};
  e["revenue"] = {{"guest", 30500.25},
                  {"registered", 39500.00},
                  {"total", 70000.25},
                  {"guestShare", 30500.25 / 70000.25}};
  e["averageOrderValue"] = {{"guest", 6100.05}, {"registered", 13166.67}, {"all", 8750.03}};
  e["guests"] = {{"repeat", 1},
                 {"repeatRate", 1.0 / 3.0},
                 {"lifetimeValue", {{"mean", 8500.08}, {"median", 3000.25}}}};
  e["conversion"] = {{"converted", 1}, {"rate", 0.25}, {"medianDaysToConvert", 16.0 + 1.0 / 3.0}};
  e["geography"] = {
      {"byState", json::array({{{"state", "Lagos"}, {"guests", 1}, {"revenue", 20000.00}},
                               {{"state", "FCT"}, {"guests", 1}, {"revenue", 3000.25}},
                               {{"state", "Oyo"}, {"guests", 1}, {"revenue", 2500.00}}})},
      {"byCity",
       json::array(
           {{{"city", "Ikeja"}, {"state", "Lagos"}, {"guests", 1}, {"revenue", 20000.00}},
            {{"city", "Garki"}, {"state", "FCT"}, {"guests", 1}, {"revenue", 3000.25}},
            {{"city", "Unknown"}, {"state", "Oyo"}, {"guests", 1}, {"revenue", 2500.00}}})}};
  e["monthly"] = json::array({month("2024-01", 1, 2, 20000.50, 1, 20000.00),
                              month("2024-02", 2, 3, 10499.75, 2, 19500.00)});
  e["retention"] = json::array({{{"cohort", "2024-01"}, {"size", 1}, {"returned", {1, 1}}},
                                {{"cohort", "2024-02"}, {"size", 2}, {"returned", {2}}}});
  e["topGuests"] = json::array({
      profile("ada.obi@example.com", "+2348039998888", "Ada Obi", "Ikeja", "Lagos", 2, 20000.00,
              10000.00, "2024-01-05T09:00:00.000Z", "2024-02-03T12:00:00.000Z",
              json::array({"65a000000000000000000001", "h5"}), "144", "at risk"),
      profile("funke@example.com", nullptr, "Funke Bello", "Garki", "FCT", 1, 3000.25, 3000.25,
              "2024-02-14T11:00:00.000Z", "2024-02-14T11:00:00.000Z", json::array({"h8"}), "212",
              "hibernating"),
      profile("gozie@example.com", nullptr, nullptr, nullptr, "Oyo", 1, 2500.00, 2500.00,
              "2024-02-29T23:30:00.000Z", "2024-02-29T23:30:00.000Z", json::array({"h10"}), "411",
              "promising"),
  });
  e["dataQuality"] = {
      {"rejected", json::array({{{"index", 7}, {"orderId", "h7"}, {"reason", "negative total"}}})},
      {"emailsNormalised", 2},
      {"statesNormalised", 3}};
  e["asOf"] = "2024-02-29T23:30:00.000Z";
  return e;
}

/// Checks the rates approximately, then copies them so the rest can be compared exactly.
void settle_rates(json& expected, const json& actual) {
  for (const char* p : {"/revenue/guestShare", "/guests/repeatRate", "/conversion/rate",
                        "/conversion/medianDaysToConvert"}) {
    INFO(p);
    json::json_pointer ptr(p);
    REQUIRE(actual.contains(ptr));
    REQUIRE(actual.at(ptr).is_number());
    CHECK(actual.at(ptr).get<double>() == Approx(expected.at(ptr).get<double>()));
    expected[ptr] = actual.at(ptr);
  }
}

void compare_sections(const json& actual, const json& expected) {
  for (const auto& item : expected.items()) {
    INFO("section: " << item.key());
    REQUIRE(actual.contains(item.key()));
    CHECK(actual.at(item.key()) == item.value());
  }
  CHECK(actual.size() == expected.size());
}

}  // namespace

TEST_CASE("hand-checked report", "[handchecked]") {
  Result r = report_of({});
  json expected = expected_report();
  settle_rates(expected, r.j);
  compare_sections(r.j, expected);

  // Money as printed: naira with exactly two decimals.
  const std::map<std::string, std::string> money = {
      {"/revenue/guest", "30500.25"},
      {"/revenue/registered", "39500.00"},
      {"/revenue/total", "70000.25"},
      {"/averageOrderValue/guest", "6100.05"},
      {"/averageOrderValue/registered", "13166.67"},
      {"/averageOrderValue/all", "8750.03"},
      {"/guests/lifetimeValue/mean", "8500.08"},
      {"/guests/lifetimeValue/median", "3000.25"},
      {"/geography/byState/0/revenue", "20000.00"},
      {"/geography/byState/1/revenue", "3000.25"},
      {"/geography/byState/2/revenue", "2500.00"},
      {"/geography/byCity/0/revenue", "20000.00"},
      {"/geography/byCity/2/revenue", "2500.00"},
      {"/monthly/0/guestRevenue", "20000.50"},
      {"/monthly/0/registeredRevenue", "20000.00"},
      {"/monthly/1/guestRevenue", "10499.75"},
      {"/monthly/1/registeredRevenue", "19500.00"},
      {"/topGuests/0/totalSpent", "20000.00"},
      {"/topGuests/0/averageOrderValue", "10000.00"},
      {"/topGuests/1/totalSpent", "3000.25"},
      {"/topGuests/2/totalSpent", "2500.00"},
      {"/topGuests/2/averageOrderValue", "2500.00"},
  };
  for (const auto& [pointer, text] : money) {
    INFO(pointer);
    auto it = r.raw.find(pointer);
    REQUIRE(it != r.raw.end());
    CHECK(it->second == text);
  }
}

TEST_CASE("hand-checked report at WAT (+60 minutes)", "[handchecked]") {
  // Only h10 (2024-02-29 23:30 UTC = 2024-03-01 00:30 WAT) changes month. Everything outside
  // monthly and retention is as in UTC.
  //   2024-02: h5, h8 guest (funke new), h6, h9 registered -> newGuests 1, guestOrders 2,
  //            guestRevenue 4999.50 + 3000.25 = 7999.75, registeredOrders 2, 19500.00
  //   2024-03: h10 (gozie new) -> newGuests 1, guestOrders 1, guestRevenue 2500.00
  // retention: 2024-01 {ada}: [1, 1, 0]; 2024-02 {funke}: [1, 0]; 2024-03 {gozie}: [1]
  ReportOptions options;
  options.tz_offset_minutes = 60;
  Result r = report_of(options);
  json expected = expected_report();
  expected["monthly"] = json::array({month("2024-01", 1, 2, 20000.50, 1, 20000.00),
                                     month("2024-02", 1, 2, 7999.75, 2, 19500.00),
                                     month("2024-03", 1, 1, 2500.00, 0, 0.00)});
  expected["retention"] =
      json::array({{{"cohort", "2024-01"}, {"size", 1}, {"returned", {1, 1, 0}}},
                   {{"cohort", "2024-02"}, {"size", 1}, {"returned", {1, 0}}},
                   {{"cohort", "2024-03"}, {"size", 1}, {"returned", {1}}}});
  settle_rates(expected, r.j);
  compare_sections(r.j, expected);
  CHECK(r.raw["/monthly/1/guestRevenue"] == "7999.75");
  CHECK(r.raw["/monthly/2/registeredRevenue"] == "0.00");
}

TEST_CASE("hand-checked report: asOf given moves nothing but asOf", "[handchecked]") {
  // R only ranks guests by elapsed time, so a later asOf keeps every score.
  ReportOptions options;
  options.as_of = 1709251200000LL;  // 2024-03-01T00:00:00Z
  Result r = report_of(options);
  json expected = expected_report();
  expected["asOf"] = "2024-03-01T00:00:00.000Z";
  settle_rates(expected, r.j);
  compare_sections(r.j, expected);
}
