#!/usr/bin/env node
// report.mjs — the headline figures of a shop's order export, from Node, with the guesttrack package.
//
//   node examples/report.mjs examples/sample-orders.json
//
// The file (a JSON array, an {"orders": [...]} reply or mongoexport NDJSON) is read straight into
// WebAssembly memory — never into a JavaScript string — and the C++ core computes the same report
// as `guesttrack report FILE`. In your own project: npm install guesttrack, then
// `import { loadGuestTrack } from "guesttrack"`.
import fs from "node:fs";

import { loadGuestTrack } from "../wasm/index.js";

const file = process.argv[2];
if (!file || process.argv.length > 3) {
  console.error("usage: node examples/report.mjs FILE");
  process.exit(2);
}

// Bytes that write themselves into WASM memory: the file is read once, into its final place.
function fileSource(path) {
  const fd = fs.openSync(path, "r");
  const byteLength = fs.fstatSync(fd).size;
  return {
    byteLength,
    readInto(dest) {
      for (let done = 0; done < byteLength;) {
        const n = fs.readSync(fd, dest, done, byteLength - done, done);
        if (n === 0) throw new Error(`${path} shrank while being read`);
        done += n;
      }
      fs.closeSync(fd);
    },
  };
}

const naira = (n) => (n === null ? "–" : `₦${n.toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ",")}`);
const percent = (r) => (r === null ? "–" : `${(r * 100).toFixed(1)}%`);

let report;
try {
  const gt = await loadGuestTrack();
  report = gt.report(fileSource(file));
} catch (e) {
  console.error(`report.mjs: ${file}: ${e.code ? `${e.code}: ` : ""}${e.message}`);
  process.exit(1);
}

const { customers: c, orders: o, revenue: r, guests: g, conversion: cv } = report;
const top = report.topGuests[0];
console.log(`customers    ${c.total} (${c.guest} guest, ${c.registered} registered, ${c.converted} converted)`);
console.log(`orders       ${o.counted} counted (${o.guest} guest, ${o.registered} registered), ${o.duplicates} duplicates, ${o.rejected} rejected`);
console.log(`revenue      ${naira(r.total)} (guest ${naira(r.guest)}, ${percent(r.guestShare)})`);
console.log(`repeat       ${g.repeat} guests (${percent(g.repeatRate)}), lifetime value mean ${naira(g.lifetimeValue.mean)}, median ${naira(g.lifetimeValue.median)}`);
console.log(`conversion   ${cv.converted} (${percent(cv.rate)}), median ${cv.medianDaysToConvert === null ? "–" : cv.medianDaysToConvert.toFixed(1)} days`);
console.log(`top guest    ${top ? `${top.email} ${naira(top.totalSpent)} in ${top.totalOrders} orders (${top.segment})` : "–"}`);
console.log(`as of        ${report.asOf ?? "–"}`);
