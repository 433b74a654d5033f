// package.test.mjs — the tarball `npm pack` makes, installed into an empty folder and imported by
// name, as a user gets it: the files it holds, the report it computes, the types it resolves.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";

import { cli, ROOT, SAMPLE, WASM_DIR } from "./helpers.mjs";

const npm = (args, cwd) => execFileSync("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], { cwd, encoding: "utf8" });
let dir;
let tarball;

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "guesttrack-pack-"));
  const packed = JSON.parse(npm(["pack", "--json", "--pack-destination", dir], WASM_DIR));
  tarball = packed[0];
  fs.mkdirSync(path.join(dir, "app"));
  fs.writeFileSync(path.join(dir, "app/package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
  npm(["install", path.join(dir, tarball.filename)], path.join(dir, "app"));
});

after(() => fs.rmSync(dir, { recursive: true, force: true }));

test("the tarball holds the package files and nothing else", () => {
  const files = tarball.files.map((f) => f.path).sort();
  assert.deepEqual(files, ["README.md", "dist/guesttrack-core.js", "dist/guesttrack-core.wasm", "errors.js", "index.d.ts", "index.js", "package.json"]);
  assert.equal(tarball.name, "guesttrack");
  assert.equal(tarball.version, "0.1.0");
});

test("imported by name from an empty project, it computes the CLI's report", () => {
  const script = `
    import { loadGuestTrack, GuestTrackError } from "guesttrack";
    import fs from "node:fs";
    const gt = await loadGuestTrack();
    process.stdout.write(gt.reportJSON(fs.readFileSync(${JSON.stringify(SAMPLE)})));
    try { gt.report("[1,"); } catch (e) { if (!(e instanceof GuestTrackError) || e.code !== "invalid_json") process.exit(3); }
    const wasm = import.meta.resolve("guesttrack/guesttrack-core.wasm");
    if (!fs.existsSync(new URL(wasm))) process.exit(4);`;
  fs.writeFileSync(path.join(dir, "app/main.mjs"), script);
  const out = execFileSync(process.execPath, ["main.mjs"], { cwd: path.join(dir, "app"), encoding: "utf8" });
  assert.equal(out, cli("report", SAMPLE));
  const installed = path.join(dir, "app/node_modules/guesttrack");
  assert.ok(!fs.existsSync(path.join(installed, "node_modules")), "no dependencies installed");
});

test("TypeScript resolves the package's types through its exports map", () => {
  const app = path.join(dir, "app");
  fs.writeFileSync(path.join(app, "check.ts"), `
    import { loadGuestTrack, type Report } from "guesttrack";
    const gt = await loadGuestTrack();
    const r: Report = gt.report("[]");
    const n: number = r.customers.total;
    // @ts-expect-error the report has no such field
    r.customers.everyone;
    export { n };`);
  fs.writeFileSync(path.join(app, "tsconfig.json"), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, module: "nodenext", moduleResolution: "nodenext", target: "es2022", types: [] },
    files: ["check.ts"],
  }));
  const tsc = path.join(ROOT, "tests/wasm/node_modules/typescript/bin/tsc");
  const r = spawnSync(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: app, encoding: "utf8" });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});
