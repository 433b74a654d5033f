// unit-parse.cpp — SPEC §1/§6: the three document shapes, MongoDB Extended JSON, what each
// accepted record looks like after normalisation, every rejection reason (and which one wins),
// record positions, and input errors that name where the document broke.
#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

#include "guesttrack/parse.hpp"

using namespace guesttrack;

namespace {

constexpr EpochMs kJan2_030405_678 = 1704164645678LL;  // 2024-01-02T03:04:05.678Z
constexpr EpochMs kJan1 = 1704067200000LL;             // 2024-01-01T00:00:00Z
constexpr EpochMs kFeb1 = 1706745600000LL;             // 2024-02-01T00:00:00Z

/// An accepted record, copied out of the sink call (the Order's views die with the call).
struct Accepted {
  uint64_t index = 0;
  std::string id, buyer_id, email, status;
  bool email_changed = false, state_changed = false, has_status = false;
  Kobo total = 0;
  EpochMs created_at = 0, version_time = 0;
  std::string contact[kContactFieldCount];
  std::string raw;

  const std::string& field(ContactField f) const { return contact[static_cast<int>(f)]; }
};

class RecordingSink : public OrderSink {
 public:
  std::vector<Accepted> accepted;
  std::vector<RejectedRecord> rejected;
  std::vector<uint64_t> indexes;  // every record position, accepted and rejected, in call order

  void on_order(uint64_t index, const Order& o) override {
    Accepted a;
    a.index = index;
    a.id = std::string(o.id);
    a.buyer_id = std::string(o.buyer_id);
    a.email = std::string(o.email);
    a.status = std::string(o.status);
    a.email_changed = o.email_changed;
    a.state_changed = o.state_changed;
    a.has_status = o.has_status;
    a.total = o.total;
    a.created_at = o.created_at;
    a.version_time = o.version_time;
    for (int i = 0; i < kContactFieldCount; ++i) a.contact[i] = std::string(o.contact[i]);
    a.raw = std::string(o.raw);
    accepted.push_back(std::move(a));
    indexes.push_back(index);
  }
  void on_rejected(const RejectedRecord& r) override {
    rejected.push_back(r);
    indexes.push_back(r.index);
  }
};

struct Parsed {
  Status status;
  InputShape shape = InputShape::array;
  RecordingSink sink;
};

Parsed parse(const std::string& doc) {
  Parsed p;
  p.status = parse_orders_copy(doc, p.sink, &p.shape);
  return p;
}

/// Parses one order (as a one-element array) and returns the single record it produced.
Accepted accept_one(const std::string& order_json) {
  Parsed p = parse("[" + order_json + "]");
  INFO("order: " << order_json);
  INFO("status: " << p.status.message);
  REQUIRE(p.status.ok());
  INFO("rejected: " << (p.sink.rejected.empty() ? "none"
                                                 : rejection_reason(p.sink.rejected[0].reason)));
  REQUIRE(p.sink.accepted.size() == 1);
  REQUIRE(p.sink.rejected.empty());
  return p.sink.accepted[0];
}

RejectedRecord reject_one(const std::string& record_json) {
  Parsed p = parse("[" + record_json + "]");
  INFO("record: " << record_json);
  INFO("status: " << p.status.message);
  REQUIRE(p.status.ok());
  REQUIRE(p.sink.accepted.empty());
  REQUIRE(p.sink.rejected.size() == 1);
  return p.sink.rejected[0];
}

const std::string kGood1 =
    R"({"_id":"o1","email":"ada@example.com","total":100,"createdAt":"2024-01-01T00:00:00Z"})";
const std::string kGood2 =
    R"({"_id":"o2","email":"bola@example.com","total":200,"createdAt":"2024-02-01T00:00:00Z"})";
const std::string kGood3 =
    R"({"_id":"o3","buyerId":"u3","total":300,"createdAt":"2024-02-01T00:00:00Z"})";

}  // namespace

TEST_CASE("rejection_reason uses the SPEC wording", "[parse]") {
  CHECK(std::string(rejection_reason(Rejection::not_an_object)) == "not an object");
  CHECK(std::string(rejection_reason(Rejection::missing_id)) == "missing id");
  CHECK(std::string(rejection_reason(Rejection::missing_total)) == "missing total");
  CHECK(std::string(rejection_reason(Rejection::non_numeric_total)) == "non-numeric total");
  CHECK(std::string(rejection_reason(Rejection::negative_total)) == "negative total");
  CHECK(std::string(rejection_reason(Rejection::missing_created_at)) == "missing createdAt");
  CHECK(std::string(rejection_reason(Rejection::invalid_created_at)) == "invalid createdAt");
  CHECK(std::string(rejection_reason(Rejection::guest_without_email)) ==
        "guest order without valid email");
}

