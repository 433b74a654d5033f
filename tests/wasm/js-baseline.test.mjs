// js-baseline.test.mjs — the benchmark's plain-JavaScript baseline must do the same job as
// guesttrack, or the bench's "WASM vs JS" ratio means nothing: its report equals the CLI's (dates
// aside, which it keeps as milliseconds) on the sample and on generated data.
import assert from "node:assert/strict";
import fs from "node:fs";
import { test } from "node:test";

import { cli, generated, SAMPLE } from "./helpers.mjs";
import { jsReport } from "./js-baseline.mjs";

function differences(js, native) {
  const out = [];
  const walk = (a, b, p) => {
    if (/(Date|asOf)$/.test(p)) return;  // ms here, ISO text there
    if (typeof a === "number" && typeof b === "number") {
      if (Math.abs(a - b) > 1e-9 * Math.max(1, Math.abs(b))) out.push(`${p}: ${a} vs ${b}`);
    } else if (a && b && typeof a === "object" && typeof b === "object") {
      for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) walk(a[k], b[k], `${p}/${k}`);
    } else if (a !== b) {
      out.push(`${p}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    }
  };
  walk(js, native, "");
  return out;
}

for (const [name, file] of [["the sample", SAMPLE], ["2,000 generated orders", generated(2000, "array", 3)]]) {
  test(`the JS baseline computes the CLI's report: ${name}`, () => {
    const docs = JSON.parse(fs.readFileSync(file, "utf8"));
    const native = JSON.parse(cli("report", "--top", "25", file));
    assert.deepEqual(differences(jsReport(docs, { top: 25 }), native), []);
  });
}
