// helpers.cpp — option documents in, result objects out, for the Embind bindings (bindings.cpp).
//
// The JavaScript wrapper validates every argument first and throws `invalid_argument`; the checks
// here are the second line, so that a raw call can never reach the core with an option out of
// range. nlohmann is used without exceptions: parse(…, allow_exceptions = false) and a type test
// before every read.
#include "helpers.hpp"

#include <cmath>
#include <cstdint>
#include <limits>

#include <nlohmann/json.hpp>

namespace guesttrack::wasm {
namespace {

using nlohmann::json;

Status bad_option(const std::string& message) {
  return Status::error(ErrorCode::invalid_option, message);
}

Status parse_object(std::string_view text, json* out) {
  *out = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (out->is_discarded() || !out->is_object()) return bad_option("options must be a JSON object");
  return Status::success();
}

// An integral JSON number in [min, max].
bool get_integer(const json& v, int64_t min, int64_t max, int64_t* out) {
  int64_t n;
  if (v.is_number_unsigned()) {
    uint64_t u = v.get<uint64_t>();
    if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return false;
    n = static_cast<int64_t>(u);
  } else if (v.is_number_integer()) {
    n = v.get<int64_t>();
  } else if (v.is_number_float()) {
    double d = v.get<double>();
    if (!std::isfinite(d) || std::trunc(d) != d || d < -9.0e15 || d > 9.0e15) return false;
    n = static_cast<int64_t>(d);
  } else {
    return false;
  }
  if (n < min || n > max) return false;
  *out = n;
  return true;
}

Status read_tz(const json& doc, int* tz) {
  auto it = doc.find("tzOffsetMinutes");
  if (it == doc.end() || it->is_null()) return Status::success();
  int64_t n;
  if (!get_integer(*it, -1440, 1440, &n))
    return bad_option("tzOffsetMinutes must be a whole number from -1440 to 1440");
  *tz = static_cast<int>(n);
  return Status::success();
}

}  // namespace

Status parse_tracker_options(std::string_view text, TrackerOptions* tracker, int* tz) {
  json doc;
  if (Status s = parse_object(text, &doc); !s) return s;
  auto it = doc.find("excludeStatuses");
  if (it != doc.end() && !it->is_null()) {
    if (!it->is_array()) return bad_option("excludeStatuses must be an array of strings");
    tracker->exclude_statuses.clear();
    for (const json& item : *it) {
      if (!item.is_string()) return bad_option("excludeStatuses must be an array of strings");
      std::string s = normalize_status(item.get_ref<const std::string&>());
      if (!s.empty()) tracker->exclude_statuses.push_back(std::move(s));
    }
  }
  return read_tz(doc, tz);
}

Status parse_report_options(std::string_view text, ReportOptions* report, bool* strict) {
  json doc;
  if (Status s = parse_object(text, &doc); !s) return s;
  int64_t n;
  if (auto it = doc.find("top"); it != doc.end() && !it->is_null()) {
    if (!get_integer(*it, 0, 1'000'000, &n)) return bad_option("top must be a whole number from 0 to 1000000");
    report->top = static_cast<size_t>(n);
  }
  if (auto it = doc.find("asOfMs"); it != doc.end() && !it->is_null()) {
    if (!get_integer(*it, kMinEpochMs, kMaxEpochMs, &n)) return bad_option("asOfMs must be epoch milliseconds in years 1 to 9999");
    report->as_of = n;
  }
  if (auto it = doc.find("strict"); it != doc.end() && !it->is_null()) {
    if (!it->is_boolean()) return bad_option("strict must be a boolean");
    if (strict) *strict = it->get<bool>();
  }
  return read_tz(doc, &report->tz_offset_minutes);
}

Status parse_guest_query(std::string_view text, GuestQuery* query) {
  json doc;
  if (Status s = parse_object(text, &doc); !s) return s;
  if (auto it = doc.find("sort"); it != doc.end() && !it->is_null()) {
    std::optional<GuestSort> sort;
    if (it->is_string()) sort = parse_guest_sort(it->get_ref<const std::string&>());
    if (!sort) return bad_option("sort must be spent, orders, recent or email");
    query->sort = *sort;
  }
  if (auto it = doc.find("order"); it != doc.end() && !it->is_null()) {
    if (*it == "asc") query->ascending = true;
    else if (*it == "desc") query->ascending = false;
    else return bad_option("order must be asc or desc");
  }
  int64_t n;
  if (auto it = doc.find("offset"); it != doc.end() && !it->is_null()) {
    if (!get_integer(*it, 0, std::numeric_limits<int64_t>::max(), &n)) return bad_option("offset must be a whole number >= 0");
    query->offset = static_cast<uint64_t>(n);
  }
  if (auto it = doc.find("limit"); it != doc.end() && !it->is_null()) {
    if (!get_integer(*it, 1, std::numeric_limits<int64_t>::max(), &n)) return bad_option("limit must be a whole number >= 1");
    query->limit = static_cast<uint64_t>(n);
  }
  if (auto it = doc.find("search"); it != doc.end() && !it->is_null()) {
    if (!it->is_string()) return bad_option("search must be a string");
    query->search = it->get<std::string>();
  }
  return Status::success();
}

std::string ingest_result_to_json(const IngestResult& r) {
  json rejected = json::array();
  for (const RejectedRecord& rec : r.rejected) {
    rejected.push_back({{"index", rec.index},
                        {"orderId", rec.order_id ? json(*rec.order_id) : json(nullptr)},
                        {"reason", rejection_reason(rec.reason)}});
  }
  nlohmann::ordered_json doc = {{"records", r.records},     {"accepted", r.accepted}, {"duplicates", r.duplicates},
              {"unchanged", r.unchanged}, {"rejected", std::move(rejected)}};
  return doc.dump(-1, ' ', false, json::error_handler_t::replace);
}

namespace {

// Appends `s` as a JSON string (quotes included); nlohmann escapes it.
void append_string(std::string_view s, std::string* out) {
  out->append(json(std::string(s)).dump(-1, ' ', false, json::error_handler_t::replace));
}

void append_key(const char* key, std::string* out) {
  out->push_back(',');
  out->push_back('"');
  out->append(key);
  out->append("\":");
}

// Collects every record as one JSON object of the array parse_records_to_json() returns.
class RecordsJsonSink : public OrderSink {
 public:
  explicit RecordsJsonSink(std::string* out) : out_(out) {}

