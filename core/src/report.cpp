// report.cpp — SPEC §3–§5: segmentation, guest profiles, RFM and the report, from stored orders.
//
// Everything is recomputed from the held orders when asked (O(n log n)); adding an order stays
// O(1). Money is summed in KoboSum (128-bit); only rates and day counts are doubles.
#include <algorithm>
#include <numeric>
#include <optional>
#include <cstdint>

#include "guesttrack/normalize.hpp"
#include "threads.hpp"
#include "tracker_impl.hpp"
#include "unicode.hpp"
#ifndef GUESTTRACK_NO_THREADS
#include <future>
#endif

namespace guesttrack {
namespace {

constexpr int64_t kMsPerDay = 86'400'000;

// Counted orders grouped by customer, each group in (createdAt, arrival) order.
struct Grouping {
  std::vector<uint32_t> orders;  ///< order indexes
  std::vector<uint32_t> begin;   ///< per customer, into `orders`; size customers + 1
  std::vector<uint8_t> excluded_status;  ///< per status id (index 0: no status)

  size_t count(uint32_t c) const { return begin[c + 1] - begin[c]; }
};

// A customer's orders in time order: by createdAt, then arrival.
struct Earlier {
  const Tracker::Impl& t;
  bool operator()(uint32_t a, uint32_t b) const {
    const StoredOrder &x = t.orders[a], &y = t.orders[b];
    return x.created_at != y.created_at ? x.created_at < y.created_at : x.arrival < y.arrival;
  }
};

// Per status id (index 0: no status), whether the tracker's options exclude it.
std::vector<uint8_t> excluded_statuses(const Tracker::Impl& t) {
  std::vector<uint8_t> excluded(t.statuses.size() + 1, 0);
  for (size_t i = 0; i < t.statuses.size(); ++i)
    excluded[i + 1] = std::binary_search(t.options.exclude_statuses.begin(),
                                         t.options.exclude_statuses.end(), t.statuses[i]);
  return excluded;
}

// Calls visit(c) for customers [begin, end) of a grouping, each customer's orders loaded first:
// they lie at random in memory, and an order may span two cache lines (both are loaded).
// Natively they are prefetched 16 customers ahead; WebAssembly has no prefetch, so there the
// orders of 8 customers are loaded together first, their misses overlapping.
template <class Visit>
void visit_customers(const Tracker::Impl& t, const Grouping& g, uint32_t begin, uint32_t end,
                     Visit&& visit) {
#ifdef __EMSCRIPTEN__
  constexpr uint32_t kGroup = 8;
  for (uint32_t c0 = begin; c0 < end; c0 += kGroup) {
    uint32_t c1 = std::min(end, c0 + kGroup);
    uint32_t loaded = 0;
    for (uint32_t k = g.begin[c0]; k < g.begin[c1]; ++k) {
      const StoredOrder& o = t.orders[g.orders[k]];
      loaded += static_cast<uint32_t>(o.created_at) + o.flags;
    }
    detail::keep(loaded);
    for (uint32_t c = c0; c < c1; ++c) visit(c);
  }
#else
  constexpr uint32_t kAhead = 16;
  for (uint32_t c = begin; c < end; ++c) {
    if (c + kAhead < end)
      for (uint32_t k = g.begin[c + kAhead]; k < g.begin[c + kAhead + 1]; ++k) {
        const StoredOrder& o = t.orders[g.orders[k]];
        __builtin_prefetch(&o.created_at);
        __builtin_prefetch(&o.flags);
      }
    visit(c);
  }
#endif
}

Grouping group_counted(const Tracker::Impl& t, std::vector<uint8_t> excluded) {
  Grouping g;
  g.excluded_status = std::move(excluded);
  g.begin.assign(t.customers.size() + 1, 0);
  for (const StoredOrder& o : t.orders)
    if (!g.excluded_status[o.status]) ++g.begin[o.customer + 1];
  std::partial_sum(g.begin.begin(), g.begin.end(), g.begin.begin());
  g.orders.resize(g.begin.back());
  std::vector<uint32_t> fill(g.begin.begin(), g.begin.end() - 1);
  for (uint32_t i = 0; i < t.orders.size(); ++i) {
    const StoredOrder& o = t.orders[i];
    if (!g.excluded_status[o.status]) g.orders[fill[o.customer]++] = i;
  }
  visit_customers(t, g, 0, static_cast<uint32_t>(g.begin.size() - 1), [&](uint32_t c) {
    if (g.begin[c + 1] - g.begin[c] > 1)
      std::sort(g.orders.begin() + g.begin[c], g.orders.begin() + g.begin[c + 1], Earlier{t});
  });
  return g;
}

// As group_counted(), for one customer only (every other customer has no orders in it): one
// pass over the orders and one small sort, for a single profile.
Grouping group_one(const Tracker::Impl& t, uint32_t c) {
  Grouping g;
  g.excluded_status = excluded_statuses(t);
  for (uint32_t i = 0; i < t.orders.size(); ++i) {
    const StoredOrder& o = t.orders[i];
    if (o.customer == c && !g.excluded_status[o.status]) g.orders.push_back(i);
  }
  std::sort(g.orders.begin(), g.orders.end(), Earlier{t});
  g.begin.assign(t.customers.size() + 1, 0);
  std::fill(g.begin.begin() + c + 1, g.begin.end(), static_cast<uint32_t>(g.orders.size()));
  return g;
}

struct CustomerSummary {
  uint32_t customer = 0;
  uint64_t orders = 0;
  KoboSum spent = 0;
  EpochMs first = 0, last = 0;
};

bool is_guest_customer(const Tracker::Impl& t, const Grouping& g, uint32_t c) {
  if (g.count(c) == 0) return false;
  for (uint32_t k = g.begin[c]; k < g.begin[c + 1]; ++k)
    if (!(t.orders[g.orders[k]].flags & detail::kGuestOrder)) return false;
  return true;
}

CustomerSummary summarize(const Tracker::Impl& t, const Grouping& g, uint32_t c) {
  CustomerSummary s;
  s.customer = c;
  s.orders = g.count(c);
  for (uint32_t k = g.begin[c]; k < g.begin[c + 1]; ++k) s.spent += t.orders[g.orders[k]].total;
  s.first = t.orders[g.orders[g.begin[c]]].created_at;
  s.last = t.orders[g.orders[g.begin[c + 1] - 1]].created_at;
  return s;
}

// Contact fields [0, count) of customer c from its counted orders, latest first: each field is
// the most recent non-empty value ("" when no order has one). One decode per order visited;
// stops once every field is found.
void latest_contact(const Tracker::Impl& t, const Grouping& g, uint32_t c, std::string_view* out,
                    int count) {
  int missing = count;
  for (int f = 0; f < count; ++f) out[f] = {};
  for (uint32_t k = g.begin[c + 1]; k > g.begin[c] && missing; --k) {
    std::string_view fields[kContactFieldCount];
    int n = detail::decode_contact(t.arena.get(t.orders[g.orders[k - 1]].contact), fields, count);
    for (int f = 0; f < n; ++f)
      if (out[f].empty() && !fields[f].empty()) out[f] = fields[f], --missing;
  }
}

GuestProfile build_profile(const Tracker::Impl& t, const Grouping& g, const CustomerSummary& s) {
  GuestProfile p;
  p.email = std::string(t.customer_email(s.customer));
  std::string_view contact[kContactFieldCount];
  latest_contact(t, g, s.customer, contact, kContactFieldCount);
  for (int f = 0; f < kContactFieldCount; ++f)
    if (!contact[f].empty()) p.contact[f] = std::string(contact[f]);
  if (!p.contact[static_cast<int>(ContactField::country)])
    p.contact[static_cast<int>(ContactField::country)] = "Nigeria";
  p.total_orders = s.orders;
  p.total_spent = s.spent;
  p.average_order_value = mean_kobo(s.spent, s.orders);
  p.first_purchase_date = s.first;
  p.last_purchase_date = s.last;
  p.order_ids.reserve(s.orders);
  for (uint32_t k = g.begin[s.customer]; k < g.begin[s.customer + 1]; ++k)
    p.order_ids.emplace_back(t.arena.get(t.orders[g.orders[k]].id));
  return p;
}

// topGuests order: totalSpent desc, totalOrders desc, lastPurchaseDate desc, email asc.
struct TopOrder {
  const Tracker::Impl& t;
  bool operator()(const CustomerSummary& a, const CustomerSummary& b) const {
    if (a.spent != b.spent) return a.spent > b.spent;
    if (a.orders != b.orders) return a.orders > b.orders;
    if (a.last != b.last) return a.last > b.last;
    return t.customer_email(a.customer) < t.customer_email(b.customer);
  }
};

template <class T>
KoboSum median_kobo(std::vector<T> v) {
  // The middle one (or two) found in linear time, not by sorting everything.
  size_t n = v.size();
  auto mid = v.begin() + static_cast<ptrdiff_t>(n / 2);
  std::nth_element(v.begin(), mid, v.end());
  if (n % 2 == 1) return *mid;
  T below = *std::max_element(v.begin(), mid);  // the largest of the lower half
  return mean_kobo(static_cast<KoboSum>(below) + *mid, 2);
}

// 1 + floor(5k/n) where k = how many are strictly worse.
int score(uint64_t k, uint64_t n) { return 1 + static_cast<int>((5 * k) / n); }

// How many of `all` have get(s) < get(a), for each `a` of `asked`: the asked values sorted (once
// each), then one pass over `all` puts each guest in the bucket of how many asked values it is
// not below. O(n log q) for q asked: a report asks about its top guests only, so the n guests
// are never sorted.
template <class Get>
std::vector<uint64_t> count_below(const std::vector<CustomerSummary>& all, const CustomerSummary* asked,
                                  size_t q, Get get) {
  using T = decltype(get(all[0]));
  std::vector<T> cut(q);
  for (size_t i = 0; i < q; ++i) cut[i] = get(asked[i]);
  std::sort(cut.begin(), cut.end());
  cut.erase(std::unique(cut.begin(), cut.end()), cut.end());
  // bucket[j]: guests with exactly j cuts <= their value; so value < cut[j] <=> bucket <= j.
  std::vector<uint64_t> below(cut.size() + 1, 0);
  for (const CustomerSummary& s : all)
    ++below[static_cast<size_t>(std::upper_bound(cut.begin(), cut.end(), get(s)) - cut.begin())];
  std::partial_sum(below.begin(), below.end(), below.begin());
  std::vector<uint64_t> counts(q);
  for (size_t i = 0; i < q; ++i)
    counts[i] = below[static_cast<size_t>(std::lower_bound(cut.begin(), cut.end(), get(asked[i])) - cut.begin())];
  return counts;
}

// SPEC §5 RFM: scores asked[0..q) against all the guest customers. Worse is: on R, a longer time
// from lastPurchaseDate to asOf — the same asOf for everyone, so an earlier lastPurchaseDate;
// on F, fewer orders; on M, less spent. Ties share a score.
class RfmScorer {
 public:
  RfmScorer(const std::vector<CustomerSummary>& all, const CustomerSummary* asked, size_t q)
      : n_(all.size()),
        recency_(count_below(all, asked, q, [](const CustomerSummary& s) { return s.last; })),
        frequency_(count_below(all, asked, q, [](const CustomerSummary& s) { return s.orders; })),
        monetary_(count_below(all, asked, q, [](const CustomerSummary& s) { return s.spent; })) {}
  /// The scores of asked[i].
  void score(size_t i, RankedGuest* out) const {
    out->recency = guesttrack::score(recency_[i], n_);
    out->frequency = guesttrack::score(frequency_[i], n_);
    out->monetary = guesttrack::score(monetary_[i], n_);
    out->segment = rfm_segment(out->recency, out->frequency);
  }

