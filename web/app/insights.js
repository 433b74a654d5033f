// insights.js — the Insights view: monthly trend charts (Chart.js, vendored into vendor/chart.js by
// `make build`), geography by state and city, the cohort retention heat-map, RFM segment counts and
// the top guests to convert (with "copy emails").
import { el, formatCount, formatMoney, formatMonth, formatPercent, guestName } from "./format.js";

const $ = (id) => document.getElementById(id);
const COLORS = { guest: "#c2410c", registered: "#1d4ed8", bars: "#0f766e" };
const SEGMENTS = ["champions", "loyal", "promising", "needs attention", "at risk", "hibernating"];
const SEGMENT_COLORS = ["#15803d", "#0f766e", "#2563eb", "#ca8a04", "#c2410c", "#6b7280"];
const charts = {};
let topEmails = [];

function chart(id, config) {
  charts[id]?.destroy();
  if (typeof window.Chart !== "function") return; // vendor/chart.js missing: the tables still show
  charts[id] = new window.Chart($(id), {
    ...config,
    options: { responsive: true, maintainAspectRatio: false, animation: false, ...config.options },
  });
}

const moneyTick = (v) => (Math.abs(v) >= 1e6 ? `₦${(v / 1e6).toFixed(1)}M` : Math.abs(v) >= 1e3 ? `₦${(v / 1e3).toFixed(0)}k` : `₦${v}`);

function table(id, head, rows, numeric = []) {
  $(id).replaceChildren(
    el("thead", {}, el("tr", {}, head.map((h, i) => el("th", { scope: "col", class: numeric.includes(i) ? "num" : null, text: h })))),
    el("tbody", {}, rows.length ? rows.map((r) => el("tr", {}, r.map((c, i) => (c instanceof Node ? el("td", {}, c)
      : el("td", { class: numeric.includes(i) ? "num" : null, text: c }))))) : el("tr", {}, el("td", { colspan: String(head.length), class: "empty", text: "Nothing yet." }))),
  );
}

function bar(value, max, label) {
  const pct = max > 0 ? Math.max(2, (value / max) * 100) : 0;
  return el("span", { class: "bar-cell" }, el("span", { class: "bar", style: `width:${pct}%` }), el("span", { text: label }));
}

