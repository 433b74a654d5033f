// orders.js — what the server does with orders, over a store (store.js): sync a batch, read the
// guest customers, the report, erase a person. Every SPEC rule runs in the guesttrack core: the
// batch is parsed by gt.parseRecords(), profiles and reports come from trackers fed with the
// stored documents. SQL only keeps the winning version of each id (the rule the core states:
// the latest version time wins, on equal times the later arrival).
import { moneyOf, splitProfiles } from "../app/csv.js";
import { WRITE_LOCK } from "./store.js";

/** Records per upsert statement inside one sync transaction. */
const CHUNK = 5_000;
/** Erased guests get this email domain: their orders still count, their profile is not kept. */
export const ERASED_DOMAIN = "erased.invalid";

/** An error the HTTP layer replies with as `{error: {code, message, details}}`. */
export class ApiError extends Error {
  constructor(status, code, message, details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

// One chunk of a batch's winners (each id once: the batch's own versions were settled before,
// over the whole batch): new ids inserted, a version at least as recent as the stored one replaces
// it and takes its arrival (SPEC: of equal version times the later arrival wins), erased orders and
// (for the legacy route, $2) known ids are kept. $1 the winners as JSON, with their arrival `pos`.
// Returns which ids were held (and whether with the same text), written, and the customers the
// held versions belonged to.
const UPSERT_SQL = `
WITH input AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(pos bigint, id text, source text, doc text,
    customer text, email text, buyer_id text, status text, total_kobo bigint,
    created_at timestamptz, version_time timestamptz)
), held AS (
  SELECT i.id, s.source = i.source AS same, s.customer AS stored_customer
  FROM input i JOIN orders s ON s.id = i.id
), winners AS (
  SELECT i.* FROM input i LEFT JOIN orders s ON s.id = i.id
  WHERE s.id IS NULL OR (NOT s.erased AND NOT $2::boolean AND i.version_time >= s.version_time)
), written AS (
  INSERT INTO orders AS o (id, raw, source, customer, email, buyer_id, status, total_kobo,
                           created_at, version_time, arrival)
  SELECT id, doc::jsonb, source, customer, email, buyer_id, status, total_kobo, created_at,
         version_time, pos FROM winners
  ON CONFLICT (id) DO UPDATE SET raw = excluded.raw, source = excluded.source,
    customer = excluded.customer, email = excluded.email, buyer_id = excluded.buyer_id,
    status = excluded.status, total_kobo = excluded.total_kobo, created_at = excluded.created_at,
    version_time = excluded.version_time, arrival = excluded.arrival, synced_at = now()
  RETURNING id
)
SELECT coalesce((SELECT array_agg(id) FROM written), '{}') AS written,
  coalesce((SELECT array_agg(id) FROM held), '{}') AS held,
  coalesce((SELECT array_agg(id) FROM held WHERE same), '{}') AS same,
  coalesce((SELECT array_agg(DISTINCT stored_customer) FROM held), '{}') AS old_customers`;

const PROFILE_COLUMNS = `email text, phone text, "fullName" text, "firstName" text, "lastName" text,
  address text, "busStop" text, city text, state text, "zipCode" text, country text,
  "totalOrders" integer, "totalSpent" numeric, "averageOrderValue" numeric,
  "firstPurchaseDate" timestamptz, "lastPurchaseDate" timestamptz, "orderIds" text[], profile text`;

/**
 * Text as the database keeps it. PostgreSQL text cannot hold U+0000, which the core accepts in any
 * string (`"A\u0000B"`): U+0000 is stored as U+0001 U+0001 and U+0001 as U+0001 U+0002, every other
 * character as it is. One-to-one (`"Q\u0000"` and `"Q\uFFFD"` stay two keys) and order-keeping
 * (code point order, as the core sorts emails). Every text the server stores or looks up by goes
 * through it; what the API answers comes from the core's own text (`profile`, `source`).
 */
export const dbText = (s) =>
  s === null || s === undefined ? null : s.replace(/[\0\x01]/g, (c) => (c === "\0" ? "\x01\x01" : "\x01\x02"));

// jsonb cannot hold \u0000: the queryable copy gets U+FFFD there (`source` keeps the text). Only
// a real escape is replaced, not an escaped backslash followed by "u0000".
const jsonbSafe = (raw) => (raw.includes("\\u0000") ? raw.replace(/(?<!\\)((?:\\\\)*)\\u0000/g, "$1\\ufffd") : raw);

/** A guest_customers row for one profile text (as `guesttrack profile` prints it). */
function profileRow(text) {
  const p = JSON.parse(text);
  return {
    email: dbText(p.email), phone: dbText(p.phone), fullName: dbText(p.fullName), firstName: dbText(p.firstName),
    lastName: dbText(p.lastName), address: dbText(p.address), busStop: dbText(p.busStop), city: dbText(p.city),
    state: dbText(p.state), zipCode: dbText(p.zipCode), country: dbText(p.country), totalOrders: p.totalOrders,
    ...moneyOf(text),
    firstPurchaseDate: p.firstPurchaseDate, lastPurchaseDate: p.lastPurchaseDate, orderIds: p.orderIds.map(dbText),
    profile: text,
  };
}

/**
 * Recomputes the profiles of `customers` (keys as stored: dbText) from their stored orders with
 * the core, inside `tx`: guest customers get their row written (with the core's JSON text of the
 * profile), the others (registered now, or gone) lose theirs. `customers === null`: every customer.
 */
async function recomputeProfiles(tx, gt, customers) {
  if (customers !== null && customers.length === 0) return;
  const { rows } = customers === null
    ? await tx.query("SELECT string_agg(source, ',' ORDER BY arrival) AS doc FROM orders")
    : await tx.query("SELECT string_agg(source, ',' ORDER BY arrival) AS doc FROM orders WHERE customer = ANY($1::text[])",
      [customers]);
  let profiles = [];
  if (rows[0].doc !== null) {
    const t = gt.createTracker();
    try {
      t.ingest(`[${rows[0].doc}]`);
      profiles = splitProfiles(t.guestsJSON({ sort: "email" }));
    } finally {
      t.dispose();
    }
  }
  if (customers === null) await tx.query("DELETE FROM guest_customers");
  else await tx.query("DELETE FROM guest_customers WHERE email = ANY($1::text[])", [customers]);
  for (let start = 0; start < profiles.length; start += CHUNK) {
    const chunk = profiles.slice(start, start + CHUNK).map(profileRow);
    await tx.query(`
      INSERT INTO guest_customers (email, phone, full_name, first_name, last_name, address, bus_stop,
        city, state, zip_code, country, total_orders, total_spent, average_order_value,
        first_purchase_date, last_purchase_date, order_ids, profile)
      SELECT email, phone, "fullName", "firstName", "lastName", address, "busStop", city, state,
        "zipCode", country, "totalOrders", "totalSpent", "averageOrderValue", "firstPurchaseDate",
        "lastPurchaseDate", "orderIds", profile
      FROM jsonb_to_recordset($1::jsonb) AS x(${PROFILE_COLUMNS})`, [JSON.stringify(chunk)]);
  }
}

/**
 * The version of how guest_customers rows are made. A store whose rows an older server made
 * (`store_state.profiles_version`; 0 after migration 4) has every profile recomputed at start.
 * 1: `profile` holds the core's JSON text; money numeric(40,2); texts with U+0000 kept (dbText).
 * 2: pseudonymous (erased) customers have their profile row too.
 */
const PROFILES_VERSION = 2;

/** Brings a store's derived rows up to this server's rules (at start, before serving). */
export async function prepareStore(store, gt, log = () => {}) {
  await store.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [WRITE_LOCK]);
    const { rows: [state] } = await tx.query("SELECT profiles_version FROM store_state WHERE id = 1");
    if (state.profiles_version >= PROFILES_VERSION) return;
    const started = Date.now();
    await recomputeProfiles(tx, gt, null);
    await tx.query("UPDATE store_state SET profiles_version = $1, generation = generation + 1 WHERE id = 1",
      [PROFILES_VERSION]);
    log(`store: every guest profile recomputed (profile version ${PROFILES_VERSION}, ${Date.now() - started} ms)`);
  });
}

