// guests.test.mjs — the guest list and its CSV in the CLI's order and bytes: every sort key the CLI
// has breaks ties as the core does (`guesttrack guests --sort spent|orders|recent|email`), `order`
// opposite to the default reverses the whole list, and GET /api/guest-customers.csv is byte for
// byte `guesttrack guests --format csv` — on PGlite and PostgreSQL.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { SAMPLE, cli, eachStore, startServer } from "./helpers.mjs";

const SORTS = [["totalSpent", "spent"], ["totalOrders", "orders"], ["lastPurchaseDate", "recent"], ["email", "email"]];

// Orders full of ties: equal totals, equal counts, equal last dates, emails deciding.
function ties() {
  const orders = [
    // audit repro r3: a and b tie on spent and orders; c spends the same over two orders
    { _id: "ta", email: "a@tie.ng", total: 1000, createdAt: "2024-01-01" },
    { _id: "tb", email: "b@tie.ng", total: 1000, createdAt: "2024-02-01" },
    { _id: "tc", email: "c@tie.ng", total: 500, createdAt: "2024-02-01" },
    { _id: "td", email: "c@tie.ng", total: 500, createdAt: "2024-01-15" },
  ];
  for (let i = 0; i < 60; i++) {
    const n = 1 + (i % 3);
    for (let k = 0; k < n; k++) {
      orders.push({ _id: `z${i}-${k}`, email: `${String.fromCharCode(122 - (i % 26))}${i % 7}@ties.ng`, total: (i % 4) * 250 / n,
        createdAt: `2024-0${1 + ((i + k) % 3)}-1${i % 2}T00:00:00Z` });
    }
  }
  // emails where code point order is not a locale's order
  orders.push({ _id: "u1", email: "Zed@ties.ng", total: 1000, createdAt: "2024-02-01" });
  orders.push({ _id: "u2", email: "émile@ties.ng", total: 1000, createdAt: "2024-02-01" });
  orders.push({ _id: "u3", email: "_x@ties.ng", total: 1000, createdAt: "2024-02-01" });
  return orders;
}

// The audit's CSV corpus (c22), a U+0000 name and a huge total.
const CSV_DOC = `[{"_id":"C1","email":"csv1@ex.ng","firstName":"=HYPERLINK(\\"x\\")","lastName":"o\\"neil, jr","phone":"0803 123 4567","address":"12 Road,\\nBlock \\"B\\"","city":"@lagos","state":"-lagos","total":1000,"createdAt":"2024-01-01"},
{"_id":"C2","email":"csv2@ex.ng","name":"+plus","phone":"+234 803 123 4567","address":"\\tTab","total":"1,234.50","createdAt":"2024-01-02"},
{"_id":"C3","email":"csv3@ex.ng","name":"-minus","phone":"-1","zipCode":"=1+1","total":0.5,"createdAt":"2024-01-03"},
{"_id":"C4","email":"csv4@ex.ng","name":" padded ","busStop":"-5 junction","city":"+","total":"999999999999999.99","createdAt":"2024-01-04"},
{"_id":"C5","email":"csv5@ex.ng","firstName":"A\\u0000B","address":" lead","zipCode":"x ","total":1,"createdAt":"2024-01-05"}]`;