  void on_order(uint64_t index, const Order& o) override {
    begin(index);
    append_string(o.id, out_);
    out_->append(",\"reason\":null");
    append_key("customer", out_);
    if (!o.email.empty()) append_string(o.email, out_);
    else append_string("buyer:" + std::string(o.buyer_id), out_);
    append_key("email", out_);
    if (o.email.empty()) out_->append("null");
    else append_string(o.email, out_);
    append_key("buyerId", out_);
    if (o.buyer_id.empty()) out_->append("null");
    else append_string(o.buyer_id, out_);
    append_key("status", out_);
    if (o.has_status) append_string(o.status, out_);
    else out_->append("null");
    append_key("total", out_);
    append_string(format_naira(o.total), out_);
    append_key("totalKobo", out_);
    append_string(std::to_string(o.total), out_);
    append_key("createdAt", out_);
    append_string(format_iso8601(o.created_at), out_);
    append_key("versionTime", out_);
    append_string(format_iso8601(o.version_time), out_);
    append_key("raw", out_);
    append_string(o.raw, out_);
    out_->push_back('}');
  }

  void on_rejected(const RejectedRecord& r) override {
    begin(r.index);
    if (r.order_id) append_string(*r.order_id, out_);
    else out_->append("null");
    append_key("reason", out_);
    append_string(rejection_reason(r.reason), out_);
    out_->append(
        ",\"customer\":null,\"email\":null,\"buyerId\":null,\"status\":null,\"total\":null,"
        "\"totalKobo\":null,\"createdAt\":null,\"versionTime\":null,\"raw\":null}");
  }

 private:
  void begin(uint64_t index) {
    out_->append(first_ ? "{\"index\":" : ",{\"index\":");
    first_ = false;
    out_->append(std::to_string(index));
    out_->append(",\"orderId\":");
  }

  std::string* out_;
  bool first_ = true;
};

}  // namespace

Status parse_records_to_json(const char* data, size_t len, std::string* out) {
  std::string text = "[";
  RecordsJsonSink sink(&text);
  if (Status s = parse_orders(data, len, sink); !s) return s;
  text.push_back(']');
  *out = std::move(text);
  return Status::success();
}

std::string error_code_names_json() {
  json names = json::array();
  // Every value the enum has, however many the core adds: the names end where "unknown" starts.
  for (int c = static_cast<int>(ErrorCode::ok) + 1; c < 256; ++c) {
    std::string_view name = error_code_name(static_cast<ErrorCode>(c));
    if (name == "unknown") break;
    names.push_back(name);
  }
  return names.dump();
}

emscripten::val ok_text(const std::string& text) {
  emscripten::val v = emscripten::val::object();
  v.set("ok", true);
  v.set("text", text);
  return v;
}

emscripten::val ok_empty() {
  emscripten::val v = emscripten::val::object();
  v.set("ok", true);
  return v;
}

emscripten::val failure(const Status& status) {
  emscripten::val v = emscripten::val::object();
  v.set("ok", false);
  v.set("code", std::string(error_code_name(status.code)));
  v.set("message", status.message);
  // Only an error in the input has a place in it (offset; line when known).
  switch (status.code) {
    case ErrorCode::empty_input:
    case ErrorCode::invalid_json:
    case ErrorCode::invalid_utf8:
    case ErrorCode::too_deep:
    case ErrorCode::not_orders:
      v.set("offset", static_cast<double>(status.offset));
      if (status.line != 0) v.set("line", static_cast<double>(status.line));
      break;
    default: break;
  }
  return v;
}

}  // namespace guesttrack::wasm
