// bindings.cpp — the one EMSCRIPTEN_BINDINGS block: the core's entry points as raw, underscore-
// named functions and the `_Tracker` class. wasm/index.js wraps them in the public API.
//
// Conventions of every raw call:
// - input documents arrive as (ptr, len) of bytes the wrapper copied into WASM memory, with
//   kInputPadding readable bytes after them; the wrapper owns and frees that memory;
// - options arrive as a small JSON object (helpers.cpp parses and re-checks them);
// - no C++ exception is thrown: a call returns `{ok: true, ...}` or
//   `{ok: false, code, message, offset, line}` with `code` from error_code_name();
// - JSON text comes from the core's writers (report_to_json, profiles_to_json,
//   profile_to_json), the very functions the CLI prints with.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cmath>
#include <cstdint>
#include <string>

#include "guesttrack/guesttrack.hpp"
#include "helpers.hpp"

namespace gt = guesttrack;
using emscripten::val;
using gt::wasm::failure;
using gt::wasm::ok_empty;
using gt::wasm::ok_text;

namespace {

const char* as_bytes(uintptr_t ptr) { return reinterpret_cast<const char*>(ptr); }

// The CLI's message for --strict (native/main.cpp), so both say the same.
gt::Status strict_failure(const gt::Tracker& t) {
  return gt::Status::error(gt::ErrorCode::strict_rejected, "strict: " + t.first_rejection_text());
}

// A Tracker and the UTC offset its reports take months at.
class RawTracker {
 public:
  // Replaces the tracker with an empty one holding these options.
  val configure(const std::string& options_json) {
    gt::TrackerOptions options;
    int tz = 0;
    if (gt::Status s = gt::wasm::parse_tracker_options(options_json, &options, &tz); !s)
      return failure(s);
    tracker_ = gt::Tracker(std::move(options));
    tz_offset_minutes_ = tz;
    return ok_empty();
  }

  // Sets the UTC offset only (a restored tracker keeps the statuses its snapshot holds).
  val setTzOffset(int minutes) {
    if (minutes < -1440 || minutes > 1440)
      return failure(gt::Status::error(gt::ErrorCode::invalid_option,
                                       "tzOffsetMinutes must be from -1440 to 1440"));
    tz_offset_minutes_ = minutes;
    return ok_empty();
  }

  // All or nothing (Tracker::ingest). `text` is the IngestResult as JSON.
  val ingest(uintptr_t ptr, size_t len) {
    gt::IngestResult result;
    if (gt::Status s = tracker_.ingest(as_bytes(ptr), len, &result); !s) return failure(s);
    return ok_text(gt::wasm::ingest_result_to_json(result));
  }

  val reportJson(const std::string& options_json, bool pretty) const {
    gt::ReportOptions options;
    options.tz_offset_minutes = tz_offset_minutes_;
    if (gt::Status s = gt::wasm::parse_report_options(options_json, &options, nullptr); !s)
      return failure(s);
    return ok_text(gt::report_to_json(tracker_.report(options), pretty));
  }

  // `{ok, text}`: {"champions": n, …} over every guest customer (Tracker::rfm_segments).
  val rfmSegmentsJson(const std::string& options_json) const {
    gt::ReportOptions options;
    options.tz_offset_minutes = tz_offset_minutes_;
    if (gt::Status s = gt::wasm::parse_report_options(options_json, &options, nullptr); !s)
      return failure(s);
    std::string text = "{";
    for (const auto& [segment, n] : tracker_.rfm_segments(options))
      text += (text.size() > 1 ? ",\"" : "\"") + segment + "\":" + std::to_string(n);
    return ok_text(text + "}");
  }

  // `{ok, total, text}`: text is the page's profiles as a JSON array.
  val guestsJson(const std::string& query_json, bool pretty) const {
    gt::GuestQuery query;
    if (gt::Status s = gt::wasm::parse_guest_query(query_json, &query); !s) return failure(s);
    gt::GuestPage page = tracker_.guests(query);
    val v = ok_text(gt::profiles_to_json(page.items, pretty));
    v.set("total", static_cast<double>(page.total));
    return v;
  }

  val profileJson(const std::string& email, bool pretty) const {
    std::optional<gt::GuestProfile> p = tracker_.profile(email);
    if (!p)
      return failure(gt::Status::error(gt::ErrorCode::not_found,
                                       gt::normalize_email(email) + " is not a guest customer"));
    return ok_text(gt::profile_to_json(*p, pretty));
  }

  void clearRecordCounts() { tracker_.clear_record_counts(); }

