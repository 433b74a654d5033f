// versions.test.mjs — the version rule as the SPEC states it, whatever the batches: of equal version
// times the later arrival wins and the order takes that arrival, so a re-sent record (even
// byte-identical) moves to its new arrival; within one sync the winner is chosen over the whole
// batch, not per upsert chunk. The figures equal `guesttrack report` over the batches joined —
// on PGlite and PostgreSQL.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { cli, eachStore, startServer } from "./helpers.mjs";

// The CLI's report over `text` (written to a file in `dir`), with the record counts a store does
// not keep (duplicates, rejections) zeroed: what /api/stats must equal.
function cliFigures(dir, text, ...args) {
  const file = path.join(dir, `cli-${process.hrtime.bigint()}.ndjson`);
  fs.writeFileSync(file, text);
  const r = JSON.parse(cli("report", ...args, file));
  r.orders.duplicates = 0;
  r.orders.rejected = 0;
  r.dataQuality.rejected = [];
  return { report: r, guests: JSON.parse(cli("guests", "--sort", "email", file)) };
}

async function serverFigures(s, query = "") {
  return {
    report: (await s.api(`/api/stats${query}`)).json,
    guests: (await s.api("/api/guest-customers?sort=email&limit=1000")).json.guestCustomers,
  };
}

// The stats text equals the CLI's report over the stored orders (arrival order), byte for byte.
async function assertStoredParity(s) {
  const file = path.join(s.dataDir, `stored-${process.hrtime.bigint()}.ndjson`);
  fs.writeFileSync(file, (await s.api("/api/orders?format=ndjson")).text);
  assert.equal((await s.api("/api/stats?top=50")).text, cli("report", "--top", "50", file));
}

const line = (o) => JSON.stringify(o);

// Records with many equal version times and byte-identical re-sends, over customers that register
// (so who converted depends on which order arrived first among equal createdAt).
function tangled(seed, records) {
  let x = seed >>> 0;
  const rnd = () => ((x = (Math.imul(x ^ (x >>> 15), 2246822507) + 0x9e3779b9) >>> 0) / 2 ** 32);
  const out = [];
  for (let i = 0; i < records; i++) {
    if (out.length && rnd() < 0.25) {
      out.push(out[Math.floor(rnd() * out.length)]);  // a byte-identical re-send
      continue;
    }
    const id = `t${Math.floor(rnd() * records * 0.6)}`;
    const c = Math.floor(rnd() * 300);
    out.push(line({
      _id: id, email: `c${c}@ex.ng`, buyerId: rnd() < 0.3 ? `u${c}` : null, total: 100 + Math.floor(rnd() * 50),
      status: rnd() < 0.1 ? "refunded" : "paid", createdAt: `2024-0${1 + (c % 3)}-05T00:00:00Z`,
      updatedAt: `2024-07-0${1 + Math.floor(rnd() * 3)}T00:00:00Z`,  // three times: many ties
    }));
  }
  return out;
}

eachStore(describe, before, after, (kind, ctx) => {
  test("a byte-identical re-send takes the new arrival (the CLI over the batches joined)", async () => {
    const s = await startServer(kind, ctx.pg);
    try {
      const a = { _id: "A", email: "x@ex.ng", buyerId: "u1", total: 100, createdAt: "2024-01-05T00:00:00Z" };
      const b = { _id: "B", email: "x@ex.ng", total: 200, createdAt: "2024-01-05T00:00:00Z" };
      const batch1 = `[${line(a)},\n${line(b)}]`;
      const batch2 = `[${line(a)}]`;
      assert.deepEqual(await s.sync(batch1), { accepted: 2, duplicates: 0, unchanged: 0, rejected: [] });
      // The same document again: nothing in it changed (unchanged), but it arrived after B.
      assert.deepEqual(await s.sync(batch2), { accepted: 1, duplicates: 1, unchanged: 1, rejected: [] });
      const want = cliFigures(s.dataDir, `${line(a)}\n${line(b)}\n${line(a)}\n`);
      assert.equal(want.report.customers.converted, 1);
      const got = await serverFigures(s);
      assert.deepEqual(got.report, want.report);
      assert.deepEqual(got.guests, want.guests);
      const ids = (await s.api("/api/orders?format=ndjson")).text.trim().split("\n").map((l) => JSON.parse(l)._id);
      assert.deepEqual(ids, ["B", "A"], "A is stored at its latest arrival");
      await assertStoredParity(s);
    } finally {
      await s.stop();
    }
  });

  test("one sync of more than 5,000 records: the winner is chosen over the whole batch", async () => {
    const s = await startServer(kind, ctx.pg);
    try {
      const a = line({ _id: "A", email: "x@ex.ng", buyerId: "u1", total: 100, createdAt: "2024-01-05T00:00:00Z" });
      const lines = [a, line({ _id: "B", email: "x@ex.ng", total: 200, createdAt: "2024-01-05T00:00:00Z" })];
      for (let i = 0; i < 5_000; i++) lines.push(line({ _id: `F${i}`, email: `f${i}@ex.ng`, total: 1, createdAt: "2024-01-01T00:00:00Z" }));
      lines.push(a);  // record 5,002: past the first 5,000
      const text = `${lines.join("\n")}\n`;
      const r = await s.sync(text, "application/x-ndjson");
      assert.deepEqual([r.accepted, r.duplicates], [5_003, 1]);
      const want = cliFigures(s.dataDir, text);
      assert.equal(want.report.customers.converted, 1);
      assert.deepEqual((await serverFigures(s)).report, want.report);
      await assertStoredParity(s);
    } finally {
      await s.stop();
    }
  });

  test("ties and re-sends, in one batch of 12,000 or in batches of any size, give the CLI's figures", async () => {
    const records = tangled(9, 12_000);
    const text = `${records.join("\n")}\n`;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gt-versions-"));
    const want = cliFigures(dir, text, "--as-of", "2024-08-01");
    fs.writeFileSync(path.join(dir, "all.ndjson"), text);
    const cliDuplicates = JSON.parse(cli("report", path.join(dir, "all.ndjson"))).orders.duplicates;
    for (const size of [12_000, 4_999, 777]) {
      const s = await startServer(kind, ctx.pg);
      try {
        let duplicates = 0;
        for (let i = 0; i < records.length; i += size) {
          duplicates += (await s.sync(`${records.slice(i, i + size).join("\n")}\n`, "application/x-ndjson")).duplicates;
        }
        assert.equal(duplicates, cliDuplicates, `batches of ${size}`);
        const got = await serverFigures(s, "?asOf=2024-08-01");
        assert.deepEqual(got.report, want.report, `batches of ${size}`);
        assert.deepEqual(got.guests, want.guests, `batches of ${size}`);
        await assertStoredParity(s);
      } finally {
        await s.stop();
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