eachStore(describe, before, after, (kind, ctx) => {
  let s;
  let file;
  before(async () => {
    s = await startServer(kind, ctx.pg, { args: ["--load", SAMPLE] });
    await s.sync(JSON.stringify(ties()));
    await s.sync(CSV_DOC);
    file = path.join(s.dataDir, "stored.ndjson");
    fs.writeFileSync(file, (await s.api("/api/orders?format=ndjson")).text);
  });
  after(() => s?.stop());

  test("every sort the CLI has, and its reverse, in the core's order (ties included)", async () => {
    for (const [key, cliKey] of SORTS) {
      const want = JSON.parse(cli("guests", "--sort", cliKey, file)).map((g) => g.email);
      const got = (await s.api(`/api/guest-customers?sort=${key}&limit=1000`)).json.guestCustomers.map((g) => g.email);
      assert.deepEqual(got, want, key);
      const opposite = key === "email" ? "desc" : "asc";
      const reversed = (await s.api(`/api/guest-customers?sort=${key}&order=${opposite}&limit=1000`)).json.guestCustomers.map((g) => g.email);
      assert.deepEqual(reversed, [...want].reverse(), `${key} ${opposite}`);
      // Pages are slices of the same order.
      const page = (await s.api(`/api/guest-customers?sort=${key}&limit=7&offset=3`)).json.guestCustomers.map((g) => g.email);
      assert.deepEqual(page, want.slice(3, 10), `${key} page`);
    }
    // The audit's three: c, b, a by spent (c has two orders), by orders too.
    const three = (await s.api("/api/guest-customers?sort=totalSpent&q=tie.ng")).json.guestCustomers.map((g) => g.email);
    assert.deepEqual(three, ["c@tie.ng", "b@tie.ng", "a@tie.ng"]);
  });

  test("server-only sorts: the key, empty values last, then email ascending", async () => {
    const all = JSON.parse(cli("guests", "--sort", "email", file));
    for (const [key, order] of [["city", "asc"], ["city", "desc"], ["fullName", "asc"], ["firstPurchaseDate", "desc"], ["averageOrderValue", "asc"]]) {
      const want = [...all].sort((a, b) => {
        if ((a[key] === null) !== (b[key] === null)) return a[key] === null ? 1 : -1;
        let c = 0;
        if (a[key] !== null) {
          c = typeof a[key] === "number" ? a[key] - b[key] : Buffer.compare(Buffer.from(a[key]), Buffer.from(b[key]));
          if (order === "desc") c = -c;
        }
        return c || Buffer.compare(Buffer.from(a.email), Buffer.from(b.email));
      }).map((g) => g.email);
      const got = (await s.api(`/api/guest-customers?sort=${key}&order=${order}&limit=1000`)).json.guestCustomers.map((g) => g.email);
      assert.deepEqual(got, want, `${key} ${order}`);
    }
  });

  test("GET /api/guest-customers.csv is `guesttrack guests --format csv`, byte for byte", async () => {
    const plain = await fetch(`${s.url}/api/guest-customers.csv`, { headers: { authorization: `Bearer ${s.token}` } });
    assert.equal(plain.status, 200);
    assert.match(plain.headers.get("content-type"), /text\/csv/);
    const bytes = Buffer.from(await plain.arrayBuffer());
    assert.ok(bytes.equals(Buffer.from(cli("guests", "--format", "csv", file))), "default: the CLI's default sort");
    for (const [key, cliKey] of SORTS) {
      const r = await s.api(`/api/guest-customers.csv?sort=${key}`);
      assert.equal(r.text, cli("guests", "--format", "csv", "--sort", cliKey, file), key);
    }
    const text = (await s.api("/api/guest-customers.csv")).text;
    // what the audit found: money with two decimals, phones as they are, '@… quoted
    assert.ok(text.includes(",1234.50,1234.50,") && text.includes(",1000.00,1000.00,"));
    assert.ok(text.includes("csv2@ex.ng,+2348031234567,") && text.includes(`"'@Lagos"`));
    assert.ok(text.includes("A\u0000B"));
    // q and order narrow and reorder it as the list does
    const some = await s.api("/api/guest-customers.csv?q=csv&sort=email&order=desc");
    const rows = some.text.split("\r\n").slice(1, -1).map((l) => l.split(",")[0]);
    assert.deepEqual(rows, ["csv5@ex.ng", "csv4@ex.ng", "csv3@ex.ng", "csv2@ex.ng", "csv1@ex.ng"]);
  });

  test("a phone typed as people type it finds the guest, as the core's search does", async () => {
    const { loadGuestTrack } = await import("../../wasm/index.js");
    const gt = await loadGuestTrack();
    const t = gt.createTracker();
    t.ingest(fs.readFileSync(file));
    try {
      for (const q of ["0803 123 4567", "0803-123", "(0803) 123 45", "+234 803 123", "8031234567", "ikeja"]) {
        const want = t.guests({ search: q, sort: "email" }).items.map((g) => g.email);
        const got = (await s.api(`/api/guest-customers?sort=email&limit=1000&q=${encodeURIComponent(q)}`)).json.guestCustomers.map((g) => g.email);
        assert.deepEqual(got, want, q);
        if (q.startsWith("0803")) assert.ok(got.includes("csv1@ex.ng") && got.includes("csv2@ex.ng"), q);
      }
    } finally {
      t.dispose();
    }
  });
});
