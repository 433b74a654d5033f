// guests.js — the Guests view: the guest-customer table (sortable by every column, searchable,
// paged, CSV export) and the profile dialog with the guest's orders. Pages come from the worker,
// so 100,000 orders' worth of guests never sit in the page.
import { el, formatCount, formatDate, formatDateTime, formatMoney, guestName } from "./format.js";

const PAGE = 50;
// Each column's default direction when first sorted by it.
const FIRST_ORDER = { name: "asc", email: "asc", phone: "asc", orders: "desc", spent: "desc", recent: "desc" };
const $ = (id) => document.getElementById(id);

export class GuestsView {
  constructor({ ask, showMessage }) {
    this.ask = ask;
    this.showMessage = showMessage;
    this.query = { sort: "spent", order: "desc", search: "", offset: 0 };
    this.total = 0;
    this.serial = 0;
    for (const th of document.querySelectorAll("#guest-table th[data-sort]")) {
      th.querySelector("button").addEventListener("click", () => this.sortBy(th.dataset.sort));
    }
    let timer = 0;
    $("guest-search").addEventListener("input", (e) => {
      clearTimeout(timer);
      timer = setTimeout(() => this.update({ search: e.target.value.trim(), offset: 0 }), 150);
    });
    $("prev-page").addEventListener("click", () => this.update({ offset: Math.max(0, this.query.offset - PAGE) }));
    $("next-page").addEventListener("click", () => this.update({ offset: this.query.offset + PAGE }));
    $("export-csv").addEventListener("click", () => this.exportCsv());
    $("profile-close").addEventListener("click", () => $("profile").close());
    $("profile").addEventListener("close", () => this.lastRow?.focus());
    const rows = $("guest-rows");
    rows.addEventListener("click", (e) => this.open(e.target.closest("tr")));
    rows.addEventListener("keydown", (e) => {
      const tr = e.target.closest("tr");
      if (!tr) return;
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        this.open(tr);
      } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        (e.key === "ArrowDown" ? tr.nextElementSibling : tr.previousElementSibling)?.focus();
      }
    });
  }

  /** A new data set: back to the first page, sorted by total spent; `page` is that page. */
  reset(page) {
    this.query = { sort: "spent", order: "desc", search: "", offset: 0 };
    $("guest-search").value = "";
    this.render(page);
  }

  sortBy(key) {
    const order = this.query.sort === key ? (this.query.order === "asc" ? "desc" : "asc") : FIRST_ORDER[key];
    this.update({ sort: key, order, offset: 0 });
  }

  async update(change) {
    Object.assign(this.query, change);
    const serial = ++this.serial;
    const page = await this.ask("guests", { ...this.query, limit: PAGE });
    if (serial === this.serial) this.render(page); // a later request's answer wins
  }

  render({ total, items }) {
    this.total = total;
    const { sort, order, offset, search } = this.query;
    for (const th of document.querySelectorAll("#guest-table th[data-sort]")) {
      if (th.dataset.sort === sort) th.setAttribute("aria-sort", order === "asc" ? "ascending" : "descending");
      else th.removeAttribute("aria-sort");
    }
    $("guest-rows").replaceChildren(...items.map((g) => el("tr", { tabindex: "0", "data-email": g.email, "aria-label": `${guestName(g) || g.email}: open profile` },
      el("td", { text: guestName(g) || "—" }),
      el("td", { text: g.email }),
      el("td", { text: g.phone ?? "—" }),
      el("td", { class: "num", text: formatCount(g.totalOrders) }),
      el("td", { class: "num", text: formatMoney(g.totalSpent) }),
      el("td", { class: "num", text: formatDate(g.lastPurchaseDate) }),
    )));
    if (items.length === 0) {
      $("guest-rows").replaceChildren(el("tr", {}, el("td", { colspan: "6", class: "empty", text: search ? `No guest matches “${search}”.` : "No guest customers." })));
    }
    $("guest-count").textContent = search
      ? `${formatCount(total)} ${total === 1 ? "guest matches" : "guests match"} “${search}”`
      : `${formatCount(total)} guest customers`;
    $("page-info").textContent = total ? `${formatCount(offset + 1)}–${formatCount(offset + items.length)} of ${formatCount(total)}` : "";
    $("prev-page").disabled = offset === 0;
    $("next-page").disabled = offset + PAGE >= total;
  }

  async exportCsv() {
    const { sort, order, search } = this.query;
    const text = await this.ask("csv", { sort, order, search });
    const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
    const a = el("a", { href: url, download: search ? `guests-${search.replace(/[^\w.-]+/g, "_")}.csv` : "guests.csv" });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  async open(tr) {
    const email = tr?.dataset.email;
    if (!email) return;
    this.lastRow = tr;
    const g = await this.ask("profile", { email });
    if (!g) return;
    $("profile-title").textContent = guestName(g) || g.email;
    const field = (label, value) => el("div", {}, el("dt", { text: label }), el("dd", { text: value ?? "—" }));
    const address = [g.address, g.busStop && `near ${g.busStop}`, g.city, g.state, g.zipCode, g.country].filter(Boolean).join(", ");
    const orders = el("ol", { class: "order-ids", id: "profile-orders" }, g.orderIds.map((id) => el("li", {}, el("code", { text: id }))));
    $("profile-body").replaceChildren(
      el("dl", { class: "profile" },
        field("Email", g.email), field("Phone", g.phone), field("Address", address),
        field("Orders", formatCount(g.totalOrders)), field("Total spent", formatMoney(g.totalSpent)),
        field("Average order value", formatMoney(g.averageOrderValue)),
        field("First order", formatDateTime(g.firstPurchaseDate)), field("Last order", formatDateTime(g.lastPurchaseDate))),
      el("h3", { text: `Order history (${g.orderIds.length}, oldest first)` }),
      orders,
    );
    $("profile").showModal();
    this.addOrderDetails(g);
  }

  /**
   * When the orders came from the server, its profile endpoint (`GET /api/guest-customers/:email`,
   * `{ guestCustomer, orders: [raw documents] }`) adds each order's date, total and status.
   */
  async addOrderDetails(g) {
    const t = sessionStorage.getItem("guesttrack.token");
    if (!t || window.guesttrack?.source !== "server") return;
    let body;
    try {
      const r = await fetch(`/api/guest-customers/${encodeURIComponent(g.email)}`, { headers: { Authorization: `Bearer ${t}` } });
      if (!r.ok) return;
      body = await r.json();
    } catch {
      return; // the ids are shown already
    }
    const list = [body?.orders, body?.guestCustomer?.orders, body?.profile?.orders, body?.data?.orders].find(Array.isArray);
    if (!list?.length || !$("profile").open) return;
    const raws = list.map((o) => o.raw ?? o.document ?? o);
    const figures = await this.ask("orderFigures", { orders: raws });
    const byId = new Map(figures.filter(Boolean).map((f) => [f.orderId, f]));
    if (!$("profile").open) return;
    const table = el("table", { class: "orders", id: "profile-orders" },
      el("thead", {}, el("tr", {}, ["Order", "Date", "Total", "Status"].map((h) => el("th", { scope: "col", class: h === "Total" ? "num" : null, text: h })))),
      el("tbody", {}, g.orderIds.map((id) => {
        const o = byId.get(id) ?? {};
        return el("tr", {}, el("td", {}, el("code", { text: id })), el("td", { text: formatDate(o.createdAt) }),
          el("td", { class: "num", text: o.total == null ? "—" : formatMoney(o.total) }),
          el("td", { text: o.status ?? "—" }));
      })));
    $("profile-orders")?.replaceWith(el("div", { class: "table-wrap" }, table));
  }
}