  val merge(const RawTracker& other) {
    if (gt::Status s = tracker_.merge(other.tracker_); !s) return failure(s);
    return ok_empty();
  }

  // `{ok, bytes}`: the snapshot copied into a fresh Uint8Array.
  val snapshot() const {
    std::string bytes = tracker_.snapshot();
    val v = ok_empty();
    v.set("bytes", val::global("Uint8Array")
                       .new_(emscripten::typed_memory_view(bytes.size(),
                                                           reinterpret_cast<const uint8_t*>(bytes.data()))));
    return v;
  }

  // Replaces the tracker with the one a snapshot holds; on failure it is left as it was.
  val restore(uintptr_t ptr, size_t len) {
    gt::Tracker restored;
    if (gt::Status s = gt::Tracker::restore(std::string_view(as_bytes(ptr), len), &restored); !s)
      return failure(s);
    tracker_ = std::move(restored);
    return ok_empty();
  }

 private:
  gt::Tracker tracker_;
  int tz_offset_minutes_ = 0;
};

// One shot, as `guesttrack report FILE` does it: a fresh tracker, one streaming pass.
val report_once(uintptr_t ptr, size_t len, const std::string& options_json, bool pretty) {
  gt::TrackerOptions tracker_options;
  gt::ReportOptions report_options;
  int tz = 0;
  bool strict = false;
  if (gt::Status s = gt::wasm::parse_tracker_options(options_json, &tracker_options, &tz); !s)
    return failure(s);
  if (gt::Status s = gt::wasm::parse_report_options(options_json, &report_options, &strict); !s)
    return failure(s);
  gt::Tracker tracker(std::move(tracker_options));
  if (gt::Status s = tracker.ingest_stream(as_bytes(ptr), len); !s) return failure(s);
  if (strict && tracker.rejected_count() > 0) return failure(strict_failure(tracker));
  return ok_text(gt::report_to_json(tracker.report(report_options), pretty));
}

// Every record of a document with its key fields and raw text (helpers.hpp), for a store.
val parse_records(uintptr_t ptr, size_t len) {
  std::string text;
  if (gt::Status s = gt::wasm::parse_records_to_json(as_bytes(ptr), len, &text); !s) return failure(s);
  return ok_text(text);
}

// How many line feeds bytes [ptr, ptr + len) hold: ingestNdjson numbers an error's line in the
// whole stream from the chunks before it.
double count_lines(uintptr_t ptr, size_t len) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(ptr);
  size_t n = 0;
  for (size_t i = 0; i < len; ++i) n += p[i] == '\n';
  return static_cast<double>(n);
}

// Epoch milliseconds of an ISO-8601 text by the core's rules, or NaN.
double parse_iso8601(const std::string& text) {
  gt::EpochMs ms;
  return gt::parse_iso8601(text, &ms) ? static_cast<double>(ms) : std::nan("");
}

// An email as the core keys customers by (SPEC §2).
std::string normalize_email(const std::string& email) { return gt::normalize_email(email); }
std::string phone_search_text(const std::string& query) { return gt::phone_search_text(query); }

std::string version() { return gt::kVersion; }
size_t input_padding() { return gt::kInputPadding; }

}  // namespace

EMSCRIPTEN_BINDINGS(guesttrack) {
  emscripten::class_<RawTracker>("_Tracker")
      .constructor<>()
      .function("_configure", &RawTracker::configure)
      .function("_setTzOffset", &RawTracker::setTzOffset)
      .function("_ingest", &RawTracker::ingest)
      .function("_reportJson", &RawTracker::reportJson)
      .function("_guestsJson", &RawTracker::guestsJson)
      .function("_rfmSegmentsJson", &RawTracker::rfmSegmentsJson)
      .function("_profileJson", &RawTracker::profileJson)
      .function("_merge", &RawTracker::merge)
      .function("_clearRecordCounts", &RawTracker::clearRecordCounts)
      .function("_snapshot", &RawTracker::snapshot)
      .function("_restore", &RawTracker::restore);
  emscripten::function("_reportOnce", &report_once);
  emscripten::function("_parseRecords", &parse_records);
  emscripten::function("_parseIso8601", &parse_iso8601);
  emscripten::function("_countLines", &count_lines);
  emscripten::function("_normalizeEmail", &normalize_email);
  emscripten::function("_phoneSearchText", &phone_search_text);
  emscripten::function("_errorCodeNames", &gt::wasm::error_code_names_json);
  emscripten::function("_version", &version);
  emscripten::function("_inputPadding", &input_padding);
}
