// index.d.ts — types of the `guesttrack` package (hand-written; Emscripten 3.1.6 has no
// --emit-tsd). Checked with `tsc --strict --noEmit` over tests/wasm/*.test.ts.
//
// Report and GuestProfile are exactly the JSON of the project's SPEC §4–§5, the same as
// `guesttrack report` / `guesttrack guests` print. Money is naira (a number with at most two
// decimals: the core computes it exactly in kobo), dates are ISO-8601 UTC strings with
// milliseconds, rates are fractions in [0, 1].

/** Every code a GuestTrackError can carry. */
export type GuestTrackErrorCode =
  | "empty_input"
  | "invalid_json"
  | "invalid_utf8"
  | "too_deep"
  | "not_orders"
  | "strict_rejected"
  | "invalid_option"
  | "options_mismatch"
  | "invalid_snapshot"
  | "not_found"
  | "invalid_argument"
  | "disposed"
  | "out_of_memory"
  | "load_failed"
  | "aborted";

/** What each code means. */
export declare const ERROR_CODES: Readonly<Record<GuestTrackErrorCode, string>>;

/** The codes that come from the C++ core (the others come from the JavaScript wrapper). */
export declare const CORE_ERROR_CODES: readonly GuestTrackErrorCode[];

/** The one error type guesttrack throws. */
export declare class GuestTrackError extends Error {
  constructor(code: GuestTrackErrorCode, message?: string, details?: { offset?: number; line?: number; cause?: unknown });
  readonly name: "GuestTrackError";
  readonly code: GuestTrackErrorCode;
  /** Input errors: the 0-based byte offset where the problem was found. */
  readonly offset?: number;
  /** Input errors: the 1-based line, or 0 when not known. */
  readonly line?: number;
}

/** One order as a shop's export holds it (SPEC §1). Other fields are allowed and ignored. */
export interface OrderInput {
  _id?: string | { $oid: string };
  id?: string | { $oid: string };
  buyerId?: string | { $oid: string } | null;
  email?: string | null;
  phone?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  fullName?: string | null;
  name?: string | null;
  address?: string | null;
  busStop?: string | null;
  city?: string | null;
  state?: string | null;
  zipCode?: string | null;
  country?: string | null;
  total?: number | string | { $numberDecimal: string } | { $numberInt: string } | { $numberLong: string } | { $numberDouble: string };
  status?: string | null;
  createdAt?: string | number | { $date: string | number | { $numberLong: string } };
  updatedAt?: string | number | { $date: string | number | { $numberLong: string } } | null;
  [field: string]: unknown;
}

/**
 * Bytes that write themselves into WebAssembly memory, so a large file is never held twice:
 * `readInto(dest)` must fill all of `dest` (exactly byteLength bytes). `dest` is a view on WASM
 * memory, valid only during the call.
 */
export interface ByteSource {
  readonly byteLength: number;
  readInto(dest: Uint8Array): void;
}

/**
 * A document in any SPEC shape (JSON array, `{"orders"|"data": [...]}`, NDJSON) as bytes or text,
 * an array of order objects, or a ByteSource.
 */
export type OrdersInput = Uint8Array | ArrayBuffer | ArrayBufferView | string | readonly OrderInput[] | ByteSource;

export interface TrackerOptions {
  /** Statuses not counted (default cancelled, canceled, refunded, failed); replaces the default. */
  excludeStatuses?: readonly string[];
  /** Months are taken at this UTC offset in minutes, −1440 … 1440 (60 = WAT). Default 0. */
  tzOffsetMinutes?: number;
}

export interface ReportOptions {
  /** How many topGuests, 0 … 1,000,000. Default 10. */
  top?: number;
  /** The date recency is measured to (ISO-8601 text or a Date). Default: the latest counted order. */
  asOf?: string | Date;
}

export interface OneShotOptions extends TrackerOptions, ReportOptions {
  /** Fail with code `strict_rejected` when any order is rejected (the CLI's --strict). */
  strict?: boolean;
}

export interface JsonTextOptions {
  /** Indent by two spaces, as the CLI's --pretty does. */
  pretty?: boolean;
}

export type GuestSortKey = "spent" | "orders" | "recent" | "email";

export interface GuestQuery {
  /** As the CLI's --sort; default "spent". Descending, except "email" ascending. */
  sort?: GuestSortKey;
  /** Overrides the sort key's default direction. */
  order?: "asc" | "desc";
  /** At most this many items: a positive whole number, or Infinity (the default). */
  limit?: number;
  /** Skip this many matches first. Default 0. */
  offset?: number;
  /** Case-insensitive substring of email, phone or name. */
  search?: string;
}