 private:
  uint64_t n_;
  std::vector<uint64_t> recency_, frequency_, monetary_;
};

}  // namespace

const char* rfm_segment(int r, int f) noexcept {
  if (r >= 4 && f >= 4) return "champions";
  if (r >= 4 && f <= 2) return "promising";
  if (r >= 3 && f >= 3) return "loyal";
  if (r == 3) return "needs attention";
  if (f >= 3) return "at risk";
  return "hibernating";
}

namespace {

// Runs two independent parts of a report: natively the first on a second thread while the
// second runs on this one, when the tracker is big enough to pay for a thread; otherwise (WASM,
// small trackers) one after the other. The parts never write the same memory, so the figures
// are the same either way.
class Fork {
 public:
  explicit Fork(size_t orders) : threads_(kThreads && orders >= kMinOrders) {}
  template <class A, class B>
  void operator()(A&& a, B&& b) const {
#ifndef GUESTTRACK_NO_THREADS
    if (threads_) {
      auto first = std::async(std::launch::async, std::forward<A>(a));
      b();
      first.get();  // (an exception in either part reaches the caller)
      return;
    }
#endif
    a();
    b();
  }

 private:
#ifdef GUESTTRACK_NO_THREADS
  static constexpr bool kThreads = false;
#else
  static constexpr bool kThreads = true;
#endif
  static constexpr size_t kMinOrders = 32768;
  [[maybe_unused]] bool threads_;
};

// Order-level figures and each counted order's month: everything that needs no grouping.
struct OrderLevel {
  std::vector<int32_t> month_of;  ///< per order (counted ones), months since 1970
  bool any = false;
  EpochMs latest = 0;
  int64_t first_month = 0, last_month = 0;
};

OrderLevel order_level(const Tracker::Impl& t, const std::vector<uint8_t>& excluded,
                       const ReportOptions& opt, Report* r) {
  OrderLevel ol;
  ol.month_of.resize(t.orders.size());
  for (size_t i = 0; i < t.orders.size(); ++i) {
    const StoredOrder& o = t.orders[i];
    if (excluded[o.status]) {
      ++r->orders.excluded[t.statuses[o.status - 1]];
      continue;
    }
    ++r->orders.counted;
    if (o.flags & detail::kGuestOrder) {
      ++r->orders.guest;
      r->revenue.guest += o.total;
    } else {
      ++r->orders.registered;
      r->revenue.registered += o.total;
    }
    if (o.flags & detail::kEmailChanged) ++r->data_quality.emails_normalised;
    if (o.flags & detail::kStateChanged) ++r->data_quality.states_normalised;
    int64_t m = month_index(o.created_at, opt.tz_offset_minutes);
    ol.month_of[i] = static_cast<int32_t>(m);  // months since 1970: far inside int32
    if (!ol.any || o.created_at > ol.latest) ol.latest = o.created_at;
    if (!ol.any || m < ol.first_month) ol.first_month = m;
    if (!ol.any || m > ol.last_month) ol.last_month = m;
    ol.any = true;
  }
  if (ol.any) {
    r->monthly.resize(static_cast<size_t>(ol.last_month - ol.first_month + 1));
    for (size_t i = 0; i < r->monthly.size(); ++i)
      r->monthly[i].month = ol.first_month + static_cast<int64_t>(i);
    for (size_t i = 0; i < t.orders.size(); ++i) {
      const StoredOrder& o = t.orders[i];
      if (excluded[o.status]) continue;
      Report::MonthRow& row = r->monthly[static_cast<size_t>(ol.month_of[i] - ol.first_month)];
      if (o.flags & detail::kGuestOrder) {
        ++row.guest_orders;
        row.guest_revenue += o.total;
      } else {
        ++row.registered_orders;
        row.registered_revenue += o.total;
      }
    }
  }
  return ol;
}

// Customer-level counts over customers [begin, end), and the guests among them.
struct CustomerLevel {
  uint64_t customers = 0, registered = 0, converted = 0, guest = 0;
  std::vector<CustomerSummary> guests;
  std::vector<int64_t> days_to_convert_ms;

