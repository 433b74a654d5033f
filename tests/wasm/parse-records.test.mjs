// parse-records.test.mjs — gt.parseRecords(): every record with the core's key fields and its
// text as written, for a store that keeps each order (the Node server's sync).
import assert from "node:assert/strict";
import fs from "node:fs";
import { before, test } from "node:test";

import { GuestTrackError, loadGuestTrack } from "../../wasm/index.js";
import { SAMPLE } from "./helpers.mjs";

let gt;
before(async () => {
  gt = await loadGuestTrack();
});

test("accepted records carry the normalised keys, kobo and times; rejected ones their reason", () => {
  const doc = "[" + [
    '{"_id":{"$oid":"a1"},"email":" Ada@Example.COM ","total":"₦1,005.005","createdAt":"2024-01-01",',
    '"updatedAt":"2024-01-02T01:02:03.4567+01:00","note":"say \\"hi\\"\\n"}',
    ',{"_id":"b","email":"b@x.com","total":-1,"createdAt":"2024-01-01"}',
    "",
    ',{"_id":"c","buyerId":"u1","total":1e2,"createdAt":1700000000000,"status":" PAID "}',
  ].join("\n") + "]";
  const [a, b, c] = gt.parseRecords(doc);
  assert.deepEqual(a, {
    index: 0, orderId: "a1", reason: null, customer: "ada@example.com", email: "ada@example.com", buyerId: null,
    status: null, total: "1005.01", totalKobo: "100501", createdAt: "2024-01-01T00:00:00.000Z",
    versionTime: "2024-01-02T00:02:03.456Z",
    raw: '{"_id":{"$oid":"a1"},"email":" Ada@Example.COM ","total":"₦1,005.005","createdAt":"2024-01-01",\n"updatedAt":"2024-01-02T01:02:03.4567+01:00","note":"say \\"hi\\"\\n"}',
  });
  assert.equal(JSON.parse(a.raw).note, 'say "hi"\n');
  assert.deepEqual(b, { index: 1, orderId: "b", reason: "negative total", customer: null, email: null, buyerId: null,
    status: null, total: null, totalKobo: null, createdAt: null, versionTime: null, raw: null });
  assert.equal(c.index, 2);
  assert.equal(c.customer, "buyer:u1");
  assert.equal(c.status, "paid");
  assert.equal(c.totalKobo, "10000");
  assert.equal(c.raw, '{"_id":"c","buyerId":"u1","total":1e2,"createdAt":1700000000000,"status":" PAID "}');
});

test("it agrees with the tracker on the sample: same records, same rejections", () => {
  const bytes = fs.readFileSync(SAMPLE);
  const records = gt.parseRecords(bytes);
  const t = gt.createTracker();
  const r = t.ingest(bytes);
  t.dispose();
  assert.equal(records.length, r.records);
  assert.equal(records.filter((x) => x.reason === null).length, r.accepted);
  assert.deepEqual(records.filter((x) => x.reason !== null).map(({ index, orderId, reason }) => ({ index, orderId, reason })), r.rejected);
  // Each raw text is one record: re-parsed alone, it gives the same fields.
  for (const x of records.filter((y) => y.reason === null).slice(0, 20)) {
    const [again] = gt.parseRecords(`[${x.raw}]`);
    assert.deepEqual({ ...again, index: x.index }, x);
  }
});

test("an input error throws and returns nothing", () => {
  assert.throws(() => gt.parseRecords('[{"_id":"a"'), (e) => e instanceof GuestTrackError && e.code === "invalid_json");
  assert.throws(() => gt.parseRecords(""), (e) => e instanceof GuestTrackError && e.code === "empty_input");
});
