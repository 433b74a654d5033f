// unit-rfm.cpp — SPEC §5 RFM: each score is 1 + floor(5k/n) over all guest customers (k = how
// many are strictly worse; ties share a score; R on exact elapsed time), and the six segments.
#include <catch2/catch.hpp>

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "guesttrack/tracker.hpp"

using namespace guesttrack;
using nlohmann::json;

namespace {

std::string guest(const std::string& id, const std::string& email, const std::string& total,
                  const std::string& created) {
  return R"({"_id":")" + id + R"(","email":")" + email + R"(","total":)" + total +
         R"(,"createdAt":")" + created + "\"}";
}

struct Scored {
  std::string rfm, segment;
  bool operator==(const Scored& o) const { return rfm == o.rfm && segment == o.segment; }
};

std::ostream& operator<<(std::ostream& os, const Scored& s) {
  return os << s.rfm << " " << s.segment;
}

/// email -> {rfm, segment} from the report's topGuests.
std::map<std::string, Scored> scores(const std::vector<std::string>& lines,
                                     const ReportOptions& options = {}) {
  Tracker t;
  std::string doc;
  for (const auto& l : lines) doc += l + "\n";
  Status s = t.ingest_copy(doc);
  INFO("ingest: " << s.message);
  REQUIRE(s.ok());
  json rep = json::parse(report_to_json(t.report(options)));
  std::map<std::string, Scored> out;
  for (const auto& g : rep.at("topGuests"))
    out[g.at("email").get<std::string>()] = {g.at("rfm").get<std::string>(),
                                             g.at("segment").get<std::string>()};
  return out;
}

// Five guests with distinct recency, frequency and spend (asOf 2024-02-01):
//   guest  orders  last purchase  spent  |  R  F  M
//   a      5       2024-01-05       50   |  2  5  1   at risk
//   b      1       2024-01-20     1000   |  4  1  5   promising
//   c      2       2024-01-10      200   |  3  2  3   needs attention
//   d      4       2024-01-04      100   |  1  4  2   at risk
//   e      3       2024-01-30      300   |  5  3  4   loyal
// R: e is most recent (4 worse -> 1+floor(20/5)=5), b 4, c 3, a 2, d 1 (nobody worse).
const std::vector<std::string> kFive = {
    guest("a1", "a@example.com", "10", "2024-01-01T00:00:00Z"),
    guest("a2", "a@example.com", "10", "2024-01-02T00:00:00Z"),
    guest("a3", "a@example.com", "10", "2024-01-03T00:00:00Z"),
    guest("a4", "a@example.com", "10", "2024-01-04T00:00:00Z"),
    guest("a5", "a@example.com", "10", "2024-01-05T00:00:00Z"),
    guest("b1", "b@example.com", "1000", "2024-01-20T00:00:00Z"),
    guest("c1", "c@example.com", "100", "2024-01-02T00:00:00Z"),
    guest("c2", "c@example.com", "100", "2024-01-10T00:00:00Z"),
    guest("d1", "d@example.com", "25", "2024-01-01T00:00:00Z"),
    guest("d2", "d@example.com", "25", "2024-01-02T00:00:00Z"),
    guest("d3", "d@example.com", "25", "2024-01-03T00:00:00Z"),
    guest("d4", "d@example.com", "25", "2024-01-04T00:00:00Z"),
    guest("e1", "e@example.com", "100", "2024-01-06T00:00:00Z"),
    guest("e2", "e@example.com", "100", "2024-01-07T00:00:00Z"),
    guest("e3", "e@example.com", "100", "2024-01-30T00:00:00Z"),
};

constexpr EpochMs kFeb1 = 1706745600000LL;  // 2024-02-01T00:00:00Z

}  // namespace

