// unit-badinput.cpp — the bad-input corpus (issue 2, item 6): documents and records a store's
// export, a proxy or an attacker can hand us, each generated in memory, and the outcome SPEC §1
// and §6 give it — an input error with its ErrorCode and where it is, a record rejected for its
// exact reason, or an order accepted with the field read as the SPEC says. Never a crash, never
// a silent accept of bytes that are not JSON, and never a half-written tracker: a failed
// ingest_copy() leaves a tracker that held orders byte-for-byte as it was.
#include <catch2/catch.hpp>

#include <optional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "guesttrack/guesttrack.hpp"

using namespace guesttrack;

namespace {

constexpr EpochMs kJan1 = 1704067200000LL;  // 2024-01-01T00:00:00Z

// What a tracker already holds when a bad document arrives: two guest orders of one customer
// and a registered order.
const std::string kHeld = R"([
  {"_id":"h1","email":"held@example.com","state":"Lagos","total":1000,"status":"paid","createdAt":"2024-01-05T10:00:00Z"},
  {"_id":"h2","email":"held@example.com","total":"2,500.50","createdAt":"2024-02-05T10:00:00Z"},
  {"_id":"h3","buyerId":"u9","email":"reg@example.com","total":4000,"createdAt":"2024-02-06T10:00:00Z"}
])";

Tracker held_tracker() {
  Tracker t;
  Status s = t.ingest_copy(kHeld);
  REQUIRE(s.ok());
  REQUIRE(t.order_count() == 3);
  return t;
}

const std::string& empty_report_json() {
  static const std::string json = report_to_json(Tracker().report());
  return json;
}

/// Ingests a document that must be an input error with `code`. Checks the "all or nothing"
/// promise twice: a tracker holding orders is unchanged (its report byte-identical, its counts
/// and the IngestResult untouched), and an empty tracker stays empty. Returns the status.
Status expect_input_error(const std::string& doc, ErrorCode code) {
  Tracker t = held_tracker();
  const std::string before = report_to_json(t.report());
  const uint64_t records = t.record_count(), orders = t.order_count();
  IngestResult result;
  result.records = 99;  // must be reset
  Status s = t.ingest_copy(doc, &result);
  INFO("message: " << s.message);
  CHECK(error_code_name(s.code) == std::string(error_code_name(code)));
  CHECK_FALSE(s.message.empty());
  CHECK(report_to_json(t.report()) == before);  // never a half-written record
  CHECK(t.record_count() == records);
  CHECK(t.order_count() == orders);
  CHECK(t.rejected_count() == 0);
  CHECK(result.records == 0);
  CHECK(result.accepted == 0);
  CHECK(result.duplicates == 0);
  CHECK(result.rejected.empty());

  Tracker empty;
  Status again = empty.ingest_copy(doc);
  CHECK(again.code == s.code);
  CHECK(again.offset == s.offset);
  CHECK(again.line == s.line);
  CHECK(empty.record_count() == 0);
  CHECK(report_to_json(empty.report()) == empty_report_json());
  return s;
}

/// An accepted record's fields, copied out of the sink call.
struct Accepted {
  std::string id, buyer_id, email, status;
  bool has_status = false;
  Kobo total = 0;
  EpochMs created_at = 0, version_time = 0;
  std::string contact[kContactFieldCount];

  const std::string& field(ContactField f) const { return contact[static_cast<int>(f)]; }
};

class RecordingSink : public OrderSink {
 public:
  std::vector<Accepted> accepted;
  std::vector<RejectedRecord> rejected;

  void on_order(uint64_t, const Order& o) override {
    Accepted a;
    a.id = std::string(o.id);
    a.buyer_id = std::string(o.buyer_id);
    a.email = std::string(o.email);
    a.status = std::string(o.status);
    a.has_status = o.has_status;
    a.total = o.total;
    a.created_at = o.created_at;
    a.version_time = o.version_time;
    for (int i = 0; i < kContactFieldCount; ++i) a.contact[i] = std::string(o.contact[i]);
    accepted.push_back(std::move(a));
  }
  void on_rejected(const RejectedRecord& r) override { rejected.push_back(r); }
};

/// One record, ingested on its own (as a one-element array) into a fresh Tracker and parsed by
/// parse_orders_copy(); both must agree on whether it was accepted and why not.
struct One {
  std::optional<Accepted> order;         ///< when accepted
  std::optional<RejectedRecord> reject;  ///< when rejected
  std::string report_json;               ///< the tracker's report after the ingest
};

