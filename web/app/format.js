// format.js — how figures look on screen. Money is naira as ₦1,234,567.89 (en-NG); counts use
// the same grouping; rates are percentages with one decimal; dates are in the viewer's locale;
// months ("YYYY-MM", already at the viewer's UTC offset) are named in the viewer's locale.
// The browser tests format /api/stats the same way (tests/browser/helpers.mjs).

const money = new Intl.NumberFormat("en-NG", { style: "currency", currency: "NGN", minimumFractionDigits: 2, maximumFractionDigits: 2 });
const count = new Intl.NumberFormat("en-NG", { maximumFractionDigits: 0 });
// Rates and days with one decimal. Intl rounds the number's shortest decimal form half up
// (0.2875 -> 28.8 %, as the exact fraction 23/80 rounds); toFixed() rounds the binary double
// (28.749999… -> 28.7).
const percent = new Intl.NumberFormat("en-NG", { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 });
const oneDecimal = new Intl.NumberFormat("en-NG", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const DASH = "—";

export const formatMoney = (v) => (v == null ? DASH : money.format(v));
export const formatCount = (v) => (v == null ? DASH : count.format(v));
export const formatPercent = (v) => (v == null ? DASH : percent.format(v));
export const formatDays = (v) => (v == null ? DASH : `${oneDecimal.format(v)} days`);

/** One value by its data-format name: money, count, percent or days. */
export function formatAs(kind, v) {
  switch (kind) {
    case "money": return formatMoney(v);
    case "percent": return formatPercent(v);
    case "days": return formatDays(v);
    default: return formatCount(v);
  }
}

/** An ISO-8601 instant as a date in the viewer's locale and time zone. */
export function formatDate(iso) {
  if (!iso) return DASH;
  return new Date(iso).toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" });
}

/** An ISO-8601 instant as date and time in the viewer's locale. */
export function formatDateTime(iso) {
  if (!iso) return DASH;
  return new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** "2024-03" as the viewer's short month name and year ("Mar 2024"). */
export function formatMonth(month) {
  const [y, m] = month.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, 1)).toLocaleDateString(undefined, { month: "short", year: "numeric", timeZone: "UTC" });
}

/** A guest's display name: fullName, else first and last name, else "". */
export const guestName = (g) => g.fullName ?? ([g.firstName, g.lastName].filter(Boolean).join(" ") || "");

/** The value at a dotted path of the report ("guests.lifetimeValue.median"). */
export const at = (obj, path) => path.split(".").reduce((o, k) => (o == null ? undefined : o[k]), obj);

/** Text for an element: a small helper to build DOM without innerHTML. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (k === "style") node.style.cssText = v;
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) if (c != null) node.append(c);
  return node;
}
