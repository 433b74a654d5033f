// erasure.test.mjs — DELETE /api/guest-customers/:email changes personal fields only: every figure
// that does not come from personal data stays exactly as it was (duplicate keys read as the core
// reads them: the first), and the guest list keeps agreeing with /api/stats and with the CLI over
// the stored orders — on PGlite and PostgreSQL.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { SAMPLE, cli, eachStore, startServer } from "./helpers.mjs";

// The report without what comes from personal data: geography (city/state), the normalisation
// counts, and the top guests' email and contact fields.
function impersonal(report) {
  const r = structuredClone(report);
  delete r.geography;
  delete r.dataQuality.emailsNormalised;
  delete r.dataQuality.statesNormalised;
  r.topGuests = r.topGuests.map(({ totalOrders, totalSpent, averageOrderValue, firstPurchaseDate, lastPurchaseDate, orderIds, rfm, segment }) =>
    ({ totalOrders, totalSpent, averageOrderValue, firstPurchaseDate, lastPurchaseDate, orderIds, rfm, segment }));
  return r;
}

// The guest list, /api/stats and the CLI over GET /api/orders agree.
async function assertAgree(s) {
  const file = path.join(s.dataDir, `stored-${process.hrtime.bigint()}.ndjson`);
  fs.writeFileSync(file, (await s.api("/api/orders?format=ndjson")).text);
  const stats = await s.api("/api/stats?top=1000");
  assert.equal(stats.text, cli("report", "--top", "1000", file));
  const list = (await s.api("/api/guest-customers?sort=email&limit=1000")).json;
  assert.equal(list.total, stats.json.customers.guest, "the guest list counts the guests /api/stats counts");
  assert.deepEqual(list.guestCustomers, JSON.parse(cli("guests", "--sort", "email", file)));
}

eachStore(describe, before, after, (kind, ctx) => {
  test("duplicate keys: erasure keeps the last, as the core read it (money, dates, months unchanged)", async () => {
    const s = await startServer(kind, ctx.pg);
    try {
      // corpus c14 of the audit: K1 has total 5 then 7, createdAt 2024-01-01 then 2024-05-01, and
      // email k@ex.ng then k2@ex.ng: the core reads 7, 2024-05-01 and k2@ex.ng.
      const doc = '[{"_id":"K1","email":"k@ex.ng","total":5,"total":7,"createdAt":"2024-01-01","createdAt":"2024-05-01","email":"k2@ex.ng","phone":"0803 111 2222","note":"keep me"},'
        + '{"_id":"K2","email":"k@ex.ng","total":1e2,"createdAt":"2024-01-02","city":"a","items":[{"sku":"x","total":9}]},'
        + '{"_id":"K3","email":"other@ex.ng","total":"₦1,000.50","createdAt":"2024-02-03","state":"lagos"}]';
      await s.sync(doc);
      const before = (await s.api("/api/stats?top=1000&asOf=2024-06-01")).json;
      assert.equal(before.revenue.total, 1107.5);
      for (const email of ["k%40ex.ng", "k2%40ex.ng"]) {  // K2's customer, then K1's
        const r = await s.api(`/api/guest-customers/${email}`, { method: "DELETE" });
        assert.equal(r.status, 200);
        assert.equal(r.json.ordersBlanked, 1);
      }
      const after = (await s.api("/api/stats?top=1000&asOf=2024-06-01")).json;
      assert.deepEqual(impersonal(after), impersonal(before));
      assert.equal(after.customers.guest, before.customers.guest);
      const stored = (await s.api("/api/orders?format=ndjson")).text;
      for (const secret of ["k@ex.ng", "k2@ex.ng", "0803 111 2222", '"city"']) assert.ok(!stored.includes(secret), secret);
      assert.ok(stored.includes('"note":"keep me"') && stored.includes('"items":[{"sku":"x","total":9}]'), "other fields stay as written");
      await assertAgree(s);
    } finally {
      await s.stop();
    }
  });

  test("after erasures the guest list still counts the pseudonymous guests /api/stats counts", async () => {
    const s = await startServer(kind, ctx.pg, { args: ["--load", SAMPLE] });
    try {
      const guests = (await s.api("/api/guest-customers?limit=5")).json.guestCustomers;
      const before = (await s.api("/api/stats?top=1000")).json;
      for (const g of guests.slice(0, 3)) {
        assert.equal((await s.api(`/api/guest-customers/${encodeURIComponent(g.email)}`, { method: "DELETE" })).status, 200);
        assert.equal((await s.api(`/api/guest-customers/${encodeURIComponent(g.email)}`)).status, 404);
      }
      const after = (await s.api("/api/stats?top=1000")).json;
      assert.deepEqual(impersonal(after), impersonal(before));
      await assertAgree(s);
      const erased = (await s.api("/api/guest-customers?q=erased.invalid&limit=10")).json;
      assert.equal(erased.total, 3);
      for (const g of erased.guestCustomers) {
        for (const f of ["phone", "fullName", "firstName", "lastName", "address", "busStop", "city", "state", "zipCode"]) assert.equal(g[f], null, f);
      }
      // A restart keeps them (the store is already at this server's profile version).
      await s.stop();
      const t = await s.restart();
      try {
        await assertAgree(t);
      } finally {
        await t.stop();
      }
    } finally {
      await s.stop();
    }
  });
});
