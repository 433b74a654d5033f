// faults.test.mjs — many clients syncing overlapping batches at once end with exactly the figures
// of one sequential sync; a server killed with SIGKILL in the middle of a large sync restarts with
// each batch wholly in or wholly out — on PGlite and on PostgreSQL.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { cli, eachStore, generated, startServer } from "./helpers.mjs";

// A small seeded generator: IDS orders over CUSTOMERS guests (some registered), each id in up to
// three versions (pending, paid, refunded) with distinct version times and distinct createdAt, so
// every order of arrival keeps the same winners and the same figures.
function versions(seed, ids = 600, customers = 90) {
  let x = seed >>> 0;
  const rnd = () => ((x = (Math.imul(x ^ (x >>> 15), 2246822507) + 0x9e3779b9) >>> 0) / 2 ** 32);
  const out = [];
  const base = Date.UTC(2024, 0, 1);
  for (let i = 0; i < ids; i++) {
    const c = Math.floor(rnd() * customers);
    const created = base + i * 3_600_000 + c;
    const order = {
      _id: `ord-${i}`, email: `Guest${c}@Example.com`, buyerId: c % 9 === 0 && i % 2 ? `user-${c}` : null,
      phone: `0803${String(1000000 + c).slice(1)}`, fullName: `guest  number ${c}`, city: ["ikeja", "yaba", "garki"][c % 3],
      state: ["lagos", "Lagos State", "abuja"][c % 3], total: `${1000 + Math.floor(rnd() * 90000)}.${i % 100}`,
      createdAt: new Date(created).toISOString(), items: [{ sku: `s${i}`, qty: 1 }],
    };
    const n = 1 + Math.floor(rnd() * 3);
    for (let v = 0; v < n; v++) {
      out.push({ ...order, status: ["pending", "paid", "refunded"][v], updatedAt: new Date(created + (v + 1) * 60_000).toISOString() });
    }
  }
  return out;
}

// Overlapping batches: each record lands in one or two of `count` batches, each batch shuffled.
function overlappingBatches(records, count, seed) {
  let x = seed;
  const rnd = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  const batches = Array.from({ length: count }, () => []);
  for (const r of records) {
    batches[Math.floor(rnd() * count)].push(r);
    if (rnd() < 0.4) batches[Math.floor(rnd() * count)].push(r);
  }
  for (const b of batches) b.sort(() => rnd() - 0.5);
  return batches;
}

async function figures(s) {
  return {
    stats: (await s.api("/api/stats?asOf=2025-06-01")).text,
    guests: (await s.api("/api/guest-customers?sort=email&limit=1000")).json,
    count: (await s.api("/api/orders?limit=1")).json.total,
  };
}

eachStore(describe, before, after, (kind, ctx) => {
  test("concurrent overlapping syncs end with the figures of one sequential sync", async () => {
    const records = versions(42);
    const batches = overlappingBatches(records, 24, 7);
    const seq = await startServer(kind, ctx.pg);
    const par = await startServer(kind, ctx.pg);
    try {
      for (const b of batches) await seq.sync(JSON.stringify(b));
      // 8 clients at once, 3 batches each, all in flight together.
      const clients = Array.from({ length: 8 }, (_, c) => (async () => {
        const results = [];
        for (let k = c; k < batches.length; k += 8) results.push(await par.sync(JSON.stringify(batches[k])));
        return results;
      })());
      const results = (await Promise.all(clients)).flat();
      assert.equal(results.reduce((n, r) => n + r.accepted, 0), batches.reduce((n, b) => n + b.length, 0));
      const a = await figures(seq);
      const b = await figures(par);
      assert.equal(b.count, 600);
      assert.deepEqual(b.guests, a.guests);
      assert.equal(b.stats, a.stats);
      // And both are the core's figures over the records in their original order.
      const file = path.join(seq.dataDir, "all.json");
      fs.writeFileSync(file, JSON.stringify(records));
      const report = JSON.parse(cli("report", "--as-of", "2025-06-01", file));
      const stats = JSON.parse(b.stats);
      for (const key of ["customers", "revenue", "guests", "conversion", "geography", "monthly", "retention", "topGuests"]) {
        assert.deepEqual(stats[key], report[key], key);
      }
      assert.deepEqual(b.guests.guestCustomers, JSON.parse(cli("guests", "--sort", "email", file)));
    } finally {
      await seq.stop();
      await par.stop();
    }
  });

  test("SIGKILL during a large sync: after restart each batch is wholly in or wholly out", async () => {
    const small = fs.readFileSync(generated(2000, "ndjson", 5));
    const large = fs.readFileSync(generated(60000, "ndjson", 6));
    let s = await startServer(kind, ctx.pg, { args: ["--body-limit", String(100 << 20)] });
    try {
      const first = await s.sync(small, "application/x-ndjson");
      const countA = (await s.api("/api/orders?limit=1")).json.total;
      const statsA = (await s.api("/api/stats")).text;
      // Send the large batch and kill the server once it has written part of it.
      const pending = s.api("/api/orders/sync", { method: "POST", body: large, headers: { "content-type": "application/x-ndjson" } })
        .catch((e) => e);
      const deadline = Date.now() + 120_000;
      while (!/sync: \d+\/\d+ records written/.test(s.output) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      assert.match(s.output, /sync: \d+\/\d+ records written/, "the large sync started writing");
      const exit = await s.kill("SIGKILL");
      assert.equal(exit.signal, "SIGKILL");
      assert.ok((await pending) instanceof Error, "the client saw the connection drop");
      s = await s.restart({ args: ["--body-limit", String(100 << 20)] });
      // Killed after its first chunk and long before its commit: nothing of it may be there.
      const count = (await s.api("/api/orders?limit=1")).json.total;
      assert.equal(count, countA, "the killed batch left nothing behind");
      assert.equal((await s.api("/api/stats")).text, statsA);
      assert.equal((await s.api("/api/guest-customers?limit=1")).json.total, JSON.parse(statsA).customers.guest);
      // Sent again, it lands whole; the first batch is untouched.
      const second = await s.sync(large, "application/x-ndjson");
      assert.ok(second.accepted > 59000);
      const file = path.join(s.dataDir, "both.ndjson");
      fs.writeFileSync(file, Buffer.concat([small, large]));
      const both = JSON.parse(cli("report", file));
      const stats = (await s.api("/api/stats")).json;
      assert.deepEqual(stats.customers, both.customers);
      assert.deepEqual(stats.revenue, both.revenue);
      assert.equal((await s.api("/api/guest-customers?limit=1")).json.total, both.customers.guest);
      assert.ok(first.accepted > 1900);
    } finally {
      await s.stop();
    }
  });
});
