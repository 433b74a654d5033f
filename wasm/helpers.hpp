// helpers.hpp — conversions between the JavaScript side and the core for the Embind bindings:
// option documents in (small JSON, parsed with nlohmann), results out (`{ok, ...}` objects whose
// JSON text comes from the core's own writers, so it equals the CLI's byte for byte).
#pragma once

#include <emscripten/val.h>

#include <string>
#include <string_view>

#include "guesttrack/guesttrack.hpp"

namespace guesttrack::wasm {

/// Tracker options: `{"excludeStatuses": [..], "tzOffsetMinutes": n}`, both optional.
/// Statuses are normalised and empty ones dropped, as the CLI's --exclude-status does.
Status parse_tracker_options(std::string_view json, TrackerOptions* tracker, int* tz_offset_minutes);

/// Report options: `{"top": n, "asOfMs": n, "tzOffsetMinutes": n, "strict": bool}`, all optional.
/// `strict` is written to `*strict` when given (may be null when not wanted).
Status parse_report_options(std::string_view json, ReportOptions* report, bool* strict);

/// Guest query: `{"sort": "spent", "order": "asc"|"desc", "offset": n, "limit": n,
/// "search": ".."}`, all optional.
Status parse_guest_query(std::string_view json, GuestQuery* query);

/// What ingest() did, as JSON: `{"records","accepted","duplicates","unchanged","rejected":[...]}`.
std::string ingest_result_to_json(const IngestResult& result);

/// Every record of a document, accepted or not, for a store that keeps each order (the Node
/// server's sync): a JSON array of `{index, orderId, reason, customer, email, buyerId, status,
/// total, totalKobo, createdAt, versionTime, raw}` in document order. `reason` is null for an
/// accepted record; a rejected one has only index, orderId and reason set (the rest null).
/// `customer` is the SPEC §3 key (the normalised email, or `buyer:<buyerId>`), `total` naira
/// text with two decimals, `totalKobo` the kobo as a decimal string, dates ISO-8601 UTC with
/// milliseconds (`versionTime`: updatedAt when usable, else createdAt), `raw` the record's JSON
/// text as written. All or nothing: an input error returns its status and no text.
Status parse_records_to_json(const char* data, size_t len, std::string* out);

/// The names of every ErrorCode but `ok`, as a JSON array (the wrapper's error table is tested
/// against it).
std::string error_code_names_json();

/// `{ok: true, text}`.
emscripten::val ok_text(const std::string& text);
/// `{ok: true}`.
emscripten::val ok_empty();
/// `{ok: false, code, message, offset, line}`.
emscripten::val failure(const Status& status);

}  // namespace guesttrack::wasm
