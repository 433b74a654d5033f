// store.test.mjs — what the database must hold for the server to give the CLI's answers: U+0000
// in any string the core accepts (ids, statuses, emails, contact fields), guest totals beyond
// 10^18 naira, and a store made by the previous schema upgraded in place — on PGlite and PostgreSQL.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { cli, eachStore, serverAt, startServer } from "./helpers.mjs";

// The server before migration 4 (guest money numeric(20,2), no U+0000, profiles from columns).
const PREVIOUS = "0c2ffcf0f91185a6af6477fa2e517d0e9a9e8cbf";

// Writes `text` beside the server's data and returns the file (for the CLI).
function file(s, name, text) {
  const f = path.join(s.dataDir, `${name}-${process.hrtime.bigint()}.json`);
  fs.writeFileSync(f, text);
  return f;
}

// Everything a client sees equals the CLI over the stored orders (and, record counts aside, over
// `sent`): the report byte for byte, every guest profile, each profile's text as the CLI prints it.
async function assertLikeCli(s, sent) {
  const stored = file(s, "stored", (await s.api("/api/orders?format=ndjson")).text);
  assert.equal((await s.api("/api/stats?top=100")).text, cli("report", "--top", "100", stored));
  const list = await s.api("/api/guest-customers?sort=email&limit=1000");
  assert.equal(list.status, 200, list.text);
  const guests = cli("guests", "--sort", "email", stored);
  assert.deepEqual(list.json.guestCustomers, JSON.parse(guests));
  assert.equal(list.text, `{"success":true,"guestCustomers":${guests.trimEnd()},"total":${JSON.parse(guests).length}}`);
  for (const g of JSON.parse(guests)) {
    const r = await s.api(`/api/guest-customers/${encodeURIComponent(g.email)}`);
    assert.equal(r.status, 200, g.email);
    // The CLI's profile text (an argument cannot hold U+0000: then its element of the guests array).
    const text = g.email.includes("\0") ? null : cli("profile", g.email, stored).trimEnd();
    const got = r.text.slice('{"success":true,"guestCustomer":'.length, r.text.indexOf(',"orders":['));
    if (text !== null) assert.equal(got, text, g.email);
    else assert.ok(guests.includes(`${got},`) || guests.includes(`${got}]`), g.email);
  }
  if (sent !== undefined) {
    const want = JSON.parse(cli("report", "--top", "100", file(s, "sent", sent)));
    want.orders.duplicates = 0;
    want.orders.rejected = 0;
    want.dataQuality.rejected = [];
    assert.deepEqual((await s.api("/api/stats?top=100")).json, want);
  }
}

const line = (o) => JSON.stringify(o);

