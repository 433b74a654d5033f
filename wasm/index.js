// index.js — the `guesttrack` package: the C++ core (compiled to WebAssembly) behind a small,
// checked JavaScript API. Works unchanged in Node >= 20 and in browsers.
//
// Everything here is a thin layer over the raw Embind entry points of wasm/bindings.cpp:
// arguments are checked and turned into small option documents, input bytes are copied once into
// WASM memory (with the core's padding after them) and parsed there, results come back as the
// core's JSON text, and every failure becomes one GuestTrackError with a stable `.code`.
import createGuestTrackCore from "./dist/guesttrack-core.js";
import { CORE_ERROR_CODES, ERROR_CODES, GuestTrackError } from "./errors.js";

export { CORE_ERROR_CODES, ERROR_CODES, GuestTrackError };

const WASM_FILE = "guesttrack-core.wasm";
const MAX_MEMORY = 2 ** 32; // MAXIMUM_MEMORY in wasm/CMakeLists.txt
const SORT_KEYS = ["spent", "orders", "recent", "email"];
const TRACKER_KEYS = ["excludeStatuses", "tzOffsetMinutes"];
const REPORT_KEYS = ["top", "asOf"];
const ONE_SHOT_KEYS = [...TRACKER_KEYS, ...REPORT_KEYS, "strict"];
const GUEST_KEYS = ["sort", "order", "limit", "offset", "search"];
const isNode = typeof process === "object" && typeof process.versions?.node === "string";

// ---------------------------------------------------------------------------------------------
// Loading

/**
 * Loads the WebAssembly module and returns a GuestTrack instance (each call: a new module with
 * its own memory). Options: `wasmBinary` (the .wasm bytes), `wasmUrl` (where to fetch it), or
 * `locateFile(name, scriptDirectory)` (Emscripten's hook, returning a URL). By default the .wasm
 * beside this file is read (Node) or fetched (browsers).
 */
export async function loadGuestTrack(options = {}) {
  checkKeys(options, ["wasmBinary", "wasmUrl", "locateFile"], "loadGuestTrack options");
  let wasmBinary;
  try {
    wasmBinary = await wasmBytes(options);
  } catch (e) {
    if (e instanceof GuestTrackError) throw e;
    throw new GuestTrackError("load_failed", `cannot load ${WASM_FILE}: ${e?.message ?? e}`, { cause: e });
  }
  let core;
  try {
    core = await createGuestTrackCore({ wasmBinary, print: () => {}, printErr: () => {} });
  } catch (e) {
    throw new GuestTrackError("load_failed", `cannot instantiate ${WASM_FILE}: ${e?.message ?? e}`, { cause: e });
  }
  return new GuestTrack(core);
}

