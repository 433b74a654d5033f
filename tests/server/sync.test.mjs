// sync.test.mjs — POST /api/orders/sync: the version rule, idempotency, stored profiles equal to
// the core's over the stored orders, the report equal to the CLI's — on PGlite and PostgreSQL.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { cli, eachStore, generated, startServer } from "./helpers.mjs";

const o = (id, extra = {}) => ({ _id: id, email: "ada@example.com", total: 1000, status: "paid", createdAt: "2024-05-01T10:00:00Z", ...extra });
const json = (...orders) => JSON.stringify(orders);

// Everything a client can see: stats, every guest, every stored document.
async function state(s) {
  return {
    stats: (await s.api("/api/stats")).text,
    guests: (await s.api("/api/guest-customers?sort=email&limit=1000")).text,
    orders: (await s.api("/api/orders?format=ndjson")).text,
  };
}

// The stored guest_customers and report equal the core's over the exported stored orders.
async function assertConsistent(s) {
  const file = path.join(s.dataDir, `check-${Date.now()}.ndjson`);
  fs.writeFileSync(file, (await s.api("/api/orders?format=ndjson")).text);
  assert.equal((await s.api("/api/stats?top=5")).text, cli("report", "--top", "5", file));
  const stored = [];
  for (let offset = 0; ; offset += 1000) {
    const page = (await s.api(`/api/guest-customers?sort=email&limit=1000&offset=${offset}`)).json;
    stored.push(...page.guestCustomers);
    if (page.guestCustomers.length < 1000) break;
  }
  assert.deepEqual(stored, JSON.parse(cli("guests", "--sort", "email", file)));
}

eachStore(describe, before, after, (kind, ctx) => {
  let s;
  before(async () => {
    s = await startServer(kind, ctx.pg);
  });
  after(() => s?.stop());

  test("a stale version never overwrites a newer one; equal times: the later arrival wins", async () => {
    const paid = o("v1", { updatedAt: "2024-05-02T00:00:00Z" });
    assert.deepEqual(await s.sync(json(paid)), { accepted: 1, duplicates: 0, unchanged: 0, rejected: [] });
    const stale = o("v1", { status: "pending", total: 5, updatedAt: "2024-05-01T12:00:00Z" });
    assert.deepEqual(await s.sync(json(stale)), { accepted: 1, duplicates: 1, unchanged: 1, rejected: [] });
    let g = (await s.api("/api/guest-customers/ada%40example.com")).json.guestCustomer;
    assert.equal(g.totalSpent, 1000);
    const sameTime = o("v1", { total: 1500, updatedAt: "2024-05-02T00:00:00Z" });
    assert.deepEqual(await s.sync(json(sameTime)), { accepted: 1, duplicates: 1, unchanged: 0, rejected: [] });
    g = (await s.api("/api/guest-customers/ada%40example.com")).json.guestCustomer;
    assert.equal(g.totalSpent, 1500);
    // Refund, then a retry of the old "paid" in the same batch after it: the refund stays.
    const refund = o("v1", { status: "refunded", total: 1500, updatedAt: "2024-05-03T00:00:00Z" });
    const r = await s.sync(json(refund, paid, stale));
    assert.deepEqual(r, { accepted: 3, duplicates: 3, unchanged: 2, rejected: [] });
    assert.equal((await s.api("/api/guest-customers/ada%40example.com")).status, 404, "no counted order: no guest");
    const stored = (await s.api("/api/orders?format=ndjson")).text.trim().split("\n").map((l) => JSON.parse(l));
    assert.deepEqual(stored.find((d) => d._id === "v1"), refund);
    await assertConsistent(s);
  });

  test("a new version may move an order to another customer; registered buyers are no guests", async () => {
    await s.sync(json(o("m1", { email: "first@example.com" }), o("m2", { email: "first@example.com", createdAt: "2024-05-03T10:00:00Z" })));
    assert.equal((await s.api("/api/guest-customers/first%40example.com")).json.guestCustomer.totalOrders, 2);
    await s.sync(json(o("m2", { email: "second@example.com", createdAt: "2024-05-03T10:00:00Z", updatedAt: "2024-05-04" })));
    assert.equal((await s.api("/api/guest-customers/first%40example.com")).json.guestCustomer.totalOrders, 1);
    assert.equal((await s.api("/api/guest-customers/second%40example.com")).json.guestCustomer.totalOrders, 1);
    // second@ registers and buys: converted, so no longer a guest customer.
    await s.sync(json(o("m3", { email: "Second@Example.com", buyerId: "u77", createdAt: "2024-06-01" })));
    assert.equal((await s.api("/api/guest-customers/second%40example.com")).status, 404);
    await assertConsistent(s);
  });

  test("the same batch twice changes nothing; shapes agree", async () => {
    const file = generated(3000, "ndjson");
    const body = fs.readFileSync(file);
    const first = await s.sync(body, "application/x-ndjson");
    assert.ok(first.accepted > 2900 && first.rejected.length > 0);
    const before = await state(s);
    const again = await s.sync(body, "application/x-ndjson");
    assert.deepEqual(again, { ...first, duplicates: first.accepted, unchanged: first.accepted });
    assert.deepEqual(await state(s), before);
    // The same records as a JSON array and as an {orders: …} reply change nothing either.
    const lines = body.toString("utf8").trimEnd().split("\n").filter((l) => l.trim());
    for (const doc of [`[${lines.join(",")}]`, `{"success":true,"orders":[${lines.join(",\n")}]}`]) {
      const r = await s.sync(doc);
      assert.equal(r.accepted, first.accepted);
      assert.equal(r.unchanged, first.accepted);
      assert.deepEqual(await state(s), before);
    }
    await assertConsistent(s);
  });

  test("synced in batches, the figures are the CLI's over the same orders", async () => {
    const t = await startServer(kind, ctx.pg);
    try {
      const lines = fs.readFileSync(generated(4000, "ndjson"), "utf8").trimEnd().split("\n");
      for (let i = 0; i < lines.length; i += 700) await t.sync(lines.slice(i, i + 700).join("\n"), "application/x-ndjson");
      const stats = (await t.api("/api/stats")).json;
      const full = JSON.parse(cli("report", generated(4000, "ndjson")));
      for (const key of ["customers", "revenue", "averageOrderValue", "guests", "conversion", "geography", "monthly", "retention", "topGuests"]) {
        assert.deepEqual(stats[key], full[key], key);
      }
      assert.equal(stats.orders.counted, full.orders.counted);
      await assertConsistent(t);
    } finally {
      await t.stop();
    }
  });
});
