// parity.test.mjs — the WASM module prints what the native CLI prints, byte for byte: the report
// and the guest list, for the sample file and generated exports in all three shapes, with the
// CLI's options, one shot or through a tracker, whole or in NDJSON chunks, merged or restored.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { before, describe, test } from "node:test";

import { loadGuestTrack } from "../../wasm/index.js";
import { cli, cliRun, DATA_DIR, fileSource, generated, SAMPLE } from "./helpers.mjs";

let gt;
before(async () => {
  gt = await loadGuestTrack();
});

const FILES = () => [
  ["sample", SAMPLE],
  ["array", generated(4000, "array")],
  ["wrapped", generated(4000, "wrapped")],
  ["ndjson", generated(4000, "ndjson")],
];

// CLI flags and the same options for the module.
const VARIANTS = [
  { flags: [], one: {}, tracker: {}, report: {} },
  { flags: ["--top", "25"], one: { top: 25 }, tracker: {}, report: { top: 25 } },
  { flags: ["--top", "0"], one: { top: 0 }, tracker: {}, report: { top: 0 } },
  { flags: ["--tz-offset", "60"], one: { tzOffsetMinutes: 60 }, tracker: { tzOffsetMinutes: 60 }, report: {} },
  { flags: ["--tz-offset", "-1440"], one: { tzOffsetMinutes: -1440 }, tracker: { tzOffsetMinutes: -1440 }, report: {} },
  { flags: ["--as-of", "2025-01-31"], one: { asOf: "2025-01-31" }, tracker: {}, report: { asOf: "2025-01-31" } },
  { flags: ["--as-of", "2024-06-01T12:00:00+01:00"], one: { asOf: new Date("2024-06-01T11:00:00Z") }, tracker: {}, report: { asOf: "2024-06-01T12:00:00+01:00" } },
  { flags: ["--exclude-status", "refunded,Pending "], one: { excludeStatuses: ["refunded", "Pending "] }, tracker: { excludeStatuses: ["refunded", "Pending "] }, report: {} },
  { flags: ["--exclude-status", ""], one: { excludeStatuses: [] }, tracker: { excludeStatuses: [] }, report: {} },
];

describe("report text equals `guesttrack report`", () => {
  for (const [name, fileOf] of FILES().map(([n, f]) => [n, () => f])) {
    for (const v of VARIANTS) {
      const label = `${name} ${v.flags.join(" ") || "(defaults)"}`;
      test(`one shot, ${label}`, () => {
        const file = fileOf();
        const expected = cli("report", ...v.flags, file);
        assert.equal(gt.reportJSON(fs.readFileSync(file), v.one), expected);
        assert.equal(gt.reportJSON(fileSource(file), v.one), expected);
      });
      test(`tracker, ${label}`, () => {
        const file = fileOf();
        const t = gt.createTracker(v.tracker);
        try {
          t.ingest(fs.readFileSync(file, "utf8")); // as a string this time
          assert.equal(t.reportJSON(v.report), cli("report", ...v.flags, file));
        } finally {
          t.dispose();
        }
      });
    }
    test(`--pretty, ${name}`, () => {
      const file = fileOf();
      const expected = cli("report", "--pretty", file);
      assert.equal(gt.reportJSON(fs.readFileSync(file), { pretty: true }), expected);
      const t = gt.createTracker();
      t.ingest(fs.readFileSync(file));
      assert.equal(t.reportJSON({ pretty: true }), expected);
      t.dispose();
    });
    test(`report() is the parsed text, ${name}`, () => {
      const file = fileOf();
      assert.deepEqual(gt.report(fs.readFileSync(file)), JSON.parse(cli("report", file)));
    });
  }
});

// The CLI parses documents over 4 MB on three threads and reports on two for trackers of
// 32,768 orders or more; the module does both on one. A document big enough for both paths:
test("report text equals `guesttrack report` on 60,000 orders (the CLI's threaded paths)", () => {
  for (const shape of ["array", "ndjson"]) {
    const file = generated(60000, shape);
    for (const flags of [[], ["--top", "50", "--tz-offset", "60"], ["--exclude-status", "cancelled"]]) {
      const opts = flags.length === 0 ? {} : flags[0] === "--top" ? { top: 50, tzOffsetMinutes: 60 } : { excludeStatuses: ["cancelled"] };
      assert.equal(gt.reportJSON(fileSource(file), opts), cli("report", ...flags, file), `${shape} ${flags.join(" ")}`);
    }
  }
});