  void take(CustomerLevel&& other) {
    customers += other.customers;
    registered += other.registered;
    converted += other.converted;
    guest += other.guest;
    guests.insert(guests.end(), other.guests.begin(), other.guests.end());
    days_to_convert_ms.insert(days_to_convert_ms.end(), other.days_to_convert_ms.begin(),
                              other.days_to_convert_ms.end());
  }
};

void customer_level(const Tracker::Impl& t, const Grouping& g, uint32_t begin, uint32_t end,
                    CustomerLevel* out) {
  CustomerLevel& cl = *out;
  auto visit = [&](uint32_t c) {
    if (g.count(c) == 0) return;
    ++cl.customers;
    const StoredOrder& first = t.orders[g.orders[g.begin[c]]];
    const StoredOrder* first_registered = nullptr;
    for (uint32_t k = g.begin[c]; k < g.begin[c + 1] && !first_registered; ++k)
      if (!(t.orders[g.orders[k]].flags & detail::kGuestOrder)) first_registered = &t.orders[g.orders[k]];
    if (first_registered) {
      ++cl.registered;
      if (first.flags & detail::kGuestOrder) {
        ++cl.converted;
        cl.days_to_convert_ms.push_back(first_registered->created_at - first.created_at);
      }
      return;
    }
    ++cl.guest;
    cl.guests.push_back(summarize(t, g, c));
  };
  visit_customers(t, g, begin, end, visit);
}

// Geography, new guests per month and retention cohorts of a run of guests; two runs merge.
struct Geography {
  std::vector<Report::StateRow> by_state;
  std::vector<Report::CityRow> by_city;
  std::vector<Report::Cohort> cohorts;
  std::vector<uint64_t> new_guests;  ///< by month - first_month
  StringIndex state_rows, city_rows;
  std::vector<uint32_t> cohort_row;  ///< by month - first_month; UINT32_MAX: none yet

