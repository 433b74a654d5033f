// browser.test.mjs — the package in headless Chromium (Debian's, driven by playwright-core): a
// static page served from 127.0.0.1 imports wasm/index.js, which fetches its .wasm from beside
// itself, and computes the same text as the native CLI.
import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { after, before, test } from "node:test";

import { chromium } from "playwright-core";

import { cli, ROOT, SAMPLE, WASM_DIR } from "./helpers.mjs";

const CHROMIUM = process.env.GUESTTRACK_CHROMIUM ?? "/usr/bin/chromium";
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };
// URL prefix -> folder served there (nothing else is reachable).
const ROUTES = {
  "/wasm/": WASM_DIR,
  "/data/": path.join(ROOT, "examples"),
  "/": path.join(ROOT, "tests/wasm/browser"),
};

let server;
let browser;
let origin;
const requests = [];

before(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://localhost");
    requests.push(url.pathname);
    const prefix = Object.keys(ROUTES).find((p) => url.pathname.startsWith(p));
    const file = path.join(ROUTES[prefix], path.normalize(decodeURIComponent(url.pathname.slice(prefix.length))));
    if (!file.startsWith(ROUTES[prefix]) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
});

test("a static page computes the CLI's report and guest list", async () => {
  const page = await browser.newPage();
  const consoleErrors = [];
  page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
  page.on("pageerror", (e) => consoleErrors.push(e.message));
  await page.goto(`${origin}/page.html`);
  await page.waitForFunction(() => window.guesttrack !== undefined, null, { timeout: 60_000 });
  const got = await page.evaluate(() => window.guesttrack);
  assert.equal(got.failed, undefined, got.failed);
  assert.equal(got.report, cli("report", SAMPLE));
  assert.equal(got.viaUrl, got.report);
  assert.equal(got.guests, cli("guests", "--sort", "recent", "--limit", "5", SAMPLE));
  assert.equal(got.wat, cli("report", "--tz-offset", "60", "--top", "3", SAMPLE));
  assert.deepEqual(got.error, { isGuestTrackError: true, code: "invalid_json", offset: 3 });
  assert.equal(got.missing, "load_failed");
  assert.ok(requests.includes("/wasm/dist/guesttrack-core.wasm"), "the .wasm was fetched from beside the module");
  // The one expected console error is Chromium's note about the deliberate 404.
  assert.deepEqual(consoleErrors.filter((m) => !/404/.test(m)), []);
  await page.close();
});