One ingest_one(const std::string& record) {
  const std::string doc = "[" + record + "]";
  INFO("record: " << record);
  One one;
  Tracker t;
  IngestResult r;
  Status s = t.ingest_copy(doc, &r);
  INFO("status: " << s.message);
  REQUIRE(s.ok());
  REQUIRE(r.records == 1);
  RecordingSink sink;
  REQUIRE(parse_orders_copy(doc, sink).ok());
  REQUIRE(sink.accepted.size() + sink.rejected.size() == 1);
  if (!sink.accepted.empty()) {
    REQUIRE(r.accepted == 1);
    REQUIRE(t.order_count() == 1);
    one.order = sink.accepted[0];
  } else {
    REQUIRE(r.rejected.size() == 1);
    REQUIRE(t.order_count() == 0);
    REQUIRE(t.rejected_count() == 1);
    CHECK(r.rejected[0].reason == sink.rejected[0].reason);
    CHECK(r.rejected[0].order_id == sink.rejected[0].order_id);
    CHECK(r.rejected[0].index == 0);
    one.reject = sink.rejected[0];
  }
  one.report_json = report_to_json(t.report());
  return one;
}

Accepted accepted(const std::string& record) {
  One one = ingest_one(record);
  INFO("record: " << record);
  INFO("rejected: " << (one.reject ? rejection_reason(one.reject->reason) : "no"));
  REQUIRE(one.order.has_value());
  return *one.order;
}

/// The SPEC's wording of the reason a record was rejected, or "accepted".
std::string outcome(const std::string& record) {
  One one = ingest_one(record);
  return one.reject ? rejection_reason(one.reject->reason) : "accepted";
}

// A valid guest order, and a registered one, as (key, JSON value) pairs in document order.
using Fields = std::vector<std::pair<std::string, std::string>>;
const Fields kGuest = {{"_id", R"("w1")"},
                       {"email", R"("ada@example.com")"},
                       {"total", "100"},
                       {"createdAt", R"("2024-01-01T00:00:00Z")"}};
const Fields kRegistered = {{"_id", R"("w1")"},
                            {"buyerId", R"("u1")"},
                            {"email", R"("ada@example.com")"},
                            {"total", "100"},
                            {"createdAt", R"("2024-01-01T00:00:00Z")"}};

/// `base` with `key` set to `value` (replaced in place, or appended); an empty value drops it.
std::string record_with(Fields base, const std::string& key, const std::string& value) {
  bool found = false;
  for (auto& kv : base) {
    if (kv.first == key) {
      kv.second = value;
      found = true;
    }
  }
  if (!found) base.emplace_back(key, value);
  std::string out = "{";
  for (const auto& kv : base) {
    if (kv.second.empty()) continue;
    if (out.size() > 1) out += ",";
    out += "\"" + kv.first + "\":" + kv.second;
  }
  return out + "}";
}

// JSON values of every type but a usable string, for the "wrong type" cases.
const std::vector<std::string> kNotStrings = {"5",  "-1.5", "0",  "true", "false",
                                              "null", "[]", R"(["x"])", "{}", R"({"a":1})"};

// A small valid document of three orders, in each shape, with a multi-byte character (₦) so
// that cuts fall inside UTF-8 sequences too.
const std::string kOrderA =
    R"({"_id":"t1","email":"ada@example.com","fullName":"Adá Obi","total":"₦1,500.50","createdAt":"2024-01-02T03:04:05Z","items":[{"q":1}]})";
const std::string kOrderB =
    R"({"_id":{"$oid":"t2"},"email":"bola@example.com","total":{"$numberDecimal":"250"},"createdAt":{"$date":{"$numberLong":"1704164645678"}}})";
const std::string kOrderC =
    R"({"_id":"t3","buyerId":"u3","total":-0.0,"status":"Paid","createdAt":"2024-01-03"})";

}  // namespace

TEST_CASE("truncated JSON: every prefix of a valid document is an input error or a result",
          "[badinput]") {
  struct Shape {
    const char* name;
    std::string doc;
    std::map<size_t, uint64_t> valid;  // prefix lengths that are whole documents -> orders
  };
  std::vector<Shape> shapes;
  {
    std::string doc = "[" + kOrderA + ",\n " + kOrderB + ",\n " + kOrderC + "]\n";
    shapes.push_back({"array", doc, {{doc.size() - 1, 3}, {doc.size(), 3}}});
  }
  {
    std::string doc = R"({"success":true,"count":3,"orders":[)" + kOrderA + "," + kOrderB + "," +
                      kOrderC + "]}";
    shapes.push_back({"wrapped", doc, {{doc.size(), 3}}});
  }
  {
    std::string l1 = kOrderA + "\n", l2 = kOrderB + "\n", l3 = kOrderC + "\n";
    std::string doc = l1 + l2 + l3;
    // Whole lines, with or without their newline.
    shapes.push_back({"ndjson",
                      doc,
                      {{l1.size() - 1, 1},
                       {l1.size(), 1},
                       {l1.size() + l2.size() - 1, 2},
                       {l1.size() + l2.size(), 2},
                       {doc.size() - 1, 3},
                       {doc.size(), 3}}});
  }
  for (const Shape& shape : shapes) {
    SECTION(shape.name) {
      Tracker reference;
      REQUIRE(reference.ingest_copy(shape.doc).ok());
      REQUIRE(reference.order_count() == 3);
      for (size_t len = 0; len <= shape.doc.size(); ++len) {
        const std::string prefix = shape.doc.substr(0, len);
        INFO(shape.name << " prefix of " << len << " bytes: " << prefix);
        if (len == 0) {
          expect_input_error(prefix, ErrorCode::empty_input);
        } else if (shape.valid.count(len)) {
          Tracker t;
          IngestResult r;
          Status s = t.ingest_copy(prefix, &r);
          INFO("message: " << s.message);
          CHECK(s.ok());
          CHECK(r.rejected.empty());
          CHECK(t.order_count() == shape.valid.at(len));
          if (len + 1 >= shape.doc.size())
            CHECK(report_to_json(t.report()) == report_to_json(reference.report()));
        } else {
          Status s = expect_input_error(prefix, ErrorCode::invalid_json);
          CHECK(s.offset <= len);  // the error is inside what was given
          CHECK(s.line >= 1);
        }
      }
    }
  }
}

