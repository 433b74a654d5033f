// types.test.ts — the typings (wasm/index.d.ts) against real use, type-checked with
// `tsc --strict --noEmit` (make test-wasm): what must compile does, and each line that must
// not is marked with a ts-expect-error directive (tsc fails if it stops being an error).
import fs from "node:fs";

import {
  CORE_ERROR_CODES, ERROR_CODES, GuestTrackError, loadGuestTrack,
  type GuestPage, type GuestProfile, type GuestTrack, type GuestTrackErrorCode, type IngestResult,
  type OrderInput, type Report, type Tracker,
} from "../../wasm/index.js";

const gt: GuestTrack = await loadGuestTrack({ wasmBinary: fs.readFileSync("wasm/dist/guesttrack-core.wasm") });
await loadGuestTrack({ wasmUrl: new URL("https://example.com/guesttrack-core.wasm") });
await loadGuestTrack({ locateFile: (file, dir) => dir + file });
// @ts-expect-error no such load option
await loadGuestTrack({ wasmPath: "x" });

const orders: OrderInput[] = [
  { _id: { $oid: "65f1a2b3c4d5e6f708192a3b" }, buyerId: null, email: "ada@example.com", total: { $numberDecimal: "1.005" },
    createdAt: { $date: { $numberLong: "1706740200000" } }, items: [{ sku: "x" }] },
  { id: "o2", total: "₦25,000.50", createdAt: "2024-03-05", status: "paid" },
];
const report: Report = gt.report(orders, { excludeStatuses: ["failed"], tzOffsetMinutes: 60, top: 5, asOf: new Date(), strict: false });
const text: string = gt.reportJSON(new Uint8Array(8), { pretty: true });
gt.report(new ArrayBuffer(8));
gt.report("[]");
gt.report({ byteLength: 2, readInto: (dest: Uint8Array) => dest.set([91, 93]) });
// @ts-expect-error a number is not an input
gt.report(42);
// @ts-expect-error pretty belongs to reportJSON
gt.report("[]", { pretty: true });

const share: number | null = report.revenue.guestShare;
const median: number | null = report.conversion.medianDaysToConvert;
const months: string[] = report.monthly.map((m) => m.month);
const segment: "champions" | "promising" | "loyal" | "needs attention" | "at risk" | "hibernating" | undefined = report.topGuests[0]?.segment;
const excluded: number | undefined = report.orders.excluded["refunded"];
const asOf: string | null = report.asOf;
// @ts-expect-error money is a number
const wrong: string = report.revenue.total;

const t: Tracker = gt.createTracker({ excludeStatuses: ["cancelled"], tzOffsetMinutes: -60 });
const ingested: IngestResult = t.ingest(orders);
const firstReason: string | undefined = ingested.rejected[0]?.reason;
const orderId: string | null | undefined = ingested.rejected[0]?.orderId;
t.ingestNdjson((dest) => fs.readSync(0, dest), { chunkBytes: 1 << 20, onProgress: ({ bytes, records }) => void (bytes + records) });
const page: GuestPage = t.guests({ sort: "recent", order: "asc", limit: Infinity, offset: 10, search: "ada" });
const email: string | undefined = page.items[0]?.email;
const phone: string | null | undefined = page.items[0]?.phone;
// @ts-expect-error not a sort key
t.guests({ sort: "name" });
// @ts-expect-error order is asc or desc
t.guests({ order: "up" });
const profile: GuestProfile | null = t.profile("ada@example.com");
// @ts-expect-error the profile may be null
profile.email;
const listed: string = t.guestsJSON({ pretty: true, limit: 3 });
const one: string | null = t.profileJSON("ada@example.com", { pretty: true });
t.report({ top: 3, asOf: "2024-12-31" });
// @ts-expect-error tzOffsetMinutes is a tracker option
t.report({ tzOffsetMinutes: 60 });
t.merge(gt.createTracker());
const snap: Uint8Array = t.snapshot();
const back: Tracker = gt.restoreTracker(snap, { tzOffsetMinutes: 60 });
t.dispose();
const gone: boolean = t.disposed;
// @ts-expect-error read-only
t.disposed = false;

try {
  back.report();
} catch (e) {
  if (e instanceof GuestTrackError) {
    const code: GuestTrackErrorCode = e.code;
    const where: number | undefined = e.offset;
    // @ts-expect-error not a code
    const bad: boolean = e.code === "nope";
    void [code, where, bad];
  }
}
const meaning: string = ERROR_CODES.invalid_json;
const coreCodes: readonly GuestTrackErrorCode[] = CORE_ERROR_CODES;
const memory: number = gt.memoryBytes;
// @ts-expect-error version is read-only
gt.version = "1";

export { text, share, median, months, segment, excluded, asOf, wrong, firstReason, orderId, email, phone, listed, one, gone, meaning, coreCodes, memory };