TEST_CASE("the three document shapes", "[parse]") {
  SECTION("a JSON array") {
    Parsed p = parse("[" + kGood1 + "," + kGood2 + "," + kGood3 + "]");
    REQUIRE(p.status.ok());
    CHECK(p.shape == InputShape::array);
    REQUIRE(p.sink.accepted.size() == 3);
    CHECK(p.sink.accepted[0].id == "o1");
    CHECK(p.sink.accepted[1].id == "o2");
    CHECK(p.sink.accepted[2].id == "o3");
    CHECK(p.sink.indexes == std::vector<uint64_t>{0, 1, 2});
  }
  SECTION("a pretty-printed array over many lines is still an array") {
    Parsed p = parse("[\n  " + kGood1 + ",\n  " + kGood2 + "\n]\n");
    REQUIRE(p.status.ok());
    CHECK(p.shape == InputShape::array);
    CHECK(p.sink.accepted.size() == 2);
  }
  SECTION("an /api/orders reply: {success, orders}") {
    Parsed p = parse(R"({"success": true, "count": 2, "orders": [)" + kGood1 + "," + kGood2 +
                     "]}");
    REQUIRE(p.status.ok());
    CHECK(p.shape == InputShape::wrapped);
    REQUIRE(p.sink.accepted.size() == 2);
    CHECK(p.sink.accepted[1].id == "o2");
  }
  SECTION("an object holding the array under data, pretty-printed") {
    Parsed p = parse("{\n  \"data\": [\n    " + kGood1 + ",\n    " + kGood3 +
                     "\n  ],\n  \"page\": 1\n}\n");
    REQUIRE(p.status.ok());
    CHECK(p.shape == InputShape::wrapped);
    REQUIRE(p.sink.accepted.size() == 2);
    CHECK(p.sink.accepted[1].id == "o3");
  }
  SECTION("NDJSON, one order per line") {
    Parsed p = parse(kGood1 + "\n" + kGood2 + "\n" + kGood3 + "\n");
    REQUIRE(p.status.ok());
    CHECK(p.shape == InputShape::ndjson);
    REQUIRE(p.sink.accepted.size() == 3);
    CHECK(p.sink.indexes == std::vector<uint64_t>{0, 1, 2});
  }
  SECTION("NDJSON without a final newline, with CRLF line ends") {
    Parsed p = parse(kGood1 + "\r\n" + kGood2 + "\r\n" + kGood3);
    REQUIRE(p.status.ok());
    CHECK(p.shape == InputShape::ndjson);
    CHECK(p.sink.accepted.size() == 3);
  }
  SECTION("NDJSON blank lines are ignored and are not records") {
    Parsed p = parse("\n" + kGood1 + "\n\n   \n" + "5\n" + kGood2 + "\n\t\n\n" + kGood3 + "\n\n");
    REQUIRE(p.status.ok());
    CHECK(p.shape == InputShape::ndjson);
    REQUIRE(p.sink.accepted.size() == 3);
    REQUIRE(p.sink.rejected.size() == 1);
    // Records: o1, 5, o2, o3 -> positions 0, 1, 2, 3 whatever the blank lines.
    CHECK(p.sink.accepted[0].index == 0);
    CHECK(p.sink.rejected[0].index == 1);
    CHECK(p.sink.rejected[0].reason == Rejection::not_an_object);
    CHECK(p.sink.accepted[1].index == 2);
    CHECK(p.sink.accepted[2].index == 3);
  }
  SECTION("empty array and empty wrapped list are valid and hold no records") {
    Parsed a = parse("[]");
    CHECK(a.status.ok());
    CHECK(a.sink.indexes.empty());
    Parsed w = parse(R"({"success":true,"orders":[]})");
    CHECK(w.status.ok());
    CHECK(w.shape == InputShape::wrapped);
    CHECK(w.sink.indexes.empty());
  }
}

TEST_CASE("a UTF-8 byte order mark at the start is accepted", "[parse]") {
  const std::string bom = "\xEF\xBB\xBF";
  SECTION("array") {
    Parsed p = parse(bom + "[" + kGood1 + "," + kGood2 + "]");
    REQUIRE(p.status.ok());
    CHECK(p.shape == InputShape::array);
    CHECK(p.sink.accepted.size() == 2);
  }
  SECTION("wrapped") {
    Parsed p = parse(bom + R"({"orders":[)" + kGood1 + "]}");
    REQUIRE(p.status.ok());
    CHECK(p.shape == InputShape::wrapped);
    CHECK(p.sink.accepted.size() == 1);
  }
  SECTION("NDJSON") {
    Parsed p = parse(bom + kGood1 + "\n" + kGood2 + "\n");
    REQUIRE(p.status.ok());
    CHECK(p.shape == InputShape::ndjson);
    REQUIRE(p.sink.accepted.size() == 2);
    CHECK(p.sink.accepted[0].id == "o1");
  }
}