describe("guest list equals `guesttrack guests`", () => {
  for (const [name, file] of FILES()) {
    test(name, () => {
      const t = gt.createTracker();
      try {
        t.ingest(fs.readFileSync(file));
        assert.equal(t.guestsJSON(), cli("guests", file));
        assert.equal(t.guestsJSON({ pretty: true }), cli("guests", "--pretty", file));
        for (const sort of ["spent", "orders", "recent", "email"]) {
          assert.equal(t.guestsJSON({ sort }), cli("guests", "--sort", sort, file), sort);
          assert.equal(t.guestsJSON({ sort, limit: 7 }), cli("guests", "--sort", sort, "--limit", "7", file), `${sort} limit 7`);
        }
        const page = t.guests();
        assert.deepEqual(page.items, JSON.parse(cli("guests", file)));
        assert.equal(page.total, page.items.length);
      } finally {
        t.dispose();
      }
    });
  }
  test("profile equals `guesttrack profile`", () => {
    const file = generated(4000, "ndjson");
    const t = gt.createTracker();
    t.ingest(fs.readFileSync(file));
    for (const g of t.guests({ limit: 5, sort: "recent" }).items) {
      const shouted = `  ${g.email.toUpperCase()} `;
      assert.equal(t.profileJSON(shouted), cli("profile", shouted, file));
      assert.equal(t.profileJSON(g.email, { pretty: true }), cli("profile", "--pretty", g.email, file));
    }
    t.dispose();
  });
});

describe("the same report by every route", () => {
  test("NDJSON in small chunks (ingestNdjson) equals the whole file", () => {
    const file = generated(4000, "ndjson");
    const expected = cli("report", file);
    for (const chunkBytes of [1, 4096, 1 << 20]) {
      const t = gt.createTracker();
      const fd = fs.openSync(file, "r");
      const progress = [];
      const result = t.ingestNdjson((dest) => fs.readSync(fd, dest), { chunkBytes, onProgress: (p) => progress.push(p) });
      fs.closeSync(fd);
      assert.equal(t.reportJSON(), expected, `chunkBytes ${chunkBytes}`);
      const whole = gt.createTracker();
      const once = whole.ingest(fs.readFileSync(file));
      assert.deepEqual(result, once, "the summed IngestResult equals one ingest of the whole file");
      assert.equal(progress.at(-1).bytes, fs.statSync(file).size);
      assert.equal(progress.at(-1).records, once.records);
      t.dispose();
      whole.dispose();
    }
  });

  test("shards merged equal the whole (SPEC §7)", () => {
    const file = generated(4000, "ndjson");
    const lines = fs.readFileSync(file, "utf8").split("\n");
    const cuts = [0, 1000, 2500, lines.length];
    const shards = cuts.slice(1).map((end, i) => {
      const t = gt.createTracker();
      t.ingest(lines.slice(cuts[i], end).join("\n"));
      return t;
    });
    for (const s of shards.slice(1)) shards[0].merge(s);
    assert.equal(shards[0].reportJSON(), cli("report", file));
    assert.equal(shards[0].guestsJSON(), cli("guests", file));
    shards.forEach((s) => s.dispose());
  });

  test("a restored snapshot answers as the original", () => {
    const file = generated(4000, "wrapped");
    const t = gt.createTracker({ tzOffsetMinutes: 60, excludeStatuses: ["failed"] });
    t.ingest(fs.readFileSync(file));
    const r = gt.restoreTracker(t.snapshot(), { tzOffsetMinutes: 60 });
    assert.equal(r.reportJSON(), cli("report", "--tz-offset", "60", "--exclude-status", "failed", file));
    assert.equal(r.guestsJSON(), t.guestsJSON());
    t.dispose();
    r.dispose();
  });

  test("an array of order objects equals the same orders as bytes", () => {
    const orders = JSON.parse(fs.readFileSync(SAMPLE, "utf8"));
    assert.equal(gt.reportJSON(orders), cli("report", SAMPLE));
  });
});

