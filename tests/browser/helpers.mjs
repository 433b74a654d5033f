// helpers.mjs — what the browser tests and the benchmark share: the real server (web/server)
// started on a free loopback port with its own data folder, Debian's Chromium driven by
// playwright-core, and the dashboard's display formats written out independently of web/app.
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const SAMPLE = path.join(ROOT, "examples/sample-orders.json");
export const ARTIFACTS = path.join(ROOT, "tests/artifacts");
// The server's entry point (a folder or file); the real one unless told otherwise.
const SERVER = process.env.GUESTTRACK_SERVER ?? path.join(ROOT, "web/server");
const CHROMIUM = process.env.GUESTTRACK_CHROMIUM ?? "/usr/bin/chromium";

for (const [file, how] of [[path.join(ROOT, "web/app/vendor/guesttrack/dist/guesttrack-core.wasm"), "make build-app"],
  [path.join(ROOT, "web/app/vendor/chart.js/chart.umd.min.js"), "make build-app"]]) {
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run ${how} (make test-browser does)`);
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts `node web/server --port P --data TMP [--load FILE]` with GUESTTRACK_TOKEN = token and
 * waits for /healthz. Returns { origin, token, log(), stop() }.
 */
export async function startServer({ load, token = "browser-test-token", timeoutMs = 180_000 } = {}) {
  const port = await freePort();
  const data = fs.mkdtempSync(path.join(os.tmpdir(), "guesttrack-browser-"));
  const args = [SERVER, "--port", String(port), "--data", data];
  if (load) args.push("--load", load);
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: serverEnv(token),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  let exited = null;
  child.once("exit", (code, signal) => (exited = { code, signal }));
  const origin = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (exited === null) {
      const gone = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      const t = setTimeout(() => child.kill("SIGKILL"), 5000);
      await gone;
      clearTimeout(t);
    }
    fs.rmSync(data, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) throw new Error(`the server exited (${JSON.stringify(exited)}) before /healthz answered:\n${output}`);
    try {
      const r = await fetch(`${origin}/healthz`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the server did not answer /healthz within ${timeoutMs / 1000} s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { origin, token, port, log: () => output, stop };
}

/** GET an API path with the token; the parsed JSON. */
export async function api(server, p) {
  const r = await fetch(`${server.origin}${p}`, { headers: { Authorization: `Bearer ${server.token}` } });
  if (!r.ok) throw new Error(`GET ${p}: ${r.status} ${await r.text()}`);
  return r.json();
}

export function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

/** Waits until the dashboard has finished its `n`th load (window.guesttrack.loads). */
export async function waitReady(page, loads = 1, timeout = 60_000) {
  await page.waitForFunction((n) => window.guesttrack?.loads >= n && window.guesttrack.state === "ready", loads, { timeout });
}

// The display formats the dashboard promises (issue 5), written here from the spec of the
// screen, not imported from web/app: ₦1,234,567.89; counts grouped; rates as 12.3%.
const money = new Intl.NumberFormat("en-NG", { style: "currency", currency: "NGN", minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * `value` × 10^shift with one decimal, rounded half up from the number's shortest decimal form
 * (the figure the report printed: 0.2875 -> "28.8", as 23/80 rounds exactly), worked on its
 * digits with BigInt, so neither Intl nor toFixed() (which rounds the binary double: 28.7) is
 * trusted here. Non-negative values.
 */
export function oneDecimal(value, shift) {
  const [mantissa, exponent] = value.toExponential().split("e");
  const digits = mantissa.replace(".", "");
  const keep = 1 + Number(exponent) + shift + 1;  // digits up to the first decimal
  if (keep < 0) return "0.0";
  let n = BigInt(digits.slice(0, keep).padEnd(keep, "0") || "0");
  if ((digits[keep] ?? "0") >= "5") n += 1n;
  const s = n.toString().padStart(2, "0");
  return `${BigInt(s.slice(0, -1)).toLocaleString("en-NG")}.${s.slice(-1)}`;
}

export function expectedText(format, value) {
  if (value === null || value === undefined) return "—";
  switch (format) {
    case "money": return money.format(value);
    case "percent": return `${oneDecimal(value, 2)}%`;
    case "days": return `${oneDecimal(value, 0)} days`;
    case "count": return value.toLocaleString("en-NG");
    default: throw new Error(`unknown data-format ${format}`);
  }
}

export const at = (obj, p) => p.split(".").reduce((o, k) => (o == null ? undefined : o[k]), obj);

/** Every [data-metric] element on the page: { metric, format, text }. */
export function readMetrics(page) {
  return page.$$eval("[data-metric]", (nodes) => nodes.map((n) => ({ metric: n.dataset.metric, format: n.dataset.format, text: n.textContent.trim() })));
}

function serverEnv(token) {
  const env = { ...process.env, GUESTTRACK_TOKEN: token };
  delete env.DATABASE_URL; // the embedded PGlite store in the test's own data folder
  return env;
}