TEST_CASE("an accepted record, normalised", "[parse]") {
  Accepted a = accept_one(R"({
      "_id": "ord-1", "buyerId": null, "email": "  Ada.Obi@Example.COM ",
      "phone": "0803 123 4567", "firstName": "  ada ", "lastName": "OBI",
      "address": "  12 Allen  Avenue ", "busStop": " Allen Junction ", "city": "ikeja",
      "state": "lagos state", "zipCode": " 100001 ", "country": " Nigeria ",
      "total": "₦25,000.50", "status": " PAID ", "createdAt": "2024-01-02T03:04:05.678Z",
      "items": [{"name": "Rice", "qty": 2, "price": {"$numberDecimal": "12500.25"}}],
      "paymentRef": {"nested": [1, 2, {"deep": null}]}, "notes": null, "gift": false
  })");
  CHECK(a.id == "ord-1");
  CHECK(a.buyer_id.empty());
  CHECK(a.email == "ada.obi@example.com");
  CHECK(a.email_changed);
  CHECK(a.state_changed);
  CHECK(a.has_status);
  CHECK(a.status == "paid");
  CHECK(a.total == 2500050);
  CHECK(a.created_at == kJan2_030405_678);
  CHECK(a.version_time == kJan2_030405_678);  // no updatedAt: createdAt
  CHECK(a.field(ContactField::phone) == "+2348031234567");
  CHECK(a.field(ContactField::first_name) == "Ada");
  CHECK(a.field(ContactField::last_name) == "Obi");
  CHECK(a.field(ContactField::full_name) == "Ada Obi");
  CHECK(a.field(ContactField::address) == "12 Allen  Avenue");
  CHECK(a.field(ContactField::bus_stop) == "Allen Junction");
  CHECK(a.field(ContactField::city) == "Ikeja");
  CHECK(a.field(ContactField::state) == "Lagos");
  CHECK(a.field(ContactField::zip_code) == "100001");
  CHECK(a.field(ContactField::country) == "Nigeria");
}

TEST_CASE("an accepted record: fields already clean, missing or empty", "[parse]") {
  Accepted a = accept_one(
      R"({"_id":"o","email":"ada@example.com","state":"Lagos","total":1,"createdAt":"2024-01-01"})");
  CHECK_FALSE(a.email_changed);  // already normalised
  CHECK_FALSE(a.state_changed);
  CHECK_FALSE(a.has_status);     // missing status
  CHECK(a.created_at == kJan1);
  for (ContactField f : {ContactField::phone, ContactField::full_name, ContactField::first_name,
                         ContactField::last_name, ContactField::address, ContactField::bus_stop,
                         ContactField::city, ContactField::zip_code, ContactField::country}) {
    INFO(contact_field_name(f));
    CHECK(a.field(f).empty());
  }

  Accepted b = accept_one(
      R"({"_id":"o","email":"ada@example.com","state":"  ","address":"   ","total":1,"createdAt":"2024-01-01"})");
  CHECK_FALSE(b.state_changed);  // empty state: not a "non-empty state that changed"
  CHECK(b.field(ContactField::state).empty());
  CHECK(b.field(ContactField::address).empty());  // white space alone is empty
}

TEST_CASE("an order's full name", "[parse]") {
  auto full = [](const std::string& names) {
    return accept_one(R"({"_id":"o","email":"a@b.co","total":1,"createdAt":"2024-01-01")" +
                      names + "}")
        .field(ContactField::full_name);
  };
  CHECK(full(R"(,"fullName":"  chidi   OKAFOR ","name":"Other","firstName":"X","lastName":"Y")") ==
        "Chidi Okafor");
  CHECK(full(R"(,"name":"chidi okafor","firstName":"X","lastName":"Y")") == "Chidi Okafor");
  CHECK(full(R"(,"fullName":"  ","name":"chidi okafor")") == "Chidi Okafor");
  CHECK(full(R"(,"firstName":"chidi","lastName":"okafor")") == "Chidi Okafor");
  CHECK(full(R"(,"firstName":"chidi")") == "Chidi");
  CHECK(full(R"(,"firstName":" ","lastName":"okafor")") == "Okafor");
  CHECK(full("").empty());
}

