// app.js — the HTTP side of the server (node:http): routing, bearer-token auth, body limits,
// content types, JSON errors `{error: {code, message, details}}`, one log line per request, and
// the dashboard's static files from web/app/.
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { GuestTrackError } from "../../wasm/index.js";
import { profilesCsv } from "../app/csv.js";
import {
  ApiError, SORT_KEYS, customerOrders, eachOrder, eraseGuest, guestProfile, listGuests,
  listOrders, refreshReports, reportText, syncOrders,
} from "./orders.js";

const APP_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../app");
const PROGRESS_BYTES = 8 << 20; // syncs larger than this log progress lines

const MIME = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8", ".json": "application/json", ".wasm": "application/wasm", ".svg": "image/svg+xml",
  ".png": "image/png", ".ico": "image/x-icon", ".map": "application/json", ".txt": "text/plain; charset=utf-8",
};

const sha256 = (s) => crypto.createHash("sha256").update(s).digest();

/** Constant-time comparison of a presented token with the server's (both hashed first). */
export function tokenMatches(presented, expected) {
  return crypto.timingSafeEqual(sha256(presented), sha256(expected));
}

const badRequest = (code, message, details) => new ApiError(400, code, message, details);

// A whole number query parameter in [min, max], or the default.
function intParam(url, name, def, min, max) {
  const v = url.searchParams.get(name);
  if (v === null || v === "") return def;
  if (!/^-?\d+$/.test(v) || Number(v) < min || Number(v) > max) {
    throw badRequest("invalid_parameter", `${name} must be a whole number from ${min} to ${max}`, { parameter: name, value: v });
  }
  return Number(v);
}

function sendJson(res, status, body) {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function sendError(res, e) {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, e.status, { error: { code: e.code, message: e.message, details: e.details ?? null } });
}

// The request body as a Buffer, at most `limit` bytes (413 beyond).
function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"]);
    if (declared > limit) {
      reject(new ApiError(413, "body_too_large", `the body is larger than ${limit} bytes`, { limit }));
      req.resume();
      return;
    }
    const parts = [];
    let size = 0;
    req.on("data", (chunk) => {
      size += chunk.length;
      if (size > limit) {
        reject(new ApiError(413, "body_too_large", `the body is larger than ${limit} bytes`, { limit }));
        req.removeAllListeners("data");
        req.resume();
        return;
      }
      parts.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(parts, size)));
    req.on("error", reject);
  });
}

// JSON or NDJSON bodies only (a missing type is taken as JSON: the core detects the shape).
function checkContentType(req, { ndjson }) {
  const type = (req.headers["content-type"] ?? "application/json").split(";")[0].trim().toLowerCase();
  const ok = type === "application/json" || (ndjson && (type === "application/x-ndjson" || type === "application/jsonl"));
  if (!ok) {
    throw new ApiError(415, "unsupported_media_type",
      `send application/json${ndjson ? " or application/x-ndjson" : ""}, not ${type}`, { contentType: type });
  }
}

// A GuestTrackError about the input becomes a 400 that says where.
function inputError(e) {
  if (e instanceof GuestTrackError && e.code !== "aborted" && e.code !== "out_of_memory") {
    return badRequest(e.code, e.message, e.offset === undefined ? null : { offset: e.offset, line: e.line });
  }
  return e;
}

// Why a legacy body is not JSON, told as the sync route tells it: the core's error, with the byte
// offset and line. The core reads a lone object spread over lines as NDJSON (one record a line),
// so it reads the body as the one element of an array, and the offset is shifted back by the "[".
function legacyJsonError(gt, bytes) {
  if (/^\s*$/.test(bytes.toString("latin1"))) {
    try {
      gt.parseRecords(bytes);
    } catch (e) {
      return inputError(e);  // empty_input
    }
  }
  try {
    gt.parseRecords(Buffer.concat([Buffer.from("["), bytes, Buffer.from("]")]));
  } catch (e) {
    if (e instanceof GuestTrackError && e.offset !== undefined) {
      const offset = Math.min(Math.max(e.offset - 1, 0), bytes.length);
      return badRequest(e.code, e.message.replace(/at byte \d+/, `at byte ${offset}`), { offset, line: e.line });
    }
  }
  return badRequest("invalid_body", "the body must be one JSON object");
}

// The legacy body (the old design's POST /api/guest-customers) as one guest order document.
function legacyOrder(body) {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw badRequest("invalid_body", "the body must be a JSON object");
  }
  const { orderId, orderTotal, ...rest } = body;
  if ((typeof orderId !== "string" || orderId.trim() === "") && typeof orderId !== "number") {
    throw badRequest("missing_order_id", "orderId is required (it makes a retry count once)");
  }
  return { _id: String(orderId), ...rest, buyerId: null, total: orderTotal, createdAt: rest.createdAt ?? new Date().toISOString() };
}

