// bench.mjs — `make bench` (bench-wasm): the guesttrack package in Node, end to end from a file's
// bytes to the report, against a plain-JavaScript baseline (JSON.parse + Map, below) and the
// native CLI, on the same files as the native benchmark (bench-data/orders-N.json / .ndjson,
// seed 7, made by the generator when missing).
//
// Every measurement runs in a child process of its own, so each row's peak RSS is its own and one
// row's garbage never slows the next. The `wasm` row is a second run in its process (warm), `wasm
// 1st` the first one (cold, V8 still compiling). Figures are printed, never asserted (noisy machines); the
// issue's targets (WASM >= 5x the JS baseline, >= 40% of the native CLI) are shown beside them.
//
//   node tests/wasm/bench.mjs [--quick] [DIR]     (DIR default bench-data; --quick: 100,000 only)
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const CLI = path.join(ROOT, "build/native-release/native/guesttrack");
const GENERATE = path.join(ROOT, "build/native-release/examples/guesttrack-generate");
const SELF = fileURLToPath(import.meta.url);

// ---------------------------------------------------------------------------------------------
// Child modes: `--one wasm|js FILE` prints one JSON line {seconds, maxRssBytes, ...}.

if (process.argv[2] === "--one") {
  const [, , , mode, file] = process.argv;
  const result = mode === "wasm" ? await runWasm(file) : runJs(file);
  result.maxRssBytes = process.resourceUsage().maxRSS * 1024;
  console.log(JSON.stringify(result));
  process.exit(0);
}

async function runWasm(file) {
  const { loadGuestTrack } = await import(pathToFileURL(path.join(ROOT, "wasm/index.js")).href);
  const gt = await loadGuestTrack();
  gt.report(fs.readFileSync(path.join(ROOT, "examples/sample-orders.json")));
  // Twice in the same process: the first run is cold (V8 compiles the hot WASM functions with its
  // optimising tier while they run), the second warm, as in a server that has been up a while.
  const once = () => {
    const t0 = performance.now();
    const fd = fs.openSync(file, "r");
    const byteLength = fs.fstatSync(fd).size;
    const report = gt.report({
      byteLength,
      readInto(dest) { // the file goes straight into WASM memory, once
        for (let done = 0; done < byteLength;) done += fs.readSync(fd, dest, done, byteLength - done, done);
      },
    });
    fs.closeSync(fd);
    return { seconds: (performance.now() - t0) / 1000, report };
  };
  const cold = once();
  const warm = once();
  const { report } = warm;
  const seconds = warm.seconds;
  const coldSeconds = cold.seconds;
  return { seconds, coldSeconds, heapBytes: gt.memoryBytes, customers: report.customers.total, counted: report.orders.counted };
}