export function renderInsights(report) {
  const months = report.monthly.map((m) => formatMonth(m.month));
  chart("chart-new-guests", {
    type: "bar",
    data: { labels: months, datasets: [{ label: "New guests", data: report.monthly.map((m) => m.newGuests), backgroundColor: COLORS.bars }] },
    options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });
  chart("chart-revenue", {
    type: "line",
    data: {
      labels: months,
      datasets: [
        { label: "Guest revenue", data: report.monthly.map((m) => m.guestRevenue), borderColor: COLORS.guest, backgroundColor: COLORS.guest, tension: 0.2 },
        { label: "Registered revenue", data: report.monthly.map((m) => m.registeredRevenue), borderColor: COLORS.registered, backgroundColor: COLORS.registered, borderDash: [6, 4], tension: 0.2 },
      ],
    },
    options: {
      interaction: { mode: "index", intersect: false },
      scales: { y: { beginAtZero: true, ticks: { callback: moneyTick } } },
      plugins: { tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${formatMoney(c.parsed.y)}` } } },
    },
  });
  table("monthly-table", ["Month", "New guests", "Guest orders", "Guest revenue", "Registered orders", "Registered revenue"],
    report.monthly.map((m) => [formatMonth(m.month), formatCount(m.newGuests), formatCount(m.guestOrders), formatMoney(m.guestRevenue),
      formatCount(m.registeredOrders), formatMoney(m.registeredRevenue)]), [1, 2, 3, 4, 5]);

  const states = report.geography.byState.slice(0, 12);
  const maxState = Math.max(0, ...states.map((s) => s.guests));
  table("state-table", ["State", "Guests", "Revenue"],
    states.map((s) => [s.state, bar(s.guests, maxState, formatCount(s.guests)), formatMoney(s.revenue)]), [2]);
  const cities = report.geography.byCity.slice(0, 12);
  const maxCity = Math.max(0, ...cities.map((c) => c.guests));
  table("city-table", ["City", "State", "Guests", "Revenue"],
    cities.map((c) => [c.city, c.state, bar(c.guests, maxCity, formatCount(c.guests)), formatMoney(c.revenue)]), [3]);

  renderRetention(report.retention);

  const top = report.topGuests.slice(0, 10);
  topEmails = top.map((g) => g.email);
  table("top-table", ["Guest", "Orders", "Total spent", "Segment"],
    top.map((g) => [el("span", {}, el("strong", { text: guestName(g) || "—" }), el("br"), el("span", { class: "sub", text: g.email })),
      formatCount(g.totalOrders), formatMoney(g.totalSpent), g.segment]), [1, 2]);
  $("copy-emails").disabled = topEmails.length === 0;
}

function renderRetention(retention) {
  const width = Math.max(0, ...retention.map((c) => c.returned.length));
  const head = el("tr", {}, el("th", { scope: "col", text: "Cohort" }), el("th", { scope: "col", class: "num", text: "Guests" }),
    Array.from({ length: width }, (_, k) => el("th", { scope: "col", class: "num", text: k === 0 ? "M0" : `+${k}` })));
  const rows = retention.map((c) => el("tr", {},
    el("th", { scope: "row", text: formatMonth(c.cohort) }),
    el("td", { class: "num", text: formatCount(c.size) }),
    c.returned.map((n, k) => {
      const share = c.size ? n / c.size : 0;
      // k = 0 is the cohort itself (100%); later months are shaded by share (darker = more returned)
      const shade = k === 0 ? 0.15 : Math.min(1, share * 4);
      return el("td", {
        class: n === 0 && k > 0 ? "num heat-cell zero" : "num heat-cell",
        // Text at 4.5:1 or more: white from 0.9 opacity of the teal (4.5:1), black below (4.7:1 at 0.89).
        style: `background: rgba(15,118,110,${shade.toFixed(3)}); color: ${shade >= 0.9 ? "#fff" : shade > 0.5 ? "#000" : "inherit"}`,
        title: `${formatMonth(c.cohort)} cohort, month +${k}: ${n} of ${c.size}`,
        text: k === 0 ? "100%" : formatPercent(share),
      });
    })));
  $("retention-table").replaceChildren(el("thead", {}, head), el("tbody", {}, rows));
  if (!retention.length) $("retention-table").replaceChildren(el("tbody", {}, el("tr", {}, el("td", { class: "empty", text: "Nothing yet." }))));
}

/** The RFM segment counts over every guest (null: still computing). */
export function renderSegments(counts) {
  if (!counts) {
    table("segment-table", ["Segment", "Guests"], [["Computing…", ""]], [1]);
    return;
  }
  chart("chart-segments", {
    type: "bar",
    data: { labels: SEGMENTS, datasets: [{ label: "Guests", data: SEGMENTS.map((s) => counts[s] ?? 0), backgroundColor: SEGMENT_COLORS }] },
    options: { indexAxis: "y", plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } },
  });
  const rows = SEGMENTS.map((s) => [s, formatCount(counts[s] ?? 0)]);
  table("segment-table", ["Segment", "Guests"], rows, [1]);
  $("segment-table").querySelectorAll("tbody tr").forEach((tr, i) => tr.setAttribute("data-segment", SEGMENTS[i]));
}

$("copy-emails").addEventListener("click", async () => {
  const text = topEmails.join(", ");
  const button = $("copy-emails");
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // No clipboard permission: select the text for the viewer to copy.
    const area = el("textarea", { readonly: true, "aria-label": "Emails to copy", class: "copy-area" });
    area.value = text;
    button.after(area);
    area.select();
  }
  button.textContent = `Copied ${topEmails.length} emails`;
  button.dataset.copied = text;
  setTimeout(() => (button.textContent = "Copy emails"), 2500);
});
