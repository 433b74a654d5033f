// errors.js — the one error type the guesttrack package throws, and the one table of its codes.
//
// Codes from the C++ core are its error_code_name() strings (core/include/guesttrack/status.hpp);
// the rest are raised by the JavaScript wrapper. tests/wasm/errors.test.mjs checks this table
// against the codes the compiled core reports, and that each code can actually be raised.

/** Every code a GuestTrackError can carry, with what it means. */
export const ERROR_CODES = Object.freeze({
  // From the core.
  empty_input: "the input holds no JSON value at all (empty or white space only)",
  invalid_json: "the input is not JSON or NDJSON (syntax error, truncation, bad literal)",
  invalid_utf8: "the input holds a byte sequence that is not UTF-8",
  too_deep: "the input nests deeper than the core accepts",
  not_orders: "valid JSON, but not an array of orders, an {orders|data} object or NDJSON of objects",
  strict_rejected: "strict mode: an order was rejected",
  invalid_option: "an option reached the core out of range (the wrapper checks first, so this means a bug)",
  options_mismatch: "the two trackers exclude different statuses and cannot be merged",
  invalid_snapshot: "the bytes are not a snapshot of this version of guesttrack",
  not_found: "no guest customer with that email",
  // From the JavaScript wrapper.
  invalid_argument: "an argument has the wrong type, an unknown key or a value out of range",
  disposed: "the tracker was disposed",
  out_of_memory: "the input does not fit in WebAssembly memory (4 GB at most)",
  load_failed: "the WebAssembly module could not be fetched or instantiated",
  aborted: "the WebAssembly module stopped on an internal error; load a new one",
});

/** The codes that come from the C++ core (the rest come from the wrapper). */
export const CORE_ERROR_CODES = Object.freeze([
  "empty_input", "invalid_json", "invalid_utf8", "too_deep", "not_orders", "strict_rejected",
  "invalid_option", "options_mismatch", "invalid_snapshot", "not_found",
]);

/**
 * The error every guesttrack call throws. `code` is a key of ERROR_CODES; input errors also
 * carry the byte `offset` (0-based) and, when known, the `line` (1-based) they were found at.
 */
export class GuestTrackError extends Error {
  constructor(code, message, details = {}) {
    if (!Object.prototype.hasOwnProperty.call(ERROR_CODES, code)) {
      throw new TypeError(`GuestTrackError: unknown code ${JSON.stringify(code)}`);
    }
    super(message || ERROR_CODES[code], details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "GuestTrackError";
    this.code = code;
    if (details.offset !== undefined) this.offset = details.offset;
    if (details.line !== undefined) this.line = details.line;
  }
}