/**
 * Syncs a document (any SPEC shape): upserts each accepted record by id with the version rule and
 * recomputes the touched customers, all in one transaction (each batch wholly in or out).
 * Returns `{accepted, duplicates, unchanged, rejected: [{index, orderId, reason}]}`.
 * `insertOnly`: a known id is never replaced (the legacy route: an orderId counts once).
 */
export async function syncOrders(store, gt, input, { insertOnly = false, onProgress } = {}) {
  const records = gt.parseRecords(input);
  const rejected = [];
  const accepted = [];
  for (const r of records) {
    if (r.reason === null) accepted.push(r);
    else rejected.push({ index: r.index, orderId: r.orderId, reason: r.reason });
  }
  const result = { accepted: accepted.length, duplicates: 0, unchanged: 0, rejected };
  if (accepted.length === 0) return result;
  // Each id's winning version within the batch: the latest version time, of equal times the later
  // record (versionTime is ISO-8601 UTC with milliseconds and a 4-digit year: text order is time order).
  const best = new Map();
  const earlier = new Array(accepted.length);  // the id came earlier in this batch
  accepted.forEach((r, i) => {
    const j = best.get(r.orderId);
    earlier[i] = j !== undefined;
    if (j === undefined || r.versionTime >= accepted[j].versionTime) best.set(r.orderId, i);
  });
  const winners = [...best.values()].sort((x, y) => x - y);
  await store.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [WRITE_LOCK]);
    const touched = new Set();
    const held = new Set();
    const same = new Set();
    const written = new Set();
    // Arrival positions after every stored one, in record order (one base: the lock is held).
    const base = BigInt((await tx.query("SELECT coalesce(max(arrival), 0)::text AS base FROM orders")).rows[0].base);
    for (let start = 0; start < winners.length; start += CHUNK) {
      const chunk = winners.slice(start, start + CHUNK).map((i) => {
        const r = accepted[i];
        touched.add(dbText(r.customer));
        return {
          pos: String(base + BigInt(r.index) + 1n), id: dbText(r.orderId), source: r.raw, doc: jsonbSafe(r.raw),
          customer: dbText(r.customer), email: dbText(r.email), buyer_id: dbText(r.buyerId), status: dbText(r.status),
          total_kobo: r.totalKobo, created_at: r.createdAt, version_time: r.versionTime,
        };
      });
      const { rows: [row] } = await tx.query(UPSERT_SQL, [JSON.stringify(chunk), insertOnly]);
      for (const id of row.written) written.add(id);  // ids as stored (dbText)
      for (const id of row.held) held.add(id);
      for (const id of row.same) same.add(id);
      for (const c of row.old_customers) touched.add(c);
      onProgress?.({ done: Math.min(start + CHUNK, winners.length), of: winners.length });
    }
    // duplicates: records whose id was held or came earlier in the batch; unchanged: those of them
    // that left the stored document as it was (stale, superseded in the batch, kept out, or the
    // same text again — which still takes its new arrival).
    accepted.forEach((r, i) => {
      const id = dbText(r.orderId);
      if (!earlier[i] && !held.has(id)) return;
      result.duplicates++;
      const changed = best.get(r.orderId) === i && written.has(id) && !same.has(id);
      if (!changed) result.unchanged++;
    });
    await recomputeProfiles(tx, gt, [...touched]);
    await tx.query("UPDATE store_state SET generation = generation + 1 WHERE id = 1");
  });
  return result;
}

