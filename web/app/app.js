// app.js — the dashboard's shell: the server token (sessionStorage, or #token=… in the URL), loading
// orders from the server or an export file through the worker (with a progress bar), the tab list,
// and filling every view from the report the worker computes.
import { at, formatAs, formatDateTime, formatCount } from "./format.js";
import { GuestsView } from "./guests.js";
import { renderInsights, renderSegments } from "./insights.js";
import { renderQuality } from "./quality.js";

const TOKEN_KEY = "guesttrack.token";
const $ = (id) => document.getElementById(id);
const tzOffsetMinutes = -new Date().getTimezoneOffset();

// For tests and the benchmark: what has happened, and when (ms since navigation).
const status = (window.guesttrack = { state: "starting", timings: {}, loads: 0 });
const mark = (name) => (status.timings[name] = Math.round(performance.now()));

// ---------------------------------------------------------------------------------------------
// The worker

const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
const pending = new Map();
let nextId = 1;

worker.onmessage = ({ data }) => {
  const p = pending.get(data.id);
  if (!p) return;
  if (data.progress) return p.onProgress?.(data.progress);
  pending.delete(data.id);
  if (data.ok) p.resolve(data.result);
  else p.reject(Object.assign(new Error(data.error.message), data.error));
};
worker.onerror = (e) => showMessage(`The computing worker failed to start: ${e.message ?? "see the console"}.`, "error");

/** Asks the worker; resolves with its answer. */
export function ask(type, args = {}, onProgress) {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject, onProgress });
    worker.postMessage({ id, type, ...args });
  });
}

// ---------------------------------------------------------------------------------------------
// Messages and progress

function showMessage(text, kind = "info") {
  const box = $("message");
  box.textContent = text;
  box.className = `message ${kind}`;
  box.setAttribute("role", kind === "error" ? "alert" : "status");
  box.dataset.kind = kind;
}

function clearMessage() {
  showMessage("", "none");
}

let progressFrame = 0;
function showProgress(label, p) {
  $("loading").hidden = false;
  $("progress-label").textContent = label;
  if (!p || progressFrame) return;
  progressFrame = requestAnimationFrame(() => {
    progressFrame = 0;
    const bar = $("progress");
    if (p.total > 0) {
      bar.max = p.total;
      bar.value = Math.min(p.bytes, p.total);
    } else {
      bar.removeAttribute("value"); // indeterminate: the server did not say how much
    }
    const mb = (p.bytes / 1048576).toFixed(1);
    $("progress-label").textContent = `${label} ${mb} MB${p.total ? ` of ${(p.total / 1048576).toFixed(1)} MB` : ""}` +
      (p.records ? ` · ${formatCount(p.records)} orders` : "");
  });
}

function hideProgress() {
  $("loading").hidden = true;
}

// ---------------------------------------------------------------------------------------------
// Loading

const guestsView = new GuestsView({ ask, showMessage });
let loading = false;

function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

function askForToken(why) {
  const form = $("token-form");
  form.hidden = false;
  if (why) showMessage(why, "error");
  $("token-input").value = "";
  $("token-input").focus();
}

async function loadFromServer() {
  const t = token();
  if (!t) return askForToken();
  if (loading) return;
  loading = true;
  $("token-form").hidden = true;
  status.state = "loading";
  mark("fetchStart");
  showMessage("Loading orders from the server…");
  showProgress("Loading orders from the server…", { bytes: 0, total: 0 });
  try {
    const result = await ask("loadServer", { token: t, tzOffsetMinutes }, (p) => showProgress("Loading orders from the server…", p));
    mark("computed");
    if (result.about.records === 0) {
      await show(result);
      showMessage("The store holds no orders yet. Sync orders to the server (POST /api/orders/sync), or open an export file to see its figures.", "warning");
      status.state = "empty";
      return;
    }
    await show(result);
  } catch (e) {
    status.state = "error";
    status.error = e.kind;
    if (e.kind === "auth") {
      sessionStorage.removeItem(TOKEN_KEY);
      askForToken("The server refused this token (401 Unauthorized). Enter the token the server printed when it started, or the value of GUESTTRACK_TOKEN.");
    } else if (e.kind === "down") {
      showMessage(`The server does not answer: ${e.message} Start it with "node web/server" (or "make run") and press "Reload from server", or open an export file.`, "error");
    } else {
      showMessage(`Could not load the orders: ${e.message}`, "error");
    }
  } finally {
    loading = false;
    hideProgress();
  }
}

