// dashboard.test.mjs — the dashboard (web/app) as a store owner uses it, served by the real server
// (web/server, PGlite, the sample orders loaded) in Debian's headless Chromium: the figures on
// screen equal /api/stats, the guest table sorts, searches and opens profiles, dropped files are
// computed (and bad ones explained), a wrong token, a server that is down and an empty store get
// clear messages; a screenshot of every view at 1280 and 360 px goes to tests/artifacts/.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { api, ARTIFACTS, at, expectedText, launchChromium, readMetrics, ROOT, SAMPLE, startServer, waitReady } from "./helpers.mjs";

const CLI = path.join(ROOT, "build/native-release/native/guesttrack");
const VIEWS = ["overview", "guests", "insights", "quality"];
// The headline figures issue 5 names; each must be on the Overview with its data-metric.
const HEADLINE = ["customers.total", "customers.registered", "customers.guest", "customers.converted",
  "revenue.guestShare", "averageOrderValue.guest", "averageOrderValue.registered", "guests.repeat",
  "guests.lifetimeValue.mean", "guests.lifetimeValue.median"];
const naira = (text) => Number(text.replace(/[₦,]/g, ""));

let server;
let browser;
let stats;
const consoleErrors = [];

async function openDashboard({ width = 1280, height = 900, token = server.token, origin = server.origin } = {}) {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  page.on("pageerror", (e) => consoleErrors.push(e.message));
  page.on("console", (m) => m.type() === "error" && !/401|Failed to load resource|ERR_CONNECTION_REFUSED/.test(m.text()) && consoleErrors.push(m.text()));
  await page.goto(`${origin}/#token=${encodeURIComponent(token)}`);
  return page;
}

function cliReport(file) {
  return JSON.parse(execFileSync(CLI, ["report", file], { encoding: "utf8" }));
}

