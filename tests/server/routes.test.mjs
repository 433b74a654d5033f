// routes.test.mjs — route details the audit found apart from the CLI: the old POST
// /api/guest-customers tells malformed JSON as the sync route does (byte offset and line), and
// /api/stats takes the CLI's --exclude-status as `excludeStatus=a,b` — on PGlite and PostgreSQL.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { SAMPLE, cli, eachStore, startServer } from "./helpers.mjs";

eachStore(describe, before, after, (kind, ctx) => {
  let s;
  before(async () => {
    s = await startServer(kind, ctx.pg, { args: ["--load", SAMPLE] });
  });
  after(() => s?.stop());

  test("POST /api/guest-customers: malformed JSON is a 400 with the byte offset and line, as the sync route's", async () => {
    const bodies = [
      '{"email": "ada@example.com",\n "fullName": "Adé Obi", "orderId": }',
      '{"email": "ada@example.com", "orderId": "x1", "orderTotal": 1',
      Buffer.concat([Buffer.from('{"email": "ada@example.com",\n"fullName": "'), Buffer.from([0xff, 0xfe]), Buffer.from('", "orderId": "x2", "orderTotal": 1}')]),
    ];
    // Where each breaks: the "}" where a value should be, the end, the 0xff byte.
    const wants = [["invalid_json", 65, 2], ["invalid_json", 61, 1], ["invalid_utf8", 42, 2]];
    for (const [i, body] of bodies.entries()) {
      const legacy = await s.api("/api/guest-customers", { method: "POST", body });
      assert.equal(legacy.status, 400, legacy.text);
      const { code, details, message } = legacy.json.error;
      assert.deepEqual([code, details.offset, details.line], wants[i], legacy.text);
      assert.match(message, new RegExp(`at byte ${details.offset}\\b`));
      // The sync route says the same of the body as an array's one element (offset one on).
      const sync = await s.api("/api/orders/sync", { method: "POST", body: Buffer.concat([Buffer.from("["), Buffer.from(body), Buffer.from("]")]) });
      assert.deepEqual([sync.json.error.code, sync.json.error.details], [code, { offset: details.offset + 1, line: details.line }]);
    }
    assert.equal((await s.api("/api/guest-customers", { method: "POST", body: "" })).json.error.code, "empty_input");
    const two = await s.api("/api/guest-customers", { method: "POST", body: '{"orderId":"a"}\n{"orderId":"b"}' });
    assert.deepEqual([two.status, two.json.error.code, two.json.error.details], [400, "invalid_json", { offset: 16, line: 2 }]);
    // A valid object over several lines is fine (the core alone would read it as NDJSON).
    const pretty = await s.api("/api/guest-customers", { method: "POST", body: '{\n "email": "ml@example.com",\n "orderId": "ml-1",\n "orderTotal": 5\n}' });
    assert.equal(pretty.status, 201, pretty.text);
    assert.equal((await s.api("/api/guest-customers/ada%40example.com")).status, 404, "nothing stored");
  });

  test("GET /api/stats?excludeStatus=a,b is `guesttrack report --exclude-status a,b`, byte for byte", async () => {
    const check = async () => {
      const file = path.join(s.dataDir, `stored-${process.hrtime.bigint()}.ndjson`);
      fs.writeFileSync(file, (await s.api("/api/orders?format=ndjson")).text);
      for (const list of ["paid,Pending", "", " refunded , FAILED ", "cancelled"]) {
        const r = await s.api(`/api/stats?top=20&tzOffset=60&excludeStatus=${encodeURIComponent(list)}`);
        assert.equal(r.status, 200);
        assert.equal(r.text, cli("report", "--top", "20", "--tz-offset", "60", "--exclude-status", list, file), JSON.stringify(list));
      }
      assert.equal((await s.api("/api/stats")).text, cli("report", file), "no excludeStatus: the default list");
    };
    await check();
    // The cached trackers catch up with a later sync, each with its own exclusions.
    await s.sync(JSON.stringify([
      { _id: "ex-1", email: "ex@example.com", total: 100, status: "Pending", createdAt: "2024-07-01" },
      { _id: "ex-2", email: "ex@example.com", total: 200, status: "refunded", createdAt: "2024-07-02" },
    ]));
    await check();
  });
});
