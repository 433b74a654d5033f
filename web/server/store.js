// store.js — where synced orders live: one interface over two drivers, PGlite (embedded Postgres
// in a data folder, the default) and PostgreSQL through `pg` (when DATABASE_URL is set). Both run
// the same SQL; the migrations below are applied, in order and once, at start.
//
// Store interface:
//   query(sql, params) -> { rows }          one statement, outside any transaction
//   transaction(async (tx) => …)            tx.query(sql, params); commits, or rolls back on throw
//   close()
//   kind: "pglite" | "postgres"
//
// Values cross as text where the drivers differ (bigint is BigInt in PGlite, a string in pg;
// timestamptz becomes a JS Date that misreads years before 1000): SQL casts counts to int and
// formats dates with ISO_UTC below.
import fs from "node:fs";
import path from "node:path";

/** SQL expression of a timestamptz column as ISO-8601 UTC with milliseconds. */
export const isoUtc = (column) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Versioned migrations: [version, description, sql]. Never edit one that shipped; add the next. */
export const MIGRATIONS = [
  [1, "orders and guest_customers", `
    CREATE TABLE orders (
      id            text PRIMARY KEY,          -- the order id (_id / id, $oid unwrapped)
      raw           jsonb NOT NULL,            -- the winning version's document
      source        text NOT NULL,             -- the same document as written (what the core re-reads)
      customer      text NOT NULL,             -- SPEC §3 key: normalised email, or buyer:<buyerId>
      email         text,                      -- normalised; null when missing or invalid
      buyer_id      text,                      -- null for a guest order
      status        text,                      -- trimmed, lowercased; null when missing
      total_kobo    bigint NOT NULL,
      created_at    timestamptz NOT NULL,
      version_time  timestamptz NOT NULL,      -- updatedAt when usable, else createdAt
      arrival       bigint NOT NULL UNIQUE,    -- arrival position of the winning version
      erased        boolean NOT NULL DEFAULT false, -- personal fields blanked on request
      synced_at     timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX orders_customer ON orders (customer);
    CREATE TABLE guest_customers (             -- SPEC §4, one row per guest customer
      email               text PRIMARY KEY,
      phone               text,
      full_name           text,
      first_name          text,
      last_name           text,
      address             text,
      bus_stop            text,
      city                text,
      state               text,
      zip_code            text,
      country             text,
      total_orders        integer NOT NULL,
      total_spent         numeric(20,2) NOT NULL, -- naira, exact (from kobo)
      average_order_value numeric(20,2) NOT NULL,
      first_purchase_date timestamptz NOT NULL,
      last_purchase_date  timestamptz NOT NULL,
      order_ids           text[] NOT NULL,
      updated_at          timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX guest_customers_total_spent ON guest_customers (total_spent DESC, email);
    CREATE INDEX guest_customers_total_orders ON guest_customers (total_orders DESC, email);
    CREATE INDEX guest_customers_last_purchase ON guest_customers (last_purchase_date DESC, email);
  `],
  [2, "store_state: a generation bumped by every write (report cache key)", `
    CREATE TABLE store_state (id integer PRIMARY KEY CHECK (id = 1), generation bigint NOT NULL);
    INSERT INTO store_state VALUES (1, 0);
  `],
  [3, "store_state.rewrites: bumped by writes that change stored documents in place (erasure)", `
    ALTER TABLE store_state ADD COLUMN rewrites bigint NOT NULL DEFAULT 0;
  `],
  [4, "guest_customers.profile (the core's JSON text), money numeric(40,2), U+0000-safe texts", `
    -- The core sums kobo in 128 bits: a guest's total may pass 10^18 naira (numeric(20,2) held
    -- less than that). 40 digits hold every 128-bit kobo sum.
    ALTER TABLE guest_customers ALTER COLUMN total_spent TYPE numeric(40,2),
      ALTER COLUMN average_order_value TYPE numeric(40,2);
    -- The profile as the core prints it (what the API answers with); the server fills it in at
    -- start for a store made before (store_state.profiles_version 0: every profile recomputed).
    ALTER TABLE guest_customers ADD COLUMN profile text;
    ALTER TABLE store_state ADD COLUMN profiles_version integer NOT NULL DEFAULT 0;
    -- Texts are now stored through dbText() (orders.js): U+0000 as U+0001 U+0001 (new), U+0001
    -- as U+0001 U+0002 (existing values re-encoded here).
    UPDATE orders SET id = replace(id, E'\\x01', E'\\x01\\x02') WHERE strpos(id, E'\\x01') > 0;
    UPDATE orders SET customer = replace(customer, E'\\x01', E'\\x01\\x02') WHERE strpos(customer, E'\\x01') > 0;
    UPDATE orders SET email = replace(email, E'\\x01', E'\\x01\\x02') WHERE strpos(email, E'\\x01') > 0;
    UPDATE orders SET buyer_id = replace(buyer_id, E'\\x01', E'\\x01\\x02') WHERE strpos(buyer_id, E'\\x01') > 0;
    UPDATE orders SET status = replace(status, E'\\x01', E'\\x01\\x02') WHERE strpos(status, E'\\x01') > 0;
  `],
];

// A key both drivers lock with pg_advisory_xact_lock: writes run one at a time.
export const WRITE_LOCK = 7_428_001;

async function migrate(store) {
  await store.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [WRITE_LOCK]);
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set((await tx.query("SELECT version FROM schema_migrations")).rows.map((r) => r.version));
    for (const [version, description, sql] of MIGRATIONS) {
      if (done.has(version)) continue;
      await tx.exec(sql);
      await tx.query("INSERT INTO schema_migrations (version, description) VALUES ($1, $2)", [version, description]);
    }
  });
}

async function openPglite(dataDir) {
  const { PGlite } = await import("@electric-sql/pglite");
  const dir = path.join(dataDir, "pglite");
  fs.mkdirSync(dir, { recursive: true });
  const db = await PGlite.create(dir);
  const wrap = (q) => ({
    query: (sql, params) => q.query(sql, params),
    exec: (sql) => q.exec(sql),
  });
  return {
    kind: "pglite",
    where: dir,
    ...wrap(db),
    // PGlite is one connection: its transaction() holds it exclusively until the callback ends.
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    close: () => db.close(),
  };
}

async function openPostgres(url) {
  const { default: pg } = await import("pg");
  const pool = new pg.Pool({ connectionString: url, max: 8, idleTimeoutMillis: 30_000 });
  pool.on("error", (e) => console.error(`postgres: idle client error: ${e.message}`));
  const wrap = (c) => ({
    query: (sql, params) => c.query(sql, params),
    exec: (sql) => c.query(sql),
  });
  return {
    kind: "postgres",
    where: url.replace(/\/\/[^@/]*@/, "//…@"),
    ...wrap(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await fn(wrap(client));
        await client.query("COMMIT");
        return result;
      } catch (e) {
        await client.query("ROLLBACK").catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** Opens PostgreSQL when `databaseUrl` is given, else PGlite in `dataDir`; migrates it. */
export async function openStore({ dataDir, databaseUrl }) {
  const store = databaseUrl ? await openPostgres(databaseUrl) : await openPglite(dataDir);
  try {
    await migrate(store);
  } catch (e) {
    await store.close().catch(() => {});
    throw e;
  }
  return store;
}