// Trackers over every stored order, by their options (UTC offset, excluded statuses), with the
// store state they mirror.
const reportCache = new Map();
const trackerKey = (tzOffsetMinutes = 0, excludeStatuses = null) => JSON.stringify([tzOffsetMinutes, excludeStatuses]);

/**
 * The SPEC §5 report text over every stored order (in arrival order), as the CLI prints it. The
 * tracker is kept between calls. When the store's generation moved (any write, by this process
 * or another sharing the database), it catches up: every order written since has a higher
 * arrival than any it holds, so ingesting those (the core's version rule replaces the versions
 * they supersede, as the store did) and forgetting the record counts gives what a tracker fed
 * the whole store afresh gives. Writes that change documents in place (erasure) bump `rewrites`
 * and make it rebuild from scratch.
 */
export function reportText(store, gt, { top, asOf, tzOffsetMinutes = 0, excludeStatuses = null } = {}) {
  return queued(async () => {
    const cached = await catchUp(store, gt, trackerKey(tzOffsetMinutes, excludeStatuses));
    const options = {};
    if (top !== undefined) options.top = top;
    if (asOf !== undefined) options.asOf = asOf;
    return cached.tracker.reportJSON(options);
  });
}

/**
 * Brings the cached report trackers up to date in the background — after a write, and at start —
 * so that a GET /api/stats rarely waits for one. Failures are only logged: the next request
 * tries again.
 */
