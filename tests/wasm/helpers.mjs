// helpers.mjs — what the wasm tests share: paths, the loaded module, the native CLI, generated data.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { GENERATE, generatedExport } from "../generated.mjs";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const WASM_DIR = path.join(ROOT, "wasm");
export const CLI = path.join(ROOT, "build/native-release/native/guesttrack");
export const SAMPLE = path.join(ROOT, "examples/sample-orders.json");
export const DATA_DIR = path.join(ROOT, "build/wasm-tests");

for (const [file, how] of [[CLI, "make build-native-release"], [GENERATE, "make build-native-release"],
  [path.join(WASM_DIR, "dist/guesttrack-core.wasm"), "make build-wasm-release"]]) {
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run ${how} (make test-wasm does)`);
}

/** stdout of `guesttrack ARGS…` (exit status 0 expected). */
export function cli(...args) {
  return execFileSync(CLI, args, { encoding: "utf8", maxBuffer: 1 << 30 });
}

/** `guesttrack ARGS…` as {status, stdout, stderr}. */
export function cliRun(...args) {
  return spawnSync(CLI, args, { encoding: "utf8", maxBuffer: 1 << 30 });
}

/** A generated export (made once, then reused): build/wasm-tests/orders-N-seed-S.<shape>. */
export function generated(orders, shape, seed = 7) {
  return generatedExport(DATA_DIR, orders, shape, seed);
}

/** A ByteSource reading a file straight into WASM memory. */
export function fileSource(file) {
  const fd = fs.openSync(file, "r");
  const byteLength = fs.fstatSync(fd).size;
  return {
    byteLength,
    readInto(dest) {
      try {
        for (let done = 0; done < byteLength;) {
          const n = fs.readSync(fd, dest, done, byteLength - done, done);
          if (n === 0) throw new Error(`${file}: shorter than ${byteLength} bytes`);
          done += n;
        }
      } finally {
        fs.closeSync(fd);
      }
    },
  };
}