TEST_CASE("registered and guest orders", "[parse]") {
  SECTION("buyerId null, missing or empty is a guest order") {
    for (const char* buyer : {R"("buyerId":null,)", "", R"("buyerId":"",)"}) {
      INFO(buyer);
      Accepted a = accept_one(std::string("{") + buyer +
                              R"("_id":"o","email":"a@b.co","total":1,"createdAt":"2024-01-01"})");
      CHECK(a.buyer_id.empty());
    }
  }
  SECTION("a buyerId, string or $oid") {
    CHECK(accept_one(R"({"_id":"o","buyerId":"u1","email":"a@b.co","total":1,"createdAt":"2024-01-01"})")
              .buyer_id == "u1");
    CHECK(accept_one(R"({"_id":"o","buyerId":{"$oid":"65a1b2c3d4e5f60718293a4b"},"total":1,"createdAt":"2024-01-01"})")
              .buyer_id == "65a1b2c3d4e5f60718293a4b");
  }
  SECTION("a registered order needs no valid email; the invalid one is dropped") {
    Accepted a =
        accept_one(R"({"_id":"o","buyerId":"u1","email":"not an email","total":1,"createdAt":"2024-01-01"})");
    CHECK(a.buyer_id == "u1");
    CHECK(a.email.empty());
    CHECK_FALSE(a.email_changed);
    Accepted b = accept_one(R"({"_id":"o","buyerId":"u1","total":1,"createdAt":"2024-01-01"})");
    CHECK(b.email.empty());
  }
}

TEST_CASE("ids: _id or id, string or $oid", "[parse]") {
  CHECK(accept_one(R"({"_id":"abc","email":"a@b.co","total":1,"createdAt":"2024-01-01"})").id ==
        "abc");
  CHECK(accept_one(R"({"id":"abc","email":"a@b.co","total":1,"createdAt":"2024-01-01"})").id ==
        "abc");
  CHECK(accept_one(R"({"_id":{"$oid":"65a1b2c3d4e5f60718293a4b"},"email":"a@b.co","total":1,"createdAt":"2024-01-01"})")
            .id == "65a1b2c3d4e5f60718293a4b");
  CHECK(accept_one(R"({"id":{"$oid":"65a1b2c3d4e5f60718293a4b"},"email":"a@b.co","total":1,"createdAt":"2024-01-01"})")
            .id == "65a1b2c3d4e5f60718293a4b");
  // `_id` is the id; `id` is only the fallback.
  CHECK(accept_one(R"({"id":"second","_id":"first","email":"a@b.co","total":1,"createdAt":"2024-01-01"})")
            .id == "first");
}

TEST_CASE("totals: numbers, numeric strings and Extended JSON", "[parse]") {
  auto total = [](const std::string& t) {
    return accept_one(R"({"_id":"o","email":"a@b.co","createdAt":"2024-01-01","total":)" + t + "}")
        .total;
  };
  CHECK(total("25000") == 2500000);
  CHECK(total("25000.5") == 2500050);
  CHECK(total("1.005") == 101);  // from the JSON text, not a double
  CHECK(total("0.125") == 13);
  CHECK(total("2.5e3") == 250000);
  CHECK(total("0") == 0);
  CHECK(total("-0") == 0);
  CHECK(total(R"("25,000.50")") == 2500050);
  CHECK(total(R"("₦25,000.50")") == 2500050);
  CHECK(total(R"("NGN 7,000")") == 700000);
  CHECK(total(R"("1.005")") == 101);
  CHECK(total(R"({"$numberDecimal":"25000.50"})") == 2500050);
  CHECK(total(R"({"$numberDecimal":"1.005"})") == 101);
  CHECK(total(R"({"$numberInt":"100"})") == 10000);
  CHECK(total(R"({"$numberLong":"123456"})") == 12345600);
  CHECK(total(R"({"$numberDouble":"99.99"})") == 9999);
  CHECK(total(R"({"$numberDouble":"1.005"})") == 101);
  CHECK(total("1000000000000000") == kMaxOrderKobo);
}

TEST_CASE("dates: ISO strings, Extended JSON and epoch milliseconds", "[parse]") {
  auto created = [](const std::string& d) {
    return accept_one(R"({"_id":"o","email":"a@b.co","total":1,"createdAt":)" + d + "}").created_at;
  };
  CHECK(created(R"("2024-01-02T03:04:05.678Z")") == kJan2_030405_678);
  CHECK(created(R"("2024-01-02T04:04:05.678+01:00")") == kJan2_030405_678);
  CHECK(created(R"("2024-01-02T03:04:05.678999Z")") == kJan2_030405_678);
  CHECK(created(R"("2024-01-02T03:04:05.678")") == kJan2_030405_678);  // no zone: UTC
  CHECK(created(R"("2024-01-01")") == kJan1);
  CHECK(created(R"({"$date":"2024-01-02T03:04:05.678Z"})") == kJan2_030405_678);
  CHECK(created(R"({"$date":{"$numberLong":"1704164645678"}})") == kJan2_030405_678);
  CHECK(created("1704164645678") == kJan2_030405_678);
}