export function refreshReports(store, gt, log = () => {}) {
  const keys = reportCache.size ? [...reportCache.keys()] : [trackerKey()];
  for (const key of keys) {
    queued(() => catchUp(store, gt, key)).catch((e) => log(`report cache: ${e.message}`));
  }
}

// One catch-up at a time: two interleaved would ingest overlapping changes out of order.
let reportQueue = Promise.resolve();
function queued(job) {
  const run = reportQueue.then(job);
  reportQueue = run.catch(() => {});
  return run;
}

// `key`: trackerKey() of the tracker's options.
async function catchUp(store, gt, key) {
  const { rows: [state] } = await store.query(
    "SELECT generation::text AS generation, rewrites::text AS rewrites FROM store_state WHERE id = 1");
  let cached = reportCache.get(key);
  if (!cached || cached.generation !== state.generation) {
    const rebuild = !cached || cached.rewrites !== state.rewrites;
    const since = rebuild ? "0" : cached.arrival;
    // One statement, one snapshot: the documents and the state they belong to.
    const { rows: [row] } = await store.query(`SELECT
        (SELECT generation::text FROM store_state WHERE id = 1) AS generation,
        (SELECT rewrites::text FROM store_state WHERE id = 1) AS rewrites,
        (SELECT coalesce(max(arrival), 0)::text FROM orders) AS arrival,
        (SELECT string_agg(source, ',' ORDER BY arrival) FROM orders WHERE arrival > $1::bigint) AS doc`,
    [since]);
    const [tzOffsetMinutes, excludeStatuses] = JSON.parse(key);
    const options = excludeStatuses === null ? { tzOffsetMinutes } : { tzOffsetMinutes, excludeStatuses };
    const t = rebuild ? gt.createTracker(options) : cached.tracker;
    try {
      if (row.doc !== null) t.ingest(`[${row.doc}]`);
      t.clearRecordCounts();
    } catch (e) {
      // Leave no half-updated tracker behind: the next call rebuilds.
      t.dispose();
      reportCache.delete(key);
      throw e;
    }
    if (rebuild) {
      reportCache.get(key)?.tracker.dispose();
      if (reportCache.size >= 3 && !reportCache.has(key)) {
        const [oldest] = reportCache.keys();
        reportCache.get(oldest).tracker.dispose();
        reportCache.delete(oldest);
      }
    }
    cached = { generation: row.generation, rewrites: row.rewrites, arrival: row.arrival, tracker: t };
    reportCache.set(key, cached);
  }
  return cached;
}

// Text keys sort by code point (the core compares emails byte for byte, and UTF-8 byte order is
// code point order), the same on PGlite and PostgreSQL whatever the database's locale.
const EMAIL = 'email COLLATE "C"';
// The sort keys the core has (`guesttrack guests --sort spent|orders|recent|email`), in its order:
// each key's default direction with the core's tie-breaks; the opposite `order` reverses it whole.
const CORE_SORTS = {
  totalSpent: [["total_spent", "DESC"], ["total_orders", "DESC"], ["last_purchase_date", "DESC"], [EMAIL, "ASC"]],
  totalOrders: [["total_orders", "DESC"], ["total_spent", "DESC"], ["last_purchase_date", "DESC"], [EMAIL, "ASC"]],
  lastPurchaseDate: [["last_purchase_date", "DESC"], [EMAIL, "ASC"]],
  email: [[EMAIL, "ASC"]],
};
// The server's own keys: descending by default, empty values last either way, ties by email
// ascending either way.
const SERVER_SORTS = {
  firstPurchaseDate: "first_purchase_date", averageOrderValue: "average_order_value",
  fullName: 'full_name COLLATE "C"', city: 'city COLLATE "C"', state: 'state COLLATE "C"',
};
export const SORT_KEYS = [...Object.keys(CORE_SORTS), ...Object.keys(SERVER_SORTS)];