// Odd bytes and broken documents: the module finds the same error (or the same report) as the
// CLI. These reach the JSON indexer (stage 1), which differs between the builds: simdjson's SIMD
// kernel natively, guesttrack's SSE2 one (WebAssembly SIMD) in WASM.
describe("odd bytes and input errors: the module says what the CLI says", () => {
  const order = (id, extra = "") =>
    `{"_id":"${id}","email":"ada@example.com","total":"1,500.50","createdAt":"2024-03-01T10:00:00Z"${extra}}`;
  const bytes = (text) => Buffer.from(text, "latin1");  // \xNN in the text is the byte NN
  const CASES = [
    ["invalid UTF-8 in a string", bytes(`[${order("a\xff")}]`)],
    ["invalid UTF-8 between tokens", bytes(`[${order("a")} \xff]`)],
    ["invalid UTF-8 in a number", bytes(`[{"_id":"a","total":1\xff}]`)],
    ["overlong UTF-8", bytes(`[${order("a\xc0\xaf")}]`)],
    ["a UTF-16 surrogate in UTF-8", bytes(`[${order("a\xed\xa0\x80")}]`)],
    ["UTF-8 cut at the end", bytes(`[${order("a")},"\xc3`)],
    ["a control character in a string", bytes(`[${order("a\x01b")}]`)],
    ["a form feed between tokens", bytes(`[${order("a")}\x0c]`)],
    ["0x1A between tokens", bytes(`[{"_id":"a"\x1a"total":1}]`)],
    ["a NUL between tokens", bytes(`[${order("a")}\x00]`)],
    ["a NUL in a string", bytes(`[${order("a\x00b")}]`)],
    ["an unclosed string", bytes(`[${order("a")},{"_id":"b`)],
    ["a bad escape", bytes(`[${order("a\\x41")}]`)],
    ["a bad \\u escape", bytes(`[${order("a\\u12")}]`)],
    ["escapes that are fine", bytes(`[${order("a\\\"\\\\\\/\\u00e9\\ud83d\\ude00")}]`)],
    ["UTF-8 that is fine", Buffer.from(`[${order("Adé-Ọlá 😀")}]`, "utf8")],
    ["a BOM", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes(`[${order("a")}]`)])],
    ["NDJSON, a bad line in the middle", bytes(`${order("a")}\n${order("b")} x\n${order("c")}\n`)],
    ["NDJSON, a line not closed", bytes(`${order("a")}\n{"_id":"b",\n${order("c")}\n`)],
    ["NDJSON, odd white space around records", bytes(`\f${order("a")}\t\r\n\n  ${order("b")}  \r\n"a string"\n[1,2]\n`)],
    ["NDJSON, invalid UTF-8 in a line", bytes(`${order("a")}\n${order("b\xfe")}\n`)],
    ["deep nesting", bytes(`[${order("a", `,"x":${"[".repeat(1100)}${"]".repeat(1100)}`)}]`)],
    ["nesting just allowed", bytes(`[${order("a", `,"x":${"[".repeat(1020)}${"]".repeat(1020)}`)}]`)],
    ["1e999 and -0", bytes(`[${order("a", `,"x":1e999`)},{"_id":"b","email":"b@x.ng","total":-0,"createdAt":"2024-01-01"}]`)],
    ["a bad literal", bytes(`[${order("a", `,"x":tru`)}]`)],
    ["a trailing comma", bytes(`[${order("a")},]`)],
    ["only white space", bytes(" \n\t ")],
  ];
  CASES.forEach(([name, input], i) => {
    test(name, () => {
      fs.mkdirSync(DATA_DIR, { recursive: true });
      const file = path.join(DATA_DIR, `odd-${i}.json`);
      fs.writeFileSync(file, input);
      const native = cliRun("report", file);
      let wasm;
      try {
        wasm = { text: gt.reportJSON(input) };
      } catch (e) {
        wasm = { error: e.message, code: e.code };
      }
      if (native.status === 0) {
        assert.equal(wasm.error, undefined, `the CLI reads it, the module says: ${wasm.error}`);
        assert.equal(wasm.text, native.stdout);
      } else {
        assert.equal(native.status, 1, native.stderr);
        assert.equal(`guesttrack: ${file}: ${wasm.error}\n`, native.stderr);
      }
    });
  });
});