TEST_CASE("wrong types in every order field", "[badinput]") {
  SECTION("_id (and id): anything but a non-empty string or {$oid: string} is no usable id") {
    for (const std::string& v : kNotStrings) {
      INFO("_id: " << v);
      One one = ingest_one(record_with(kGuest, "_id", v));
      REQUIRE(one.reject.has_value());
      CHECK(one.reject->reason == Rejection::missing_id);
      CHECK_FALSE(one.reject->order_id.has_value());
    }
    for (const std::string& v : kNotStrings) {
      INFO("id: " << v);
      Fields no_underscore = kGuest;
      no_underscore[0] = {"id", v};
      CHECK(outcome(record_with(no_underscore, "id", v)) == "missing id");
    }
    for (const char* v : {R"("")", R"({"$oid":5})", R"({"$oid":null})", R"({"$oid":""})",
                          R"({"$oid":["x"]})", R"({"$oid":{"$oid":"x"}})", R"({"oid":"x"})"}) {
      INFO("_id: " << v);
      CHECK(outcome(record_with(kGuest, "_id", v)) == "missing id");
    }
    // SPEC silent; documented: an unusable `_id` falls back to a usable `id`.
    CHECK(accepted(record_with(kGuest, "_id", R"(true,"id":"fallback")")).id == "fallback");
    CHECK(accepted(record_with(kGuest, "_id", R"({"$oid":""},"id":{"$oid":"f2"})")).id == "f2");
  }

  SECTION("buyerId: null, missing, empty or not an id makes a guest order") {
    for (const char* v : {"null", R"("")", R"("   ")", "true", "false", "[]", R"(["u1"])", "{}",
                          R"({"$oid":""})", R"({"$oid":5})"}) {
      INFO("buyerId: " << v);
      Accepted a = accepted(record_with(kGuest, "buyerId", v));
      CHECK(a.buyer_id.empty());
      CHECK(a.email == "ada@example.com");
      // …so without a valid email it is a guest order without one.
      Fields no_email = kGuest;
      no_email[1].second = "";
      CHECK(outcome(record_with(no_email, "buyerId", v)) == "guest order without valid email");
    }
    // SPEC silent; documented: a number is an id written as a number (mongoexport of a numeric
    // key), so the order is registered under its text.
    CHECK(accepted(record_with(kGuest, "buyerId", "42")).buyer_id == "42");
    CHECK(accepted(record_with(kGuest, "buyerId", R"({"$oid":"65b0a1"})")).buyer_id == "65b0a1");
  }

  SECTION("email: on a guest order anything but a valid email string is a rejection") {
    std::vector<std::string> bad = kNotStrings;
    for (const char* v : {R"("")", R"("   ")", R"("ada")", R"("ada@@example.com")",
                          R"({"$oid":"ada@example.com"})", R"(["ada@example.com"])"})
      bad.push_back(v);
    for (const std::string& v : bad) {
      INFO("email: " << v);
      One one = ingest_one(record_with(kGuest, "email", v));
      REQUIRE(one.reject.has_value());
      CHECK(one.reject->reason == Rejection::guest_without_email);
      REQUIRE(one.reject->order_id.has_value());
      CHECK(*one.reject->order_id == "w1");
      // A registered order needs no email: accepted without one.
      Accepted a = accepted(record_with(kRegistered, "email", v));
      CHECK(a.buyer_id == "u1");
      CHECK(a.email.empty());
    }
  }

  SECTION("total: null is missing, every other non-number is non-numeric") {
    CHECK(outcome(record_with(kGuest, "total", "null")) == "missing total");
    CHECK(outcome(record_with(kGuest, "total", "")) == "missing total");  // field dropped
    for (const char* v : {"true", "false", "[]", "[5]", R"(["5"])", "{}", R"({"a":1})",
                          R"("")", R"("  ")", R"("abc")", R"("5 naira")", R"("1.2.3")",
                          R"({"$numberDecimal":5})", R"({"$numberDecimal":null})",
                          R"({"$numberDecimal":"x"})", R"({"$numberInt":[]})",
                          R"({"$numberDouble":"-Infinity"})"}) {
      INFO("total: " << v);
      One one = ingest_one(record_with(kGuest, "total", v));
      REQUIRE(one.reject.has_value());
      CHECK(rejection_reason(one.reject->reason) == std::string("non-numeric total"));
      REQUIRE(one.reject->order_id.has_value());
      CHECK(*one.reject->order_id == "w1");
    }
    CHECK(outcome(record_with(kGuest, "total", "-1.5")) == "negative total");
  }

  SECTION("status: null or not a string is a missing status, and the order is counted") {
    for (const std::string& v : kNotStrings) {
      INFO("status: " << v);
      One one = ingest_one(record_with(kGuest, "status", v));
      REQUIRE(one.order.has_value());
      CHECK_FALSE(one.order->has_status);
      Tracker t;
      REQUIRE(t.ingest_copy("[" + record_with(kGuest, "status", v) + "]").ok());
      Report r = t.report();
      CHECK(r.orders.counted == 1);
      CHECK(r.orders.excluded.empty());
      CHECK(r.revenue.total == 10000);
    }
    // A status that is only white space is a present status "" (SPEC §6: trimmed) — counted.
    Tracker t;
    REQUIRE(t.ingest_copy("[" + record_with(kGuest, "status", R"("  ")") + "]").ok());
    CHECK(t.report().orders.counted == 1);
  }

  SECTION("createdAt: null is missing, every other unparseable value is invalid") {
    CHECK(outcome(record_with(kGuest, "createdAt", "null")) == "missing createdAt");
    CHECK(outcome(record_with(kGuest, "createdAt", "")) == "missing createdAt");
    for (const char* v : {"true", "false", "[]", R"(["2024-01-01"])", "{}", R"({"a":1})",
                          R"("")", R"("junk")", R"("2024-13-01")", "1e999", "-1e999",
                          "99999999999999999999" /* past 9999-12-31 */, R"({"$date":null})", R"({"$date":[]})",
                          R"({"$date":{"$numberLong":5}})", R"({"$date":{"$numberLong":"x"}})",
                          R"({"$date":true})", R"({"$numberLong":"abc"})"}) {
      INFO("createdAt: " << v);
      One one = ingest_one(record_with(kGuest, "createdAt", v));
      REQUIRE(one.reject.has_value());
      CHECK(rejection_reason(one.reject->reason) == std::string("invalid createdAt"));
      REQUIRE(one.reject->order_id.has_value());
      CHECK(*one.reject->order_id == "w1");
    }
  }

  SECTION("updatedAt: an unusable value is ignored; the version time is createdAt") {
    for (const char* v : {"true", "false", "null", "[]", R"(["2024-02-01"])", "{}",
                          R"({"a":1})", R"("")", R"("junk")", "1e999", "99999999999999999999",
                          R"({"$date":"junk"})", R"({"$date":null})"}) {
      INFO("updatedAt: " << v);
      Accepted a = accepted(record_with(kGuest, "updatedAt", v));
      CHECK(a.created_at == kJan1);
      CHECK(a.version_time == kJan1);
    }
    // And it really is ignored: a later version with junk updatedAt is timed by its createdAt.
    Tracker t;
    REQUIRE(t.ingest_copy(R"([
      {"_id":"v","email":"a@example.com","total":1,"status":"refunded","createdAt":"2024-01-01","updatedAt":"2024-03-01"},
      {"_id":"v","email":"a@example.com","total":1,"status":"paid","createdAt":"2024-01-01","updatedAt":"junk"}
    ])").ok());
    Report r = t.report();
    CHECK(r.orders.counted == 0);  // the refund (timed 2024-03-01) beats the retry (2024-01-01)
    CHECK(r.orders.excluded.at("refunded") == 1);
    CHECK(r.orders.duplicates == 1);
  }

  SECTION("contact fields: a value that is not a string is absent") {
    const std::vector<std::pair<const char*, ContactField>> fields = {
        {"phone", ContactField::phone},       {"firstName", ContactField::first_name},
        {"lastName", ContactField::last_name}, {"fullName", ContactField::full_name},
        {"name", ContactField::full_name},     {"address", ContactField::address},
        {"busStop", ContactField::bus_stop},   {"city", ContactField::city},
        {"state", ContactField::state},        {"zipCode", ContactField::zip_code},
        {"country", ContactField::country}};
    for (const auto& [key, field] : fields) {
      for (const std::string& v : kNotStrings) {
        INFO(key << ": " << v);
        const std::string record = record_with(kGuest, key, v);
        Accepted a = accepted(record);
        CHECK(a.field(field).empty());
        CHECK(a.total == 10000);
        Tracker t;
        REQUIRE(t.ingest_copy("[" + record + "]").ok());
        std::optional<GuestProfile> p = t.profile("ada@example.com");
        REQUIRE(p.has_value());
        if (field == ContactField::country)
          CHECK(p->field(field) == std::optional<std::string>("Nigeria"));
        else
          CHECK_FALSE(p->field(field).has_value());
      }
    }
    // state: {} is no state — the guest is counted under "Unknown", nothing is "normalised".
    Tracker t;
    REQUIRE(t.ingest_copy("[" + record_with(kGuest, "state", "{}") + "]").ok());
    Report r = t.report();
    REQUIRE(r.by_state.size() == 1);
    CHECK(r.by_state[0].state == "Unknown");
    CHECK(r.data_quality.states_normalised == 0);
  }

  SECTION("ignored fields may hold anything") {
    for (const char* key : {"items", "notes", "__v", "paymentRef"}) {
      for (const std::string& v :
           {std::string("5"), std::string("null"), std::string("1e999"), std::string("-0"),
            std::string(R"({"$numberDecimal":"x"})"), std::string(R"([[[[{"a":[1e999]}]]]])"),
            std::string(R"("\u0000\ud83d\ude00")"), "\"" + std::string(300, 'x') + "\""}) {
        INFO(key << ": " << v);
        CHECK(accepted(record_with(kGuest, key, v)).total == 10000);
      }
    }
  }
}

