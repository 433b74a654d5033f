// bindings.test.mjs — parity between the layers (as h3-js's test-parity): every public method of
// the core's Tracker is bound or deliberately left out, every raw binding of wasm/bindings.cpp is
// used by wasm/index.js, and every method the typings promise exists at run time (and back).
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { before, test } from "node:test";

import * as pkg from "../../wasm/index.js";
import { ROOT, WASM_DIR } from "./helpers.mjs";

const read = (file) => fs.readFileSync(path.join(ROOT, file), "utf8");
const bindings = read("wasm/bindings.cpp");
const wrapper = read("wasm/index.js");
const dts = read("wasm/index.d.ts");

// Tracker methods (core/include/guesttrack/tracker.hpp) -> the raw binding that reaches them,
// or why none does.
const CORE_TRACKER = {
  options: "not needed: the options are the caller's own (configure sets them)",
  ingest: "_ingest",
  ingest_copy: "not needed: the wrapper copies input into WASM memory with the padding itself",
  ingest_stream: "_reportOnce",
  add: "not needed: one record per call across the boundary is what ingest avoids",
  add_rejected: "not needed: as add",
  merge: "_merge",
  clear_record_counts: "_clearRecordCounts",
  report: "_reportJson",
  guests: "_guestsJson",
  rfm_segments: "_rfmSegmentsJson",
  profile: "_profileJson",
  order_count: "not needed: report() has the counts",
  record_count: "not needed: report() has the counts",
  rejected_count: "not needed: report() has the counts",
  rejections: "not needed: report().dataQuality.rejected",
  prefetch: "not needed: a cache hint for C++ code that adds orders in batches (WASM has no prefetch)",
  first_rejection_text: "used inside: the strict_rejected error of report(..., {strict: true}) is its text",
  snapshot: "_snapshot",
  restore: "_restore",
};

let gt;
before(async () => {
  gt = await pkg.loadGuestTrack();
});

const rawClassMethods = [...bindings.matchAll(/\.function\("(_\w+)"/g)].map((m) => m[1]);
const rawFunctions = [...bindings.matchAll(/emscripten::function\("(_\w+)"/g)].map((m) => m[1]);

test("every public method of the core's Tracker is bound or deliberately left out", () => {
  const hpp = read("core/include/guesttrack/tracker.hpp");
  const body = hpp.slice(hpp.indexOf("class Tracker {"), hpp.indexOf("private:", hpp.indexOf("class Tracker {")));
  const methods = new Set([...body.matchAll(/^\s+(?:static\s+)?(?:[\w:<>,&* ]+?)\s[*&]?(\w+)\((?!\))?/gm)]
    .map((m) => m[1]).filter((n) => !["Tracker", "operator"].includes(n) && !n.startsWith("operator")));
  assert.ok(methods.size >= 10, `parsed ${[...methods]}`);
  for (const m of methods) {
    assert.ok(m in CORE_TRACKER, `Tracker::${m} is new in tracker.hpp: bind it in wasm/bindings.cpp or say here why not`);
    const bound = CORE_TRACKER[m];
    if (bound.startsWith("_")) assert.ok(rawClassMethods.includes(bound) || rawFunctions.includes(bound), `${bound} is not bound`);
  }
});

test("the raw bindings the C++ declares are the ones the module exposes", () => {
  const core = gt._core;
  assert.equal(typeof core._Tracker, "function");
  for (const name of rawFunctions) assert.equal(typeof core[name], "function", name);
  const proto = Object.getOwnPropertyNames(core._Tracker.prototype).filter((n) => /^_[a-z]/.test(n));
  assert.deepEqual(proto.sort(), [...rawClassMethods].sort());
  assert.ok(bindings.match(/EMSCRIPTEN_BINDINGS\(/g).length === 1, "one EMSCRIPTEN_BINDINGS block");
});

test("every raw binding is used by the wrapper", () => {
  for (const name of [...rawClassMethods, ...rawFunctions, "_Tracker", "_malloc", "_free"]) {
    assert.match(wrapper, new RegExp(`\\.${name}\\(|new this\\.#core\\.${name}\\(`), `${name} is bound but wasm/index.js never calls it`);
  }
});

// Method names of an interface in index.d.ts.
function declaredMethods(name) {
  const start = dts.indexOf(`export interface ${name} {`);
  assert.ok(start >= 0, name);
  const body = dts.slice(start, dts.indexOf("\n}", start));
  return [...body.matchAll(/^ {2}(\w+)\(/gm)].map((m) => m[1]).sort();
}

function runtimeMethods(obj) {
  const proto = Object.getPrototypeOf(obj);
  return Object.getOwnPropertyNames(proto)
    .filter((n) => n !== "constructor" && !n.startsWith("_") && typeof Object.getOwnPropertyDescriptor(proto, n).value === "function")
    .sort();
}

test("every method the typings declare exists, and nothing public is undeclared", () => {
  const t = gt.createTracker();
  assert.deepEqual(runtimeMethods(t), declaredMethods("Tracker"));
  assert.deepEqual(runtimeMethods(gt), declaredMethods("GuestTrack"));
  for (const getter of ["disposed"]) assert.match(dts, new RegExp(`readonly ${getter}:`));
  assert.equal(typeof gt.memoryBytes, "number");
  assert.equal(typeof gt.version, "string");
  const exported = Object.keys(pkg).sort();
  const declared = [...dts.matchAll(/^export declare (?:const|class|function) (\w+)/gm)].map((m) => m[1]).sort();
  assert.deepEqual(exported, declared);
  t.dispose();
});

test("the package's exports map and files list what the build makes", () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(WASM_DIR, "package.json"), "utf8"));
  assert.equal(manifest.name, "guesttrack");
  assert.equal(manifest.type, "module");
  assert.deepEqual(manifest.exports["."], { types: "./index.d.ts", default: "./index.js" });
  assert.equal(manifest.exports["./guesttrack-core.wasm"], "./dist/guesttrack-core.wasm");
  assert.equal(manifest.dependencies, undefined, "no runtime dependencies");
  for (const file of manifest.files) assert.ok(fs.existsSync(path.join(WASM_DIR, file)), file);
  for (const rel of wrapper.matchAll(/from "\.\/([\w./-]+)"/g)) assert.ok(manifest.files.includes(rel[1]), `${rel[1]} imported but not in files`);
});