TEST_CASE("a version's time: updatedAt when usable, else createdAt", "[parse]") {
  const std::string head = R"({"_id":"o","email":"a@b.co","total":1,"createdAt":"2024-01-01")";
  CHECK(accept_one(head + R"(,"updatedAt":"2024-02-01T00:00:00Z"})").version_time == kFeb1);
  CHECK(accept_one(head + R"(,"updatedAt":{"$date":"2024-02-01T00:00:00Z"}})").version_time ==
        kFeb1);
  CHECK(accept_one(head + R"(,"updatedAt":{"$date":{"$numberLong":"1706745600000"}}})")
            .version_time == kFeb1);
  CHECK(accept_one(head + R"(,"updatedAt":1706745600000})").version_time == kFeb1);
  // Unparseable updatedAt: treated as absent, the record is still accepted.
  CHECK(accept_one(head + R"(,"updatedAt":"yesterday"})").version_time == kJan1);
  CHECK(accept_one(head + R"(,"updatedAt":null})").version_time == kJan1);
  CHECK(accept_one(head + R"(,"updatedAt":"2023-02-29"})").version_time == kJan1);
  // Taken as written, even before createdAt.
  CHECK(accept_one(head + R"(,"updatedAt":"2023-12-31T00:00:00Z"})").version_time ==
        kJan1 - 24 * 3600 * 1000LL);
}

TEST_CASE("statuses: trimmed and lowercased; null or non-string is missing", "[parse]") {
  const std::string head = R"({"_id":"o","email":"a@b.co","total":1,"createdAt":"2024-01-01")";
  Accepted a = accept_one(head + R"(,"status":"  Refunded "})");
  CHECK(a.has_status);
  CHECK(a.status == "refunded");
  CHECK_FALSE(accept_one(head + R"(,"status":null})").has_status);
  CHECK_FALSE(accept_one(head + R"(,"status":3})").has_status);
  CHECK_FALSE(accept_one(head + R"(,"status":{"code":"paid"}})").has_status);
  CHECK_FALSE(accept_one(head + "}").has_status);
}

TEST_CASE("every rejection reason", "[parse]") {
  SECTION("not an object") {
    for (const char* r : {"5", "\"o1\"", "null", "true", "[]", "[{\"_id\":\"a\"}]"}) {
      INFO(r);
      RejectedRecord rej = reject_one(r);
      CHECK(rej.reason == Rejection::not_an_object);
      CHECK_FALSE(rej.order_id.has_value());
      CHECK(rej.index == 0);
    }
  }
  SECTION("missing id: no usable id, orderId null") {
    for (const char* r :
         {R"({"email":"a@b.co","total":1,"createdAt":"2024-01-01"})",
          R"({"_id":"","email":"a@b.co","total":1,"createdAt":"2024-01-01"})",
          R"({"_id":null,"email":"a@b.co","total":1,"createdAt":"2024-01-01"})",
          R"({"_id":{"$oid":""},"email":"a@b.co","total":1,"createdAt":"2024-01-01"})",
          R"({"_id":{"foo":"bar"},"email":"a@b.co","total":1,"createdAt":"2024-01-01"})", "{}"}) {
      INFO(r);
      RejectedRecord rej = reject_one(r);
      CHECK(rej.reason == Rejection::missing_id);
      CHECK_FALSE(rej.order_id.has_value());
    }
  }
  SECTION("missing total") {
    for (const char* r : {R"({"_id":"o9","email":"a@b.co","createdAt":"2024-01-01"})",
                          R"({"_id":"o9","email":"a@b.co","total":null,"createdAt":"2024-01-01"})"}) {
      INFO(r);
      RejectedRecord rej = reject_one(r);
      CHECK(rej.reason == Rejection::missing_total);
      REQUIRE(rej.order_id.has_value());
      CHECK(*rej.order_id == "o9");
    }
  }
  SECTION("non-numeric total") {
    for (const char* t : {R"("abc")", R"("")", "true", "[5]", R"({"amount":5})",
                          R"({"$numberDecimal":"abc"})", R"({"$numberDouble":"NaN"})",
                          R"({"$numberDouble":"Infinity"})", R"("USD 5")",
                          "1e16" /* over 10^15 naira */}) {
      INFO(t);
      RejectedRecord rej = reject_one(
          std::string(R"({"_id":{"$oid":"x1"},"email":"a@b.co","createdAt":"2024-01-01","total":)") +
          t + "}");
      CHECK(rej.reason == Rejection::non_numeric_total);
      REQUIRE(rej.order_id.has_value());
      CHECK(*rej.order_id == "x1");
    }
  }
  SECTION("negative total") {
    for (const char* t : {"-1", "-0.01", R"("-5")", R"({"$numberDecimal":"-2.50"})",
                          R"({"$numberInt":"-3"})", R"({"$numberLong":"-3"})",
                          R"({"$numberDouble":"-0.5"})"}) {
      INFO(t);
      RejectedRecord rej = reject_one(
          std::string(R"({"_id":"n1","email":"a@b.co","createdAt":"2024-01-01","total":)") + t +
          "}");
      CHECK(rej.reason == Rejection::negative_total);
    }
  }
  SECTION("missing createdAt") {
    for (const char* r : {R"({"_id":"c1","email":"a@b.co","total":5})",
                          R"({"_id":"c1","email":"a@b.co","total":5,"createdAt":null})"}) {
      INFO(r);
      RejectedRecord rej = reject_one(r);
      CHECK(rej.reason == Rejection::missing_created_at);
      REQUIRE(rej.order_id.has_value());
      CHECK(*rej.order_id == "c1");
    }
  }
  SECTION("invalid createdAt") {
    for (const char* d : {R"("yesterday")", R"("2023-02-29")", R"("2024-01-01T25:00:00Z")",
                          R"("")", "true", R"({"$date":"soon"})", R"({"when":"2024-01-01"})"}) {
      INFO(d);
      RejectedRecord rej = reject_one(
          std::string(R"({"_id":"c2","email":"a@b.co","total":5,"createdAt":)") + d + "}");
      CHECK(rej.reason == Rejection::invalid_created_at);
    }
  }
  SECTION("guest order without valid email") {
    for (const char* e : {"", R"(,"email":null)", R"(,"email":"")", R"(,"email":"   ")",
                          R"(,"email":"ada")", R"(,"email":"ada@example")",
                          R"(,"email":"a b@example.com")", R"(,"email":5)"}) {
      INFO(e);
      RejectedRecord rej =
          reject_one(std::string(R"({"_id":"g1","total":5,"createdAt":"2024-01-01")") + e + "}");
      CHECK(rej.reason == Rejection::guest_without_email);
      REQUIRE(rej.order_id.has_value());
      CHECK(*rej.order_id == "g1");
    }
  }
}