TEST_CASE("1e999 as a total is non-numeric, as a date invalid", "[badinput]") {
  CHECK(outcome(record_with(kGuest, "total", "1e999")) == "non-numeric total");
  CHECK(outcome(record_with(kGuest, "total", "1E+999")) == "non-numeric total");
  CHECK(outcome(record_with(kGuest, "total", R"("1e999")")) == "non-numeric total");
  CHECK(outcome(record_with(kGuest, "total", R"({"$numberDecimal":"1E+999"})")) ==
        "non-numeric total");
  CHECK(outcome(record_with(kGuest, "total", R"({"$numberDouble":"1e999"})")) ==
        "non-numeric total");
  CHECK(outcome(record_with(kGuest, "createdAt", "1e999")) == "invalid createdAt");
  CHECK(outcome(record_with(kGuest, "createdAt", R"({"$date":{"$numberLong":"1e999"}})")) ==
        "invalid createdAt");
  // A tiny number is a real amount: 0 kobo.
  CHECK(accepted(record_with(kGuest, "total", "1e-999")).total == 0);
}

TEST_CASE("-0 is zero, not negative", "[badinput]") {
  for (const char* v : {"-0", "-0.0", "-0e5", "-0.000", R"("-0")", R"("-0.00")",
                        R"({"$numberDecimal":"-0"})", R"({"$numberDouble":"-0.0"})",
                        R"({"$numberInt":"-0"})"}) {
    INFO("total: " << v);
    One one = ingest_one(record_with(kGuest, "total", v));
    REQUIRE(one.order.has_value());
    CHECK(one.order->total == 0);
    Tracker t;
    REQUIRE(t.ingest_copy("[" + record_with(kGuest, "total", v) + "]").ok());
    Report r = t.report();
    CHECK(r.orders.counted == 1);
    CHECK(r.orders.rejected == 0);
    CHECK(r.revenue.total == 0);
  }
  // A negative that rounds to zero kobo is still negative: it was written below zero.
  CHECK(outcome(record_with(kGuest, "total", "-0.001")) == "negative total");
}

