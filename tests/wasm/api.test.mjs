// api.test.mjs — the package's API as a user meets it: loading, every input kind, what ingest
// reports, queries, merge, snapshots, dispose and the finaliser.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { before, describe, test } from "node:test";

import { loadGuestTrack } from "../../wasm/index.js";
import { cli, fileSource, generated, SAMPLE, WASM_DIR } from "./helpers.mjs";

let gt;
before(async () => {
  gt = await loadGuestTrack();
});

// Hand-checked: o1 arrives, is refunded later, then a stale "paid" retry of o1 loses; a rejected
// record and a non-object are counted but change nothing else.
const ORDERS = [
  { _id: "o1", buyerId: null, email: " A@X.com", total: 100, status: "paid", createdAt: "2024-01-05T10:00:00Z", state: "lagos state" },
  { _id: { $oid: "o2" }, email: "a@x.com", total: "₦1,000.50", createdAt: "2024-02-10", firstName: "ada", lastName: " obi" },
  { _id: "o1", email: "a@x.com", total: 100, status: "Refunded", createdAt: "2024-01-05T10:00:00Z", updatedAt: "2024-01-09" },
  { _id: "o1", email: "a@x.com", total: 100, status: "paid", createdAt: "2024-01-05T10:00:00Z", updatedAt: "2024-01-06" },
  { _id: "o3", buyerId: "u1", email: "b@x.com", total: 50, createdAt: "2024-02-01" },
  { _id: "o4", email: "c@x.com", createdAt: "2024-01-01" },
  5,
];
const INGESTED = {
  records: 7, accepted: 5, duplicates: 2, unchanged: 1,
  rejected: [{ index: 5, orderId: "o4", reason: "missing total" }, { index: 6, orderId: null, reason: "not an object" }],
};

describe("loading", () => {
  test("from the .wasm beside the module, from bytes, from a URL, through locateFile", async () => {
    const wasmPath = path.join(WASM_DIR, "dist/guesttrack-core.wasm");
    const ways = [
      {},
      { wasmBinary: fs.readFileSync(wasmPath) },
      { wasmBinary: new Uint8Array(fs.readFileSync(wasmPath)).buffer },
      { wasmUrl: pathToFileURL(wasmPath) },
      { wasmUrl: pathToFileURL(wasmPath).href },
      { locateFile: (file, dir) => new URL(file, dir) },
    ];
    for (const options of ways) {
      const g = await loadGuestTrack(options);
      assert.equal(g.version, "0.1.0");
      assert.equal(g.report(ORDERS).orders.counted, 2);
    }
  });

  test("each load is its own instance with its own memory", async () => {
    const a = await loadGuestTrack();
    const before = gt.memoryBytes;
    a.report(fs.readFileSync(generated(4000, "array")));
    assert.ok(a.memoryBytes >= before);
    assert.equal(Object.isFrozen(a), true);
  });
});

