// bench.mjs — the server's rows of `make bench`: sync throughput in batches of 1,000 orders into
// PostgreSQL and into PGlite, then GET /api/stats and a GET /api/guest-customers page with
// 100,000 orders stored. `--quick` (in BENCH_ARGS) uses 20,000 orders.
// Targets: >= 5,000 orders/s (PostgreSQL), >= 2,000 orders/s (PGlite), stats < 1 s, page < 50 ms.
import fs from "node:fs";

import { generated, startPostgres, startServer } from "./helpers.mjs";

const quick = process.argv.includes("--quick");
const ORDERS = quick ? 20_000 : 100_000;
const BATCH = 1_000;

const lines = fs.readFileSync(generated(ORDERS, "ndjson", 21), "utf8").trimEnd().split("\n");
const batches = [];
for (let i = 0; i < lines.length; i += BATCH) batches.push(lines.slice(i, i + BATCH).join("\n"));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function timed(fn, runs) {
  const ms = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  return median(ms);
}

const row = (name, value, target, ok) => console.log(`${name.padEnd(58)} ${value.padStart(14)}   target ${target} ${ok ? "ok" : "MISSED"}`);

const pg = await startPostgres();
try {
  console.log(`server bench: ${lines.length} records in batches of ${BATCH} (PostgreSQL 15 with fsync=off; PGlite in a temp folder)`);
  for (const [kind, target] of [["postgres", 5000], ["pglite", 2000]]) {
    const s = await startServer(kind, pg);
    try {
      const t = performance.now();
      for (const b of batches) await s.sync(b, "application/x-ndjson");
      const secs = (performance.now() - t) / 1000;
      const rate = lines.length / secs;
      row(`sync ${kind}, batches of ${BATCH}`, `${Math.round(rate)} orders/s`, `>= ${target}`, rate >= target);
      const stored = (await s.api("/api/orders?limit=1")).json.total;
      const statsOnce = async () => {
        const r = await s.api("/api/stats");
        if (r.status !== 200) throw new Error(r.text);
      };
      const cold = await timed(statsOnce, 1); // the first after a write: the tracker is rebuilt
      row(`GET /api/stats, ${kind}, ${stored} orders, first after a write`, `${cold.toFixed(0)} ms`, "< 1000 ms", cold < 1000);
      const stats = await timed(statsOnce, 3);
      row(`GET /api/stats, ${kind}, ${stored} orders, unchanged store`, `${stats.toFixed(0)} ms`, "< 1000 ms", stats < 1000);
      const page = await timed(async () => {
        const r = await s.api("/api/guest-customers?sort=totalSpent&limit=50&offset=100");
        if (r.status !== 200) throw new Error(r.text);
      }, 9);
      row(`GET /api/guest-customers page, ${kind}, ${stored} orders`, `${page.toFixed(1)} ms`, "< 50 ms", page < 50);
      const search = await timed(() => s.api("/api/guest-customers?q=ada&limit=50"), 5);
      row(`GET /api/guest-customers?q=ada, ${kind}`, `${search.toFixed(1)} ms`, "(info)", true);
    } finally {
      await s.stop();
    }
  }
} finally {
  pg.stop();
}