/** SPEC §4: one guest customer. */
export interface GuestProfile {
  email: string;
  phone: string | null;
  fullName: string | null;
  firstName: string | null;
  lastName: string | null;
  address: string | null;
  busStop: string | null;
  city: string | null;
  state: string | null;
  zipCode: string | null;
  country: string;
  totalOrders: number;
  totalSpent: number;
  averageOrderValue: number;
  firstPurchaseDate: string;
  lastPurchaseDate: string;
  orderIds: string[];
}

export type RfmSegment = "champions" | "promising" | "loyal" | "needs attention" | "at risk" | "hibernating";

export interface TopGuest extends GuestProfile {
  /** Recency, frequency and monetary scores, one digit 1–5 each ("543"). */
  rfm: string;
  segment: RfmSegment;
}

export type RejectionReason =
  | "not an object"
  | "missing id"
  | "missing total"
  | "non-numeric total"
  | "negative total"
  | "missing createdAt"
  | "invalid createdAt"
  | "guest order without valid email";

export interface RejectedRecord {
  /** 0-based record position (NDJSON: blank lines are not records). */
  index: number;
  orderId: string | null;
  reason: RejectionReason;
}

/** SPEC §5 (`schema: "guesttrack.report/1"`). */
export interface Report {
  schema: "guesttrack.report/1";
  customers: { total: number; registered: number; guest: number; converted: number };
  orders: {
    counted: number;
    guest: number;
    registered: number;
    new: number;
    returning: number;
    excluded: Record<string, number>;
    duplicates: number;
    rejected: number;
  };
  revenue: { guest: number; registered: number; total: number; guestShare: number | null };
  averageOrderValue: { guest: number | null; registered: number | null; all: number | null };
  guests: {
    repeat: number;
    repeatRate: number | null;
    lifetimeValue: { mean: number | null; median: number | null };
  };
  conversion: { converted: number; rate: number | null; medianDaysToConvert: number | null };
  geography: {
    byState: { state: string; guests: number; revenue: number }[];
    byCity: { city: string; state: string; guests: number; revenue: number }[];
  };
  monthly: {
    month: string;
    newGuests: number;
    guestOrders: number;
    guestRevenue: number;
    registeredOrders: number;
    registeredRevenue: number;
  }[];
  retention: { cohort: string; size: number; returned: number[] }[];
  topGuests: TopGuest[];
  dataQuality: { rejected: RejectedRecord[]; emailsNormalised: number; statesNormalised: number };
  /** The latest counted createdAt unless given; null when nothing is counted. */
  asOf: string | null;
}

/** What one ingest did. Record indexes are positions within that input. */
export interface IngestResult {
  /** Records in the input (accepted and rejected). */
  records: number;
  /** Records accepted (new ids, newer and stale versions alike). */
  accepted: number;
  /** Accepted records whose id was already accepted. */
  duplicates: number;
  /** Duplicates that lost to the version already held (stale retries). */
  unchanged: number;
  /** Every rejected record. */
  rejected: RejectedRecord[];
}

export interface NdjsonProgress {
  /** Stream bytes read so far. */
  bytes: number;
  /** Records ingested so far. */
  records: number;
  accepted: number;
}

export interface IngestNdjsonOptions {
  /** Bytes read per chunk (default 8 MiB); the buffer doubles for a longer line. */
  chunkBytes?: number;
  onProgress?: (progress: NdjsonProgress) => void;
}

export interface GuestPage {
  /** Guests matching the search, before offset and limit. */
  total: number;
  items: GuestProfile[];
}

/** Orders in over time, figures out at any point. Call dispose() when done with it. */
/** Guest customers per RFM segment (SPEC §5). */
export interface RfmSegmentCounts {
  champions: number;
  loyal: number;
  promising: number;
  "needs attention": number;
  "at risk": number;
  hibernating: number;
}