TEST_CASE("invalid UTF-8 is an input error at the bad byte", "[badinput]") {
  const std::vector<std::pair<const char*, std::string>> sequences = {
      {"a lone continuation byte", "\x80"},
      {"0xFF", "\xFF"},
      {"0xFE 0xFF", "\xFE\xFF"},
      {"an overlong '/'", "\xC0\xAF"},
      {"an overlong NUL", "\xC0\x80"},
      {"a UTF-16 surrogate", "\xED\xA0\x80"},
      {"above U+10FFFF", "\xF4\x90\x80\x80"},
      {"a sequence cut short", "\xE2\x82"},
      {"a lead byte then ASCII", "\xC3("},
  };
  for (const auto& [what, bad] : sequences) {
    SECTION(what) {
      auto check_at = [&](const std::string& head, const std::string& tail, uint64_t line) {
        const std::string doc = head + bad + tail;
        INFO("document: " << doc);
        Status s = expect_input_error(doc, ErrorCode::invalid_utf8);
        CHECK(s.offset == head.size());
        if (line) CHECK(s.line == line);
      };
      // Inside a string the parser reads (a name), one it stores (email), one it ignores, and
      // inside a key.
      check_at(R"([{"_id":"o1","email":"a@b.co","fullName":"Ad)",
               R"(a","total":1,"createdAt":"2024-01-01"}])", 1);
      check_at("[" + kOrderB + R"(, {"_id":"o1","email":"a)",
               R"(@b.co","total":1,"createdAt":"2024-01-01"}])", 1);
      check_at(R"([{"_id":"o1","email":"a@b.co","items":[{"name":"Ri)",
               R"(ce"}],"total":1,"createdAt":"2024-01-01"}])", 1);
      check_at(R"([{"_id":"o1","email":"a@b.co","it)",
               R"(ems":[],"total":1,"createdAt":"2024-01-01"}])", 1);
      // NDJSON: on line 3, after two good records.
      check_at(kOrderA + "\n" + kOrderB + "\n" + R"({"_id":"o3","email":"c@d.co","city":")",
               R"(","total":1,"createdAt":"2024-01-01"})" "\n" + kOrderC + "\n", 3);
      // Wrapped: in a member around the orders array that is not itself read.
      check_at(R"({"success":true,"message":"ok)", R"(","orders":[)" + kOrderA + "]}", 1);
      check_at(R"({"orders":[)" + kOrderA + R"(],"message":")", R"("})", 1);
      // Outside any string, between the tokens of a record.
      check_at(R"([{"_id":"o1",)", R"("email":"a@b.co","total":1,"createdAt":"2024-01-01"}])", 1);
    }
  }
  SECTION("outside any record: where a document or a value should start") {
    // Not JSON at all (SPEC §1): an input error that names the offset of the bad byte.
    for (const auto& [head, tail] :
         std::vector<std::pair<std::string, std::string>>{{"", "[" + kOrderA + "]"},
                                                          {"[" + kOrderA + ",", "]"},
                                                          {"[" + kOrderA + "]", ""},
                                                          {kOrderA + "\n", "\n"}}) {
      const std::string doc = head + "\xFF" + tail;
      INFO("document: " << doc);
      Tracker t = held_tracker();
      const std::string before = report_to_json(t.report());
      Status s = t.ingest_copy(doc);
      INFO("message: " << s.message);
      CHECK((s.code == ErrorCode::invalid_utf8 || s.code == ErrorCode::invalid_json));
      CHECK(s.offset == head.size());
      CHECK(report_to_json(t.report()) == before);
    }
  }
  SECTION("valid multi-byte UTF-8 is fine") {
    Accepted a = accepted(
        R"({"_id":"ü-1","email":"a@b.co","fullName":"Ọlá Àdìgún 😀","city":"Ọ̀yọ́","total":"₦1","createdAt":"2024-01-01"})");
    CHECK(a.id == "ü-1");
    CHECK(a.total == 100);
  }
}