TEST_CASE("the first reason that applies wins", "[parse]") {
  // Each record breaks every rule from its reason on; the earliest rule must be reported.
  CHECK(reject_one(R"({"total":-5,"createdAt":"bad"})").reason == Rejection::missing_id);
  CHECK(reject_one(R"({"_id":"a"})").reason == Rejection::missing_total);
  CHECK(reject_one(R"({"_id":"a","createdAt":"bad"})").reason == Rejection::missing_total);
  CHECK(reject_one(R"({"_id":"a","total":"x"})").reason == Rejection::non_numeric_total);
  CHECK(reject_one(R"({"_id":"a","total":"x","createdAt":"bad"})").reason ==
        Rejection::non_numeric_total);
  CHECK(reject_one(R"({"_id":"a","total":-1})").reason == Rejection::negative_total);
  CHECK(reject_one(R"({"_id":"a","total":-1,"createdAt":"bad"})").reason ==
        Rejection::negative_total);
  CHECK(reject_one(R"({"_id":"a","total":1})").reason == Rejection::missing_created_at);
  CHECK(reject_one(R"({"_id":"a","total":1,"createdAt":"bad"})").reason ==
        Rejection::invalid_created_at);
  CHECK(reject_one(R"({"_id":"a","total":1,"createdAt":"2024-01-01"})").reason ==
        Rejection::guest_without_email);
}

TEST_CASE("record positions count accepted and rejected records alike", "[parse]") {
  Parsed p = parse("[" + kGood1 + R"(, 5, {"_id":"bad"}, )" + kGood2 +
                   R"(, {"total": 3}, )" + kGood3 + "]");
  REQUIRE(p.status.ok());
  CHECK(p.sink.indexes == std::vector<uint64_t>{0, 1, 2, 3, 4, 5});
  REQUIRE(p.sink.accepted.size() == 3);
  CHECK(p.sink.accepted[0].index == 0);
  CHECK(p.sink.accepted[1].index == 3);
  CHECK(p.sink.accepted[2].index == 5);
  REQUIRE(p.sink.rejected.size() == 3);
  CHECK(p.sink.rejected[0].index == 1);
  CHECK(p.sink.rejected[0].reason == Rejection::not_an_object);
  CHECK(p.sink.rejected[1].index == 2);
  CHECK(p.sink.rejected[1].reason == Rejection::missing_total);
  REQUIRE(p.sink.rejected[1].order_id.has_value());
  CHECK(*p.sink.rejected[1].order_id == "bad");
  CHECK(p.sink.rejected[2].index == 4);
  CHECK(p.sink.rejected[2].reason == Rejection::missing_id);
  CHECK_FALSE(p.sink.rejected[2].order_id.has_value());
}