export interface Tracker {
  /** True once dispose() was called. */
  readonly disposed: boolean;
  /** Adds a document's orders; all or nothing (on an input error nothing is added). */
  ingest(input: OrdersInput): IngestResult;
  /**
   * Adds an NDJSON stream read in chunks straight into WASM memory. `read(dest)` fills the start
   * of `dest` and returns how many bytes it wrote, 0 at the end (e.g. `fs.readSync(fd, dest)`).
   */
  ingestNdjson(read: (dest: Uint8Array) => number, options?: IngestNdjsonOptions): IngestResult;
  report(options?: ReportOptions): Report;
  /** The exact text `guesttrack report` prints (a trailing newline included). */
  reportJSON(options?: ReportOptions & JsonTextOptions): string;
  guests(query?: GuestQuery): GuestPage;
  /** How many guest customers each RFM segment holds (scored as topGuests is). */
  rfmSegments(options?: { asOf?: string | Date }): RfmSegmentCounts;
  /** The page's profiles as the exact text `guesttrack guests` prints. */
  guestsJSON(query?: GuestQuery & JsonTextOptions): string;
  /** A guest customer's profile (email normalised first), or null. */
  profile(email: string): GuestProfile | null;
  /** The exact text `guesttrack profile EMAIL` prints, or null. */
  profileJSON(email: string, options?: JsonTextOptions): string | null;
  /** Adds everything `other` holds, as if its orders arrived after this tracker's. */
  merge(other: Tracker): void;
  /** Forgets the record, duplicate and rejection counts; the held orders stay. */
  clearRecordCounts(): void;
  /** The whole state as bytes, for restoreTracker(). */
  snapshot(): Uint8Array;
  /** Frees the tracker; later calls (but dispose) throw GuestTrackError "disposed". */
  dispose(): void;
}

/** A loaded module instance. */
/**
 * One record of a document as parseRecords() returns it. For a rejected record `reason` is set
 * and every field after it is null.
 */
export interface ParsedRecord {
  /** 0-based record position (NDJSON: blank lines are not records). */
  index: number;
  /** The order id (`$oid` unwrapped), or null when there is no usable id. */
  orderId: string | null;
  /** null when accepted; else the SPEC §6 reason ("missing id", …). */
  reason: RejectionReason | null;
  /** The SPEC §3 customer key: the normalised email, or `buyer:<buyerId>`. */
  customer: string | null;
  /** The normalised email, or null when missing or invalid. */
  email: string | null;
  /** null for a guest order. */
  buyerId: string | null;
  /** Trimmed and lowercased; null when missing. */
  status: string | null;
  /** Naira with exactly two decimals, from the kobo ("25000.50"). */
  total: string | null;
  /** The total in kobo, as a decimal string (exact beyond 2^53). */
  totalKobo: string | null;
  /** ISO-8601 UTC with milliseconds. */
  createdAt: string | null;
  /** The version's time (updatedAt when usable, else createdAt), ISO-8601 UTC with milliseconds. */
  versionTime: string | null;
  /** The record's JSON text as written in the document. */
  raw: string | null;
}

export interface GuestTrack {
  /** The core's version, "0.1.0". */
  readonly version: string;
  /** Bytes of WebAssembly memory held now (grows up to 4 GB). */
  readonly memoryBytes: number;
  /** One shot: the report over a whole document. */
  report(input: OrdersInput, options?: OneShotOptions): Report;
  /** One shot: the exact text `guesttrack report` prints (a trailing newline included). */
  reportJSON(input: OrdersInput, options?: OneShotOptions & JsonTextOptions): string;
  /**
   * Every record of a document (all or nothing: an input error throws), accepted or rejected,
   * with the key fields the core computed and its JSON text as written — for a store that keeps
   * each order (the Node server).
   */
  parseRecords(input: OrdersInput): ParsedRecord[];
  /**
   * An email as guesttrack keys customers by (SPEC §2: trimmed of white space, Unicode's
   * included, and lowercased) — `" ADA@Example.COM\u00a0"` -> `"ada@example.com"`.
   */
  normalizeEmail(email: string): string;
  /**
   * What a guest search looks for in stored phones when the query is typed as a phone number
   * (`"0803 123"` -> `"+234803123"`); `""` when it is not one.
   */
  phoneSearchText(query: string): string;
  createTracker(options?: TrackerOptions): Tracker;
  /** A tracker from snapshot() bytes (the UTC offset is not in a snapshot: give it here). */
  restoreTracker(snapshot: Uint8Array | ArrayBuffer, options?: { tzOffsetMinutes?: number }): Tracker;
}

export interface LoadOptions {
  /** The .wasm bytes, when the caller already has them. */
  wasmBinary?: Uint8Array | ArrayBuffer;
  /** Where to fetch the .wasm (http(s), or a file URL/path in Node). */
  wasmUrl?: string | URL;
  /** Emscripten's hook: the URL of `file` given the loader's folder. */
  locateFile?: (file: string, scriptDirectory: string) => string | URL;
}

/** Loads the WebAssembly module (each call: a new instance with its own memory). */
export declare function loadGuestTrack(options?: LoadOptions): Promise<GuestTrack>;