function tmpFile(name, text) {
  const dir = path.join(ROOT, "build/browser-tests");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

async function dropFile(page, name, text, mimeType = "application/json") {
  const dataTransfer = await page.evaluateHandle(([n, t, m]) => {
    const dt = new DataTransfer();
    dt.items.add(new File([t], n, { type: m }));
    return dt;
  }, [name, text, mimeType]);
  await page.dispatchEvent("body", "dragenter", { dataTransfer });
  await page.dispatchEvent("body", "drop", { dataTransfer });
}

/** Clicks a column header and waits for the table to be sorted that way (the worker answers). */
async function sortBy(page, key, direction) {
  await page.click(`th[data-sort="${key}"] button`);
  await page.waitForFunction(([k, d]) => document.querySelector(`th[data-sort="${k}"]`).getAttribute("aria-sort") === d, [key, direction]);
}

before(async () => {
  server = await startServer({ load: SAMPLE });
  stats = await api(server, "/api/stats");
  browser = await launchChromium();
  fs.mkdirSync(ARTIFACTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

describe("the dashboard over the server's sample orders", () => {
  let page;
  before(async () => {
    page = await openDashboard();
    await waitReady(page);
  });
  after(() => page.context().close());

  test("every figure on screen equals /api/stats, formatted as the screen promises", async () => {
    assert.ok(stats.orders.counted > 0, "the sample orders were loaded into the server");
    const metrics = await readMetrics(page);
    for (const name of HEADLINE) assert.ok(metrics.some((m) => m.metric === name), `a data-metric="${name}" element`);
    for (const m of metrics) {
      const value = at(stats, m.metric);
      assert.notEqual(value, undefined, `${m.metric} is a path in the report`);
      assert.equal(m.text, expectedText(m.format, value), m.metric);
    }
    const total = metrics.find((m) => m.metric === "customers.total");
    assert.equal(Number(total.text.replace(/,/g, "")), stats.customers.registered + stats.customers.guest);
    assert.match(metrics.find((m) => m.metric === "revenue.guest").text, /^₦\d{1,3}(,\d{3})*\.\d{2}$/);
  });

  test("the token is kept for the tab and leaves the address bar", async () => {
    assert.equal(new URL(page.url()).hash.includes("token"), false);
    assert.equal(await page.evaluate(() => sessionStorage.getItem("guesttrack.token")), server.token);
    await page.reload();
    await waitReady(page); // no #token this time: the stored one is used
    assert.equal(await page.locator('[data-metric="customers.total"]').textContent(), expectedText("count", stats.customers.total));
  });

  test("tabs are a keyboard tablist", async () => {
    await page.focus("#tab-overview");
    await page.keyboard.press("ArrowRight");
    assert.equal(await page.getAttribute("#tab-guests", "aria-selected"), "true");
    assert.equal(await page.isVisible("#panel-guests"), true);
    assert.equal(await page.isVisible("#panel-overview"), false);
    await page.keyboard.press("End");
    assert.equal(await page.getAttribute("#tab-quality", "aria-selected"), "true");
    await page.keyboard.press("ArrowRight"); // wraps round
    assert.equal(await page.getAttribute("#tab-overview", "aria-selected"), "true");
    assert.equal(await page.evaluate(() => document.activeElement.id), "tab-overview");
  });

  test("the guest table sorts by a column, both ways, and searches", async () => {
    await page.click("#tab-guests");
    const column = (i) => page.$$eval(`#guest-rows tr td:nth-child(${i})`, (tds) => tds.map((td) => td.textContent));
    assert.equal(await page.textContent("#guest-count"), `${expectedText("count", stats.customers.guest)} guest customers`);
    // Default: total spent, highest first — the first rows are the report's top guests.
    const spent = (await column(5)).map(naira);
    assert.equal(spent.length, Math.min(50, stats.customers.guest));
    assert.deepEqual(spent, [...spent].sort((a, b) => b - a));
    assert.deepEqual((await column(2)).slice(0, stats.topGuests.length), stats.topGuests.map((g) => g.email));

    await sortBy(page, "spent", "ascending");
    const up = (await column(5)).map(naira);
    assert.deepEqual(up, [...up].sort((a, b) => a - b));
    assert.ok(up[0] < spent[0]);

    await sortBy(page, "orders", "descending");
    const orders = (await column(4)).map(Number);
    assert.deepEqual(orders, [...orders].sort((a, b) => b - a));

    await sortBy(page, "name", "ascending");
    const names = (await column(1)).filter((n) => n !== "—");
    assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: "base", numeric: true })));

    const target = stats.topGuests[1];
    await page.fill("#guest-search", target.email.toUpperCase());
    await page.waitForFunction((e) => [...document.querySelectorAll("#guest-rows tr")].every((tr) => tr.dataset.email === e), target.email);
    assert.deepEqual(await column(2), [target.email]);
    assert.match(await page.textContent("#guest-count"), /^1 guest matches/);

    await page.fill("#guest-search", "no-such-guest-anywhere");
    await page.waitForFunction(() => document.querySelector("#guest-rows td.empty") !== null);
    await page.fill("#guest-search", "");
    await page.waitForFunction(() => document.querySelectorAll("#guest-rows tr[data-email]").length > 1);
  });

  test("the CSV export is `guesttrack guests --format csv` of the same guests, in the table's order", async () => {
    await page.click("#tab-guests");
    const download = async () => {
      const [file] = await Promise.all([page.waitForEvent("download"), page.click("#export-csv")]);
      return fs.readFileSync(await file.path(), "utf8");
    };
    const stored = tmpFile("csv-stored.ndjson", await (await fetch(`${server.origin}/api/orders?format=ndjson`,
      { headers: { authorization: `Bearer ${server.token}` } })).text());
    const cliCsv = (sort) => execFileSync(CLI, ["guests", "--format", "csv", "--sort", sort, stored], { encoding: "utf8" });
    await sortBy(page, "spent", "descending");
    const spent = await download();
    assert.equal(spent, cliCsv("spent"));
    assert.match(spent.split("\r\n")[1], /,\d+\.\d{2},\d+\.\d{2},/, "money with two decimals");
    // The server's CSV is the same bytes.
    assert.equal(await (await fetch(`${server.origin}/api/guest-customers.csv`, { headers: { authorization: `Bearer ${server.token}` } })).text(), spent);
    await sortBy(page, "orders", "descending");
    assert.equal(await download(), cliCsv("orders"));
    // Sorted by name here (not a sort the CLI has): the same rows, in the table's order.
    await sortBy(page, "name", "ascending");
    const byName = (await download()).split("\r\n");
    const all = cliCsv("email").split("\r\n");
    assert.equal(byName[0], all[0]);
    assert.deepEqual([...byName].sort(), [...all].sort());
    await sortBy(page, "spent", "descending");
  });

  test("paging moves through every guest", async () => {
    await page.click("#tab-guests");
    if (stats.customers.guest <= 50) return;
    await page.click("#next-page");
    await page.waitForFunction(() => document.querySelector("#page-info").textContent.startsWith("51"));
    assert.equal(await page.isDisabled("#prev-page"), false);
    await page.click("#prev-page");
    await page.waitForFunction(() => document.querySelector("#page-info").textContent.startsWith("1–"));
  });

  test("a click or Enter opens a guest's profile with its order history", async () => {
    await page.click("#tab-guests");
    const g = stats.topGuests.find((t) => t.orderIds.length >= 2) ?? stats.topGuests[0];
    await page.fill("#guest-search", g.email);
    await page.waitForFunction((e) => document.querySelector("#guest-rows tr")?.dataset.email === e, g.email);
    await page.click(`#guest-rows tr[data-email="${g.email}"]`);
    await page.waitForSelector("#profile[open]");
    const text = await page.textContent("#profile");
    assert.ok(text.includes(g.email));
    assert.ok(text.includes(expectedText("money", g.totalSpent)));
    for (const id of g.orderIds) assert.ok(text.includes(id), `order ${id} is in the history`);
    await page.keyboard.press("Escape");
    await page.waitForFunction(() => !document.querySelector("#profile").open);
    assert.equal(await page.evaluate(() => document.activeElement.dataset.email), g.email, "focus returns to the row");
    // Keyboard: the row is focusable and Enter opens it.
    await page.focus(`#guest-rows tr[data-email="${g.email}"]`);
    await page.keyboard.press("Enter");
    await page.waitForSelector("#profile[open]");
    await page.click("#profile-close");
    await page.fill("#guest-search", "");
  });

  test("Insights show the trend, geography, retention, RFM counts over every guest and top guests", async () => {
    await page.click("#tab-insights");
    assert.equal(await page.locator("#monthly-table tbody tr").count(), stats.monthly.length);
    const states = await page.$$eval("#state-table tbody tr td:first-child", (tds) => tds.map((t) => t.textContent));
    assert.deepEqual(states, stats.geography.byState.slice(0, states.length).map((s) => s.state));
    assert.equal(await page.locator("#retention-table tbody tr").count(), stats.retention.length);
    const segments = await page.$$eval("#segment-table tbody tr", (trs) => trs.map((tr) => Number(tr.cells[1].textContent.replace(/,/g, ""))));
    assert.equal(segments.reduce((a, b) => a + b, 0), stats.customers.guest, "every guest is in one RFM segment");
    const all = await api(server, `/api/stats?top=${stats.customers.guest}`);
    const champions = all.topGuests.filter((g) => g.segment === "champions").length;
    assert.equal(await page.textContent('#segment-table tr[data-segment="champions"] td:last-child'), String(champions));
    assert.equal(await page.locator("canvas#chart-revenue").count(), 1);
    assert.ok(await page.evaluate(() => window.Chart !== undefined), "Chart.js was loaded from vendor/");
    await page.click("#copy-emails");
    await page.waitForSelector("#copy-emails[data-copied]");
    assert.equal(await page.getAttribute("#copy-emails", "data-copied"), stats.topGuests.slice(0, 10).map((g) => g.email).join(", "));
  });

  test("Data quality lists the excluded statuses", async () => {
    await page.click("#tab-quality");
    const rows = await page.$$eval("#excluded-table tbody tr[data-status]", (trs) => Object.fromEntries(trs.map((tr) => [tr.dataset.status, Number(tr.cells[1].textContent)])));
    assert.deepEqual(rows, stats.orders.excluded);
  });

  test("a screenshot of every view at 1280 and 360 px", async () => {
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: width === 360 ? 780 : 900 });
      for (const view of VIEWS) {
        await page.click(`#tab-${view}`);
        await page.waitForTimeout(150); // charts resize to the shown panel
        const file = path.join(ARTIFACTS, `dashboard-${view}-${width}.png`);
        await page.screenshot({ path: file, fullPage: true });
        assert.ok(fs.statSync(file).size > 10_000);
        // Readable at 360 px: nothing but the tables' own scrollers is wider than the screen.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `${view} at ${width} px scrolls sideways by ${overflow} px`);
      }
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.click("#tab-overview");
    const readme = path.join(ROOT, "web/app/screenshot.png");
    if (!fs.existsSync(readme) || process.env.GUESTTRACK_UPDATE_SCREENSHOT === "1") {
      await page.screenshot({ path: readme });
    }
  });
});

