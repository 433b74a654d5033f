#!/usr/bin/env node
// sync-export.mjs — a large `mongoexport` NDJSON file into a guesttrack tracker, chunk by chunk,
// then its report.
//
//   mongoexport --db shop --collection orders --out orders.ndjson
//   node examples/sync-export.mjs orders.ndjson > report.json
//
// Each chunk is read with fs.readSync straight into WebAssembly memory (no JavaScript string or
// Buffer copy), cut after its last newline and ingested; the partial line is carried into the
// next chunk. Memory stays at one chunk plus what the tracker holds, however big the file. A
// progress bar goes to stderr; the report (the same text as `guesttrack report FILE`) to stdout.
import fs from "node:fs";

import { loadGuestTrack } from "../wasm/index.js";

const CHUNK_BYTES = 16 << 20;
const file = process.argv[2];
if (!file || process.argv.length > 3) {
  console.error("usage: node examples/sync-export.mjs FILE.ndjson");
  process.exit(2);
}

let fd;
try {
  fd = fs.openSync(file, "r");
} catch (e) {
  console.error(`sync-export.mjs: ${e.message}`);
  process.exit(1);
}
const size = fs.fstatSync(fd).size;
const started = performance.now();
let lastDrawn = -Infinity;

function draw({ bytes, records }, final = false) {
  const now = performance.now();
  if (!final && now - lastDrawn < 200) return;
  lastDrawn = now;
  const fraction = size ? bytes / size : 1;
  const seconds = (now - started) / 1000;
  const width = 30;
  const filled = Math.round(fraction * width);
  const line = `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%  ` +
    `${(bytes / 1e6).toFixed(0)}/${(size / 1e6).toFixed(0)} MB  ${records} orders  ` +
    `${seconds > 0 ? (bytes / 1e6 / seconds).toFixed(0) : "–"} MB/s`;
  // A terminal gets one line redrawn in place; a log gets the final line only.
  if (process.stderr.isTTY) process.stderr.write(`\r${line}${final ? "\n" : ""}`);
  else if (final) process.stderr.write(`${line}\n`);
}

try {
  const gt = await loadGuestTrack();
  const tracker = gt.createTracker();
  const result = tracker.ingestNdjson((dest) => fs.readSync(fd, dest, 0, dest.length, null), {
    chunkBytes: CHUNK_BYTES,
    onProgress: (p) => draw(p),
  });
  draw({ bytes: size, records: result.records }, true);
  process.stderr.write(`${result.accepted} accepted (${result.duplicates} duplicates), ${result.rejected.length} rejected; ` +
    `WebAssembly memory ${(gt.memoryBytes / 2 ** 20).toFixed(0)} MB\n`);
  process.stdout.write(tracker.reportJSON());
  tracker.dispose();
} catch (e) {
  process.stderr.write(`\nsync-export.mjs: ${file}: ${e.code ? `${e.code}: ` : ""}${e.message}\n`);
  process.exit(1);
} finally {
  fs.closeSync(fd);
}
