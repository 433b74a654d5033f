// api.test.mjs — every endpoint, auth and bad input, against PGlite and against PostgreSQL.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { SAMPLE, cli, eachStore, startServer } from "./helpers.mjs";

const order = (id, extra = {}) => ({ _id: id, email: `${id}@example.com`, total: 1000, createdAt: "2024-05-01T10:00:00Z", ...extra });

eachStore(describe, before, after, (kind, ctx) => {
  let s;
  before(async () => {
    s = await startServer(kind, ctx.pg, { args: ["--load", SAMPLE, "--body-limit", "200000"] });
  });
  after(() => s?.stop());

  test("GET /healthz needs no token and names the store", async () => {
    const r = await s.api("/healthz", { auth: false });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { ok: true, store: kind, version: "0.1.0" });
  });

  test("every /api route wants the bearer token; a 401 says nothing more", async () => {
    const routes = [["GET", "/api/stats"], ["GET", "/api/guest-customers"], ["GET", "/api/orders"],
      ["POST", "/api/orders/sync"], ["GET", "/api/guest-customers/nobody@example.com"],
      ["DELETE", "/api/guest-customers/x@example.com"], ["GET", "/api/guest-customers.csv"], ["GET", "/api/no-such-route"]];
    const bodies = new Set();
    for (const [method, p] of routes) {
      for (const headers of [{}, { authorization: `Bearer ${s.token}x` }, { authorization: `Basic ${s.token}` },
        { authorization: `Bearer ${s.token.slice(0, -1)}` }]) {
        const r = await s.api(p, { method, auth: false, headers });
        assert.equal(r.status, 401, `${method} ${p} ${JSON.stringify(headers)}`);
        assert.equal(r.headers.get("www-authenticate"), "Bearer");
        bodies.add(r.text);
      }
    }
    assert.equal(bodies.size, 1, "every 401 is the same reply");
    assert.equal((await s.api("/api/no-such-route")).status, 404);
  });

  test("GET /api/stats is the CLI's report of the stored orders, byte for byte; options pass on", async () => {
    const exported = await s.api("/api/orders?format=ndjson");
    assert.equal(exported.status, 200);
    assert.match(exported.headers.get("content-type"), /application\/x-ndjson/);
    const file = path.join(s.dataDir, "export.ndjson");
    fs.writeFileSync(file, exported.text);
    const stats = await s.api("/api/stats");
    assert.equal(stats.text, cli("report", file));
    const opts = await s.api("/api/stats?top=3&tzOffset=60&asOf=2025-01-01");
    assert.equal(opts.text, cli("report", "--top", "3", "--tz-offset", "60", "--as-of", "2025-01-01", file));
    // Versus the sample itself: only what counts records (duplicates, rejections) differs.
    const original = JSON.parse(cli("report", SAMPLE));
    original.orders.duplicates = 0;
    original.orders.rejected = 0;
    original.dataQuality.rejected = [];
    assert.deepEqual(stats.json, original);
    assert.equal((await s.api("/api/stats?top=-1")).status, 400);
    assert.equal((await s.api("/api/stats?asOf=yesterday")).status, 400);
  });

  test("GET /api/guest-customers: the old shape, sort, order, paging, search", async () => {
    const report = JSON.parse(cli("report", SAMPLE));
    const all = await s.api("/api/guest-customers?limit=1000");
    assert.equal(all.status, 200);
    assert.equal(all.json.success, true);
    assert.equal(all.json.total, report.customers.guest);
    assert.equal(all.json.guestCustomers.length, report.customers.guest);
    // Every profile is the core's (the CLI's `guests` over the same orders).
    const core = JSON.parse(cli("guests", "--sort", "email", SAMPLE));
    const byEmail = await s.api("/api/guest-customers?sort=email&limit=1000");
    assert.deepEqual(byEmail.json.guestCustomers, core);
    const spent = all.json.guestCustomers.map((g) => g.totalSpent);
    assert.deepEqual(spent, [...spent].sort((a, b) => b - a));
    const page = await s.api("/api/guest-customers?sort=email&order=asc&limit=5&offset=5");
    assert.deepEqual(page.json.guestCustomers, core.slice(5, 10));
    assert.equal(page.json.total, core.length);
    const target = core[3];
    const q = await s.api(`/api/guest-customers?q=${encodeURIComponent(target.email.slice(0, 6).toUpperCase())}`);
    assert.ok(q.json.guestCustomers.some((g) => g.email === target.email));
    assert.ok(q.json.guestCustomers.every((g) => g.email.includes(target.email.slice(0, 6))
      || (g.fullName ?? "").toLowerCase().includes(target.email.slice(0, 6)) || (g.phone ?? "").includes(target.email.slice(0, 6))));
    // The query is trimmed as the core's search trims it (here of a pasted no-break space).
    const spaced = await s.api(`/api/guest-customers?q=${encodeURIComponent(`\u00a0${target.email.slice(0, 6)} `)}`);
    assert.deepEqual(spaced.json, q.json);
    const none = await s.api("/api/guest-customers?q=%25_%25");
    assert.deepEqual([none.json.total, none.json.guestCustomers], [0, []], "LIKE wildcards are literal");
    for (const bad of ["sort=spend", "order=up", "limit=0", "limit=x", "offset=-1"]) {
      const r = await s.api(`/api/guest-customers?${bad}`);
      assert.equal(r.status, 400, bad);
      assert.equal(r.json.error.code, "invalid_parameter");
    }
  });

  test("GET /api/guest-customers/:email, /export, and 404", async () => {
    const core = JSON.parse(cli("guests", "--sort", "orders", SAMPLE));
    const g = core[0];
    const r = await s.api(`/api/guest-customers/${encodeURIComponent(` ${g.email.toUpperCase()} `)}`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.json.guestCustomer, g);
    const ids = r.json.orders.map((o) => o._id?.$oid ?? o._id ?? o.id);
    for (const id of g.orderIds) assert.ok(ids.includes(id), id); // and its excluded orders too
    // Looked up by the core's key: no-break spaces (what a paste leaves) and capitals do not matter.
    const pasted = await s.api(`/api/guest-customers/${encodeURIComponent(`\u00a0${g.email.toUpperCase()}\t`)}`);
    assert.equal(pasted.status, 200);
    assert.deepEqual(pasted.json.guestCustomer, g);
    const ex = await s.api(`/api/guest-customers/${encodeURIComponent(g.email)}/export`);
    assert.equal(ex.status, 200);
    assert.match(ex.headers.get("content-disposition"), /attachment/);
    assert.deepEqual(ex.json.profile, g);
    assert.equal(ex.json.orders.length, r.json.orders.length);
    const missing = await s.api("/api/guest-customers/nobody%40example.com");
    assert.equal(missing.status, 404);
    assert.equal(missing.json.error.code, "not_found");
  });

  test("GET /api/guest-customers.csv: one row per guest, formulas defused", async () => {
    await s.sync(JSON.stringify([order("csv1", { email: "csv@example.com", fullName: "=HYPERLINK(\"x\")", city: "Lagos, Island" })]));
    const r = await s.api("/api/guest-customers.csv");
    assert.equal(r.status, 200);
    assert.match(r.headers.get("content-type"), /text\/csv/);
    const lines = r.text.trimEnd().split("\r\n");
    assert.equal(lines[0].split(",")[0], "email");
    const total = (await s.api("/api/guest-customers?limit=1")).json.total;
    assert.equal(lines.length, total + 1);
    const row = lines.find((l) => l.startsWith("csv@example.com,"));
    assert.match(row, /^csv@example\.com,,"'=/, "a formula-looking name starts with '");
    assert.ok(row.includes('"Lagos, Island"'), row);
  });

  test("GET /api/orders pages the stored documents in arrival order", async () => {
    const all = await s.api("/api/orders?limit=10000");
    const ndjson = (await s.api("/api/orders?format=ndjson")).text.trimEnd().split("\n").map((l) => JSON.parse(l));
    assert.equal(all.json.total, ndjson.length);
    assert.deepEqual(all.json.orders, ndjson);
    const page = await s.api("/api/orders?limit=3&offset=2");
    assert.deepEqual(page.json.orders, ndjson.slice(2, 5));
  });

  test("POST /api/guest-customers (the old body): an orderId counts once", async () => {
    const body = { email: "Legacy.Buyer@Example.com", phone: "0803 000 1111", fullName: "legacy  buyer", city: "ikeja",
      state: "lagos state", orderId: "legacy-1", orderTotal: 2500.5 };
    const first = await s.api("/api/guest-customers", { method: "POST", body: JSON.stringify(body) });
    assert.equal(first.status, 201, first.text);
    assert.equal(first.json.success, true);
    assert.equal(first.json.guestCustomer.email, "legacy.buyer@example.com");
    assert.equal(first.json.guestCustomer.phone, "+2348030001111");
    assert.equal(first.json.guestCustomer.fullName, "Legacy Buyer");
    assert.equal(first.json.guestCustomer.state, "Lagos");
    assert.equal(first.json.guestCustomer.totalOrders, 1);
    assert.equal(first.json.guestCustomer.totalSpent, 2500.5);
    const retry = await s.api("/api/guest-customers", { method: "POST", body: JSON.stringify({ ...body, orderTotal: 99 }) });
    assert.equal(retry.status, 200);
    assert.equal(retry.json.counted, false);
    assert.equal(retry.json.guestCustomer.totalOrders, 1);
    assert.equal(retry.json.guestCustomer.totalSpent, 2500.5);
    const second = await s.api("/api/guest-customers", { method: "POST", body: JSON.stringify({ ...body, orderId: "legacy-2", orderTotal: "1,000" }) });
    assert.equal(second.json.guestCustomer.totalOrders, 2);
    assert.equal(second.json.guestCustomer.totalSpent, 3500.5);
    const noId = await s.api("/api/guest-customers", { method: "POST", body: JSON.stringify({ email: "a@b.co", orderTotal: 1 }) });
    assert.equal(noId.status, 400);
    const badEmail = await s.api("/api/guest-customers", { method: "POST", body: JSON.stringify({ email: "nope", orderId: "x9", orderTotal: 1 }) });
    assert.equal(badEmail.status, 400);
    assert.equal(badEmail.json.error.details.reason, "guest order without valid email");
  });

  test("DELETE /api/guest-customers/:email erases the person, keeps the money", async () => {
    await s.sync(JSON.stringify([
      order("erase-1", { email: "erase.me@example.com", phone: "08031234567", fullName: "Erase Me", address: "1 Secret St", total: 1000 }),
      order("erase-2", { email: "erase.me@example.com", total: 500, createdAt: "2024-05-02T10:00:00Z" }),
    ]));
    const before = (await s.api("/api/stats")).json;
    const r = await s.api("/api/guest-customers/erase.me%40example.com", { method: "DELETE" });
    assert.equal(r.status, 200);
    assert.equal(r.json.ordersBlanked, 2);
    assert.equal((await s.api("/api/guest-customers/erase.me%40example.com")).status, 404);
    assert.equal((await s.api("/api/guest-customers?q=erase.me")).json.total, 0);
    const dump = (await s.api("/api/orders?format=ndjson")).text;
    for (const secret of ["erase.me", "08031234567", "Erase Me", "Secret St"]) assert.ok(!dump.includes(secret), secret);
    const afterStats = (await s.api("/api/stats")).json;
    assert.deepEqual(afterStats.revenue, before.revenue);
    assert.deepEqual(afterStats.orders, before.orders);
    // The cached report was rebuilt, not caught up: it is the CLI's over what is stored now.
    const erasedFile = path.join(s.dataDir, "after-erase.ndjson");
    fs.writeFileSync(erasedFile, dump);
    const all = await s.api("/api/stats?top=1000");
    assert.equal(all.text, cli("report", "--top", "1000", erasedFile));
    assert.ok(!all.text.includes("erase.me"));
    // A later sync of the same ids does not bring the person back.
    const again = await s.sync(JSON.stringify([order("erase-1", { email: "erase.me@example.com", updatedAt: "2030-01-01" })]));
    assert.equal(again.unchanged, 1);
    assert.equal((await s.api("/api/guest-customers/erase.me%40example.com")).status, 404);
    assert.equal((await s.api("/api/guest-customers/erase.me%40example.com", { method: "DELETE" })).status, 404);
  });

  test("GET /api/stats catches up with later syncs: newer versions, new orders, stale retries", async () => {
    await s.api("/api/stats");  // a cached report to catch up from
    await s.sync(JSON.stringify([
      order("catch-1", { email: "catch.up@example.com", total: 700, createdAt: "2024-06-01T10:00:00Z" }),
      order("erase-2", { email: "someone.else@example.com", total: 900, updatedAt: "2031-01-01" }),
    ]));
    await s.api("/api/stats");
    await s.sync(JSON.stringify([
      order("catch-1", { email: "catch.up@example.com", total: 700, status: "refunded", createdAt: "2024-06-01T10:00:00Z", updatedAt: "2024-06-03" }),
      order("catch-1", { email: "catch.up@example.com", total: 700, status: "paid", createdAt: "2024-06-01T10:00:00Z", updatedAt: "2024-06-02" }),
    ]));
    const file = path.join(s.dataDir, "catch-up.ndjson");
    fs.writeFileSync(file, (await s.api("/api/orders?format=ndjson")).text);
    for (const q of ["", "?top=1000&tzOffset=60"]) {
      const args = q ? ["--top", "1000", "--tz-offset", "60"] : [];
      assert.equal((await s.api(`/api/stats${q}`)).text, cli("report", ...args, file));
    }
  });

  test("bad input: malformed JSON says where; wrong type 415; oversize 413; nothing stored", async () => {
    const before = (await s.api("/api/orders?limit=1")).json.total;
    const bad = await s.api("/api/orders/sync", { method: "POST", body: '[{"_id":"m1","total":1,"createdAt":"2024-01-01","email":"a@b.co"},\n{"_id": }]' });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.code, "invalid_json");
    assert.equal(bad.json.error.details.line, 2);
    assert.equal(typeof bad.json.error.details.offset, "number");
    const empty = await s.api("/api/orders/sync", { method: "POST", body: "   " });
    assert.equal(empty.status, 400);
    assert.equal(empty.json.error.code, "empty_input");
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const r = await s.api("/api/orders/sync", { method: "POST", body: "[]", headers: { "content-type": type } });
      assert.equal(r.status, 415, type);
      assert.equal(r.json.error.code, "unsupported_media_type");
    }
    const big = JSON.stringify(Array.from({ length: 3000 }, (_, i) => order(`big-${i}`)));
    assert.ok(big.length > 200000);
    const r = await s.api("/api/orders/sync", { method: "POST", body: big });
    assert.equal(r.status, 413);
    assert.equal(r.json.error.code, "body_too_large");
    assert.equal((await s.api("/api/orders?limit=1")).json.total, before);
    const wrongMethod = await s.api("/api/stats", { method: "POST", body: "{}" });
    assert.equal(wrongMethod.status, 405);
  });

  test("NDJSON bodies; bad orders rejected with their reason while the rest land", async () => {
    const lines = [
      JSON.stringify(order("nd-1")),
      JSON.stringify({ _id: "nd-2", email: "nd2@example.com", total: -5, createdAt: "2024-01-01" }),
      "",
      JSON.stringify({ email: "noid@example.com", total: 5, createdAt: "2024-01-01" }),
      JSON.stringify(order("nd-3", { buyerId: null, email: "not-an-email" })),
      JSON.stringify(order("nd-4", { total: "₦1,234.56" })),
    ].join("\n");
    const r = await s.sync(lines, "application/x-ndjson");
    assert.deepEqual(r, { accepted: 2, duplicates: 0, unchanged: 0, rejected: [
      { index: 1, orderId: "nd-2", reason: "negative total" },
      { index: 2, orderId: null, reason: "missing id" },
      { index: 3, orderId: "nd-3", reason: "guest order without valid email" },
    ] });
    const g = await s.api("/api/guest-customers/nd-4%40example.com");
    assert.equal(g.json.guestCustomer.totalSpent, 1234.56);
  });

  test("SQL-looking strings are stored verbatim; unknown fields stay in the document", async () => {
    const evil = "Robert'); DROP TABLE orders;--";
    const doc = order("sql-1", { email: "bobby@example.com", fullName: evil, city: "$1 \\' OR 1=1", items: [{ sku: "x", qty: 2 }],
      "weird key\"": { nested: [1, 2.50, "\u00e9\u20a6"] }, note: "tab\there" });
    const r = await s.sync(JSON.stringify([doc]));
    assert.equal(r.accepted, 1);
    const g = await s.api("/api/guest-customers/bobby%40example.com");
    assert.equal(g.json.guestCustomer.fullName, "Robert'); Drop Table Orders;--");
    assert.deepEqual(g.json.orders[0], doc);
    const q = await s.api(`/api/guest-customers?q=${encodeURIComponent("'); DROP")}`);
    assert.equal(q.json.total, 1);
    assert.equal((await s.api("/api/orders?limit=1")).status, 200, "the table is still there");
    const byId = await s.api(`/api/guest-customers/${encodeURIComponent("x' OR '1'='1")}`);
    assert.equal(byId.status, 404);
  });

  test("the dashboard's files are served at /; no way out of web/app", async () => {
    const index = await s.api("/", { auth: false });
    if (fs.existsSync(path.join(import.meta.dirname ?? "", "../../web/app/index.html"))) assert.equal(index.status, 200);
    assert.equal((await s.api("/../../etc/passwd", { auth: false })).status, 404);
    assert.equal((await s.api("/%2e%2e/%2e%2e/etc/passwd", { auth: false })).status, 404);
    assert.equal((await s.api("/node_modules/chart.js/package.json", { auth: false })).status, 404);
  });

  test("the token is generated into the data folder and printed when none is given", async () => {
    const t = await startServer(kind, ctx.pg, { env: { GUESTTRACK_TOKEN: null } });
    try {
      const token = fs.readFileSync(path.join(t.dataDir, "token"), "utf8").trim();
      assert.ok(token.length >= 24);
      assert.ok(t.output.includes(`#token=${token}`));
      const r = await fetch(`${t.url}/api/stats`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(r.status, 200);
      assert.equal((fs.statSync(path.join(t.dataDir, "token")).mode & 0o077), 0, "token file is private");
    } finally {
      await t.stop();
    }
  });

  test("one log line per request", async () => {
    const marker = `/api/stats?marker=${Date.now()}`;
    await s.api(marker);
    await new Promise((r) => setTimeout(r, 50));
    const lines = s.output.split("\n").filter((l) => / GET \/api\/stats 200 /.test(l));
    assert.ok(lines.length >= 1);
  });
});
