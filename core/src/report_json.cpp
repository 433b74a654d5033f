// report_json.cpp — the report and guest profiles as JSON, in SPEC §4–§5 key order.
#include "guesttrack/report.hpp"
#include "json_writer.hpp"

namespace guesttrack {
namespace {

using detail::JsonWriter;

void write_profile_fields(JsonWriter& w, const GuestProfile& p) {
  w.key("email");
  w.string(p.email);
  for (int f = 0; f < kContactFieldCount; ++f) {
    w.key(contact_field_name(static_cast<ContactField>(f)));
    w.optional_string(p.contact[f]);
  }
  w.key("totalOrders");
  w.number(p.total_orders);
  w.key("totalSpent");
  w.money(p.total_spent);
  w.key("averageOrderValue");
  w.money(p.average_order_value);
  w.key("firstPurchaseDate");
  w.string(format_iso8601(p.first_purchase_date));
  w.key("lastPurchaseDate");
  w.string(format_iso8601(p.last_purchase_date));
  w.key("orderIds");
  w.begin_array();
  for (const std::string& id : p.order_ids) w.string(id);
  w.end_array();
}

void write_profile(JsonWriter& w, const GuestProfile& p) {
  w.begin_object();
  write_profile_fields(w, p);
  w.end_object();
}

}  // namespace

std::string report_to_json(const Report& r, bool pretty) {
  std::string out;
  JsonWriter w(&out, pretty);
  w.begin_object();
  w.key("schema");
  w.string(kReportSchema);

  w.key("customers");
  w.begin_object();
  w.key("total"), w.number(r.customers.total);
  w.key("registered"), w.number(r.customers.registered);
  w.key("guest"), w.number(r.customers.guest);
  w.key("converted"), w.number(r.customers.converted);
  w.end_object();

  w.key("orders");
  w.begin_object();
  w.key("counted"), w.number(r.orders.counted);
  w.key("guest"), w.number(r.orders.guest);
  w.key("registered"), w.number(r.orders.registered);
  w.key("new"), w.number(r.orders.new_);
  w.key("returning"), w.number(r.orders.returning);
  w.key("excluded");
  w.begin_object();
  for (const auto& [status, n] : r.orders.excluded) w.key(status), w.number(n);
  w.end_object();
  w.key("duplicates"), w.number(r.orders.duplicates);
  w.key("rejected"), w.number(r.orders.rejected);
  w.end_object();

  w.key("revenue");
  w.begin_object();
  w.key("guest"), w.money(r.revenue.guest);
  w.key("registered"), w.money(r.revenue.registered);
  w.key("total"), w.money(r.revenue.total);
  w.key("guestShare"), w.optional_number(r.revenue.guest_share);
  w.end_object();

  w.key("averageOrderValue");
  w.begin_object();
  w.key("guest"), w.optional_money(r.average_order_value.guest);
  w.key("registered"), w.optional_money(r.average_order_value.registered);
  w.key("all"), w.optional_money(r.average_order_value.all);
  w.end_object();

  w.key("guests");
  w.begin_object();
  w.key("repeat"), w.number(r.guests.repeat);
  w.key("repeatRate"), w.optional_number(r.guests.repeat_rate);
  w.key("lifetimeValue");
  w.begin_object();
  w.key("mean"), w.optional_money(r.guests.lifetime_value_mean);
  w.key("median"), w.optional_money(r.guests.lifetime_value_median);
  w.end_object();
  w.end_object();

  w.key("conversion");
  w.begin_object();
  w.key("converted"), w.number(r.conversion.converted);
  w.key("rate"), w.optional_number(r.conversion.rate);
  w.key("medianDaysToConvert"), w.optional_number(r.conversion.median_days_to_convert);
  w.end_object();

  w.key("geography");
  w.begin_object();
  w.key("byState");
  w.begin_array();
  for (const Report::StateRow& s : r.by_state) {
    w.begin_object();
    w.key("state"), w.string(s.state);
    w.key("guests"), w.number(s.guests);
    w.key("revenue"), w.money(s.revenue);
    w.end_object();
  }
  w.end_array();
  w.key("byCity");
  w.begin_array();
  for (const Report::CityRow& c : r.by_city) {
    w.begin_object();
    w.key("city"), w.string(c.city);
    w.key("state"), w.string(c.state);
    w.key("guests"), w.number(c.guests);
    w.key("revenue"), w.money(c.revenue);
    w.end_object();
  }
  w.end_array();
  w.end_object();

  w.key("monthly");
  w.begin_array();
  for (const Report::MonthRow& m : r.monthly) {
    w.begin_object();
    w.key("month"), w.string(format_month(m.month));
    w.key("newGuests"), w.number(m.new_guests);
    w.key("guestOrders"), w.number(m.guest_orders);
    w.key("guestRevenue"), w.money(m.guest_revenue);
    w.key("registeredOrders"), w.number(m.registered_orders);
    w.key("registeredRevenue"), w.money(m.registered_revenue);
    w.end_object();
  }
  w.end_array();

  w.key("retention");
  w.begin_array();
  for (const Report::Cohort& c : r.retention) {
    w.begin_object();
    w.key("cohort"), w.string(format_month(c.month));
    w.key("size"), w.number(c.size);
    w.key("returned");
    w.begin_array();
    for (uint64_t n : c.returned) w.number(n);
    w.end_array();
    w.end_object();
  }
  w.end_array();

  w.key("topGuests");
  w.begin_array();
  for (const RankedGuest& g : r.top_guests) {
    w.begin_object();
    write_profile_fields(w, g.profile);
    char rfm[4] = {static_cast<char>('0' + g.recency), static_cast<char>('0' + g.frequency),
                   static_cast<char>('0' + g.monetary), '\0'};
    w.key("rfm"), w.string(rfm);
    w.key("segment"), w.string(g.segment);
    w.end_object();
  }
  w.end_array();

  w.key("dataQuality");
  w.begin_object();
  w.key("rejected");
  w.begin_array();
  for (const RejectedRecord& rj : r.data_quality.rejected) {
    w.begin_object();
    w.key("index"), w.number(rj.index);
    w.key("orderId"), w.optional_string(rj.order_id);
    w.key("reason"), w.string(rejection_reason(rj.reason));
    w.end_object();
  }
  w.end_array();
  w.key("emailsNormalised"), w.number(r.data_quality.emails_normalised);
  w.key("statesNormalised"), w.number(r.data_quality.states_normalised);
  w.end_object();

  w.key("asOf");
  if (r.as_of) w.string(format_iso8601(*r.as_of));
  else w.null();
  w.end_object();
  if (pretty) out.push_back('\n');
  return out;
}

std::string profile_to_json(const GuestProfile& profile, bool pretty) {
  std::string out;
  JsonWriter w(&out, pretty);
  write_profile(w, profile);
  if (pretty) out.push_back('\n');
  return out;
}

std::string profiles_to_json(const std::vector<GuestProfile>& profiles, bool pretty) {
  std::string out;
  JsonWriter w(&out, pretty);
  w.begin_array();
  for (const GuestProfile& p : profiles) write_profile(w, p);
  w.end_array();
  if (pretty) out.push_back('\n');
  return out;
}

}  // namespace guesttrack