describe("export files dropped or opened in the page", () => {
  let page;
  before(async () => {
    page = await openDashboard();
    await waitReady(page);
  });
  after(() => page.context().close());

  test("a dropped NDJSON export is computed in the page", async () => {
    const orders = JSON.parse(fs.readFileSync(SAMPLE, "utf8")).slice(0, 120);
    const text = orders.map((o) => JSON.stringify(o)).join("\n") + "\n";
    const expected = cliReport(tmpFile("dropped.ndjson", text));
    await dropFile(page, "dropped.ndjson", text, "application/x-ndjson");
    await waitReady(page, 2);
    assert.match(await page.textContent("#source"), /dropped\.ndjson/);
    for (const m of await readMetrics(page)) assert.equal(m.text, expectedText(m.format, at(expected, m.metric)), m.metric);
  });

  test("rates at an exact tie round half up (23 of 80 repeat guests: 28.8%)", async () => {
    const lines = [];
    for (let g = 0; g < 80; ++g) {
      for (let k = 0; k < (g < 23 ? 2 : 1); ++k) {
        lines.push(JSON.stringify({ _id: `t${g}-${k}`, email: `g${g}@tie.ng`, total: 10, createdAt: `2024-01-0${k + 1}` }));
      }
    }
    const text = lines.join("\n") + "\n";
    const expected = cliReport(tmpFile("tie.ndjson", text));
    assert.equal(expected.guests.repeatRate, 0.2875);
    await dropFile(page, "tie.ndjson", text, "application/x-ndjson");
    await page.waitForFunction(() => /tie\.ndjson/.test(document.querySelector("#source").textContent));
    await waitReady(page, 3);
    assert.equal(expectedText("percent", 0.2875), "28.8%");
    for (const m of await readMetrics(page)) assert.equal(m.text, expectedText(m.format, at(expected, m.metric)), m.metric);
  });

  test("an opened {orders} reply with bad orders lists them with their reasons", async () => {
    const doc = {
      success: true,
      orders: [
        { _id: "a1", buyerId: null, email: "Ada@Example.com", total: "₦12,500.50", createdAt: "2024-03-01T10:00:00Z", state: "Lagos State" },
        { _id: "a2", buyerId: null, email: "ada@example.com", total: 2000, createdAt: "2024-04-01" },
        { _id: "b1", buyerId: "u1", email: "bola@example.com", total: 9000, createdAt: "2024-04-02" },
        { _id: "bad1", buyerId: null, email: "not-an-email", total: 100, createdAt: "2024-04-03" },
        { _id: "bad2", email: "c@example.com", total: -5, createdAt: "2024-04-03" },
        { buyerId: null, email: "d@example.com", total: 5, createdAt: "2024-04-03" },
        "not an order",
      ],
    };
    const text = JSON.stringify(doc);
    const expected = cliReport(tmpFile("reply.json", text));
    await page.setInputFiles("#file-input", { name: "reply.json", mimeType: "application/json", buffer: Buffer.from(text) });
    await waitReady(page, 3);
    for (const m of await readMetrics(page)) assert.equal(m.text, expectedText(m.format, at(expected, m.metric)), m.metric);
    assert.match(await page.textContent("#message"), /4 of 7 records were rejected/);
    await page.click("#tab-quality");
    const rows = await page.$$eval("#rejected-table tbody tr", (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
    assert.deepEqual(rows, expected.dataQuality.rejected.map((r) => [`#${r.index}`, r.orderId ?? "(none)", r.reason]));
    assert.deepEqual(rows.map((r) => r[2]), ["guest order without valid email", "negative total", "missing id", "not an object"]);
  });

  test("a file that is not orders is refused with the core's message, the figures unchanged", async () => {
    const before_ = await readMetrics(page);
    await page.setInputFiles("#file-input", { name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from('{"_id": "x1", "total": 5}\n{"_id": "x2", oops\n') });
    await page.waitForFunction(() => window.guesttrack.state === "error");
    const message = await page.textContent("#message");
    assert.match(message, /notes\.txt is not an orders export/);
    assert.match(message, /line 2/);
    assert.equal(await page.getAttribute("#message", "role"), "alert");
    assert.deepEqual(await readMetrics(page), before_);
  });
});

describe("messages when the data cannot be loaded", () => {
  test("a wrong token: 401 explained and the token asked for again", async () => {
    const page = await openDashboard({ token: "not-the-token" });
    await page.waitForFunction(() => window.guesttrack.state === "error");
    assert.match(await page.textContent("#message"), /refused this token \(401/);
    assert.equal(await page.isVisible("#token-form"), true);
    assert.equal(await page.evaluate(() => sessionStorage.getItem("guesttrack.token")), null);
    // The right token typed in loads the figures.
    await page.fill("#token-input", server.token);
    await page.press("#token-input", "Enter");
    await waitReady(page);
    assert.equal(await page.textContent('[data-metric="customers.guest"]'), expectedText("count", stats.customers.guest));
    await page.context().close();
  });

  test("a server that stops answering", async () => {
    const other = await startServer({ load: SAMPLE, token: "second-token" });
    let page;
    try {
      page = await openDashboard({ origin: other.origin, token: other.token });
      await waitReady(page);
    } finally {
      await other.stop();
    }
    await page.click("#reload");
    await page.waitForFunction(() => window.guesttrack.state === "error");
    assert.match(await page.textContent("#message"), /server does not answer/);
    // What was shown stays.
    assert.equal(await page.textContent('[data-metric="customers.guest"]'), expectedText("count", stats.customers.guest));
    await page.context().close();
  });

  test("an empty store", async () => {
    const empty = await startServer({ token: "empty-token" });
    try {
      const page = await openDashboard({ origin: empty.origin, token: empty.token });
      await page.waitForFunction(() => window.guesttrack.state === "empty");
      assert.match(await page.textContent("#message"), /store holds no orders yet/);
      assert.equal(await page.textContent('[data-metric="customers.total"]'), "0");
      await page.context().close();
    } finally {
      await empty.stop();
    }
  });
});

describe("a guest's order history from the server", () => {
  test("rows by the core's id rule (`_id` before `id`), with date, exact total and status", async () => {
    const doc = tmpFile("both-ids.json", JSON.stringify([
      { _id: "X1", id: "Y1", email: "both@ids.ng", total: "1,234.50", createdAt: "2024-01-05T10:00:00Z", status: " PAID " },
      { _id: { $oid: "X2" }, id: "Y2", email: "both@ids.ng", total: 99999999999.99, createdAt: "2024-02-05T10:00:00Z" },
      { id: "Y3", email: "both@ids.ng", total: 5, createdAt: "2024-03-05T10:00:00Z", status: "pending" },
    ]));
    const own = await startServer({ load: doc, token: "ids-token" });
    try {
      const page = await openDashboard({ origin: own.origin, token: own.token });
      await waitReady(page);
      await page.click("#tab-guests");
      await page.click('#guest-rows tr[data-email="both@ids.ng"]');
      await page.waitForSelector("#profile-orders tbody tr");
      const rows = await page.$$eval("#profile-orders tbody tr", (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
      assert.deepEqual(rows.map((r) => r[0]), ["X1", "X2", "Y3"]);
      assert.deepEqual(rows.map((r) => r[2]), [expectedText("money", "1234.50"), expectedText("money", "99999999999.99"), expectedText("money", "5.00")]);
      assert.deepEqual(rows.map((r) => r[3]), ["paid", "—", "pending"]);
      for (const r of rows) assert.notEqual(r[1], "—", `a date for ${r[0]}`);
      await page.context().close();
    } finally {
      await own.stop();
    }
  });
});

test("no script error in any page", () => {
  assert.deepEqual(consoleErrors, []);
});