function orderBy(sort, order) {
  const terms = CORE_SORTS[sort];
  if (terms) {
    const natural = sort === "email" ? "asc" : "desc";
    const flip = (order ?? natural) !== natural;
    return terms.map(([e, d]) => `${e} ${flip ? (d === "ASC" ? "DESC" : "ASC") : d}`).join(", ");
  }
  return `${SERVER_SORTS[sort]} ${order === "asc" ? "ASC" : "DESC"} NULLS LAST, ${EMAIL} ASC`;
}

// `q` as a LIKE pattern matching it anywhere, wildcards escaped.
const likeAnywhere = (q) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Guest customers: `{total, items}` with items as the core's JSON texts of the profiles, sorted
 * (SORT_KEYS), searched (`q`: email, phone or full name contains it) and paged (`limit` null: all).
 */
export async function listGuests(store, { sort = "totalSpent", order, limit = 50, offset = 0, q = "", phoneQ = "" }) {
  // phoneQ: the query as a stored phone would hold it (gt.phoneSearchText), as the core searches.
  const matches = ["email ILIKE $1", "phone ILIKE $1", "full_name ILIKE $1"];
  const params = q ? [likeAnywhere(q)] : [];
  if (q && phoneQ) {
    matches.push("phone LIKE $2");
    params.push(likeAnywhere(phoneQ));
  }
  const where = q ? `WHERE ${matches.join(" OR ")}` : "";
  const n = params.length;
  const [page, count] = await Promise.all([
    store.query(`SELECT profile FROM guest_customers ${where} ORDER BY ${orderBy(sort, order)}
      LIMIT $${n + 1} OFFSET $${n + 2}`, [...params, limit, offset]),
    store.query(`SELECT count(*)::int AS total FROM guest_customers ${where}`, params),
  ]);
  return { total: count.rows[0].total, items: page.rows.map((r) => r.profile) };
}

/** One guest's profile JSON text, or null. `email` as the core normalises it (gt.normalizeEmail). */
export async function guestProfile(store, email) {
  const { rows } = await store.query("SELECT profile FROM guest_customers WHERE email = $1", [dbText(email)]);
  return rows.length ? rows[0].profile : null;
}

/** The stored documents of a customer's orders (JSON texts), in arrival order; `email` normalised. */
export async function customerOrders(store, email) {
  const { rows } = await store.query(
    "SELECT source FROM orders WHERE customer = $1 ORDER BY arrival", [dbText(email)]);
  return rows.map((r) => r.source);
}

/** A page of stored orders (JSON texts of their documents) in arrival order, and the count. */
export async function listOrders(store, { limit, offset }) {
  const [page, count] = await Promise.all([
    store.query("SELECT source FROM orders ORDER BY arrival LIMIT $1 OFFSET $2", [limit, offset]),
    store.query("SELECT count(*)::int AS total FROM orders"),
  ]);
  return { total: count.rows[0].total, items: page.rows.map((r) => r.source) };
}

/** Every stored document as NDJSON, in arrival order, `pageSize` documents a page (keyset paging). */
export async function* eachOrder(store, pageSize = 10_000) {
  // Pages joined by the database (string_agg): far fewer rows cross the driver than one per order
  // (twice as fast on PGlite). Documents are joined with U+001E, which valid JSON text cannot hold
  // raw; a JSON text has line breaks only between tokens, so they become spaces and each document
  // keeps to its line.
  let after = "0";
  for (;;) {
    const { rows: [page] } = await store.query(
      `SELECT string_agg(source, E'\\x1e' ORDER BY arrival) AS text,
              count(*)::int AS n, max(arrival)::text AS pos
         FROM (SELECT source, arrival FROM orders WHERE arrival > $1::bigint
               ORDER BY arrival LIMIT $2) AS p`,
      [after, pageSize]);
    if (!page || !page.n) return;
    yield page.text.replace(/\r\n|\r|\n/g, " ").replaceAll("\x1e", "\n") + "\n";
    if (page.n < pageSize) return;
    after = page.pos;
  }
}