TEST_CASE("10,000-deep nesting is too_deep, with an offset, and no stack overflow",
          "[badinput]") {
  const size_t n = 10'000;
  const std::string open_arrays(n, '['), close_arrays(n, ']');
  std::string open_objects, close_objects(n, '}');
  for (size_t i = 0; i < n; ++i) open_objects += R"({"a":)";
  open_objects += "1";

  auto check_deep = [&](const std::string& head, const std::string& deep, const std::string& tail,
                        uint64_t line) {
    const std::string doc = head + deep + tail;
    INFO("document starts: " << doc.substr(0, 120));
    Status s = expect_input_error(doc, ErrorCode::too_deep);
    // The offset points into the deep run, at or past the deepest allowed level.
    CHECK(s.offset >= head.size());
    CHECK(s.offset < head.size() + deep.size());
    CHECK(s.offset >= head.size() + kMaxDepth - 2);
    if (line) CHECK(s.line == line);
  };
  const std::string order_head = R"([{"_id":"o1","email":"a@b.co","total":1,"createdAt":"2024-01-01","items":)";
  SECTION("inside an ignored field") {
    check_deep(order_head, open_arrays + close_arrays, "}]", 1);
    check_deep(order_head, open_objects + close_objects, "}]", 1);
    check_deep("[" + kOrderA + ",\n" + order_head.substr(1), open_arrays + close_arrays, "}]", 2);
  }
  SECTION("as a whole record") {
    check_deep("[" + kOrderA + ",", open_arrays + close_arrays, "]", 1);
    check_deep("[", open_objects + close_objects, "]", 1);
    check_deep(kOrderA + "\n" + kOrderB + "\n", open_objects + close_objects, "\n", 3);
  }
  SECTION("as the whole document, and around the orders of a wrapped one") {
    check_deep("", open_arrays + close_arrays, "", 1);
    check_deep(R"({"meta":)", open_arrays + close_arrays, R"(,"orders":[)" + kOrderA + "]}", 1);
    check_deep(R"({"orders":[)" + kOrderA + R"(],"meta":)", open_objects + close_objects, "}", 1);
  }
  SECTION("unclosed: cut off while still deep") {
    check_deep(order_head, open_arrays, "", 1);
  }
  SECTION("a record exactly kMaxDepth deep is read; one level more is too_deep") {
    // The record object is level 1, so kMaxDepth - 1 arrays inside it reach the limit.
    const size_t inner = kMaxDepth - 1;
    const std::string head = R"({"_id":"o1","email":"a@b.co","total":1,"createdAt":"2024-01-01","items":)";
    Accepted a = accepted(head + std::string(inner, '[') + std::string(inner, ']') + "}");
    CHECK(a.id == "o1");
    check_deep("[" + head, std::string(inner + 1, '[') + std::string(inner + 1, ']'), "}]", 1);
  }
}

