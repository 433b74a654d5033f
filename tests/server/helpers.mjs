// helpers.mjs — what the server tests share: a real PostgreSQL started for the test file
// (initdb into a temporary folder as user postgres, a free loopback port, stopped at the end),
// servers started as child processes on PGlite or on that PostgreSQL, an HTTP client, the CLI.
import { execFileSync, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { GENERATE, generatedExport } from "../generated.mjs";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const CLI = path.join(ROOT, "build/native-release/native/guesttrack");
export const SAMPLE = path.join(ROOT, "examples/sample-orders.json");
export const DATA_DIR = path.join(ROOT, "build/server-tests");
const SERVER = path.join(ROOT, "web/server/index.js");
const PG_BIN = "/usr/lib/postgresql/15/bin";

for (const [file, how] of [[CLI, "make build-native-release"], [GENERATE, "make build-native-release"],
  [path.join(ROOT, "wasm/dist/guesttrack-core.wasm"), "make build-wasm-release"],
  [path.join(ROOT, "web/node_modules/@electric-sql/pglite"), "npm ci in web/ (make deps)"]]) {
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run ${how} (make test-server does)`);
}

/** The stores every test runs against. */
export const STORES = ["pglite", "postgres"];

/** stdout of `guesttrack ARGS…`. */
export function cli(...args) {
  return execFileSync(CLI, args, { encoding: "utf8", maxBuffer: 1 << 30 });
}

/** A generated export (made once, then reused): build/server-tests/orders-N-seed-S.<shape>. */
export function generated(orders, shape = "ndjson", seed = 11) {
  return generatedExport(DATA_DIR, orders, shape, seed);
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const pgCleanups = new Set();
process.on("exit", () => {
  for (const fn of pgCleanups) fn();
});

/**
 * Starts a PostgreSQL 15 cluster in a temporary folder owned by postgres, on a free loopback
 * port. Returns {url(db), createDatabase(), stop()}; stop() also runs when the process exits.
 */
export async function startPostgres() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gt-pg-"));
  const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }));
  const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }));
  fs.chownSync(dir, uid, gid);
  const asPostgres = (bin, args) => execFileSync("runuser", ["-u", "postgres", "--", path.join(PG_BIN, bin), ...args],
    { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const data = path.join(dir, "data");
  asPostgres("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C"]);
  const port = await freePort();
  asPostgres("pg_ctl", ["-D", data, "-l", path.join(dir, "log"), "-w", "-t", "60", "-o",
    `-c listen_addresses=127.0.0.1 -p ${port} -c unix_socket_directories=${dir} -c fsync=off -c max_connections=100`, "start"]);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    pgCleanups.delete(stop);
    try {
      asPostgres("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
    } catch {
      // already gone
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  pgCleanups.add(stop);
  let n = 0;
  return {
    port,
    url: (db) => `postgres://postgres@127.0.0.1:${port}/${db}`,
    createDatabase() {
      const name = `gt_${process.pid}_${++n}`;
      asPostgres("createdb", ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", name]);
      return name;
    },
    stop,
  };
}

/**
 * web/server as it was at `commit` (its four files from git, beside links to wasm/ and web's
 * node_modules): a server of an older schema, to upgrade from. Returns its index.js.
 */
export function serverAt(commit) {
  const dir = path.join(DATA_DIR, `server-${commit.slice(0, 12)}`);
  const index = path.join(dir, "web/server/index.js");
  if (!fs.existsSync(index)) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(path.join(dir, "web/server"), { recursive: true });
    try {  // a shallow clone lacks the commit: fetch just it from where the clone came from
      execFileSync("git", ["-C", ROOT, "cat-file", "-e", `${commit}^{commit}`], { stdio: "ignore" });
    } catch {
      execFileSync("git", ["-C", ROOT, "fetch", "--quiet", "--depth=1", "origin", commit], { stdio: "inherit" });
    }
    fs.symlinkSync(path.join(ROOT, "wasm"), path.join(dir, "wasm"));
    fs.symlinkSync(path.join(ROOT, "web/node_modules"), path.join(dir, "web/node_modules"));
    for (const f of ["app.js", "orders.js", "store.js", "index.js"]) {  // index.js last: it marks a whole copy
      const text = execFileSync("git", ["-C", ROOT, "show", `${commit}:web/server/${f}`], { encoding: "utf8" });
      fs.writeFileSync(path.join(dir, "web/server", f), text);
    }
  }
  return index;
}

/**
 * Starts `node web/server` on a store: "pglite" (in a new data folder) or "postgres" (a new
 * database of `pg`). Returns a handle: url, token, api(), kill(signal), stop(), restart().
 */
export async function startServer(kind, pg, { args = [], env = {}, dataDir, database, server = SERVER } = {}) {
  dataDir ??= fs.mkdtempSync(path.join(os.tmpdir(), "gt-server-"));
  const token = env.GUESTTRACK_TOKEN ?? crypto.randomBytes(16).toString("hex");
  const fullEnv = { ...process.env, GUESTTRACK_TOKEN: token, ...env };
  delete fullEnv.DATABASE_URL;
  if (kind === "postgres") {
    database ??= pg.createDatabase();
    fullEnv.DATABASE_URL = pg.url(database);
  }
  if (env.GUESTTRACK_TOKEN === null) delete fullEnv.GUESTTRACK_TOKEN;
  const child = spawn(process.execPath, [server, "--port", "0", "--data", dataDir, ...args],
    { env: fullEnv, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (d) => { out += d; });
  child.stderr.on("data", (d) => { out += d; });
  const exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 60 s:\n${out}`)), 60_000);
    const check = () => {
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout.off("data", check);
        resolve(Number(m[1]));
      }
    };
    child.stdout.on("data", check);
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before listening:\n${out}`));
    });
  });
  const url = `http://127.0.0.1:${port}`;
  const handle = {
    kind, url, token, dataDir, database, child,
    get output() { return out; },
    /** fetch with the token; returns {status, headers, text, json}. */
    async api(pathname, { method = "GET", body, headers = {}, auth = true } = {}) {
      const h = { ...headers };
      if (auth) h.authorization = `Bearer ${token}`;
      if (body !== undefined && !("content-type" in h)) h["content-type"] = "application/json";
      const res = await fetch(url + pathname, { method, body, headers: h });
      const text = await res.text();
      let json;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: res.status, headers: res.headers, text, json };
    },
    /** POST /api/orders/sync; returns the parsed reply (asserting 200). */
    async sync(body, contentType = "application/json") {
      const r = await handle.api("/api/orders/sync", { method: "POST", body, headers: { "content-type": contentType } });
      if (r.status !== 200) throw new Error(`sync: ${r.status} ${r.text}`);
      return r.json;
    },
    kill(signal = "SIGKILL") {
      child.kill(signal);
      return exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        await exited;
      }
    },
    /** A new server process on the same data folder / database (`extra.server`: another program). */
    restart(extra = {}) {
      return startServer(kind, pg, { args, env: { ...env, GUESTTRACK_TOKEN: token }, dataDir, database, ...extra });
    },
  };
  return handle;
}

/** Runs `fn(kind, ctx)` for each store; ctx.pg is the PostgreSQL this file started. */
export function eachStore(describe, before, after, fn) {
  const ctx = { pg: null };
  before(async () => {
    ctx.pg = await startPostgres();
  });
  after(() => ctx.pg?.stop());
  for (const kind of STORES) describe(kind, () => fn(kind, ctx));
}