// The plain-JavaScript baseline: the same job as `gt.report` for the headline figures
// (dedup by id with the latest version winning, excluded statuses, customers by normalised email,
// guest / registered / converted, revenue), written the way one would without guesttrack.
function runJs(file) {
  const t0 = performance.now();
  const versions = new Map(); // id -> {time, order}
  let records = 0;
  let rejected = 0;
  const take = (o) => {
    records++;
    if (o === null || typeof o !== "object" || Array.isArray(o)) return void rejected++;
    const id = idOf(o._id ?? o.id);
    const total = amountOf(o.total);
    const created = dateOf(o.createdAt);
    const email = typeof o.email === "string" ? o.email.trim().toLowerCase() : "";
    const buyer = idOf(o.buyerId);
    if (!id || total === null || total < 0 || Number.isNaN(created) || (!buyer && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))) {
      return void rejected++;
    }
    const updated = dateOf(o.updatedAt);
    const time = Number.isNaN(updated) ? created : updated;
    const held = versions.get(id);
    if (!held || time >= held.time) {
      versions.set(id, { time, created, total: Math.round(total * 100), email, buyer,
        status: typeof o.status === "string" ? o.status.trim().toLowerCase() : "" });
    }
  };
  if (file.endsWith(".ndjson")) {
    // One JSON.parse per line, the file read in chunks (it does not fit one string).
    const fd = fs.openSync(file, "r");
    const buf = Buffer.allocUnsafe(16 << 20);
    let rest = "";
    for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0;) {
      const lines = (rest + buf.toString("utf8", 0, n)).split("\n");
      rest = lines.pop();
      for (const line of lines) if (line.trim()) take(JSON.parse(line));
    }
    if (rest.trim()) take(JSON.parse(rest));
    fs.closeSync(fd);
  } else {
    let doc;
    try {
      doc = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
      return { cannot: `${e.code ?? e.name}: ${e.message}` };
    }
    for (const o of Array.isArray(doc) ? doc : doc.orders ?? doc.data) take(o);
  }
  const excluded = new Set(["cancelled", "canceled", "refunded", "failed"]);
  const counted = [...versions.values()].filter((v) => !excluded.has(v.status)).sort((a, b) => a.created - b.created);
  const customers = new Map();
  let guestRevenue = 0;
  let registeredRevenue = 0;
  for (const v of counted) {
    const key = v.email || `buyer:${v.buyer}`;
    let c = customers.get(key);
    if (!c) customers.set(key, (c = { firstGuest: !v.buyer, registered: false, orders: 0, spent: 0 }));
    if (v.buyer) c.registered = true;
    c.orders++;
    c.spent += v.total;
    if (v.buyer) registeredRevenue += v.total;
    else guestRevenue += v.total;
  }
  let guests = 0;
  let converted = 0;
  for (const c of customers.values()) {
    if (!c.registered) guests++;
    else if (c.firstGuest) converted++;
  }
  const seconds = (performance.now() - t0) / 1000;
  return { seconds, customers: customers.size, counted: counted.length, guests, converted, records, rejected,
    revenue: (guestRevenue + registeredRevenue) / 100 };
}

function idOf(v) {
  if (typeof v === "string") return v;
  if (v && typeof v === "object" && typeof v.$oid === "string") return v.$oid;
  return "";
}

function amountOf(v) {
  if (typeof v === "number") return v;
  if (typeof v === "string") {
    const n = Number(v.trim().replace(/^(₦|NGN)\s*/, "").replaceAll(",", ""));
    return v.trim() === "" || Number.isNaN(n) ? null : n;
  }
  if (v && typeof v === "object") {
    const s = v.$numberDecimal ?? v.$numberInt ?? v.$numberLong ?? v.$numberDouble;
    return typeof s === "string" && s.trim() !== "" && !Number.isNaN(Number(s)) ? Number(s) : null;
  }
  return null;
}

function dateOf(v) {
  if (typeof v === "number") return v;
  if (typeof v === "string") return Date.parse(v);
  if (v && typeof v === "object" && "$date" in v) {
    const d = v.$date;
    return typeof d === "object" && d ? Number(d.$numberLong) : dateOf(d);
  }
  return NaN;
}

// ---------------------------------------------------------------------------------------------
// The parent: make the files, run the rows, print the table.

function child(mode, file) {
  const r = spawnSync(process.execPath, ["--max-old-space-size=8192", SELF, "--one", mode, file], { encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) {
    const why = /heap out of memory|ERR_STRING_TOO_LONG|Invalid string length/.exec(r.stderr)?.[0] ?? `exit ${r.status}`;
    return { cannot: why, stderr: r.stderr.slice(-400) };
  }
  return JSON.parse(r.stdout.trim().split("\n").pop());
}

function native(file) {
  // /usr/bin/time -f %M gives the child's peak RSS; the report goes to /dev/null.
  const t0 = performance.now();
  const r = spawnSync("/usr/bin/time", ["-f", "%M", CLI, "report", file], { encoding: "utf8", stdio: ["ignore", "ignore", "pipe"] });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) return { cannot: r.stderr.trim() };
  return { seconds, maxRssBytes: Number(r.stderr.trim().split("\n").pop()) * 1024 };
}