async function wasmBytes(options) {
  if (options.wasmBinary !== undefined) {
    const bytes = asBytes(options.wasmBinary);
    if (!bytes) throw new GuestTrackError("invalid_argument", "wasmBinary must be an ArrayBuffer or a typed array");
    return bytes;
  }
  let url;
  if (options.wasmUrl !== undefined) {
    if (typeof options.wasmUrl !== "string" && !(options.wasmUrl instanceof URL)) {
      throw new GuestTrackError("invalid_argument", "wasmUrl must be a string or a URL");
    }
    url = options.wasmUrl;
  } else if (options.locateFile !== undefined) {
    if (typeof options.locateFile !== "function") {
      throw new GuestTrackError("invalid_argument", "locateFile must be a function");
    }
    url = options.locateFile(WASM_FILE, new URL("./dist/", import.meta.url).href);
  } else {
    url = new URL(`./dist/${WASM_FILE}`, import.meta.url);
  }
  const base = isNode ? `file://${process.cwd()}/` : globalThis.location?.href;
  url = new URL(url, base);
  if (url.protocol === "file:") {
    if (!isNode) throw new Error(`${url.href}: file URLs can only be read in Node`);
    const fs = process.getBuiltinModule?.("fs") ?? (await import("node:fs"));
    const { fileURLToPath } = process.getBuiltinModule?.("url") ?? (await import("node:url"));
    return new Uint8Array(fs.readFileSync(fileURLToPath(url)));
  }
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok) throw new Error(`${url.href}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

// ---------------------------------------------------------------------------------------------
// Argument checks

function fail(message) {
  throw new GuestTrackError("invalid_argument", message);
}

function checkKeys(options, allowed, what) {
  if (options === undefined) return {};
  if (options === null || typeof options !== "object" || Array.isArray(options)) fail(`${what} must be an object`);
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) fail(`${what}: unknown option "${key}" (known: ${allowed.join(", ")})`);
  }
  return options;
}

function isWhole(v) {
  return typeof v === "number" && Number.isSafeInteger(v);
}

function wholeInRange(v, min, max, name) {
  if (!isWhole(v) || v < min || v > max) fail(`${name} must be a whole number from ${min} to ${max}, not ${describe(v)}`);
  return v;
}

function describe(v) {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean" || v == null) return String(v);
  return Array.isArray(v) ? "an array" : typeof v;
}

function trackerOptions(o, doc) {
  if (o.excludeStatuses !== undefined) {
    if (!Array.isArray(o.excludeStatuses) || !o.excludeStatuses.every((s) => typeof s === "string")) {
      fail("excludeStatuses must be an array of strings");
    }
    doc.excludeStatuses = o.excludeStatuses;
  }
  if (o.tzOffsetMinutes !== undefined) doc.tzOffsetMinutes = wholeInRange(o.tzOffsetMinutes, -1440, 1440, "tzOffsetMinutes");
  return doc;
}

function reportOptions(core, o, doc) {
  if (o.top !== undefined) doc.top = wholeInRange(o.top, 0, 1_000_000, "top");
  if (o.asOf !== undefined) {
    let ms = NaN;
    if (o.asOf instanceof Date) ms = o.asOf.getTime();
    else if (typeof o.asOf === "string") ms = core._parseIso8601(o.asOf);
    if (!Number.isFinite(ms) || ms < -62135596800000 || ms > 253402300799999) {
      fail(`asOf must be an ISO-8601 date (e.g. "2024-12-31" or "2024-12-31T23:59:59Z") or a Date, not ${describe(o.asOf)}`);
    }
    doc.asOfMs = ms;
  }
  return doc;
}

function guestQuery(o) {
  const doc = {};
  if (o.sort !== undefined) {
    if (!SORT_KEYS.includes(o.sort)) fail(`sort must be one of ${SORT_KEYS.join(", ")}, not ${describe(o.sort)}`);
    doc.sort = o.sort;
  }
  if (o.order !== undefined) {
    if (o.order !== "asc" && o.order !== "desc") fail(`order must be "asc" or "desc", not ${describe(o.order)}`);
    doc.order = o.order;
  }
  if (o.limit !== undefined && o.limit !== Infinity) {
    if (!isWhole(o.limit) || o.limit < 1) fail(`limit must be a positive whole number (or Infinity), not ${describe(o.limit)}`);
    doc.limit = o.limit;
  }
  if (o.offset !== undefined) doc.offset = wholeInRange(o.offset, 0, Number.MAX_SAFE_INTEGER, "offset");
  if (o.search !== undefined) {
    if (typeof o.search !== "string") fail(`search must be a string, not ${describe(o.search)}`);
    doc.search = o.search;
  }
  return doc;
}

function checkPretty(o) {
  if (o.pretty !== undefined && typeof o.pretty !== "boolean") fail("pretty must be a boolean");
  return o.pretty === true;
}

function withoutPretty(o) {
  if (o === undefined || o === null || typeof o !== "object") return o;
  const { pretty, ...rest } = o;
  return rest;
}

// ---------------------------------------------------------------------------------------------
// Bytes into WASM memory

function asBytes(v) {
  if (v instanceof Uint8Array) return v;
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  return null;
}

const encoder = new TextEncoder();

// What an `input` argument is: bytes to copy, a string to encode, or a source that writes itself.
function inputOf(input) {
  const bytes = asBytes(input);
  if (bytes) return { size: bytes.length, write: (dest) => (dest.set(bytes), bytes.length) };
  if (typeof input === "string") return stringInput(input);
  if (Array.isArray(input)) {
    let text;
    try {
      text = JSON.stringify(input);
    } catch (e) {
      fail(`the orders cannot be written as JSON: ${e.message}`);
    }
    return stringInput(text);
  }
  if (input !== null && typeof input === "object" && typeof input.readInto === "function") {
    const size = input.byteLength;
    if (!isWhole(size) || size < 0) fail(`a byte source's byteLength must be a whole number >= 0, not ${describe(size)}`);
    return {
      size,
      write(dest) {
        input.readInto(dest);
        return size;
      },
    };
  }
  fail(`input must be a Uint8Array, an ArrayBuffer, a string, an array of orders or a byte source, not ${describe(input)}`);
}