TEST_CASE("rfm_segment for every R, F pair", "[rfm]") {
  // Rows R = 1..5, columns F = 1..5.
  const char* expected[5][5] = {
      /* R=1 */ {"hibernating", "hibernating", "at risk", "at risk", "at risk"},
      /* R=2 */ {"hibernating", "hibernating", "at risk", "at risk", "at risk"},
      /* R=3 */ {"needs attention", "needs attention", "loyal", "loyal", "loyal"},
      /* R=4 */ {"promising", "promising", "loyal", "champions", "champions"},
      /* R=5 */ {"promising", "promising", "loyal", "champions", "champions"},
  };
  for (int r = 1; r <= 5; ++r) {
    for (int f = 1; f <= 5; ++f) {
      INFO("R=" << r << " F=" << f);
      CHECK(std::string(rfm_segment(r, f)) == expected[r - 1][f - 1]);
    }
  }
}

TEST_CASE("RFM scores: 1 + floor(5k/n) on distinct values", "[rfm]") {
  ReportOptions options;
  options.as_of = kFeb1;
  auto s = scores(kFive, options);
  REQUIRE(s.size() == 5);
  CHECK(s["a@example.com"] == Scored{"251", "at risk"});
  CHECK(s["b@example.com"] == Scored{"415", "promising"});
  CHECK(s["c@example.com"] == Scored{"323", "needs attention"});
  CHECK(s["d@example.com"] == Scored{"142", "at risk"});
  CHECK(s["e@example.com"] == Scored{"534", "loyal"});

  SECTION("the same with asOf defaulting to the latest createdAt") {
    CHECK(scores(kFive) == s);
  }
  SECTION("the Report struct carries the same scores") {
    Tracker t;
    std::string doc;
    for (const auto& l : kFive) doc += l + "\n";
    REQUIRE(t.ingest_copy(doc).ok());
    Report rep = t.report(options);
    REQUIRE(rep.top_guests.size() == 5);
    const RankedGuest& top = rep.top_guests[0];  // b: spent most
    CHECK(top.profile.email == "b@example.com");
    CHECK(top.recency == 4);
    CHECK(top.frequency == 1);
    CHECK(top.monetary == 5);
    CHECK(std::string(top.segment) == "promising");
  }
}

TEST_CASE("RFM scores are over all guest customers, not only the top N", "[rfm]") {
  ReportOptions options;
  options.as_of = kFeb1;
  options.top = 2;
  auto s = scores(kFive, options);
  REQUIRE(s.size() == 2);
  CHECK(s["b@example.com"] == Scored{"415", "promising"});
  CHECK(s["e@example.com"] == Scored{"534", "loyal"});
}

TEST_CASE("RFM: converted and registered customers are not in n", "[rfm]") {
  std::vector<std::string> lines = kFive;
  // A converted customer (most recent, most orders, biggest spend) and a registered buyer.
  for (int i = 1; i <= 6; ++i)
    lines.push_back(guest("v" + std::to_string(i), "v@example.com", "5000",
                          "2024-01-2" + std::to_string(i) + "T00:00:00Z"));
  lines.push_back(R"({"_id":"v9","buyerId":"uv","email":"v@example.com","total":1,"createdAt":"2024-01-31T00:00:00Z"})");
  lines.push_back(R"({"_id":"r1","buyerId":"ur","email":"r@example.com","total":90000,"createdAt":"2024-01-31T00:00:00Z"})");
  ReportOptions options;
  options.as_of = kFeb1;
  auto s = scores(lines, options);
  REQUIRE(s.size() == 5);
  CHECK(s["a@example.com"] == Scored{"251", "at risk"});
  CHECK(s["b@example.com"] == Scored{"415", "promising"});
  CHECK(s["e@example.com"] == Scored{"534", "loyal"});
}

