// bench.mjs — the dashboard at 100,000 orders (`make bench-browser`, part of `make bench`): the real
// server is loaded with bench-data/orders-100000.ndjson (generated once with seed 7), then headless
// Chromium opens the dashboard and the time from navigation to every view rendered is printed
// (target < 3 s), with its parts, and the time the guest table takes to re-sort and search.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

import { launchChromium, ROOT, startServer, waitReady } from "./helpers.mjs";

const ORDERS = 100_000;
const RUNS = 3;
const FILE = path.join(ROOT, `bench-data/orders-${ORDERS}.ndjson`);
const GENERATE = path.join(ROOT, "build/native-release/examples/guesttrack-generate");

if (!fs.existsSync(FILE)) {
  fs.mkdirSync(path.dirname(FILE), { recursive: true });
  console.log(`bench-browser: generating ${path.relative(ROOT, FILE)}`);
  execFileSync(GENERATE, ["--orders", String(ORDERS), "--seed", "7", "--shape", "ndjson", "--out", `${FILE}.tmp`]);
  fs.renameSync(`${FILE}.tmp`, FILE);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;

console.log(`bench-browser: loading ${ORDERS.toLocaleString("en")} orders into the server (PGlite)…`);
const loadStart = performance.now();
const server = await startServer({ load: FILE, timeoutMs: 900_000 });
console.log(`bench-browser: server ready in ${s(performance.now() - loadStart)}`);
const browser = await launchChromium();
try {
  const runs = [];
  let sorts;
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.origin}/#token=${server.token}`);
    await waitReady(page, 1, 120_000);
    const t = await page.evaluate(() => ({ ...window.guesttrack.timings, orders: window.guesttrack.report.orders.counted }));
    runs.push(t);
    console.log(`  run ${i + 1}: every view rendered ${s(t.allViews)} after navigation ` +
      `(stream + ingest ${s(t.computed - t.fetchStart)}, first views ${s(t.rendered - t.computed)}, RFM over every guest ${s(t.allViews - t.rendered)})`);
    if (i === RUNS - 1) {
      await page.click("#tab-guests");
      const timeIt = async (action, done) => {
        const t0 = await page.evaluate(() => performance.now());
        await action();
        await page.waitForFunction(done);
        return (await page.evaluate(() => performance.now())) - t0;
      };
      sorts = {
        byOrders: await timeIt(() => page.click('th[data-sort="orders"] button'),
          () => document.querySelector('th[data-sort="orders"]').getAttribute("aria-sort") === "descending"),
        byName: await timeIt(() => page.click('th[data-sort="name"] button'),
          () => document.querySelector('th[data-sort="name"]').getAttribute("aria-sort") === "ascending"),
        byNameAgain: await timeIt(() => page.click('th[data-sort="name"] button'),
          () => document.querySelector('th[data-sort="name"]').getAttribute("aria-sort") === "descending"),
        search: await timeIt(() => page.fill("#guest-search", "ada"),
          () => document.querySelector("#guest-count").textContent.includes("match")),
      };
    }
    await context.close();
  }
  const total = median(runs.map((r) => r.allViews));
  console.log(`dashboard, ${runs[0].orders.toLocaleString("en")} counted of ${ORDERS.toLocaleString("en")} orders: navigation to every view rendered ` +
    `${s(total)} (median of ${RUNS}; target < 3 s) ${total < 3000 ? "OK" : "SLOWER THAN TARGET"}`);
  console.log(`guest table: sort by orders ${sorts.byOrders.toFixed(0)} ms, by name ${sorts.byName.toFixed(0)} ms ` +
    `(then reversed ${sorts.byNameAgain.toFixed(0)} ms), search (+150 ms typing pause) ${sorts.search.toFixed(0)} ms`);
} finally {
  await browser.close();
  await server.stop();
}