describe("inputs", () => {
  test("bytes, ArrayBuffer, DataView, Buffer, string, order objects and a byte source agree", () => {
    const file = SAMPLE;
    const expected = cli("report", file);
    const buf = fs.readFileSync(file);
    const u8 = new Uint8Array(buf);
    const inputs = {
      buffer: buf,
      uint8array: u8,
      arraybuffer: u8.buffer,
      dataview: new DataView(u8.buffer),
      offsetView: new Uint8Array(Buffer.concat([Buffer.from("xxxx"), buf]).buffer, 4, buf.length),
      string: buf.toString("utf8"),
      objects: JSON.parse(buf.toString("utf8")),
      source: fileSource(file),
    };
    for (const [kind, input] of Object.entries(inputs)) assert.equal(gt.reportJSON(input), expected, kind);
  });

  test("non-ASCII text in a string is encoded as UTF-8", () => {
    const orders = [{ _id: "é1", email: "ọlá@example.ng", total: 5, createdAt: "2024-01-01", fullName: "Ọlá Àdìgún 🙂" }];
    const fromString = gt.report(JSON.stringify(orders));
    const fromBytes = gt.report(new TextEncoder().encode(JSON.stringify(orders)));
    assert.deepEqual(fromString, fromBytes);
    assert.equal(fromString.topGuests[0].fullName, "Ọlá Àdìgún 🙂");
    assert.deepEqual(fromString.topGuests[0].orderIds, ["é1"]);
  });

  test("normalizeEmail is the core's customer key: Unicode spaces trimmed, letters lowercased", () => {
    assert.equal(gt.normalizeEmail("\u00a0 ADA@Example.COM\u3000"), "ada@example.com");
    assert.equal(gt.normalizeEmail("ỌLÁ@EXAMPLE.NG"), "ọlá@example.ng");
    assert.equal(gt.normalizeEmail(""), "");
    // The key a tracker finds the guest by, whatever way the email was written in the orders.
    const t = gt.createTracker();
    t.ingest([{ _id: "1", email: "\u00a0Ọlá@Example.ng ", total: 5, createdAt: "2024-01-01" }]);
    assert.equal(t.profile("ỌLÁ@EXAMPLE.NG").email, gt.normalizeEmail("ỌLÁ@EXAMPLE.NG"));
    assert.throws(() => gt.normalizeEmail(5), (e) => e.code === "invalid_argument");
  });

  test("the input is not modified", () => {
    const bytes = new TextEncoder().encode(JSON.stringify(ORDERS));
    const copy = bytes.slice();
    gt.createTracker().ingest(bytes);
    assert.deepEqual(bytes, copy);
  });
});