TEST_CASE("NUL bytes are an input error, never a crash or a silent accept", "[badinput]") {
  const std::string nul(1, '\0');
  SECTION("inside a string") {
    for (const auto& [head, tail] : std::vector<std::pair<std::string, std::string>>{
             {R"([{"_id":"o1","email":"ada)", R"(@b.co","total":1,"createdAt":"2024-01-01"}])"},
             {R"([{"_id":"o)", R"(1","email":"ada@b.co","total":1,"createdAt":"2024-01-01"}])"},
             {R"([{"_id":"o1","email":"ada@b.co","notes":"x)", R"(y","total":1,"createdAt":"2024-01-01"}])"},
             {kOrderA + "\n" + R"({"_id":"o1","email":"ada@b.co","city":")", R"(","total":1,"createdAt":"2024-01-01"})" "\n"},
             {R"({"success":true,"message":")", R"(","orders":[)" + kOrderA + "]}"},
         }) {
      INFO("document: " << head << "<NUL>" << tail);
      Status s = expect_input_error(head + nul + tail, ErrorCode::invalid_json);
      CHECK(s.offset <= head.size());
    }
  }
  SECTION("between tokens") {
    for (const auto& [head, tail] : std::vector<std::pair<std::string, std::string>>{
             {R"([{"_id":"o1",)", R"("email":"ada@b.co","total":1,"createdAt":"2024-01-01"}])"},
             {R"([{"_id":"o1","email":"ada@b.co","total":1)", R"(,"createdAt":"2024-01-01"}])"},
             {"[" + kOrderA + ",", kOrderB + "]"},
             {"[" + kOrderA + "]", ""},
             {"", "[" + kOrderA + "]"},
             {kOrderA + "\n", "\n" + kOrderB + "\n"},
             {kOrderA + "\n", kOrderB + "\n"},
             {R"({"orders":[)" + kOrderA + "]", "}"},
         }) {
      INFO("document: " << head << "<NUL>" << tail);
      Status s = expect_input_error(head + nul + tail, ErrorCode::invalid_json);
      CHECK(s.offset <= head.size() + 1);
    }
  }
  SECTION("an escaped \\u0000 is valid JSON and is read") {
    CHECK(accepted(R"({"_id":"o1","email":"a@b.co","notes":"x\u0000y","total":1,"createdAt":"2024-01-01"})")
              .id == "o1");
  }
}

TEST_CASE("empty documents", "[badinput]") {
  for (const std::string& doc : {std::string(""), std::string(" "), std::string("\n\n\n"),
                                 std::string(" \t\r\n \f\v"), std::string("\xEF\xBB\xBF"),
                                 std::string("\xEF\xBB\xBF \n")}) {
    INFO("document of " << doc.size() << " bytes");
    Status s = expect_input_error(doc, ErrorCode::empty_input);
    CHECK(s.offset == 0);
  }
  // Empty, but a document: [] and {"orders": []} hold no orders and are fine.
  for (const char* doc : {"[]", " [ ] ", R"({"success":true,"orders":[]})"}) {
    Tracker t;
    CHECK(t.ingest_copy(doc).ok());
    CHECK(t.record_count() == 0);
  }
}

TEST_CASE("a UTF-8 BOM is accepted and changes nothing", "[badinput]") {
  const std::string bom = "\xEF\xBB\xBF";
  const std::vector<std::pair<const char*, std::string>> docs = {
      {"array", "[" + kOrderA + "," + kOrderB + "," + kOrderC + "]"},
      {"NDJSON", kOrderA + "\n" + kOrderB + "\n" + kOrderC + "\n"},
      {"wrapped", R"({"success":true,"orders":[)" + kOrderA + "," + kOrderB + "," + kOrderC + "]}"},
  };
  for (const auto& [shape, doc] : docs) {
    INFO(shape);
    Tracker plain, with_bom;
    REQUIRE(plain.ingest_copy(doc).ok());
    Status s = with_bom.ingest_copy(bom + doc);
    INFO("message: " << s.message);
    REQUIRE(s.ok());
    CHECK(with_bom.order_count() == 3);
    CHECK(report_to_json(with_bom.report()) == report_to_json(plain.report()));
  }
  // Only at the very start: a BOM in the middle is not white space.
  expect_input_error("[" + kOrderA + "," + bom + kOrderB + "]", ErrorCode::invalid_json);
}

TEST_CASE("a 100 MB string value", "[badinput]") {
  const size_t big = 100u << 20;
  SECTION("in an ignored field: accepted, the order counted") {
    std::string doc = R"([{"_id":"o1","email":"a@b.co","notes":")";
    doc.append(big, 'x');
    doc += R"(","total":12.5,"createdAt":"2024-01-01"}])";
    Tracker t;
    IngestResult r;
    REQUIRE(t.ingest_copy(doc, &r).ok());
    CHECK(r.accepted == 1);
    Report rep = t.report();
    CHECK(rep.orders.counted == 1);
    CHECK(rep.revenue.total == 1250);
  }
  SECTION("as the email: not a valid email (longer than 254), so a guest order is rejected") {
    std::string email(big, 'a');
    email += "@example.com";
    REQUIRE(email.size() > 254);
    std::string doc = R"([{"_id":"o1","email":")" + email + R"(","total":12.5,"createdAt":"2024-01-01"}])";
    Tracker t;
    IngestResult r;
    REQUIRE(t.ingest_copy(doc, &r).ok());
    REQUIRE(r.rejected.size() == 1);
    CHECK(rejection_reason(r.rejected[0].reason) == std::string("guest order without valid email"));
    CHECK(t.report().orders.counted == 0);
  }
  SECTION("unterminated: an input error naming where the string starts") {
    std::string head = R"([{"_id":"o1","email":"a@b.co","notes":)";
    std::string doc = head + "\"";
    doc.append(big, 'x');
    Tracker t;
    Status s = t.ingest_copy(doc);
    CHECK(s.code == ErrorCode::invalid_json);
    CHECK(s.offset <= doc.size());
  }
}