  Geography(size_t months) : new_guests(months, 0), cohort_row(months, UINT32_MAX) {}

  Report::StateRow& state(std::string_view name) {
    uint64_t h = hash_bytes(name);
    int64_t row = state_rows.find(h, [&](uint32_t k) { return by_state[k].state == name; });
    if (row >= 0) return by_state[static_cast<size_t>(row)];
    state_rows.insert(h, static_cast<uint32_t>(by_state.size()));
    by_state.push_back({std::string(name), 0, 0});
    return by_state.back();
  }
  Report::CityRow& city(std::string_view name, std::string_view state) {
    uint64_t h = (hash_bytes(name) * 0x9E3779B97F4A7C15ULL) ^ hash_bytes(state);
    int64_t row = city_rows.find(h, [&](uint32_t k) {
      return by_city[k].city == name && by_city[k].state == state;
    });
    if (row >= 0) return by_city[static_cast<size_t>(row)];
    city_rows.insert(h, static_cast<uint32_t>(by_city.size()));
    by_city.push_back({std::string(name), std::string(state), 0, 0});
    return by_city.back();
  }
  Report::Cohort& cohort(int64_t month, int64_t first_month, int64_t last_month) {
    uint32_t& at = cohort_row[static_cast<size_t>(month - first_month)];
    if (at == UINT32_MAX) {
      at = static_cast<uint32_t>(cohorts.size());
      Report::Cohort co;
      co.month = month;
      co.returned.assign(static_cast<size_t>(last_month - month + 1), 0);
      cohorts.push_back(std::move(co));
    }
    return cohorts[at];
  }
  void take(const Geography& other, int64_t first_month, int64_t last_month) {
    for (const Report::StateRow& s : other.by_state) {
      Report::StateRow& row = state(s.state);
      row.guests += s.guests;
      row.revenue += s.revenue;
    }
    for (const Report::CityRow& c : other.by_city) {
      Report::CityRow& row = city(c.city, c.state);
      row.guests += c.guests;
      row.revenue += c.revenue;
    }
    for (const Report::Cohort& c : other.cohorts) {
      Report::Cohort& co = cohort(c.month, first_month, last_month);
      co.size += c.size;
      for (size_t k = 0; k < c.returned.size(); ++k) co.returned[k] += c.returned[k];
    }
    for (size_t m = 0; m < new_guests.size(); ++m) new_guests[m] += other.new_guests[m];
  }
};

// Guests [begin, end): each by its latest place and its orders' months.
Geography geography(const Tracker::Impl& t, const Grouping& g,
                    const std::vector<CustomerSummary>& guests, size_t begin, size_t end,
                    const OrderLevel& ol) {
  constexpr int kCity = static_cast<int>(ContactField::city);
  constexpr int kState = static_cast<int>(ContactField::state);
  Geography geo(static_cast<size_t>(ol.any ? ol.last_month - ol.first_month + 1 : 0));
  auto latest_order = [&](size_t i) -> const StoredOrder& {
    return t.orders[g.orders[g.begin[guests[i].customer + 1] - 1]];
  };
  auto visit = [&](size_t i) {
    const CustomerSummary& s = guests[i];
    std::string_view place[kState + 1];
    latest_contact(t, g, s.customer, place, kState + 1);
    std::string_view state = place[kState].empty() ? "Unknown" : place[kState];
    std::string_view city = place[kCity].empty() ? "Unknown" : place[kCity];
    Report::StateRow& state_row = geo.state(state);
    state_row.guests++;
    state_row.revenue += s.spent;
    Report::CityRow& city_row = geo.city(city, state);
    city_row.guests++;
    city_row.revenue += s.spent;

    int64_t month = ol.month_of[g.orders[g.begin[s.customer]]];  // the first order's month
    geo.new_guests[static_cast<size_t>(month - ol.first_month)]++;
    Report::Cohort& co = geo.cohort(month, ol.first_month, ol.last_month);
    co.size++;
    int64_t prev = -1;
    for (uint32_t k = g.begin[s.customer]; k < g.begin[s.customer + 1]; ++k) {
      int64_t off = ol.month_of[g.orders[k]] - month;
      if (off != prev) co.returned[static_cast<size_t>(off)]++;
      prev = off;
    }
  };
#ifdef __EMSCRIPTEN__
  // No prefetch in WebAssembly: what a group of guests reads at random (latest orders, their
  // contact blobs, their orders' months) is loaded group-wide first, so the misses overlap.
  constexpr size_t kGroup = 8;
  for (size_t i0 = begin; i0 < end; i0 += kGroup) {
    size_t n = std::min(kGroup, end - i0);
    const StoredOrder* latest[kGroup];
    for (size_t j = 0; j < n; ++j) latest[j] = &latest_order(i0 + j);
    uint32_t loaded = 0;
    for (size_t j = 0; j < n; ++j) loaded += latest[j]->contact.len;
    for (size_t j = 0; j < n; ++j)
      if (std::string_view blob = t.arena.get(latest[j]->contact); !blob.empty())
        loaded += static_cast<unsigned char>(blob[0]);
    for (size_t j = 0; j < n; ++j) {
      uint32_t c = guests[i0 + j].customer;
      for (uint32_t k = g.begin[c]; k < g.begin[c + 1]; ++k) loaded += static_cast<uint32_t>(ol.month_of[g.orders[k]]);
    }
    detail::keep(loaded);
    for (size_t j = 0; j < n; ++j) visit(i0 + j);
  }
#else
  // Guests are visited in customer order, their latest orders at random in memory: the loop
  // loads the latest order of the guest kAhead on, and that order's contact blob and the
  // guest's orders' months half as far.
  constexpr size_t kAhead = 16;
  for (size_t i = begin; i < end; ++i) {
    if (i + kAhead < end) __builtin_prefetch(&latest_order(i + kAhead).contact);
    if (i + kAhead / 2 < end) {
      std::string_view blob = t.arena.get(latest_order(i + kAhead / 2).contact);
      if (!blob.empty()) __builtin_prefetch(blob.data());
      uint32_t c = guests[i + kAhead / 2].customer;
      for (uint32_t k = g.begin[c]; k < g.begin[c + 1]; ++k) __builtin_prefetch(&ol.month_of[g.orders[k]]);
    }
    visit(i);
  }
#endif
  return geo;
}

}  // namespace

Report Tracker::report(const ReportOptions& opt) const {
  const Impl& t = *impl_;
  Fork fork(t.orders.size());
  Report r;
  r.orders.duplicates = t.duplicates;
  r.orders.rejected = t.rejected_count;
  r.data_quality.rejected = t.rejected;

  // Orders grouped by customer, alongside the order-level figures.
  std::vector<uint8_t> excluded = excluded_statuses(t);
  Grouping g;
  OrderLevel ol;
  fork([&] { g = group_counted(t, excluded); }, [&] { ol = order_level(t, excluded, opt, &r); });
  r.revenue.total = r.revenue.guest + r.revenue.registered;
  if (r.revenue.total != 0)
    r.revenue.guest_share = static_cast<double>(r.revenue.guest) / static_cast<double>(r.revenue.total);
  if (r.orders.guest) r.average_order_value.guest = mean_kobo(r.revenue.guest, r.orders.guest);
  if (r.orders.registered)
    r.average_order_value.registered = mean_kobo(r.revenue.registered, r.orders.registered);
  if (r.orders.counted) r.average_order_value.all = mean_kobo(r.revenue.total, r.orders.counted);
  r.as_of = opt.as_of;
  if (!r.as_of && ol.any) r.as_of = ol.latest;

  // Customer-level figures, the customers in two halves.
  uint32_t customers = static_cast<uint32_t>(t.customers.size());
  CustomerLevel cl, second;
  cl.guests.reserve(customers);  // room for both halves (untouched room costs no memory)
  second.guests.reserve(customers - customers / 2);
  fork([&] { customer_level(t, g, 0, customers / 2, &cl); },
       [&] { customer_level(t, g, customers / 2, customers, &second); });
  cl.take(std::move(second));
  const std::vector<CustomerSummary>& guests = cl.guests;
  r.orders.new_ = cl.customers;
  r.customers.registered = cl.registered;
  r.customers.converted = cl.converted;
  r.customers.guest = cl.guest;
  r.customers.total = r.customers.registered + r.customers.guest;
  r.orders.returning = r.orders.counted - r.orders.new_;
  r.conversion.converted = r.customers.converted;
  if (r.customers.guest + r.customers.converted)
    r.conversion.rate = static_cast<double>(r.customers.converted) /
                        static_cast<double>(r.customers.guest + r.customers.converted);

  // Geography, new guests per month, retention: the guests in two halves, merged.
  size_t n = guests.size();
  Geography geo(0), geo_second(0);
  fork([&] { geo = geography(t, g, guests, 0, n / 2, ol); },
       [&] { geo_second = geography(t, g, guests, n / 2, n, ol); });
  geo.take(geo_second, ol.first_month, ol.last_month);
  for (size_t m = 0; m < geo.new_guests.size(); ++m) r.monthly[m].new_guests = geo.new_guests[m];
  r.by_state = std::move(geo.by_state);
  r.by_city = std::move(geo.by_city);
  std::sort(r.by_state.begin(), r.by_state.end(), [](const Report::StateRow& a, const Report::StateRow& b) {
    if (a.guests != b.guests) return a.guests > b.guests;
    if (a.revenue != b.revenue) return a.revenue > b.revenue;
    return a.state < b.state;
  });
  std::sort(r.by_city.begin(), r.by_city.end(), [](const Report::CityRow& a, const Report::CityRow& b) {
    if (a.guests != b.guests) return a.guests > b.guests;
    if (a.revenue != b.revenue) return a.revenue > b.revenue;
    if (a.city != b.city) return a.city < b.city;
    return a.state < b.state;
  });
  r.retention = std::move(geo.cohorts);
  std::sort(r.retention.begin(), r.retention.end(),
            [](const Report::Cohort& a, const Report::Cohort& b) { return a.month < b.month; });

  // Guest value: repeat guests, lifetime value, days to convert.
  auto guest_value = [&] {
    r.guests.repeat = static_cast<uint64_t>(std::count_if(
        guests.begin(), guests.end(), [](const CustomerSummary& s) { return s.orders >= 2; }));
    if (n) {
      r.guests.repeat_rate = static_cast<double>(r.guests.repeat) / static_cast<double>(n);
      KoboSum sum = 0;
      std::vector<KoboSum> spent;
      spent.reserve(n);
      for (const CustomerSummary& s : guests) {
        sum += s.spent;
        spent.push_back(s.spent);
      }
      r.guests.lifetime_value_mean = mean_kobo(sum, n);
      r.guests.lifetime_value_median = median_kobo(std::move(spent));
    }
    std::vector<int64_t>& days = cl.days_to_convert_ms;
    if (!days.empty()) {
      std::sort(days.begin(), days.end());
      size_t m = days.size();
      double ms = m % 2 ? static_cast<double>(days[m / 2])
                        : (static_cast<double>(days[m / 2 - 1]) + static_cast<double>(days[m / 2])) / 2.0;
      r.conversion.median_days_to_convert = ms / static_cast<double>(kMsPerDay);
    }
  };
  // The top guests first (both parts below only read the guests), then their RFM scores
  // alongside the guest value figures.
  size_t top = std::min<size_t>(opt.top, n);
  std::partial_sort(cl.guests.begin(), cl.guests.begin() + static_cast<ptrdiff_t>(top),
                    cl.guests.end(), TopOrder{t});
  std::optional<RfmScorer> rfm;
  fork([&] { if (top) rfm.emplace(guests, guests.data(), top); }, guest_value);
  for (size_t i = 0; i < top; ++i) {
    RankedGuest rg;
    rg.profile = build_profile(t, g, guests[i]);
    rfm->score(i, &rg);
    r.top_guests.push_back(std::move(rg));
  }
  return r;
}

std::vector<std::pair<std::string, uint64_t>> Tracker::rfm_segments(const ReportOptions&) const {
  // (asOf is the same for every guest, so it changes no one's rank: no option changes a score.)
  const Impl& t = *impl_;
  Grouping g = group_counted(t, excluded_statuses(t));
  std::vector<CustomerSummary> guests;
  for (uint32_t c = 0; c < t.customers.size(); ++c)
    if (is_guest_customer(t, g, c)) guests.push_back(summarize(t, g, c));
  std::vector<std::pair<std::string, uint64_t>> counts;
  for (const char* name : kRfmSegments) counts.emplace_back(name, 0);
  if (guests.empty()) return counts;
  RfmScorer rfm(guests, guests.data(), guests.size());
  for (size_t i = 0; i < guests.size(); ++i) {
    RankedGuest rg;
    rfm.score(i, &rg);
    for (auto& [name, n] : counts)
      if (name == rg.segment) ++n;
  }
  return counts;
}

GuestPage Tracker::guests(const GuestQuery& q) const {
  const Impl& t = *impl_;
  Grouping g = group_counted(t, excluded_statuses(t));
  std::vector<CustomerSummary> list;
  std::string needle = normalize_email(q.search);  // trimmed, lowercased
  std::string phone_needle = phone_search_text(q.search);  // "0803 123" as stored: "+234803123"
  std::string folded;
  auto lower_contains = [&folded](std::string_view hay, const std::string& needle) {
    if (std::any_of(hay.begin(), hay.end(), [](char c) { return c & 0x80; })) {
      detail::lowercase_into(hay, &folded);  // as the needle was (lengths may change)
      return folded.find(needle) != std::string::npos;
    }
    if (needle.size() > hay.size()) return false;
    for (size_t i = 0; i + needle.size() <= hay.size(); ++i) {
      size_t k = 0;
      for (; k < needle.size(); ++k) {
        char c = hay[i + k];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
        if (c != needle[k]) break;
      }
      if (k == needle.size()) return true;
    }
    return false;
  };
  for (uint32_t c = 0; c < t.customers.size(); ++c) {
    if (!is_guest_customer(t, g, c)) continue;
    if (!needle.empty()) {
      static_assert(static_cast<int>(ContactField::phone) < 2 &&
                    static_cast<int>(ContactField::full_name) < 2);
      std::string_view contact[2];
      latest_contact(t, g, c, contact, 2);
      bool hit = lower_contains(t.customer_email(c), needle) ||
                 lower_contains(contact[static_cast<int>(ContactField::phone)], needle) ||
                 (!phone_needle.empty() &&
                  contact[static_cast<int>(ContactField::phone)].find(phone_needle) != std::string_view::npos) ||
                 lower_contains(contact[static_cast<int>(ContactField::full_name)], needle);
      if (!hit) continue;
    }
    list.push_back(summarize(t, g, c));
  }
  bool ascending = q.ascending.value_or(q.sort == GuestSort::email);
  auto email_less = [&t](const CustomerSummary& a, const CustomerSummary& b) {
    return t.customer_email(a.customer) < t.customer_email(b.customer);
  };
  // The default-direction order for each key; ascending=opposite reverses it whole.
  auto natural = [&](const CustomerSummary& a, const CustomerSummary& b) {
    switch (q.sort) {
      case GuestSort::spent: return TopOrder{t}(a, b);
      case GuestSort::orders:
        if (a.orders != b.orders) return a.orders > b.orders;
        return TopOrder{t}(a, b);
      case GuestSort::recent:
        if (a.last != b.last) return a.last > b.last;
        return email_less(a, b);
      case GuestSort::email: return email_less(a, b);
    }
    return false;
  };
  bool natural_ascending = q.sort == GuestSort::email;
  if (ascending == natural_ascending)
    std::sort(list.begin(), list.end(), natural);
  else
    std::sort(list.begin(), list.end(), [&](const CustomerSummary& a, const CustomerSummary& b) { return natural(b, a); });
  GuestPage page;
  page.total = list.size();
  uint64_t from = std::min<uint64_t>(q.offset, list.size());
  uint64_t to = from + std::min<uint64_t>(q.limit, list.size() - from);
  page.items.reserve(static_cast<size_t>(to - from));
  for (uint64_t i = from; i < to; ++i) page.items.push_back(build_profile(t, g, list[i]));
  return page;
}

std::optional<GuestProfile> Tracker::profile(std::string_view email) const {
  const Impl& t = *impl_;
  std::string key = normalize_email(email);
  int64_t c = t.find_customer('e', key);
  if (c < 0) return std::nullopt;
  Grouping g = group_one(t, static_cast<uint32_t>(c));
  if (!is_guest_customer(t, g, static_cast<uint32_t>(c))) return std::nullopt;
  return build_profile(t, g, summarize(t, g, static_cast<uint32_t>(c)));
}

}  // namespace guesttrack
