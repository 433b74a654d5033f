// errors.test.mjs — one GuestTrackError with a stable .code, from one table (wasm/errors.js):
// the table matches the compiled core's codes, and every code can really be raised.
import assert from "node:assert/strict";
import fs from "node:fs";
import { before, describe, test } from "node:test";

import { CORE_ERROR_CODES, ERROR_CODES, GuestTrackError, loadGuestTrack } from "../../wasm/index.js";
import { SAMPLE, WASM_DIR } from "./helpers.mjs";

let gt;
before(async () => {
  gt = await loadGuestTrack();
});

// fn() must throw a GuestTrackError with this code (and the message must say something).
function throwsCode(fn, code, check = () => {}) {
  assert.throws(fn, (e) => {
    assert.ok(e instanceof GuestTrackError, `a GuestTrackError, not ${e?.constructor?.name}: ${e?.message}`);
    assert.ok(e instanceof Error);
    assert.equal(e.name, "GuestTrackError");
    assert.equal(e.code, code, e.message);
    assert.ok(e.message.length > 10, e.message);
    check(e);
    return true;
  });
}

async function rejectsCode(promise, code) {
  await assert.rejects(promise, (e) => e instanceof GuestTrackError && e.code === code);
}

const raised = new Set();
const expect = (code, fn, check) => {
  throwsCode(fn, code, check);
  raised.add(code);
};

describe("the table", () => {
  test("holds exactly the core's codes plus the wrapper's own", () => {
    const core = JSON.parse(gt._core._errorCodeNames());
    assert.deepEqual([...core].sort(), [...CORE_ERROR_CODES].sort());
    for (const code of core) assert.ok(ERROR_CODES[code], `ERROR_CODES lacks ${code}`);
    const own = Object.keys(ERROR_CODES).filter((c) => !core.includes(c)).sort();
    assert.deepEqual(own, ["aborted", "disposed", "invalid_argument", "load_failed", "out_of_memory"]);
  });

  test("the typings list the same codes", () => {
    const dts = fs.readFileSync(`${WASM_DIR}/index.d.ts`, "utf8");
    const union = dts.match(/export type GuestTrackErrorCode =([^;]*);/)[1];
    const typed = [...union.matchAll(/"([a-z0-9_]+)"/g)].map((m) => m[1]).sort();
    assert.deepEqual(typed, Object.keys(ERROR_CODES).sort());
  });

  test("GuestTrackError refuses a code outside the table", () => {
    assert.throws(() => new GuestTrackError("nope", "x"), TypeError);
    const e = new GuestTrackError("invalid_json", "bad", { offset: 3, line: 1 });
    assert.equal(e.offset, 3);
    assert.equal(e.line, 1);
    assert.equal(new GuestTrackError("disposed").message, ERROR_CODES.disposed);
  });
});

