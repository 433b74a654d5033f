// 001-guest-summary.cpp — the core API in a dozen lines: read an export, feed a Tracker, and
// print what a shop owner asks first: how many customers never signed up, what they spend,
// and who is worth converting. CI runs it on sample-orders.json and diffs its output against
// 001-guest-summary.output.
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

#include "guesttrack/guesttrack.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s ORDERS.json\n", argv[0]);
    return 2;
  }
  std::ifstream file(argv[1], std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());

  guesttrack::Tracker tracker;  // default exclusions: cancelled, canceled, refunded, failed
  guesttrack::IngestResult batch;
  if (guesttrack::Status s = tracker.ingest_copy(bytes, &batch); !s) {
    std::fprintf(stderr, "%s\n", s.message.c_str());
    return 1;
  }
  std::printf("records %llu: accepted %llu (%llu later versions), rejected %zu\n",
              static_cast<unsigned long long>(batch.records),
              static_cast<unsigned long long>(batch.accepted),
              static_cast<unsigned long long>(batch.duplicates), batch.rejected.size());

  guesttrack::ReportOptions options;
  options.top = 3;
  guesttrack::Report r = tracker.report(options);
  std::printf("customers %llu = registered %llu + guest %llu (%llu converted)\n",
              static_cast<unsigned long long>(r.customers.total),
              static_cast<unsigned long long>(r.customers.registered),
              static_cast<unsigned long long>(r.customers.guest),
              static_cast<unsigned long long>(r.customers.converted));
  std::printf("guest revenue NGN %s of %s\n", guesttrack::format_naira(r.revenue.guest).c_str(),
              guesttrack::format_naira(r.revenue.total).c_str());
  std::printf("repeat guests %llu\n", static_cast<unsigned long long>(r.guests.repeat));
  for (const guesttrack::RankedGuest& g : r.top_guests)
    std::printf("top guest %s: %llu orders, NGN %s, RFM %d%d%d (%s)\n", g.profile.email.c_str(),
                static_cast<unsigned long long>(g.profile.total_orders),
                guesttrack::format_naira(g.profile.total_spent).c_str(), g.recency, g.frequency,
                g.monetary, g.segment);
  return 0;
}