function stringInput(text) {
  // UTF-8 takes at most 3 bytes per UTF-16 unit; count exactly only when that bound is large.
  const size = text.length <= 16 << 20 ? text.length * 3 : utf8Length(text);
  return {
    size,
    write: (dest) => encoder.encodeInto(text, dest).written,
  };
}

// Node counts UTF-8 bytes natively (6x faster than the loop on a 55 MB export); browsers loop.
const utf8Length = typeof Buffer === "function" && typeof Buffer.byteLength === "function"
  ? (text) => Buffer.byteLength(text, "utf8")
  : utf8LengthByLoop;

function utf8LengthByLoop(text) {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// The module instance

// Frees the C++ side of trackers that were dropped without dispose().
const finalizer = typeof FinalizationRegistry === "function"
  ? new FinalizationRegistry((raw) => {
    try {
      if (!raw.isDeleted()) raw.delete();
    } catch {
      // the module may have stopped; nothing left to free
    }
  })
  : null;

class GuestTrack {
  #core;
  #padding;
  #dead = null;

  constructor(core) {
    this.#core = core;
    this.#padding = core._inputPadding();
    // A loader and .wasm from another build than this wrapper would raise codes it cannot name.
    const unknown = JSON.parse(core._errorCodeNames()).filter((c) => !CORE_ERROR_CODES.includes(c));
    if (unknown.length) {
      throw new GuestTrackError("load_failed", `the WebAssembly module is from another version (error codes ${unknown.join(", ")})`);
    }
    /** The core's version ("0.1.0"). */
    this.version = core._version();
    Object.freeze(this);
  }

  /** Bytes of WebAssembly memory this instance holds now (it grows, up to 4 GB). */
  get memoryBytes() {
    return this.#core.HEAPU8.length;
  }

  /** One shot: the report over `input`, as `guesttrack report` computes it. */
  report(input, options) {
    return JSON.parse(this.#reportText(input, options, false));
  }

  /** One shot: the report as the exact text `guesttrack report [--pretty]` prints. */
  reportJSON(input, options) {
    const o = checkKeys(options, [...ONE_SHOT_KEYS, "pretty"], "report options");
    return this.#reportText(input, withoutPretty(o), checkPretty(o)) + (checkPretty(o) ? "" : "\n");
  }

  #reportText(input, options, pretty) {
    const o = checkKeys(options, ONE_SHOT_KEYS, "report options");
    const doc = reportOptions(this.#core, o, trackerOptions(o, {}));
    if (o.strict !== undefined) {
      if (typeof o.strict !== "boolean") fail("strict must be a boolean");
      doc.strict = o.strict;
    }
    const json = JSON.stringify(doc);
    return this._withInput(input, (ptr, len) => this._call(() => this.#core._reportOnce(ptr, len, json, pretty))).text;
  }

  /**
   * Every record of a document, accepted or rejected, with the key fields the core computed and
   * the record's JSON text as written: what a store that keeps each order needs (the Node server).
   */
  parseRecords(input) {
    return JSON.parse(this._withInput(input, (ptr, len) => this._call(() => this.#core._parseRecords(ptr, len))).text);
  }

  /**
   * An email as guesttrack keys customers by (SPEC §2: white space trimmed, Unicode's included;
   * lowercased): what to look a guest customer up by.
   */
  normalizeEmail(email) {
    if (typeof email !== "string") fail(`email must be a string, not ${describe(email)}`);
    return this._call(() => this.#core._normalizeEmail(email));
  }

  /**
   * What a guest search looks for in stored phones when the query is typed as a phone number:
   * separators dropped and a leading local `0` as `+234` ("0803 123" -> "+234803123"); "" when
   * the query is not a phone number. The trackers' guest search uses it; a store can too.
   */
  phoneSearchText(query) {
    if (typeof query !== "string") fail(`query must be a string, not ${describe(query)}`);
    return this._call(() => this.#core._phoneSearchText(query));
  }

  /** An empty tracker: ingest orders over time, ask for figures at any point. */
  createTracker(options) {
    const o = checkKeys(options, TRACKER_KEYS, "tracker options");
    const json = JSON.stringify(trackerOptions(o, {}));
    const raw = this._call(() => new this.#core._Tracker());
    try {
      this._call(() => raw._configure(json));
    } catch (e) {
      raw.delete();
      throw e;
    }
    return new Tracker(this, raw);
  }

  /** A tracker from snapshot() bytes. `tzOffsetMinutes` is not part of a snapshot: give it here. */
  restoreTracker(bytes, options) {
    const data = asBytes(bytes);
    if (!data) fail(`a snapshot must be a Uint8Array or an ArrayBuffer, not ${describe(bytes)}`);
    const o = checkKeys(options, ["tzOffsetMinutes"], "restore options");
    const tz = o.tzOffsetMinutes === undefined ? 0 : wholeInRange(o.tzOffsetMinutes, -1440, 1440, "tzOffsetMinutes");
    const raw = this._call(() => new this.#core._Tracker());
    try {
      this._withInput(data, (ptr, len) => this._call(() => raw._restore(ptr, len)));
      this._call(() => raw._setTzOffset(tz));
    } catch (e) {
      if (!this.#dead) raw.delete();
      throw e;
    }
    return new Tracker(this, raw);
  }

  // --- for Tracker (same module); not part of the public API -----------------------------

  get _core() {
    return this.#core;
  }

  // Runs a raw call: `{ok:false}` results and anything the module throws become GuestTrackErrors.
  _call(fn) {
    if (this.#dead) throw new GuestTrackError("aborted", this.#dead);
    let result;
    try {
      result = fn();
    } catch (e) {
      if (e instanceof GuestTrackError) throw e;
      // A WebAssembly trap, an abort() or a C++ throw (catching is off): the module's state
      // can no longer be trusted, so every later call fails too.
      this.#dead = `the WebAssembly module stopped (${e?.message ?? `C++ exception ${e}`}; ` +
        `${Math.round(this.#core.HEAPU8.length / 2 ** 20)} MB of memory in use); load a new one`;
      throw new GuestTrackError("aborted", this.#dead, { cause: e });
    }
    if (result && typeof result === "object" && result.ok === false) {
      throw new GuestTrackError(result.code, result.message, { offset: result.offset, line: result.line });
    }
    return result;
  }

  // Copies an input into WASM memory once, padded, and runs fn(ptr, len) on it.
  _withInput(input, fn) {
    const source = inputOf(input);
    const ptr = this._malloc(source.size);
    try {
      // Memory may have grown in malloc: take the view now.
      const dest = this.#core.HEAPU8.subarray(ptr, ptr + source.size);
      const len = source.write(dest);
      return fn(ptr, len);
    } finally {
      this.#free(ptr);
    }
  }

  // size + padding bytes of WASM memory; the pointer, unsigned.
  _malloc(size) {
    if (this.#dead) throw new GuestTrackError("aborted", this.#dead);
    const total = size + this.#padding;
    if (total >= MAX_MEMORY) {
      throw new GuestTrackError("out_of_memory", `${size} bytes of input do not fit in 4 GB of WebAssembly memory`);
    }
    const ptr = this._call(() => this.#core._malloc(total)) >>> 0;
    if (ptr === 0) {
      throw new GuestTrackError("out_of_memory",
        `cannot allocate ${size} bytes of WebAssembly memory (${Math.round(this.#core.HEAPU8.length / 2 ** 20)} MB in use, 4096 MB at most)`);
    }
    return ptr;
  }

  _free(ptr) {
    this.#free(ptr);
  }

  #free(ptr) {
    if (!this.#dead) this.#core._free(ptr);
  }
}

// ---------------------------------------------------------------------------------------------
// Trackers

class Tracker {
  #gt;
  #raw;

  constructor(gt, raw) {
    this.#gt = gt;
    this.#raw = raw;
    finalizer?.register(this, raw, this);
  }

  /** True once dispose() was called. */
  get disposed() {
    return this.#raw === null;
  }

  #live() {
    if (this.#raw === null) throw new GuestTrackError("disposed", "this tracker was disposed");
    return this.#raw;
  }

  /** Adds the orders of a document (all or nothing: on an input error nothing is added). */
  ingest(input) {
    const raw = this.#live();
    const r = this.#gt._withInput(input, (ptr, len) => this.#gt._call(() => raw._ingest(ptr, len)));
    return JSON.parse(r.text);
  }

  /**
   * Adds an NDJSON stream read in chunks straight into WASM memory: `read(dest)` fills the start
   * of `dest` and returns how many bytes it wrote (0 at the end). Each chunk is cut after its last
   * newline and ingested (all or nothing per chunk); the rest is carried to the next. `onProgress`
   * is called after each chunk with `{ bytes, records, accepted }` so far.
   */
  ingestNdjson(read, options) {
    const raw = this.#live();
    if (typeof read !== "function") fail("read must be a function (dest: Uint8Array) => number");
    const o = checkKeys(options, ["chunkBytes", "onProgress"], "ingestNdjson options");
    const chunkBytes = o.chunkBytes === undefined ? 8 << 20 : wholeInRange(o.chunkBytes, 1, 1 << 30, "chunkBytes");
    if (o.onProgress !== undefined && typeof o.onProgress !== "function") fail("onProgress must be a function");
    const gt = this.#gt;
    const core = gt._core;
    const total = { records: 0, accepted: 0, duplicates: 0, unchanged: 0, rejected: [] };
    let capacity = chunkBytes;
    let ptr = gt._malloc(capacity);
    let held = 0; // bytes carried over from the previous read (a line not yet complete)
    let consumed = 0; // stream bytes ingested so far
    let lines = 0; // line feeds in them
    const ingestChunk = (len) => {
      const chunkLines = core._countLines(ptr, len);
      let r;
      try {
        r = gt._call(() => raw._ingest(ptr, len));
      } catch (e) {
        if (e.code === "empty_input") { // blank lines only
          lines += chunkLines;
          return;
        }
        if (e instanceof GuestTrackError && e.offset !== undefined && e.code !== "aborted") {
          // The core placed the error in this chunk: place it in the stream.
          const offset = consumed + e.offset;
          const line = e.line === undefined ? undefined : lines + e.line;
          const where = line === undefined ? `byte ${offset}` : `byte ${offset} (line ${line})`;
          const message = e.message.replace(/ at byte \d+( \(line \d+\))?$/, "") +
            ` at stream ${where}; the ${total.records} records before its chunk are ingested`;
          throw new GuestTrackError(e.code, message, { offset, line });
        }
        throw e;
      }
      lines += chunkLines;
      const batch = JSON.parse(r.text);
      for (const rej of batch.rejected) total.rejected.push({ ...rej, index: rej.index + total.records });
      total.records += batch.records;
      total.accepted += batch.accepted;
      total.duplicates += batch.duplicates;
      total.unchanged += batch.unchanged;
    };
    try {
      for (;;) {
        if (held === capacity) { // one line longer than the buffer: double it
          const bigger = gt._malloc(capacity * 2);
          core.HEAPU8.copyWithin(bigger, ptr, ptr + held);
          gt._free(ptr);
          ptr = bigger;
          capacity *= 2;
        }
        const dest = core.HEAPU8.subarray(ptr + held, ptr + capacity);
        const n = read(dest);
        if (!isWhole(n) || n < 0 || n > dest.length) fail(`read() must return a whole number from 0 to ${dest.length}, not ${describe(n)}`);
        const end = held + n;
        if (n === 0) {
          if (end > 0) ingestChunk(end);
          consumed += end;
          break;
        }
        const cut = core.HEAPU8.subarray(ptr, ptr + end).lastIndexOf(10) + 1;
        held = end;
        if (cut > 0) {
          ingestChunk(cut);
          consumed += cut;
          core.HEAPU8.copyWithin(ptr, ptr + cut, ptr + end);
          held = end - cut;
        }
        o.onProgress?.({ bytes: consumed + held, records: total.records, accepted: total.accepted });
      }
    } finally {
      gt._free(ptr);
    }
    o.onProgress?.({ bytes: consumed, records: total.records, accepted: total.accepted });
    return total;
  }

  /** The report over everything ingested so far. */
  report(options) {
    return JSON.parse(this.#reportText(options, false));
  }

  /** The report as the exact text `guesttrack report [--pretty]` prints. */
  reportJSON(options) {
    const o = checkKeys(options, [...REPORT_KEYS, "pretty"], "report options");
    const pretty = checkPretty(o);
    return this.#reportText(withoutPretty(o), pretty) + (pretty ? "" : "\n");
  }

  #reportText(options, pretty) {
    const raw = this.#live();
    const o = checkKeys(options, REPORT_KEYS, "report options");
    const json = JSON.stringify(reportOptions(this.#gt._core, o, {}));
    return this.#gt._call(() => raw._reportJson(json, pretty)).text;
  }

  /** How many guest customers each RFM segment holds: `{ champions, loyal, …, hibernating }`. */
  rfmSegments(options) {
    const raw = this.#live();
    const o = checkKeys(options, ["asOf"], "RFM options");
    const json = JSON.stringify(reportOptions(this.#gt._core, o, {}));
    return JSON.parse(this.#gt._call(() => raw._rfmSegmentsJson(json)).text);
  }

  /** A page of guest customers: `{ total, items }` (total = matches before offset/limit). */
  guests(query) {
    const r = this.#guests(query, false);
    return { total: r.total, items: JSON.parse(r.text) };
  }

  /** The page's profiles as the exact text `guesttrack guests [--pretty]` prints. */
  guestsJSON(query) {
    const o = checkKeys(query, [...GUEST_KEYS, "pretty"], "guest query");
    const pretty = checkPretty(o);
    return this.#guests(withoutPretty(o), pretty).text + (pretty ? "" : "\n");
  }

  #guests(query, pretty) {
    const raw = this.#live();
    const json = JSON.stringify(guestQuery(checkKeys(query, GUEST_KEYS, "guest query")));
    return this.#gt._call(() => raw._guestsJson(json, pretty));
  }

  /** One guest customer's profile (the email is normalised first), or null. */
  profile(email) {
    const text = this.#profile(email, false);
    return text === null ? null : JSON.parse(text);
  }

  /** The profile as the exact text `guesttrack profile EMAIL [--pretty]` prints, or null. */
  profileJSON(email, options) {
    const o = checkKeys(options, ["pretty"], "profile options");
    const pretty = checkPretty(o);
    const text = this.#profile(email, pretty);
    return text === null ? null : text + (pretty ? "" : "\n");
  }

  #profile(email, pretty) {
    const raw = this.#live();
    if (typeof email !== "string") fail(`email must be a string, not ${describe(email)}`);
    try {
      return this.#gt._call(() => raw._profileJson(email, pretty)).text;
    } catch (e) {
      if (e.code === "not_found") return null;
      throw e;
    }
  }

  /** Adds everything `other` holds, as if its orders arrived after this tracker's. */
  merge(other) {
    const raw = this.#live();
    if (!(other instanceof Tracker)) fail(`merge needs a Tracker, not ${describe(other)}`);
    if (other === this) fail("a tracker cannot be merged into itself");
    if (other.#gt !== this.#gt) fail("merge needs a tracker from the same loadGuestTrack() instance");
    const otherRaw = other.#live();
    this.#gt._call(() => raw._merge(otherRaw));
  }

  /**
   * Forgets how many records arrived, were duplicates or were rejected (the held orders stay):
   * for a tracker that mirrors a store of winning versions, brought up to date by ingesting the
   * store's changed orders.
   */
  clearRecordCounts() {
    const raw = this.#live();
    this.#gt._call(() => raw._clearRecordCounts());
  }

  /** The whole state as bytes (restore with restoreTracker()). */
  snapshot() {
    const raw = this.#live();
    return this.#gt._call(() => raw._snapshot()).bytes;
  }

  /** Frees the tracker's memory. Calling it again does nothing; any other call then throws. */
  dispose() {
    const raw = this.#raw;
    if (raw === null) return;
    this.#raw = null;
    finalizer?.unregister(this);
    try {
      raw.delete();
    } catch {
      // the module stopped; its memory is gone anyway
    }
  }
}

if (typeof Symbol.dispose === "symbol") {
  Object.defineProperty(Tracker.prototype, Symbol.dispose, {
    value: Tracker.prototype.dispose, writable: true, configurable: true,
  });
}