describe("every code is raised where it should be", () => {
  test("input errors name the byte offset and line", () => {
    expect("empty_input", () => gt.report(""));
    expect("empty_input", () => gt.createTracker().ingest(" \n\t"));
    expect("invalid_json", () => gt.report('[{"_id": "a"},\n {"_id": '), (e) => {
      assert.equal(e.offset, 24);
      assert.equal(e.line, 2);
      assert.match(e.message, /byte 24/);
    });
    expect("invalid_utf8", () => gt.report(new Uint8Array([0x5b, 0x22, 0xff, 0x22, 0x5d])), (e) => assert.equal(e.offset, 2));
    expect("too_deep", () => gt.report("[".repeat(2000)));
    expect("not_orders", () => gt.report("42"));
    expect("not_orders", () => gt.report('"orders"'));
  });

  test("ingestNdjson places an error in the whole stream, whatever the chunks", () => {
    const good = (i) => `{"_id":"o${i}","email":"g${i % 7}@x.ng","total":${i},"createdAt":"2024-01-01"}`;
    const lines = [];
    for (let i = 0; i < 150; ++i) lines.push(i % 10 === 3 ? "" : good(i));
    const text = `${lines.join("\n")}\n{"_id": "bad", "total": \n${good(999)}\n`;
    const whole = (() => { try { gt.createTracker().ingest(text); } catch (e) { return e; } })();
    assert.equal(whole.line, 151);
    for (const chunkBytes of [100, 2000, 1 << 20]) {
      const bytes = new TextEncoder().encode(text);
      let at = 0;
      const t = gt.createTracker();
      expect("invalid_json", () => t.ingestNdjson((dest) => {
        const n = Math.min(dest.length, bytes.length - at);
        dest.set(bytes.subarray(at, at + n));
        at += n;
        return n;
      }, { chunkBytes }), (e) => {
        assert.equal(e.offset, whole.offset, `chunkBytes ${chunkBytes}`);
        assert.equal(e.line, 151);
        assert.match(e.message, new RegExp(`at stream byte ${whole.offset} \\(line 151\\)`));
      });
      t.dispose();
    }
  });

  test("strict_rejected: strict one-shot report with a rejected order", () => {
    expect("strict_rejected", () => gt.report(fs.readFileSync(SAMPLE), { strict: true }), (e) => {
      assert.match(e.message, /record 2 \(order 63b9d2b1b3859264b2024c14\) rejected: non-numeric total \(8 rejected in all\)/);
      // Not an error in the bytes: no place in them.
      assert.equal(e.offset, undefined);
      assert.equal(e.line, undefined);
    });
    assert.equal(gt.report('[{"_id":"a","email":"a@b.co","total":1,"createdAt":"2024-01-01"}]', { strict: true }).orders.counted, 1);
  });

  test("invalid_option: the core's own check behind the wrapper's", () => {
    const raw = new gt._core._Tracker();
    try {
      for (const doc of ['{"tzOffsetMinutes": 1441}', '{"excludeStatuses": "paid"}', "[]", "not json"]) {
        const r = raw._configure(doc);
        assert.equal(r.ok, false, doc);
        assert.equal(r.code, "invalid_option", doc);
      }
      for (const doc of ['{"top": -1}', '{"asOfMs": 1e300}', '{"top": 1.5}']) assert.equal(raw._reportJson(doc, false).code, "invalid_option", doc);
      for (const doc of ['{"sort": "name"}', '{"limit": 0}', '{"order": "up"}', '{"offset": -2}']) assert.equal(raw._guestsJson(doc, false).code, "invalid_option", doc);
      assert.equal(raw._setTzOffset(-1441).code, "invalid_option");
      expect("invalid_option", () => gt._call(() => raw._configure('{"tzOffsetMinutes": "60"}')));
    } finally {
      raw.delete();
    }
  });

  test("options_mismatch: merging trackers that exclude different statuses", () => {
    const a = gt.createTracker();
    const b = gt.createTracker({ excludeStatuses: ["failed"] });
    expect("options_mismatch", () => a.merge(b));
    // The same statuses in another case and order are the same options.
    gt.createTracker({ excludeStatuses: ["Failed", "CANCELLED", "canceled", "refunded"] }).merge(a);
  });

  test("invalid_snapshot: bytes that are not a snapshot, or altered", () => {
    expect("invalid_snapshot", () => gt.restoreTracker(new Uint8Array([1, 2, 3])));
    const t = gt.createTracker();
    t.ingest(fs.readFileSync(SAMPLE));
    const snap = t.snapshot();
    snap[snap.length >> 1] ^= 1;
    expect("invalid_snapshot", () => gt.restoreTracker(snap), (e) => assert.match(e.message, /checksum/));
  });

  test("not_found: the raw call's code; profile() turns it into null", () => {
    const t = gt.createTracker();
    assert.equal(t.profile("nobody@example.com"), null);
    assert.equal(t.profileJSON("nobody@example.com"), null);
    const raw = new gt._core._Tracker();
    expect("not_found", () => gt._call(() => raw._profileJson("nobody@example.com", false)));
    raw.delete();
  });

  test("invalid_argument: wrong types, unknown keys, values out of range", () => {
    const t = gt.createTracker();
    const bad = [
      () => t.guests({ sort: "name" }),
      () => t.guests({ order: "up" }),
      () => t.guests({ limit: -1 }),
      () => t.guests({ limit: 0 }),
      () => t.guests({ limit: 2.5 }),
      () => t.guests({ offset: -1 }),
      () => t.guests({ search: 5 }),
      () => t.guests({ sortBy: "spent" }),
      () => t.guests("spent"),
      () => t.report({ asOf: "yesterday" }),
      () => t.report({ asOf: "2024-02-30" }),
      () => t.report({ asOf: new Date(NaN) }),
      () => t.report({ asOf: 1700000000000 }),
      () => t.report({ top: -1 }),
      () => t.report({ top: 1_000_001 }),
      () => t.report({ tzOffsetMinutes: 60 }), // a tracker option, not a report option
      () => t.reportJSON({ pretty: "yes" }),
      () => gt.createTracker({ tzOffsetMinutes: 1441 }),
      () => gt.createTracker({ tzOffsetMinutes: -1441 }),
      () => gt.createTracker({ tzOffsetMinutes: 1.5 }),
      () => gt.createTracker({ excludeStatuses: "cancelled" }),
      () => gt.createTracker({ excludeStatuses: [1] }),
      () => gt.createTracker(null),
      () => gt.report("[]", { strict: 1 }),
      () => gt.report("[]", { top: "10" }),
      () => t.ingest(42),
      () => t.ingest(null),
      () => t.ingest(undefined),
      () => t.ingest({ orders: [] }),
      () => t.ingest([1n]),
      () => t.ingest({ byteLength: -1, readInto() {} }),
      () => t.ingestNdjson("file.ndjson"),
      () => t.ingestNdjson(() => -1),
      () => t.ingestNdjson(() => 1e9),
      () => t.ingestNdjson(() => 0, { chunkBytes: 0 }),
      () => t.profile(42),
      () => t.merge({}),
      () => t.merge(t),
      () => gt.restoreTracker("snapshot"),
      () => gt.restoreTracker(new Uint8Array(0), { tzOffsetMinutes: 2000 }),
    ];
    for (const fn of bad) expect("invalid_argument", fn, (e) => assert.doesNotMatch(e.message, /undefined is not/));
  });

  test("invalid_argument: a tracker from another loaded instance cannot be merged", async () => {
    const other = await loadGuestTrack();
    expect("invalid_argument", () => gt.createTracker().merge(other.createTracker()));
  });

  test("disposed: every method of a disposed tracker", () => {
    const t = gt.createTracker();
    const other = gt.createTracker();
    t.dispose();
    t.dispose(); // twice is fine
    assert.equal(t.disposed, true);
    const calls = [
      () => t.ingest("[]"), () => t.ingestNdjson(() => 0), () => t.report(), () => t.reportJSON(),
      () => t.guests(), () => t.guestsJSON(), () => t.profile("a@b.co"), () => t.profileJSON("a@b.co"),
      () => t.merge(other), () => other.merge(t), () => t.snapshot(),
    ];
    for (const fn of calls) expect("disposed", fn, (e) => assert.equal(e.message, "this tracker was disposed"));
  });

  test("out_of_memory: input larger than 4 GB of WASM memory", () => {
    expect("out_of_memory", () => gt.report({ byteLength: 2 ** 32, readInto() { assert.fail("never read"); } }));
    // The instance is still usable.
    assert.equal(gt.report("[]").orders.counted, 0);
  });

  test("load_failed: no .wasm at the URL, or bytes that are not WebAssembly", async () => {
    await rejectsCode(loadGuestTrack({ wasmUrl: new URL("file:///nonexistent/guesttrack-core.wasm") }), "load_failed");
    await rejectsCode(loadGuestTrack({ wasmBinary: new Uint8Array([0, 97, 115, 109, 9, 9, 9, 9]) }), "load_failed");
    await rejectsCode(loadGuestTrack({ wasmBinary: "bytes" }), "invalid_argument");
    await rejectsCode(loadGuestTrack({ wasmPath: "x" }), "invalid_argument");
    raised.add("load_failed");
  });

  test("aborted: a trap in the module stops the instance, and says so on every later call", async () => {
    const doomed = await loadGuestTrack();
    const t = doomed.createTracker();
    expect("aborted", () => doomed._call(() => { throw new WebAssembly.RuntimeError("unreachable"); }), (e) => {
      assert.ok(e.cause instanceof WebAssembly.RuntimeError);
      assert.match(e.message, /load a new one/);
    });
    expect("aborted", () => t.report());
    expect("aborted", () => doomed.report("[]"));
    t.dispose(); // does not throw
    assert.equal(gt.report("[]").orders.counted, 0, "other instances are unaffected");
  });

  test("covered every code in the table", () => {
    assert.deepEqual([...raised].sort(), Object.keys(ERROR_CODES).sort());
  });
});