TEST_CASE("input errors", "[parse]") {
  SECTION("empty input") {
    for (const char* doc : {"", "   ", "\n\n", " \t\r\n "}) {
      INFO("doc: [" << doc << "]");
      Parsed p = parse(doc);
      CHECK(p.status.code == ErrorCode::empty_input);
    }
  }
  SECTION("not JSON at all") {
    for (const char* doc : {"hello", "orders: 1, 2", "<html><body>502</body></html>",
                            "{'_id': 'single quotes'}", "[1, 2,]"}) {
      INFO(doc);
      Parsed p = parse(doc);
      CHECK(p.status.code == ErrorCode::invalid_json);
      CHECK_FALSE(p.status.message.empty());
    }
  }
  SECTION("a truncated array") {
    const std::string doc = "[" + kGood1 + R"(, {"_id":"o2","total":5)";
    Parsed p = parse(doc);
    CHECK(p.status.code == ErrorCode::invalid_json);
    CHECK(p.status.offset <= doc.size());
    CHECK(p.status.offset > 0);
  }
  SECTION("a syntax error late in an array names its byte offset") {
    const std::string head = "[" + kGood1 + ",\n" + kGood2 + ",\n";
    const std::string doc = head + R"({"_id": , "total": 5}])";
    Parsed p = parse(doc);
    CHECK(p.status.code == ErrorCode::invalid_json);
    CHECK(p.status.offset >= head.size());
    CHECK(p.status.offset <= doc.size());
  }
  SECTION("trailing garbage after an array") {
    Parsed p = parse("[" + kGood1 + "] trailing");
    CHECK(p.status.code == ErrorCode::invalid_json);
  }
  SECTION("a broken NDJSON line names its line and offset; earlier records were delivered") {
    const std::string line1 = kGood1 + "\n";
    const std::string line2 = kGood2 + "\n";
    const std::string line3 = R"({"_id":"o3", "total": oops})" "\n";
    const std::string doc = line1 + line2 + line3 + kGood3 + "\n";
    Parsed p = parse(doc);
    CHECK(p.status.code == ErrorCode::invalid_json);
    CHECK(p.status.line == 3);
    CHECK(p.status.offset >= line1.size() + line2.size());
    CHECK(p.status.offset < line1.size() + line2.size() + line3.size());
    REQUIRE(p.sink.accepted.size() == 2);
    CHECK(p.sink.accepted[1].id == "o2");
  }
  SECTION("an NDJSON line left unclosed is reported on that line, not at the end") {
    // One order per line: the record on line 2 ends at its newline. A user with a million-line
    // export needs "line 2", not the last line of the file.
    const std::string line1 = kGood1 + "\n";
    const std::string line2 = R"({"_id":"o2","email":"b@example.com","total":5,"createdAt":"2024-01-04")" "\n";
    const std::string doc = line1 + line2 + kGood2 + "\n" + kGood3 + "\n";
    Parsed p = parse(doc);
    CHECK(p.status.code == ErrorCode::invalid_json);
    CHECK(p.status.line == 2);
    CHECK(p.status.offset >= line1.size());
    CHECK(p.status.offset <= line1.size() + line2.size());
    CHECK(p.sink.accepted.size() == 1);
  }
  SECTION("a truncated last NDJSON line") {
    const std::string doc = kGood1 + "\n" + kGood2 + "\n" + R"({"_id":"o3","tot)";
    Parsed p = parse(doc);
    CHECK(p.status.code == ErrorCode::invalid_json);
    CHECK(p.status.line == 3);
  }
  SECTION("valid JSON that is not orders") {
    for (const char* doc : {"42", "\"orders\"", "true", "null", "3.5"}) {
      INFO(doc);
      Parsed p = parse(doc);
      CHECK(p.status.code == ErrorCode::not_orders);
    }
  }
  SECTION("bytes that are not UTF-8") {
    Parsed p = parse(R"([{"_id":"o1","email":"a@b.co","fullName":"Ad)"
                     "\xFF\xFE"
                     R"(a","total":1,"createdAt":"2024-01-01"}])");
    CHECK(p.status.code == ErrorCode::invalid_utf8);
  }
  SECTION("nesting deeper than kMaxDepth") {
    const std::string deep = std::string(kMaxDepth + 10, '[') + std::string(kMaxDepth + 10, ']');
    Parsed p = parse(R"([{"_id":"o1","email":"a@b.co","total":1,"createdAt":"2024-01-01","items":)" +
                     deep + "}]");
    CHECK(p.status.code == ErrorCode::too_deep);
    // Nesting well inside the limit is fine.
    const std::string ok = std::string(100, '[') + std::string(100, ']');
    Parsed q = parse(R"([{"_id":"o1","email":"a@b.co","total":1,"createdAt":"2024-01-01","items":)" +
                     ok + "}]");
    CHECK(q.status.ok());
    CHECK(q.sink.accepted.size() == 1);
  }
}

TEST_CASE("each accepted order carries its record's bytes as written", "[parse]") {
  const std::string a = R"({"_id":"a","email":"a@b.co","total":1,"createdAt":"2024-01-01"})";
  const std::string b = R"({ "_id" : {"$oid":"b"}, "email":"A@B.CO", "total":"2", "createdAt":"2024-01-02" })";
  for (const std::string& doc : {"[" + a + ",\n  " + b + "]", a + "\n\n" + b + "\n",
                                 R"({"success":true,"orders":[)" + a + "," + b + "]}"}) {
    RecordingSink sink;
    REQUIRE(parse_orders_copy(doc, sink).ok());
    REQUIRE(sink.accepted.size() == 2);
    CHECK(sink.accepted[0].raw == a);
    CHECK(sink.accepted[1].raw == b);
  }
}