async function loadFile(file) {
  if (!file || loading) return;
  loading = true;
  status.state = "loading";
  mark("fetchStart");
  showMessage(`Reading ${file.name}…`);
  showProgress(`Reading ${file.name}…`, { bytes: 0, total: file.size });
  try {
    const result = await ask("loadFile", { file, tzOffsetMinutes }, (p) => showProgress(`Reading ${file.name}…`, p));
    mark("computed");
    await show(result);
    const rejected = result.report.orders.rejected;
    if (result.report.orders.counted === 0 && rejected === 0) {
      showMessage(`${file.name} holds no orders.`, "warning");
    } else if (rejected > 0) {
      showMessage(`${file.name}: ${formatCount(rejected)} of ${formatCount(result.about.records)} records were rejected — see Data quality.`, "warning");
    }
  } catch (e) {
    status.state = "error";
    status.error = e.kind;
    const what = e.kind === "guesttrack" ? `${file.name} is not an orders export: ${e.message}` : `Could not read ${file.name}: ${e.message}`;
    showMessage(`${/[.!?]$/.test(what) ? what : `${what}.`} The figures shown were not changed.`, "error");
  } finally {
    loading = false;
    hideProgress();
    $("file-input").value = "";
  }
}

/** Fills every view from a load's result; resolves once all are rendered (segments included). */
async function show({ about, report, firstPage }) {
  clearMessage();
  status.report = report;
  fillMetrics(report);
  $("as-of").textContent = formatDateTime(report.asOf);
  $("as-of").setAttribute("datetime", report.asOf ?? "");
  $("source").textContent = about.source === "server"
    ? `${formatCount(about.records)} orders stored on the server · as of ${formatDateTime(report.asOf)}`
    : `${formatCount(about.records)} records from ${about.name} · as of ${formatDateTime(report.asOf)}`;
  guestsView.reset(firstPage);
  renderInsights(report);
  renderQuality(report, about.source);
  mark("rendered");
  // RFM counts cover every guest: a second, larger report — the rest of the page is already up.
  renderSegments(null);
  const counts = await ask("segments");
  renderSegments(counts);
  await new Promise((r) => requestAnimationFrame(() => r()));
  mark("allViews");
  status.loads++;
  status.source = about.source;
  status.state = "ready";
  document.body.dataset.state = "ready";
}

function fillMetrics(report) {
  for (const node of document.querySelectorAll("[data-metric]")) {
    node.textContent = formatAs(node.dataset.format, at(report, node.dataset.metric));
  }
}

// ---------------------------------------------------------------------------------------------
// Tabs (WAI-ARIA tabs: arrow keys, Home and End move between tabs; the panel follows)

const tabs = [...document.querySelectorAll('[role="tab"]')];

function selectTab(tab, focus = true) {
  for (const t of tabs) {
    const on = t === tab;
    t.setAttribute("aria-selected", String(on));
    t.tabIndex = on ? 0 : -1;
    $(t.getAttribute("aria-controls")).hidden = !on;
  }
  if (focus) tab.focus();
  history.replaceState(null, "", `#${tab.id.replace("tab-", "")}`);
}

for (const tab of tabs) {
  tab.addEventListener("click", () => selectTab(tab));
  tab.addEventListener("keydown", (e) => {
    const i = tabs.indexOf(tab);
    const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    selectTab(tabs[(to + tabs.length) % tabs.length]);
  });
}

// ---------------------------------------------------------------------------------------------
// Controls, dropping files, start

$("reload").addEventListener("click", () => loadFromServer());
$("change-token").addEventListener("click", () => askForToken());
$("token-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const value = $("token-input").value.trim();
  if (!value) return;
  sessionStorage.setItem(TOKEN_KEY, value);
  loadFromServer();
});
$("file-input").addEventListener("change", (e) => loadFile(e.target.files[0]));

let dragDepth = 0;
document.addEventListener("dragenter", (e) => {
  if (![...(e.dataTransfer?.types ?? [])].includes("Files")) return;
  dragDepth++;
  $("drop-overlay").hidden = false;
});
document.addEventListener("dragleave", () => {
  if (--dragDepth <= 0) {
    dragDepth = 0;
    $("drop-overlay").hidden = true;
  }
});
document.addEventListener("dragover", (e) => e.preventDefault());
document.addEventListener("drop", (e) => {
  e.preventDefault();
  dragDepth = 0;
  $("drop-overlay").hidden = true;
  const file = e.dataTransfer?.files?.[0];
  if (file) loadFile(file);
});

function start() {
  const hash = new URLSearchParams(location.hash.slice(1));
  let view = location.hash.slice(1);
  if (hash.has("token")) {
    sessionStorage.setItem(TOKEN_KEY, hash.get("token"));
    view = hash.get("view") ?? "";
    history.replaceState(null, "", location.pathname + location.search); // the token leaves the address bar
  }
  const tab = tabs.find((t) => t.id === `tab-${view}`);
  if (tab) selectTab(tab, false);
  if (token()) loadFromServer();
  else {
    status.state = "no-token";
    askForToken();
  }
}

start();