// sort, order and q of a guest list (or its CSV).
function guestQuery(url, gt) {
  const sort = url.searchParams.get("sort") || "totalSpent";
  if (!SORT_KEYS.includes(sort)) throw badRequest("invalid_parameter", `sort must be one of ${SORT_KEYS.join(", ")}`, { parameter: "sort", value: sort });
  const order = url.searchParams.get("order") || undefined;
  if (order !== undefined && order !== "asc" && order !== "desc") throw badRequest("invalid_parameter", "order must be asc or desc", { parameter: "order", value: order });
  // Trimmed and lowercased as the core's guests({search}) takes it (ILIKE does the rest), and as
  // a stored phone would hold it when typed as one ("0803 123" -> "+234803123"), as the core does.
  const q = url.searchParams.get("q") ?? "";
  return { sort, order, q: gt.normalizeEmail(q), phoneQ: gt.phoneSearchText(q) };
}

/**
 * The request handler. `ctx`: {store, gt, token, bodyLimit, log}.
 */
export function createHandler(ctx) {
  const { store, gt, token, bodyLimit, log } = ctx;

  const routes = [
    ["GET", /^\/healthz$/, false, async (req, res) => {
      await store.query("SELECT 1");
      sendJson(res, 200, { ok: true, store: store.kind, version: gt.version });
    }],
    ["POST", /^\/api\/orders\/sync$/, true, async (req, res) => {
      checkContentType(req, { ndjson: true });
      const body = await readBody(req, bodyLimit);
      const big = body.length > PROGRESS_BYTES;
      const started = Date.now();
      let result;
      try {
        result = await syncOrders(store, gt, body, {
          onProgress: big ? ({ done, of }) => log(`sync: ${done}/${of} records written (${Date.now() - started} ms)`) : undefined,
        });
      } catch (e) {
        throw inputError(e);
      }
      sendJson(res, 200, result);
      refreshReports(store, gt, log);
    }],
    ["POST", /^\/api\/guest-customers$/, true, async (req, res) => {
      checkContentType(req, { ndjson: false });
      const bytes = await readBody(req, bodyLimit);
      let body;
      try {
        body = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));  // invalid UTF-8 too
      } catch {
        throw legacyJsonError(gt, bytes);
      }
      const order = legacyOrder(body);
      let result;
      try {
        result = await syncOrders(store, gt, JSON.stringify([order]), { insertOnly: true });
      } catch (e) {
        throw inputError(e);
      }
      refreshReports(store, gt, log);
      if (result.rejected.length) {
        throw badRequest("rejected", `the order was rejected: ${result.rejected[0].reason}`, result.rejected[0]);
      }
      const email = gt.parseRecords(JSON.stringify([order]))[0].email;
      const profile = email === null ? null : await guestProfile(store, email);
      sendJson(res, result.unchanged ? 200 : 201,
        `{"success":true,"counted":${result.unchanged === 0},"guestCustomer":${profile ?? "null"}}`);
    }],
    ["GET", /^\/api\/guest-customers$/, true, async (req, res, url) => {
      const page = await listGuests(store, {
        ...guestQuery(url, gt), limit: intParam(url, "limit", 50, 1, 1000), offset: intParam(url, "offset", 0, 0, 1e12),
      });
      sendJson(res, 200, `{"success":true,"guestCustomers":[${page.items.join(",")}],"total":${page.total}}`);
    }],
    ["GET", /^\/api\/guest-customers\.csv$/, true, async (req, res, url) => {
      // Every guest the query matches, as `guesttrack guests --format csv` writes them.
      const { items } = await listGuests(store, { ...guestQuery(url, gt), limit: null, offset: 0 });
      const text = profilesCsv(items);
      res.writeHead(200, { "content-type": "text/csv; charset=utf-8", "content-length": Buffer.byteLength(text),
        "content-disposition": 'attachment; filename="guest-customers.csv"' });
      res.end(text);
    }],
    ["GET", /^\/api\/guest-customers\/([^/]+)\/export$/, true, async (req, res, url, raw) => {
      const email = gt.normalizeEmail(raw);  // the core's key: trimmed (Unicode spaces too), lowercased
      const profile = await guestProfile(store, email);
      if (profile === null) throw new ApiError(404, "not_found", "no guest customer has that email");
      const orders = await customerOrders(store, email);
      res.setHeader("content-disposition", `attachment; filename="guest-customer-export.json"`);
      sendJson(res, 200, `{"exportedAt":${JSON.stringify(new Date().toISOString())},"profile":${profile},"orders":[${orders.join(",")}]}`);
    }],
    ["GET", /^\/api\/guest-customers\/([^/]+)$/, true, async (req, res, url, raw) => {
      const email = gt.normalizeEmail(raw);
      const profile = await guestProfile(store, email);
      if (profile === null) throw new ApiError(404, "not_found", "no guest customer has that email");
      const orders = await customerOrders(store, email);
      sendJson(res, 200, `{"success":true,"guestCustomer":${profile},"orders":[${orders.join(",")}]}`);
    }],
    ["DELETE", /^\/api\/guest-customers\/([^/]+)$/, true, async (req, res, url, raw) => {
      const blanked = await eraseGuest(store, gt, gt.normalizeEmail(raw));
      if (blanked === null) throw new ApiError(404, "not_found", "no guest customer has that email");
      sendJson(res, 200, { success: true, erased: true, ordersBlanked: blanked });
    }],
    ["GET", /^\/api\/stats$/, true, async (req, res, url) => {
      const options = {};
      options.top = intParam(url, "top", 10, 0, 1000);
      options.tzOffsetMinutes = intParam(url, "tzOffset", 0, -1440, 1440);
      const asOf = url.searchParams.get("asOf");
      if (asOf) options.asOf = asOf;
      // The CLI's --exclude-status: a given list (comma-separated) replaces the default; "" counts all.
      const excluded = url.searchParams.get("excludeStatus");
      if (excluded !== null) options.excludeStatuses = excluded.split(",");
      try {
        sendJson(res, 200, await reportText(store, gt, options));
      } catch (e) {
        if (e instanceof GuestTrackError && e.code === "invalid_argument") throw badRequest("invalid_parameter", e.message, { parameter: "asOf", value: asOf });
        throw e;
      }
    }],
    ["GET", /^\/api\/orders$/, true, async (req, res, url) => {
      if (url.searchParams.get("format") === "ndjson") {
        res.writeHead(200, { "content-type": "application/x-ndjson; charset=utf-8" });
        for await (const page of eachOrder(store)) {
          if (!res.write(page)) await new Promise((r) => res.once("drain", r));
        }
        res.end();
        return;
      }
      const page = await listOrders(store, { limit: intParam(url, "limit", 100, 1, 10_000), offset: intParam(url, "offset", 0, 0, 1e12) });
      sendJson(res, 200, `{"success":true,"orders":[${page.items.join(",")}],"total":${page.total}}`);
    }],
  ];

  async function serveStatic(req, res, url) {
    let rel = decodeURIComponent(url.pathname);
    if (rel.endsWith("/")) rel += "index.html";
    const file = path.resolve(APP_DIR, `.${rel}`);
    if (!file.startsWith(APP_DIR + path.sep) || file.includes(`${path.sep}node_modules${path.sep}`)) {
      throw new ApiError(404, "not_found", "no such file");
    }
    let stat;
    try {
      stat = await fs.promises.stat(file);
    } catch {
      throw new ApiError(404, "not_found", "no such file");
    }
    if (!stat.isFile()) throw new ApiError(404, "not_found", "no such file");
    res.writeHead(200, { "content-type": MIME[path.extname(file)] ?? "application/octet-stream", "content-length": stat.size,
      "cache-control": "no-cache", "x-content-type-options": "nosniff" });
    if (req.method === "HEAD") return res.end();
    fs.createReadStream(file).pipe(res);
  }

  return async (req, res) => {
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      log(`${req.method} ${req.url.split("?")[0]} ${res.statusCode} ${ms.toFixed(1)}ms`);
    });
    try {
      const url = new URL(req.url, "http://localhost");
      const match = routes.find(([, re]) => re.test(url.pathname));
      if (url.pathname.startsWith("/api/") || match) {
        if (!match) {
          if (!authorised(req)) throw new ApiError(401, "unauthorized", "a valid bearer token is required");
          throw new ApiError(404, "not_found", "no such route");
        }
        const [, re, needsAuth] = match;
        if (needsAuth && !authorised(req)) throw new ApiError(401, "unauthorized", "a valid bearer token is required");
        const route = routes.find(([m, r]) => m === req.method && r.test(url.pathname));
        if (!route) throw new ApiError(405, "method_not_allowed", `${req.method} is not allowed here`);
        const params = url.pathname.match(route[1]).slice(1).map((p) => decodeURIComponent(p));
        await route[3](req, res, url, ...params);
        return;
      }
      if (req.method !== "GET" && req.method !== "HEAD") throw new ApiError(405, "method_not_allowed", `${req.method} is not allowed here`);
      await serveStatic(req, res, url);
    } catch (e) {
      if (e instanceof ApiError) {
        if (e.status === 401) res.setHeader("www-authenticate", "Bearer");
        sendError(res, e);
      } else if (e instanceof URIError) {
        sendError(res, badRequest("invalid_url", "the URL is not valid percent-encoding"));
      } else {
        log(`error: ${e?.stack ?? e}`);
        sendError(res, new ApiError(500, "internal", "internal error"));
      }
    }
  };

  function authorised(req) {
    const m = /^Bearer ([^\s]+)$/.exec(req.headers.authorization ?? "");
    return m !== null && tokenMatches(m[1], token);
  }
}

/** An http.Server for `ctx` with request timeouts set. */
export function createServer(ctx) {
  const server = http.createServer(createHandler(ctx));
  server.requestTimeout = ctx.requestTimeoutMs ?? 300_000; // a 50 MB sync on a slow link
  server.headersTimeout = 30_000;
  server.keepAliveTimeout = 5_000;
  return server;
}
