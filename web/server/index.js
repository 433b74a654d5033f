#!/usr/bin/env node
// index.js — `node web/server [--port 8080] [--host 127.0.0.1] [--data DIR] [--load FILE]
// [--body-limit BYTES]`: opens the store (PGlite in DIR, or PostgreSQL when DATABASE_URL is set),
// loads the guesttrack core, optionally syncs FILE, and serves the API and the dashboard.
// Token: GUESTTRACK_TOKEN, else DIR/token (made and printed at first start).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

import { loadGuestTrack } from "../../wasm/index.js";
import { createServer } from "./app.js";
import { prepareStore, refreshReports, syncOrders } from "./orders.js";
import { openStore } from "./store.js";

const USAGE = `usage: node web/server [--port 8080] [--host 127.0.0.1] [--data DIR] [--load FILE] [--body-limit BYTES]
  DATABASE_URL=postgres://…   use PostgreSQL instead of PGlite in DIR/pglite
  GUESTTRACK_TOKEN=…          the API token (else DIR/token, made at first start)`;

const log = (line) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);

function options() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: "string", default: process.env.PORT ?? "8080" },
        host: { type: "string", default: "127.0.0.1" },
        data: { type: "string", default: "data" },
        load: { type: "string", multiple: true, default: [] },
        "body-limit": { type: "string", default: String(50 * 1024 * 1024) },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (e) {
    console.error(`${e.message}\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const port = Number(values.port);
  const bodyLimit = Number(values["body-limit"]);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be 0 to 65535\n${USAGE}`);
    process.exit(2);
  }
  if (!Number.isInteger(bodyLimit) || bodyLimit < 1) {
    console.error(`--body-limit must be a positive number of bytes\n${USAGE}`);
    process.exit(2);
  }
  return { ...values, port, bodyLimit, data: path.resolve(values.data) };
}

// The API token: GUESTTRACK_TOKEN, or the one in DATA/token, or a new one written there.
function apiToken(dataDir) {
  if (process.env.GUESTTRACK_TOKEN) return { token: process.env.GUESTTRACK_TOKEN, fresh: false };
  const file = path.join(dataDir, "token");
  try {
    const token = fs.readFileSync(file, "utf8").trim();
    if (token) return { token, fresh: false };
  } catch (e) {
    if (e.code !== "ENOENT") throw e;
  }
  const token = crypto.randomBytes(24).toString("base64url");
  fs.writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return { token, fresh: true };
}

async function main() {
  const o = options();
  fs.mkdirSync(o.data, { recursive: true });
  const { token, fresh } = apiToken(o.data);
  const gt = await loadGuestTrack();
  const store = await openStore({ dataDir: o.data, databaseUrl: process.env.DATABASE_URL });
  log(`store: ${store.kind} (${store.where})`);
  await prepareStore(store, gt, log);
  for (const file of o.load) {
    const started = Date.now();
    const r = await syncOrders(store, gt, fs.readFileSync(file), {
      onProgress: ({ done, of }) => of > 5000 && log(`load: ${done}/${of} records written`),
    });
    log(`load ${file}: ${r.accepted} accepted, ${r.duplicates} duplicates, ${r.unchanged} unchanged, ` +
      `${r.rejected.length} rejected (${Date.now() - started} ms)`);
  }
  const server = createServer({ store, gt, token, bodyLimit: o.bodyLimit, log });
  server.listen(o.port, o.host, () => {
    const { port } = server.address();
    const host = o.host.includes(":") ? `[${o.host}]` : o.host;
    if (fresh) log(`new API token written to ${path.join(o.data, "token")}: ${token}`);
    log(`dashboard: http://${host}:${port}/#token=${token}`);
    log(`listening on http://${host}:${port}`);
    refreshReports(store, gt, log);  // the report over what is stored, ready before it is asked for
  });
  let closing = false;
  const stop = (signal) => {
    if (closing) return;
    closing = true;
    log(`${signal}: closing`);
    server.close();
    server.closeIdleConnections?.();
    setTimeout(() => process.exit(0), 5000).unref();
    store.close().finally(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((e) => {
  console.error(`guesttrack server: ${e?.stack ?? e}`);
  process.exit(1);
});
