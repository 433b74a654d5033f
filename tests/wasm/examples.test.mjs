// examples.test.mjs — the Node examples run as a user runs them, and print what the CLI computes.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { test } from "node:test";

import { cli, generated, ROOT, SAMPLE } from "./helpers.mjs";

const run = (script, ...args) => spawnSync(process.execPath, [path.join(ROOT, "examples", script), ...args], { encoding: "utf8", maxBuffer: 1 << 30 });

test("report.mjs prints the headline figures of the CLI's report", () => {
  const r = run("report.mjs", SAMPLE);
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(cli("report", SAMPLE));
  const c = report.customers;
  assert.match(r.stdout, new RegExp(`^customers +${c.total} \\(${c.guest} guest, ${c.registered} registered, ${c.converted} converted\\)$`, "m"));
  assert.match(r.stdout, new RegExp(`^orders +${report.orders.counted} counted .*${report.orders.rejected} rejected$`, "m"));
  assert.match(r.stdout, /^revenue +₦15,506,905\.85 \(guest ₦8,105,157\.30, 52\.3%\)$/m);
  assert.match(r.stdout, new RegExp(`^top guest +${report.topGuests[0].email} `, "m"));
  assert.match(r.stdout, new RegExp(`^as of +${report.asOf}$`, "m"));
});

test("report.mjs fails cleanly on a file that is not orders", () => {
  const r = run("report.mjs", path.join(ROOT, "examples/CMakeLists.txt"));
  assert.equal(r.status, 1);
  assert.match(r.stderr, /invalid_json|not_orders/);
  assert.equal(run("report.mjs").status, 2);
});

test("sync-export.mjs ingests NDJSON in chunks and prints the CLI's report", () => {
  const file = generated(20000, "ndjson");
  const r = run("sync-export.mjs", file);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, cli("report", file));
  assert.match(r.stderr, /100%.*20000 orders/);
  assert.match(r.stderr, /WebAssembly memory \d+ MB/);
});