TEST_CASE("very long numbers", "[badinput]") {
  SECTION("a total with 10,000 digits is non-numeric") {
    CHECK(outcome(record_with(kGuest, "total", std::string(10'000, '9'))) == "non-numeric total");
    CHECK(outcome(record_with(kGuest, "total", "1" + std::string(9'999, '0'))) ==
          "non-numeric total");
    CHECK(outcome(record_with(kGuest, "total", "\"" + std::string(10'000, '9') + "\"")) ==
          "non-numeric total");
    CHECK(outcome(record_with(kGuest, "total",
                              R"({"$numberDecimal":")" + std::string(10'000, '9') + "\"}")) ==
          "non-numeric total");
  }
  SECTION("but leading zeros and long fractions are just digits") {
    CHECK(accepted(record_with(kGuest, "total", "0." + std::string(1'000, '0') + "1")).total == 0);
    CHECK(accepted(record_with(kGuest, "total", "\"" + std::string(10'000, '0') + "12.5\"")).total ==
          1250);
    CHECK(accepted(record_with(kGuest, "total", "12.345" + std::string(10'000, '9'))).total ==
          1235);
    CHECK(accepted(record_with(kGuest, "total", "12.344" + std::string(10'000, '9'))).total ==
          1234);
    CHECK(accepted(record_with(kGuest, "total", "0.005")).total == 1);  // half away from zero
    CHECK(accepted(record_with(kGuest, "total", "0.0049" + std::string(1'000, '9'))).total == 0);
    CHECK(accepted(record_with(kGuest, "total",
                               "1" + std::string(20, '0') + "e-20")).total == 100);
  }
  SECTION("a 10,000-digit number where it is ignored, or as epoch milliseconds") {
    CHECK(accepted(record_with(kGuest, "__v", std::string(10'000, '7'))).total == 10000);
    CHECK(outcome(record_with(kGuest, "createdAt", std::string(10'000, '1'))) ==
          "invalid createdAt");
    CHECK(accepted(record_with(kGuest, "updatedAt", std::string(10'000, '1'))).version_time == kJan1);
  }
  SECTION("totals above 10^15 naira are non-numeric") {
    CHECK(accepted(record_with(kGuest, "total", "1000000000000000")).total == kMaxOrderKobo);
    CHECK(accepted(record_with(kGuest, "total", "1e15")).total == kMaxOrderKobo);
    for (const char* v : {"1000000000000000.01", "1000000000000001", "1e16", "9.3e18",
                          "18446744073709551616", R"("1,000,000,000,000,000.01")",
                          R"("₦2,000,000,000,000,000")", R"({"$numberDecimal":"1E+16"})",
                          R"({"$numberLong":"9223372036854775807"})"}) {
      INFO("total: " << v);
      CHECK(outcome(record_with(kGuest, "total", v)) == "non-numeric total");
    }
  }
}

TEST_CASE("the wrapper around the orders must be JSON too", "[badinput]") {
  // SPEC §1: a document that is not JSON is an input error, wherever the bad bytes are.
  for (const char* doc : {R"({"success":tru,"orders":[]})",
                          R"({"success":true,"count":12abc,"orders":[]})",
                          R"({"meta":{"a" 1},"orders":[]})",
                          R"({"meta":[1 2],"orders":[]})",
                          R"({"orders":[],"meta":{"a":}})",
                          R"({"success":true "orders":[]})"}) {
    INFO(doc);
    Status s = expect_input_error(doc, ErrorCode::invalid_json);
    CHECK(s.offset < std::string(doc).size());
  }
}

TEST_CASE("a failed ingest never leaves a half-written record", "[badinput]") {
  // The good records before the break must not stay behind in a tracker that held orders.
  const std::string good = kOrderA + "\n" + kOrderB + "\n";
  expect_input_error(good + R"({"_id":"o3","total":oops})" "\n", ErrorCode::invalid_json);
  expect_input_error("[" + kOrderA + "," + kOrderB + ",", ErrorCode::invalid_json);
  expect_input_error("[" + kOrderA + "] trailing", ErrorCode::invalid_json);
  expect_input_error(R"({"orders":[)" + kOrderA + "," + kOrderB + "]", ErrorCode::invalid_json);
  expect_input_error("42", ErrorCode::not_orders);
  // A re-send of a held id with a change, then a break: the held version stays.
  expect_input_error(
      R"([{"_id":"h1","email":"held@example.com","total":999999,"status":"refunded","createdAt":"2024-01-05T10:00:00Z","updatedAt":"2025-01-01"}, {)",
      ErrorCode::invalid_json);
}
