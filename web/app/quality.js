// quality.js — the Data quality view: rejected orders with their reasons (the first 100 the core
// lists, all counted) and the statuses that were not counted.
import { el, formatCount } from "./format.js";

const $ = (id) => document.getElementById(id);

/** `source`: "server" (the stored orders) or "file". */
export function renderQuality(report, source) {
  const { rejected } = report.dataQuality;
  const counted = report.orders.rejected;
  $("rejected-note").textContent = counted === 0
    ? source === "server"
      ? "The server keeps each order's latest accepted version: records it rejected or replaced "
        + "when they were synced are not here (each sync's reply lists its rejections)."
      : "Every record was read."
    : counted > rejected.length ? `The first ${formatCount(rejected.length)} of ${formatCount(counted)} rejected orders.`
    : `${formatCount(counted)} rejected ${counted === 1 ? "order" : "orders"}.`;
  const byReason = new Map();
  for (const r of rejected) byReason.set(r.reason, (byReason.get(r.reason) ?? 0) + 1);
  $("rejected-table").replaceChildren(
    el("thead", {}, el("tr", {}, el("th", { scope: "col", class: "num", text: "Record" }), el("th", { scope: "col", text: "Order id" }),
      el("th", { scope: "col", text: "Reason" }))),
    el("tbody", {}, rejected.length ? rejected.map((r) => el("tr", { "data-reason": r.reason },
      el("td", { class: "num", text: `#${r.index}` }),
      el("td", {}, r.orderId == null ? el("span", { class: "sub", text: "(none)" }) : el("code", { text: r.orderId })),
      el("td", { text: r.reason })))
      : el("tr", {}, el("td", { colspan: "3", class: "empty", text: "No rejected orders." }))),
  );
  const excluded = Object.entries(report.orders.excluded).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  $("excluded-table").replaceChildren(
    el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "Status" }), el("th", { scope: "col", class: "num", text: "Orders" }))),
    el("tbody", {}, excluded.length ? excluded.map(([status, n]) => el("tr", { "data-status": status },
      el("td", { text: status }), el("td", { class: "num", text: formatCount(n) })))
      : el("tr", {}, el("td", { colspan: "2", class: "empty", text: "No order was excluded." }))),
  );
}
