// worker.js — the dashboard's Web Worker: it owns the `guesttrack` WebAssembly module, so the page
// never freezes while orders are parsed and figures computed. It streams the server's orders
// (`GET /api/orders?format=ndjson`) or reads an export file, ingests them into a tracker, and
// answers the page's questions (report, guest pages, profiles, CSV) from that tracker.
//
// Protocol: the page posts `{ id, type, ...args }`; the worker answers `{ id, ok: true, result }`
// or `{ id, ok: false, error: { kind, message, code?, status? } }`, and posts
// `{ id, progress: { bytes, total, records } }` while loading.
import { loadGuestTrack, GuestTrackError } from "./vendor/guesttrack/index.js";
import { profilesCsv, splitProfiles } from "./csv.js";

const ORDERS_URL = "/api/orders?format=ndjson";
const INGEST_BYTES = 4 << 20; // ingest the stream in pieces of about this size (cut at a newline)
const TOP_SHOWN = 25; // top guests sent with the report (the RFM counts cover every guest)
const CORE_SORTS = ["spent", "orders", "recent", "email"];

let gtPromise = null;
let tracker = null; // the tracker behind what the page shows
let allGuests = null; // { search, items } — cache for the sorts the core does not do (name, phone)

function guestTrack() {
  gtPromise ??= loadGuestTrack({ wasmUrl: new URL("./vendor/guesttrack/dist/guesttrack-core.wasm", import.meta.url) });
  return gtPromise;
}

class LoadError extends Error {
  constructor(kind, message, extra = {}) {
    super(message);
    this.kind = kind;
    Object.assign(this, extra);
  }
}

// ---------------------------------------------------------------------------------------------
// Loading

/** Streams the server's orders into a new tracker; replaces the current one on success. */
async function loadServer({ token, tzOffsetMinutes }, progress) {
  const loaded = guestTrack(); // compiling the module and the server's first bytes overlap
  let response;
  try {
    response = await fetch(ORDERS_URL, { headers: { Authorization: `Bearer ${token}` }, cache: "no-store" });
  } catch (e) {
    throw new LoadError("down", `The server at ${self.location.origin} does not answer (${e.message}).`);
  }
  if (response.status === 401) {
    throw new LoadError("auth", "The server refused this token (401 Unauthorized).", { status: 401 });
  }
  if (!response.ok) {
    let detail = "";
    try {
      detail = (await response.json())?.error?.message ?? "";
    } catch {
      // not a JSON error body
    }
    throw new LoadError("http", `The server answered ${response.status} ${response.statusText}${detail ? `: ${detail}` : ""}.`,
      { status: response.status });
  }
  const total = Number(response.headers.get("content-length")) || 0;
  const gt = await loaded;
  const t = gt.createTracker({ tzOffsetMinutes });
  try {
    const reader = response.body.getReader();
    let buf = new Uint8Array(INGEST_BYTES * 2);
    let held = 0; // bytes in buf not yet ingested
    let bytes = 0;
    let records = 0;
    const ingest = (end) => {
      const r = t.ingest(buf.subarray(0, end));
      records += r.records;
      buf.copyWithin(0, end, held);
      held -= end;
    };
    for (;;) {
      let chunk;
      try {
        chunk = await reader.read();
      } catch (e) {
        throw new LoadError("down", `The server stopped sending orders after ${bytes} bytes (${e.message}).`);
      }
      if (chunk.done) break;
      const v = chunk.value;
      if (held + v.length > buf.length) {
        const bigger = new Uint8Array(Math.max(buf.length * 2, held + v.length));
        bigger.set(buf.subarray(0, held));
        buf = bigger;
      }
      buf.set(v, held);
      held += v.length;
      bytes += v.length;
      if (held >= INGEST_BYTES) {
        const cut = buf.subarray(0, held).lastIndexOf(10) + 1;
        if (cut > 0) ingest(cut);
      }
      progress({ bytes, total, records });
    }
    if (buf.subarray(0, held).some((b) => b > 32)) ingest(held);
    progress({ bytes, total: bytes, records });
    return replaceTracker(t, { source: "server", records, bytes });
  } catch (e) {
    t.dispose();
    throw e;
  }
}

/** Reads an export file (array, {orders}, NDJSON) into a new tracker; replaces the current one. */
async function loadFile({ file, tzOffsetMinutes }, progress) {
  const gt = await guestTrack();
  const bytes = new Uint8Array(file.size);
  let at = 0;
  const reader = file.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes.set(value.subarray(0, Math.min(value.length, bytes.length - at)), at);
    at += value.length;
    progress({ bytes: at, total: file.size, records: 0 });
  }
  const t = gt.createTracker({ tzOffsetMinutes });
  let result;
  try {
    result = t.ingest(bytes);
  } catch (e) {
    t.dispose();
    throw e;
  }
  progress({ bytes: at, total: file.size, records: result.records });
  return replaceTracker(t, { source: "file", name: file.name, records: result.records, bytes: at });
}