eachStore(describe, before, after, (kind, ctx) => {
  test("U+0000 in ids, statuses, emails and contact fields: stored, figures and profiles the CLI's", async () => {
    const s = await startServer(kind, ctx.pg);
    try {
      const docs = [
        // corpus c13, c17, c20, c21 of the audit, and the keys U+0000 must not merge
        `[{"_id": "NUL1", "email": "nul@ex.ng", "total": 1000, "createdAt": "2024-01-10T10:00:00Z", "firstName": "A\\u0000B", "note": "x\\u0000y"}, {"_id": "NUL2", "email": "nul2@ex.ng", "total": 1000, "createdAt": "2024-01-10T10:00:00Z", "note": "back\\\\u0000slash"}]`,
        `[{"_id":"Q2","email":"q2@ex.ng","firstName":"A\\u0000B","total":1,"createdAt":"2024-01-01"}]`,
        `[{"_id":"Q5\\u0000","email":"q5@ex.ng","total":1,"createdAt":"2024-01-01"}]`,
        `[{"_id":"Q6","email":"q6@ex.ng","total":1,"createdAt":"2024-01-01","status":"pa\\u0000id"}]`,
        `[{"_id":"Q5\\ufffd","email":"q5@ex.ng","total":2,"createdAt":"2024-01-02"},{"_id":"\\u0001\\"Q5\\\\u0000\\"","email":"q5@ex.ng","total":4,"createdAt":"2024-01-03"},{"_id":"Q5\\u0001\\u0001","email":"q5@ex.ng","total":8,"createdAt":"2024-01-03"}]`,
        `[{"_id":"E1","email":"a\\u0000b@ex.ng","phone":"0803\\u0000","city":"\\u0000x","total":7,"createdAt":"2024-01-04"}]`,
      ];
      for (const doc of docs) {
        const r = await s.api("/api/orders/sync", { method: "POST", body: doc });
        assert.equal(r.status, 200, `${doc}: ${r.text}`);
        assert.equal(r.json.rejected.length, 0);
      }
      const sent = docs.map((d) => JSON.parse(d).map(line).join("\n")).join("\n");
      assert.equal((await s.api("/api/orders?limit=1")).json.total, 9, "Q5\\0, Q5\\uFFFD, Q5\\1\\1 and \\1\"Q5\\\\u0000\" are four orders");
      assert.equal((await s.api("/api/guest-customers/q5%40ex.ng")).json.guestCustomer.totalOrders, 4);
      await assertLikeCli(s, `${sent}\n`);
      // A re-send of the id with U+0000 finds the stored order.
      const again = await s.sync(docs[2]);
      assert.deepEqual([again.duplicates, again.unchanged], [1, 1]);
      // The stored document keeps the text; the guest with U+0000 in the email is found and exported.
      const nul = await s.api(`/api/guest-customers/${encodeURIComponent("a\u0000b@ex.ng")}/export`);
      assert.equal(nul.status, 200);
      assert.equal(nul.json.profile.city, "\u0000X");  // Title Case: U+0000 is no letter
      assert.equal(nul.json.orders[0].phone, "0803\u0000");
      await assertLikeCli(s);
    } finally {
      await s.stop();
    }
  });

  test("a guest's total beyond 10^18 naira is stored and printed as the CLI prints it", async () => {
    const s = await startServer(kind, ctx.pg);
    try {
      const orders = [];
      for (let i = 0; i < 1100; i++) {
        orders.push({ _id: `MM${i}`, email: "richer@ex.ng", total: 1e15, createdAt: `2024-01-01T00:${String(Math.floor(i / 60)).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}Z` });
      }
      orders.push({ _id: "MX", email: "poor@ex.ng", total: "999999999999999.99", createdAt: "2024-02-01" });
      const r = await s.api("/api/orders/sync", { method: "POST", body: JSON.stringify(orders) });
      assert.equal(r.status, 200, r.text);
      const g = await s.api("/api/guest-customers?limit=1");
      assert.match(g.text, /"totalSpent":1100000000000000000\.00,"averageOrderValue":1000000000000000\.00,/);
      await assertLikeCli(s, orders.map(line).join("\n"));
    } finally {
      await s.stop();
    }
  });

  test("a store made by the previous schema is migrated in place and then gives the CLI's answers", async () => {
    const old = await startServer(kind, ctx.pg, { server: serverAt(PREVIOUS) });
    const records = [
      { _id: "P1", email: "ada@ex.ng", fullName: "ada obi", city: "ikeja", total: "1,500.50", status: "paid", createdAt: "2024-01-05T10:00:00Z" },
      { _id: "P2", email: "ada@ex.ng", total: 250, createdAt: "2024-02-05T10:00:00Z" },
      { _id: "P3", email: "bola@ex.ng", total: 99.99, createdAt: "2024-01-07T10:00:00Z" },
      { _id: "P4", email: "bola@ex.ng", buyerId: "u9", total: 10, createdAt: "2024-03-07T10:00:00Z" },
      { _id: "\u0001lead", email: "\u0001lead@ex.ng", total: 5, createdAt: "2024-03-08T10:00:00Z" },
    ];
    let s;
    try {
      assert.equal((await old.sync(JSON.stringify(records))).accepted, 5);
      await old.stop();
      s = await old.restart({ server: undefined });
      assert.match(s.output, /every guest profile recomputed/);
      await assertLikeCli(s, records.map(line).join("\n"));
      // The U+0001 id migrated to the new key: a re-send is found, not stored twice.
      const again = await s.sync(JSON.stringify([records[4]]));
      assert.deepEqual([again.duplicates, again.unchanged], [1, 1]);
      assert.equal((await s.api("/api/orders?limit=1")).json.total, 5);
      // What the old columns could not hold now lands.
      const big = Array.from({ length: 1100 }, (_, i) => ({ _id: `B${i}`, email: "ada@ex.ng", total: 1e15, createdAt: "2024-04-01" }));
      big.push({ _id: "N1", email: "nul@ex.ng", fullName: "A\u0000B", total: 1, createdAt: "2024-04-02" });
      const r = await s.api("/api/orders/sync", { method: "POST", body: JSON.stringify(big) });
      assert.equal(r.status, 200, r.text);
      await assertLikeCli(s, [...records, ...big].map(line).join("\n"));
      // A second start does not recompute again.
      await s.stop();
      s = await s.restart();
      assert.doesNotMatch(s.output, /every guest profile recomputed/);
      await assertLikeCli(s);
    } finally {
      await old.stop();
      await s?.stop();
    }
  });
});