describe("a tracker", () => {
  test("ingest says what it did (hand-checked)", () => {
    const t = gt.createTracker();
    assert.deepEqual(t.ingest(ORDERS), INGESTED);
    const r = t.report();
    assert.deepEqual(r.orders.excluded, { refunded: 1 });
    assert.equal(r.orders.counted, 2);
    assert.equal(r.orders.duplicates, 2);
    assert.equal(r.orders.rejected, 2);
    assert.deepEqual(r.customers, { total: 2, registered: 1, guest: 1, converted: 0 });
    assert.equal(r.revenue.total, 1050.5);
    assert.equal(r.asOf, "2024-02-10T00:00:00.000Z");
    const p = t.profile("  A@X.COM");
    assert.equal(p.email, "a@x.com");
    assert.equal(p.totalOrders, 1);
    assert.equal(p.totalSpent, 1000.5);
    assert.equal(p.fullName, "Ada Obi");
    assert.deepEqual(p.orderIds, ["o2"]);
    assert.equal(t.profile("b@x.com"), null, "a registered customer is not a guest");
  });

  test("indexes are positions within each ingest; the report counts over all", () => {
    const t = gt.createTracker();
    t.ingest(ORDERS);
    const second = t.ingest([ORDERS[5]]);
    assert.deepEqual(second.rejected, [{ index: 0, orderId: "o4", reason: "missing total" }]);
    assert.deepEqual(t.report().dataQuality.rejected.map((r) => r.index), [5, 6, 7]);
  });

  test("ingest is all or nothing", () => {
    const t = gt.createTracker();
    t.ingest(ORDERS);
    const before = t.reportJSON();
    assert.throws(() => t.ingest('[{"_id":"o9","email":"z@x.com","total":1,"createdAt":"2024-03-01"}, {'), { code: "invalid_json" });
    assert.equal(t.reportJSON(), before);
    const fresh = gt.createTracker();
    assert.throws(() => fresh.ingest('{"_id":"o9","email":"z@x.com","total":1,"createdAt":"2024-03-01"}\n{"_id":'), { code: "invalid_json" });
    assert.equal(fresh.report().orders.counted, 0);
  });

  test("ingesting the same orders twice changes nothing but duplicates", () => {
    const t = gt.createTracker();
    t.ingest(ORDERS);
    const once = t.report();
    const again = t.ingest(ORDERS);
    assert.equal(again.duplicates, 5);
    const twice = t.report();
    assert.deepEqual({ ...twice, orders: { ...twice.orders, duplicates: 0, rejected: 0 }, dataQuality: null },
      { ...once, orders: { ...once.orders, duplicates: 0, rejected: 0 }, dataQuality: null });
  });

  test("report options: top and asOf", () => {
    const t = gt.createTracker();
    t.ingest(fs.readFileSync(SAMPLE));
    assert.equal(t.report().topGuests.length, 10);
    assert.equal(t.report({ top: 3 }).topGuests.length, 3);
    assert.equal(t.report({ asOf: "2030-01-01" }).asOf, "2030-01-01T00:00:00.000Z");
    assert.equal(t.report({ asOf: new Date("2030-01-01T00:00:00Z") }).asOf, "2030-01-01T00:00:00.000Z");
    assert.equal(t.reportJSON({ asOf: "2030-01-01", top: 3 }), cli("report", "--as-of", "2030-01-01", "--top", "3", SAMPLE));
  });

  test("tzOffsetMinutes moves orders across a month boundary", () => {
    const late = [{ _id: "n1", email: "a@x.com", total: 1, createdAt: "2024-01-31T23:30:00Z" }];
    const utc = gt.createTracker();
    utc.ingest(late);
    assert.equal(utc.report().monthly[0].month, "2024-01");
    const wat = gt.createTracker({ tzOffsetMinutes: 60 });
    wat.ingest(late);
    assert.equal(wat.report().monthly[0].month, "2024-02");
    assert.equal(gt.report(late, { tzOffsetMinutes: 60 }).monthly[0].month, "2024-02");
  });

  test("excludeStatuses replaces the default list", () => {
    const t = gt.createTracker({ excludeStatuses: ["paid"] });
    t.ingest(ORDERS);
    // o1's winning version is refunded: counted now; nothing is "paid" but o1's stale version.
    assert.deepEqual(t.report().orders.excluded, {});
    assert.equal(t.report().orders.counted, 3);
  });

  test("guests: total before paging, sort keys and directions, search", () => {
    const t = gt.createTracker();
    t.ingest(fs.readFileSync(generated(4000, "array")));
    const all = t.guests();
    assert.equal(all.items.length, all.total);
    assert.ok(all.total > 100);
    const spent = all.items.map((g) => g.totalSpent);
    assert.deepEqual(spent, [...spent].sort((a, b) => b - a), "spent: descending by default");
    const page = t.guests({ offset: 10, limit: 5 });
    assert.equal(page.total, all.total);
    assert.deepEqual(page.items, all.items.slice(10, 15));
    assert.deepEqual(t.guests({ limit: Infinity }).items, all.items);
    assert.equal(t.guests({ offset: all.total + 5 }).items.length, 0);
    const emails = t.guests({ sort: "email" }).items.map((g) => g.email);
    assert.deepEqual(emails, [...emails].sort(), "email: ascending by default");
    assert.deepEqual(t.guests({ sort: "email", order: "desc" }).items.map((g) => g.email), [...emails].reverse());
    const recent = t.guests({ sort: "recent", limit: 50 }).items.map((g) => g.lastPurchaseDate);
    assert.deepEqual(recent, [...recent].sort().reverse());
    const orders = t.guests({ sort: "orders", order: "asc", limit: 50 }).items.map((g) => g.totalOrders);
    assert.deepEqual(orders, [...orders].sort((a, b) => a - b));
    const who = all.items[3];
    const found = t.guests({ search: who.email.slice(0, 6).toUpperCase() });
    assert.ok(found.total >= 1 && found.total < all.total);
    assert.ok(found.items.some((g) => g.email === who.email));
    assert.equal(t.guests({ search: "no such guest anywhere" }).total, 0);
    // A phone typed as people type it: separators dropped, the local 0 as +234.
    assert.equal(gt.phoneSearchText("0803 123-4"), "+2348031234");
    assert.equal(gt.phoneSearchText("ada"), "");
    const phoned = all.items.find((g) => g.phone?.startsWith("+234"));
    const typed = `0${phoned.phone.slice(4, 7)} ${phoned.phone.slice(7, 10)}`;
    assert.ok(t.guests({ search: typed }).items.some((g) => g.email === phoned.email), typed);
  });

  test("merge and snapshot/restore", () => {
    const a = gt.createTracker();
    const b = gt.createTracker();
    a.ingest(ORDERS.slice(0, 3));
    b.ingest(ORDERS.slice(3));
    a.merge(b);
    const whole = gt.createTracker();
    whole.ingest(ORDERS);
    assert.equal(a.reportJSON(), whole.reportJSON());
    const snap = a.snapshot();
    assert.ok(snap instanceof Uint8Array);
    const restored = gt.restoreTracker(snap.buffer.slice(snap.byteOffset, snap.byteOffset + snap.byteLength));
    assert.equal(restored.reportJSON(), whole.reportJSON());
    restored.ingest([{ _id: "o9", email: "z@x.com", total: 1, createdAt: "2024-03-01" }]);
    assert.equal(restored.report().orders.counted, 3, "a restored tracker keeps ingesting");
    assert.equal(whole.report().orders.counted, 2, "and is independent");
    b.dispose();
    assert.equal(a.report().orders.counted, 2, "a merged tracker does not depend on the other");
  });

  test("dispose frees it; Symbol.dispose too", () => {
    const t = gt.createTracker();
    assert.equal(t.disposed, false);
    t.dispose();
    assert.equal(t.disposed, true);
    if (typeof Symbol.dispose === "symbol") {
      const u = gt.createTracker();
      u[Symbol.dispose]();
      assert.equal(u.disposed, true);
    }
  });
});