function replaceTracker(t, about) {
  tracker?.dispose();
  tracker = t;
  allGuests = null;
  const report = t.report({ top: TOP_SHOWN });
  const firstPage = t.guests({ sort: "spent", limit: 50 });
  return { about, report, firstPage };
}

// ---------------------------------------------------------------------------------------------
// Questions about the current tracker

function live() {
  if (!tracker) throw new LoadError("state", "No orders are loaded yet.");
  return tracker;
}

/** RFM segment counts over every guest customer, scored as the report's topGuests are. */
function segments() {
  return live().rfmSegments();
}

const nameOf = (g) => g.fullName ?? ([g.firstName, g.lastName].filter(Boolean).join(" ") || "");
const collator = new Intl.Collator(undefined, { sensitivity: "base", numeric: true });

/** A page of guests: the core sorts by spent/orders/recent/email; name and phone are sorted here. */
function guests({ sort = "spent", order, search = "", offset = 0, limit = 50 }) {
  const t = live();
  if (CORE_SORTS.includes(sort)) return t.guests({ sort, order, search, offset, limit });
  return sortedHere({ sort, order, search, offset, limit });
}

function sortedHere({ sort, order = "asc", search, offset, limit }) {
  const t = live();
  if (!allGuests || allGuests.search !== search || allGuests.sort !== sort) {
    const key = sort === "phone" ? (g) => g.phone ?? "" : nameOf;
    const items = t.guests({ sort: "email", search }).items;
    // Empty values last whatever the direction; ties by email (the core's email order).
    const keyed = items.map((g) => [key(g), g]);
    keyed.sort((a, b) => (a[0] === "") - (b[0] === "") || collator.compare(a[0], b[0]));
    allGuests = { search, sort, items: keyed.map((k) => k[1]), empties: keyed.filter((k) => k[0] === "").length };
  }
  let items = allGuests.items;
  if (order === "desc") {
    const filled = items.length - allGuests.empties;
    items = [...items.slice(0, filled).reverse(), ...items.slice(filled)];
  }
  return { total: items.length, items: items.slice(offset, offset + (limit === Infinity ? items.length : limit)) };
}

/**
 * Every guest matching the query as CSV, byte for byte what `guesttrack guests --format csv`
 * writes for them (csv.js): the CLI's columns, money as the core printed it, in the table's order.
 */
function csv({ sort = "spent", order, search = "" }) {
  const t = live();
  if (CORE_SORTS.includes(sort)) return profilesCsv(splitProfiles(t.guestsJSON({ sort, order, search })));
  // Name and phone are sorted here: the core's text of each profile, in this order.
  const texts = new Map(splitProfiles(t.guestsJSON({ sort: "email", search })).map((text) => [JSON.parse(text).email, text]));
  return profilesCsv(sortedHere({ sort, order, search, offset: 0, limit: Infinity }).items.map((g) => texts.get(g.email)));
}

// ---------------------------------------------------------------------------------------------

/**
 * Each raw order's date and total as the core reads them (one tiny tracker per order that counts
 * every status), so no SPEC parsing rule is written again here. null for an order it rejects.
 */
// Stored order documents as the core reads them: the id by its rule (`_id` when usable, else
// `id`), createdAt, the total as the core's exact text ("1234.50") and the status; null for a
// document it rejects. One per document, in order.
async function orderFigures({ orders }) {
  const gt = await guestTrack();
  let records;
  try {
    records = gt.parseRecords(orders);
  } catch {
    return orders.map(() => null);
  }
  return records.map((r) => (r.reason === null
    ? { orderId: r.orderId, createdAt: r.createdAt, total: r.total, status: r.status } : null));
}

const handlers = {
  orderFigures,
  loadServer,
  loadFile,
  segments,
  guests,
  csv,
  profile: ({ email }) => live().profile(email),
  ping: async () => (await guestTrack()).version,
};

guestTrack().catch(() => {}); // start compiling at once; a failure is reported by the first request

self.onmessage = async ({ data }) => {
  const { id, type, ...args } = data;
  const progress = (p) => self.postMessage({ id, progress: p });
  try {
    if (!handlers[type]) throw new LoadError("state", `unknown request ${type}`);
    const result = await handlers[type](args, progress);
    self.postMessage({ id, ok: true, result });
  } catch (e) {
    const error = e instanceof GuestTrackError
      ? { kind: "guesttrack", code: e.code, message: e.message, offset: e.offset, line: e.line }
      : { kind: e.kind ?? "internal", message: e.message ?? String(e), status: e.status };
    self.postMessage({ id, ok: false, error });
  }
};