// Personal fields an order may carry (SPEC §1's contact fields and the email).
const PERSONAL = new Set(["email", "phone", "firstName", "lastName", "fullName", "name", "address", "busStop",
  "city", "state", "zipCode"]);

// The end (exclusive) of the JSON value starting at text[i] (white space skipped before it).
function valueEnd(text, i) {
  let depth = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      for (i++; text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++;
      if (depth === 0) return i + 1;
    } else if (c === 123 || c === 91) {
      depth++;
    } else if (c === 125 || c === 93) {
      if (depth === 0) return i;  // the end of the enclosing object: a scalar ended before it
      if (--depth === 0) return i + 1;
    } else if (depth === 0 && c === 44) {
      return i;
    }
  }
  return i;
}

/**
 * A stored order document (one JSON object, as the core accepted it) with the personal fields
 * removed and `"email"` set to `pseudonym`. Everything else is kept as written, but only the
 * last member of each key: the core reads the last of duplicate keys (compared unescaped), so
 * the figures that do not come from personal data stay exactly as they were. Not through jsonb,
 * which would rewrite the numbers' and strings' text.
 */
export function eraseDocument(source, pseudonym) {
  const kept = new Map();  // key -> its last member as written
  let i = source.indexOf("{") + 1;
  for (;;) {
    while (i < source.length && /[\s,]/.test(source[i])) i++;
    if (i >= source.length || source[i] === "}") break;
    const keyEnd = valueEnd(source, i);
    const key = JSON.parse(source.slice(i, keyEnd));
    let v = source.indexOf(":", keyEnd) + 1;
    while (/\s/.test(source[v])) v++;
    const end = valueEnd(source, v);
    if (!PERSONAL.has(key)) kept.set(key, `${source.slice(i, keyEnd)}:${source.slice(v, end).trimEnd()}`);
    i = end;
  }
  return `{${[...kept.values(), `"email":${JSON.stringify(pseudonym)}`].join(",")}}`;
}

/**
 * Erasure: the guest's profile row goes; in their stored orders the personal fields are removed
 * and the email replaced by a pseudonym (erased-<n>@erased.invalid) so every figure that does not
 * come from personal data stays. The pseudonymous customer gets its profile (no personal field),
 * so the guest list keeps counting what /api/stats counts. Those orders are never replaced by a
 * later sync. `email` normalised (gt.normalizeEmail). Returns how many orders were blanked, or
 * null when no guest customer has that email.
 */
export async function eraseGuest(store, gt, email) {
  return store.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [WRITE_LOCK]);
    const gone = await tx.query("DELETE FROM guest_customers WHERE email = $1 RETURNING email", [dbText(email)]);
    if (gone.rows.length === 0) return null;
    const key = gone.rows[0].email;
    const pseudonym = `erased-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}@${ERASED_DOMAIN}`;
    const { rows } = await tx.query("SELECT id, source FROM orders WHERE customer = $1", [key]);
    const docs = rows.map((r) => {
      const source = eraseDocument(r.source, pseudonym);
      return { id: r.id, source, doc: jsonbSafe(source) };
    });
    for (let start = 0; start < docs.length; start += CHUNK) {
      await tx.query(`
        UPDATE orders o SET source = d.source, raw = d.doc::jsonb, customer = $2, email = $2, erased = true,
          synced_at = now()
        FROM jsonb_to_recordset($1::jsonb) AS d(id text, source text, doc text) WHERE o.id = d.id`,
      [JSON.stringify(docs.slice(start, start + CHUNK)), pseudonym]);
    }
    await recomputeProfiles(tx, gt, [pseudonym]);
    // Documents changed in place: report caches must rebuild, not catch up by arrival.
    await tx.query("UPDATE store_state SET generation = generation + 1, rewrites = rewrites + 1 WHERE id = 1");
    return rows.length;
  });
}