test("trackers nobody disposed are freed by the finaliser", () => {
  // A child with --expose-gc: 60 trackers of ~4,000 orders each, dropped without dispose(). With
  // the finaliser, memory stays near one tracker's worth; without it, it grows by each one.
  const script = `
    import { loadGuestTrack } from ${JSON.stringify(pathToFileURL(path.join(WASM_DIR, "index.js")).href)};
    import fs from "node:fs";
    const gt = await loadGuestTrack();
    const bytes = fs.readFileSync(${JSON.stringify(generated(4000, "array"))});
    const make = () => { const t = gt.createTracker(); t.ingest(bytes); };
    make();
    const start = gt.memoryBytes;
    for (let i = 0; i < 60; i++) {
      make();
      if (i % 5 === 4) { globalThis.gc(); await new Promise((r) => setTimeout(r, 10)); }
    }
    console.log(JSON.stringify({ start, end: gt.memoryBytes }));`;
  const r = spawnSync(process.execPath, ["--expose-gc", "--input-type=module", "-e", script], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const { start, end } = JSON.parse(r.stdout);
  assert.ok(end < start * 3, `memory grew from ${start} to ${end} bytes`);
});

test("rfmSegments counts every guest by the segment topGuests would give it", async () => {
  const gt = await loadGuestTrack();
  const t = gt.createTracker();
  t.ingest(fs.readFileSync(SAMPLE));
  for (const options of [{}, { asOf: "2025-06-01" }]) {
    const report = t.report({ top: 1_000_000, ...options });
    const tally = { champions: 0, loyal: 0, promising: 0, "needs attention": 0, "at risk": 0, hibernating: 0 };
    for (const g of report.topGuests) tally[g.segment]++;
    assert.deepEqual(t.rfmSegments(options), tally);
    assert.equal(Object.values(tally).reduce((a, b) => a + b), report.customers.guest);
  }
  assert.throws(() => t.rfmSegments({ top: 3 }), { code: "invalid_argument" });
  t.dispose();
});

test("clearRecordCounts keeps the orders and forgets duplicates and rejections", async () => {
  const gt = await loadGuestTrack();
  const fresh = gt.createTracker();
  const caughtUp = gt.createTracker();
  const orders = fs.readFileSync(SAMPLE);
  fresh.ingest(orders);
  caughtUp.ingest(orders);
  caughtUp.ingest(orders);  // every record again: duplicates, and the rejections twice
  caughtUp.clearRecordCounts();
  const a = fresh.report(), b = caughtUp.report();
  assert.equal(b.orders.duplicates, 0);
  assert.equal(b.orders.rejected, 0);
  assert.deepEqual(b.dataQuality.rejected, []);
  assert.deepEqual({ ...b, orders: { ...b.orders, duplicates: 0, rejected: 0 }, dataQuality: { ...b.dataQuality, rejected: [] } },
    { ...a, orders: { ...a.orders, duplicates: 0, rejected: 0 }, dataQuality: { ...a.dataQuality, rejected: [] } });
  fresh.dispose();
  caughtUp.dispose();
});