TEST_CASE("RFM: ties share a score", "[rfm]") {
  // n = 4.
  //   guest  orders  last purchase        spent |  R              F              M
  //   p      1       2024-01-10T12:00     100   |  k=1 -> 2       k=0 -> 1       k=0 -> 1
  //   q      2       2024-01-10T12:00     100   |  k=1 -> 2       k=1 -> 2       k=0 -> 1
  //   r      2       2024-01-20           300   |  k=3 -> 4       k=1 -> 2       k=2 -> 3
  //   s      3       2024-01-01           300   |  k=0 -> 1       k=3 -> 4       k=2 -> 3
  // (1 + floor(5k/4): k=0 -> 1, k=1 -> 2, k=2 -> 3, k=3 -> 4)
  auto s = scores({
      guest("p1", "p@example.com", "100", "2024-01-10T12:00:00Z"),
      guest("q1", "q@example.com", "50", "2024-01-05T00:00:00Z"),
      guest("q2", "q@example.com", "50", "2024-01-10T12:00:00Z"),
      guest("r1", "r@example.com", "150", "2024-01-02T00:00:00Z"),
      guest("r2", "r@example.com", "150", "2024-01-20T00:00:00Z"),
      guest("s1", "s@example.com", "100", "2023-12-30T00:00:00Z"),
      guest("s2", "s@example.com", "100", "2023-12-31T00:00:00Z"),
      guest("s3", "s@example.com", "100", "2024-01-01T00:00:00Z"),
  });
  REQUIRE(s.size() == 4);
  CHECK(s["p@example.com"] == Scored{"211", "hibernating"});
  CHECK(s["q@example.com"] == Scored{"221", "hibernating"});
  CHECK(s["r@example.com"] == Scored{"423", "promising"});
  CHECK(s["s@example.com"] == Scored{"143", "at risk"});
}

TEST_CASE("RFM: R compares exact elapsed time, not whole days", "[rfm]") {
  // x bought 23 hours before asOf, y 22 hours before: both "0 days" (or "1 day" rounded), but
  // y is more recent. n = 2: 1 + floor(5·1/2) = 3 for the better, 1 for the other.
  ReportOptions options;
  options.as_of = 1704931200000LL;  // 2024-01-11T00:00:00Z
  auto s = scores({guest("x1", "x@example.com", "200", "2024-01-10T01:00:00Z"),
                   guest("y1", "y@example.com", "100", "2024-01-10T02:00:00Z")},
                  options);
  REQUIRE(s.size() == 2);
  CHECK(s["x@example.com"].rfm == "113");
  CHECK(s["y@example.com"].rfm == "311");
  CHECK(s["y@example.com"].segment == "needs attention");
}

TEST_CASE("RFM: a single guest scores 111", "[rfm]") {
  auto s = scores({guest("a1", "solo@example.com", "100000", "2024-01-10T00:00:00Z"),
                   guest("a2", "solo@example.com", "100000", "2024-01-11T00:00:00Z")});
  REQUIRE(s.size() == 1);
  CHECK(s["solo@example.com"] == Scored{"111", "hibernating"});
}

TEST_CASE("RFM: ten guests spread over every score", "[rfm]") {
  // Guest i (1..10) has i orders of 10 naira, the last on 2024-01-(10+i): more orders, more
  // spend and more recent together. k = i - 1, score = 1 + floor(5(i-1)/10).
  std::vector<std::string> lines;
  for (int i = 1; i <= 10; ++i) {
    for (int j = 1; j <= i; ++j) {
      const int day = 10 + j;
      lines.push_back(guest("g" + std::to_string(i) + "-" + std::to_string(j),
                            "g" + std::to_string(i) + "@example.com", "10",
                            "2024-01-" + std::to_string(day) + "T00:00:00Z"));
    }
  }
  auto s = scores(lines);
  REQUIRE(s.size() == 10);
  const int expected_score[11] = {0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5};
  const char* expected_segment[6] = {"", "hibernating", "hibernating", "loyal", "champions",
                                     "champions"};
  for (int i = 1; i <= 10; ++i) {
    INFO("guest " << i);
    const int sc = expected_score[i];
    const std::string digits(3, char('0' + sc));
    CHECK(s["g" + std::to_string(i) + "@example.com"] == Scored{digits, expected_segment[sc]});
  }
}