TEST_CASE("a key given twice: the last one counts", "[parse]") {
  Accepted a = accept_one(R"({"_id":"a","_id":"b","total":1,"total":"2.50","email":"x@y.co",)"
                          R"("createdAt":"2023-01-01","createdAt":"2024-01-01","buyerId":"u",)"
                          R"("buyerId":null,"city":"ikeja","city":"yaba"})");
  CHECK(a.id == "b");
  CHECK(a.total == 250);
  CHECK(a.created_at == kJan1);
  CHECK(a.buyer_id.empty());
  CHECK(a.field(ContactField::city) == "Yaba");
  Parsed p = parse(R"([{"_id":"a","total":1,"total":-1,"email":"x@y.co","createdAt":"2024-01-01"}])");
  REQUIRE(p.sink.rejected.size() == 1);
  CHECK(p.sink.rejected[0].reason == Rejection::negative_total);
}

TEST_CASE("a buyerId in canonical Extended JSON is the number as written", "[parse]") {
  CHECK(accept_one(R"({"_id":"a","buyerId":{"$numberLong":"77"},"total":1,"createdAt":"2024-01-01"})")
            .buyer_id == "77");
  CHECK(accept_one(R"({"_id":"a","buyerId":{"$numberInt":" 78 "},"total":1,"createdAt":"2024-01-01"})")
            .buyer_id == "78");
  CHECK(accept_one(R"({"_id":"a","buyerId":77,"email":"x@y.co","total":1,"createdAt":"2024-01-01"})")
            .buyer_id == "77");
}

TEST_CASE("epoch milliseconds in a double's forms", "[parse]") {
  auto created = [](const std::string& v) {
    return accept_one(R"({"_id":"a","email":"x@y.co","total":1,"createdAt":)" + v + "}").created_at;
  };
  CHECK(created("1.704067200E+12") == kJan1);
  CHECK(created("1704067200000.0") == kJan1);
  CHECK(created("1704067200000.999") == kJan1);  // a fraction of a ms is dropped
  CHECK(created("-1.5") == -2);                   // toward the past
  CHECK(created(R"({"$numberDouble":"1.704067200E+12"})") == kJan1);
  CHECK(created(R"({"$numberInt":"1000"})") == 1000);
  CHECK(created(R"({"$date":{"$numberDouble":"1704067200000"}})") == kJan1);
  Parsed p = parse(R"([{"_id":"a","email":"x@y.co","total":1,"createdAt":{"$numberLong":"1.7e12"}}])");
  REQUIRE(p.sink.rejected.size() == 1);  // a $numberLong holds an integer
  CHECK(p.sink.rejected[0].reason == Rejection::invalid_created_at);
}

TEST_CASE("NDJSON whose first order has a field named data or orders", "[parse]") {
  Parsed p = parse("{\"_id\":\"a\",\"email\":\"x@y.co\",\"total\":1,\"createdAt\":\"2024-01-01\","
                   "\"data\":[1],\"orders\":[{}]}\n"
                   "{\"_id\":\"b\",\"email\":\"x@y.co\",\"total\":1,\"createdAt\":\"2024-01-01\"}\n");
  INFO(p.status.message);
  REQUIRE(p.status.ok());
  CHECK(p.shape == InputShape::ndjson);
  REQUIRE(p.sink.accepted.size() == 2);
  CHECK(p.sink.accepted[0].id == "a");
  // One object alone is a reply: its records are those of the array.
  Parsed reply = parse("{\"data\":[{\"_id\":\"c\",\"email\":\"x@y.co\",\"total\":1,"
                       "\"createdAt\":\"2024-01-01\"}]}\n\n");
  CHECK(reply.shape == InputShape::wrapped);
  REQUIRE(reply.sink.accepted.size() == 1);
  CHECK(reply.sink.accepted[0].id == "c");
}

TEST_CASE("a lone surrogate escape is JSON: U+FFFD where it is read", "[parse]") {
  Accepted a = accept_one(R"({"_id":"a","email":"x@y.co","total":1,"createdAt":"2024-01-01",)"
                          R"("items":[{"name":"Phone \ud83d"}],"firstName":"x\ud83d\ude00y\udc00"})");
  CHECK(a.field(ContactField::first_name) == "X\xF0\x9F\x98\x80Y\xEF\xBF\xBD");
  Parsed bad = parse(R"([{"_id":"a","email":"x@y.co","total":1,"createdAt":"2024-01-01","n":"\x"}])");
  CHECK(bad.status.code == ErrorCode::invalid_json);
}