const best = (runs) => runs.filter((r) => !r.cannot).sort((a, b) => a.seconds - b.seconds)[0] ?? runs[0];
const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const rate = (size, r) => (r.cannot ? "cannot".padStart(22) : `${(size / 1e6 / r.seconds).toFixed(0).padStart(6)} MB/s ${(r.orders / r.seconds / 1e3).toFixed(0).padStart(6)} k orders/s`);

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const dir = path.resolve(ROOT, args.find((a) => !a.startsWith("--")) ?? "bench-data");
fs.mkdirSync(dir, { recursive: true });
for (const f of [CLI, GENERATE]) if (!fs.existsSync(f)) throw new Error(`${f} missing: make build-native-release`);

console.log(`guesttrack wasm benchmark (Node ${process.version}); targets: WASM >= 5x JS baseline, >= 40% of native`);
const summary = [];
for (const n of quick ? [100000] : [100000, 1000000]) {
  for (const shape of ["array", "ndjson"]) {
    const file = path.join(dir, `orders-${n}.${shape === "ndjson" ? "ndjson" : "json"}`);
    if (!fs.existsSync(file)) {
      console.error(`generating ${file} (${n} orders, ${shape})...`);
      execFileSync(GENERATE, ["--orders", String(n), "--seed", "7", "--shape", shape, "--out", file]);
    }
    const size = fs.statSync(file).size;
    const reps = n > 100000 ? 1 : 3;
    const rows = {
      wasm: best(Array.from({ length: reps }, () => child("wasm", file))),
      js: best(Array.from({ length: reps }, () => child("js", file))),
      native: best(Array.from({ length: reps }, () => native(file))),
    };
    for (const r of Object.values(rows)) r.orders = n;
    console.log(`\n${path.relative(ROOT, file)}: ${n} orders, ${(size / 1e6).toFixed(0)} MB`);
    if (!rows.wasm.cannot) rows["wasm 1st"] = { seconds: rows.wasm.coldSeconds, orders: n, maxRssBytes: rows.wasm.maxRssBytes };
    for (const [name, r] of Object.entries(rows)) {
      const extra = r.cannot ? `  (${r.cannot})` : `  peak RSS ${mb(r.maxRssBytes)}${r.heapBytes ? `, WASM heap ${mb(r.heapBytes)}` : ""}`;
      console.log(`  ${name.padEnd(8)} ${rate(size, r)}${extra}`);
    }
    if (!rows.wasm.cannot && !rows.js.cannot && rows.js.customers !== rows.wasm.customers) {
      console.log(`  note: the JS baseline counts ${rows.js.customers} customers, guesttrack ${rows.wasm.customers} (the baseline is simpler)`);
    }
    const vsJs = rows.wasm.cannot || rows.js.cannot ? null : rows.js.seconds / rows.wasm.seconds;
    const vsNative = rows.wasm.cannot || rows.native.cannot ? null : rows.native.seconds / rows.wasm.seconds;
    const coldVsNative = rows.wasm.cannot || rows.native.cannot ? null : rows.native.seconds / rows.wasm.coldSeconds;
    const line = `  WASM (warm) = ${vsJs === null ? (rows.js.cannot ? "? x JS (the JS baseline cannot)" : "–") : `${vsJs.toFixed(1)}x JS ${vsJs >= 5 ? "[ok]" : "[below 5x]"}`}, ` +
      `${vsNative === null ? "–" : `${(vsNative * 100).toFixed(0)}% of native`} ${vsNative === null ? "" : vsNative >= 0.4 ? "[ok]" : "[below 40%]"}` +
      (coldVsNative === null ? "" : `; first run in a fresh process ${(coldVsNative * 100).toFixed(0)}% of native`);
    console.log(line);
    summary.push(`${path.basename(file)}:${line.trim().replace(/^WASM \(warm\) = /, " ")}`);
  }
}
console.log(`\nsummary\n${summary.map((s) => `  ${s}`).join("\n")}`);
