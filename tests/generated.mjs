// generated.mjs — what the Node test suites (tests/wasm, tests/server) share: a generated store
// export, made once by the seeded generator (examples/generate-orders.cpp) and then reused.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const GENERATE = path.join(ROOT, "build/native-release/examples/guesttrack-generate");

/** DIR/orders-N-seed-S.<shape> (array, wrapped or ndjson), generated unless it is already there. */
export function generatedExport(dir, orders, shape, seed) {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `orders-${orders}-seed-${seed}.${shape}`);
  if (!fs.existsSync(file)) {
    const tmp = `${file}.tmp-${process.pid}`;  // whole or not at all, even with suites in parallel
    execFileSync(GENERATE, ["--orders", String(orders), "--seed", String(seed), "--shape", shape, "--out", tmp]);
    fs.renameSync(tmp, file);
  }
  return file;
}
