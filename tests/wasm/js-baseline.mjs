// js-baseline.mjs — the benchmark's plain-JavaScript baseline: the whole SPEC §3–§5 report
// (segmentation, profiles, geography, monthly, retention, RFM top guests, data quality) written
// the way one would without guesttrack — JSON.parse'd objects, Maps and arrays. It is the job
// `gt.report` does, so the bench compares like with like; bench.mjs checks its headline figures
// against guesttrack's. Money is summed in kobo (integers); it is a baseline, not the product.

// White space in texts: Unicode's White_Space set, as guesttrack counts it.
const SPACE = "[ \\t\\n\\v\\f\\r\\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
const WS = new RegExp(`^${SPACE}+|${SPACE}+$`, "g");
const SPACE_RUNS = new RegExp(`${SPACE}+`, "g");
const EXCLUDED = new Set(["cancelled", "canceled", "refunded", "failed"]);
const DAY = 86400000;

const trim = (s) => s.replace(WS, "");
const idOf = (v) =>
  typeof v === "string" && v !== "" ? v : v && typeof v === "object" && typeof v.$oid === "string" && v.$oid !== "" ? v.$oid : null;

function kobo(v) {
  let text;
  if (typeof v === "number") text = String(v);
  else if (typeof v === "string") text = trim(v).replace(/^(₦|NGN)/, "").replace(WS, "").replaceAll(",", "");
  else if (v && typeof v === "object") text = v.$numberDecimal ?? v.$numberInt ?? v.$numberLong ?? v.$numberDouble;
  if (v === null || v === undefined) return { missing: true };
  if (typeof text !== "string" || !/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return { bad: true };
  const n = Number(text);
  if (n < 0) return { negative: true };
  return { kobo: Math.round(n * 100) };
}

function ms(v) {
  if (v === null || v === undefined) return { missing: true };
  if (typeof v === "number") return Number.isInteger(v) ? { ms: v } : { bad: true };
  if (typeof v === "string") {
    const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i.exec(v);
    if (!m) return { bad: true };
    const t = Date.parse(m[2] ? `${m[1]}T${m[2].replace(",", ".")}${m[3] ?? "Z"}` : `${m[1]}T00:00:00Z`);
    return Number.isNaN(t) ? { bad: true } : { ms: t };
  }
  if (typeof v === "object") {
    const d = v.$date ?? v.$numberLong;
    if (d && typeof d === "object") return ms(Number(d.$numberLong));
    return typeof d === "string" && "$numberLong" in v ? ms(Number(d)) : ms(d);
  }
  return { bad: true };
}

// Title Case: a letter after a letter, digit or mark stays lower case, any other is upper case.
const title = (s) =>
  typeof s === "string"
    ? trim(s).replace(SPACE_RUNS, " ").toLowerCase().replace(/(^|[^\p{L}\p{M}\p{N}])(\p{Ll})/gu, (_, a, b) => a + b.toUpperCase())
    : "";
function state(s) {
  let t = title(s);
  if (t.length > 6 && t.endsWith(" State")) t = t.slice(0, -6);
  return /^(fct|abuja|abuja fct|federal capital territory)$/i.test(t) ? "FCT" : t;
}
// Smallest and largest of a list (a loop: spreading a million numbers into Math.min overflows
// the stack).
function minMax(xs) {
  let lo = Infinity, hi = -Infinity;
  for (const x of xs) {
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  return [lo, hi];
}

function phone(s) {
  if (typeof s !== "string") return "";
  const c = s.replace(/[ \t\n\v\f\r\-.()]/g, "");
  if (/^0\d{10}$/.test(c)) return "+234" + c.slice(1);
  if (/^234\d{10}$/.test(c)) return "+" + c;
  return c;
}
const plain = (s) => (typeof s === "string" ? trim(s) : "");
const validEmail = (e) => e.length <= 254 && /^[^@\s]+@[^@\s]*\.[^@\s]*$/.test(e) && !/\s/.test(e);
const monthOf = (t, tz) => {
  const d = new Date(t + tz * 60000);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
};
const monthText = (m) => `${String(Math.floor(m / 12)).padStart(4, "0")}-${String((m % 12) + 1).padStart(2, "0")}`;
const roundDiv = (a, b) => Math.floor((2 * a + b) / (2 * b));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : roundDiv(s[n / 2 - 1] + s[n / 2], 2);
};
const naira = (k) => k / 100;

/** The report over an iterable of parsed order documents. */
export function jsReport(records, { top = 10, tzOffsetMinutes = 0 } = {}) {
  const held = new Map();
  let index = 0, arrival = 0, duplicates = 0;
  const rejected = [];
  for (const o of records) {
    const at = index++;
    if (o === null || typeof o !== "object" || Array.isArray(o)) { rejected.push({ index: at, orderId: null, reason: "not an object" }); continue; }
    const id = idOf(o._id) ?? idOf(o.id);
    const total = kobo(o.total), created = ms(o.createdAt);
    const buyer = typeof o.buyerId === "number" ? String(o.buyerId) : idOf(o.buyerId) !== null ? trim(idOf(o.buyerId)) : "";
    const rawEmail = typeof o.email === "string" ? o.email : null;
    const email = rawEmail === null ? "" : trim(rawEmail).toLowerCase();
    const ok = rawEmail !== null && validEmail(email);
    const reason = !id ? "missing id" : total.missing ? "missing total" : total.bad ? "non-numeric total" : total.negative ? "negative total"
      : created.missing ? "missing createdAt" : created.bad ? "invalid createdAt" : !buyer && !ok ? "guest order without valid email" : null;
    if (reason) { rejected.push({ index: at, orderId: id, reason }); continue; }
    const updated = ms(o.updatedAt);
    const version = updated.ms ?? created.ms;
    const prev = held.get(id);
    const seq = arrival++;
    if (prev) { duplicates++; if (version < prev.version) continue; }
    const rawState = typeof o.state === "string" ? o.state : "";
    const st = state(rawState);
    held.set(id, {
      id, version, arrival: seq, created: created.ms, total: total.kobo, guest: !buyer,
      customer: ok ? email : `buyer:${buyer}`, status: typeof o.status === "string" ? trim(o.status).toLowerCase() : null,
      emailChanged: ok && email !== rawEmail, stateChanged: st !== "" && st !== rawState,
      contact: {
        phone: phone(o.phone), fullName: title(o.fullName) || title(o.name) || [title(o.firstName), title(o.lastName)].filter(Boolean).join(" "),
        firstName: title(o.firstName), lastName: title(o.lastName), address: plain(o.address), busStop: plain(o.busStop),
        city: title(o.city), state: st, zipCode: plain(o.zipCode), country: plain(o.country),
      },
    });
  }
  const excluded = {};
  const counted = [];
  for (const o of held.values()) {
    if (o.status !== null && EXCLUDED.has(o.status)) excluded[o.status] = (excluded[o.status] ?? 0) + 1;
    else counted.push(o);
  }
  counted.sort((a, b) => a.created - b.created || a.arrival - b.arrival);
  const customers = new Map();
  for (const o of counted) {
    let c = customers.get(o.customer);
    if (!c) customers.set(o.customer, (c = { key: o.customer, orders: [] }));
    c.orders.push(o);
  }
  const r = { customers: { total: 0, registered: 0, guest: 0, converted: 0 } };
  let gOrders = 0, gRev = 0, rOrders = 0, rRev = 0;
  for (const o of counted) if (o.guest) { gOrders++; gRev += o.total; } else { rOrders++; rRev += o.total; }
  const months = counted.map((o) => monthOf(o.created, tzOffsetMinutes));
  const [first, last] = minMax(months);
  const monthly = counted.length ? Array.from({ length: last - first + 1 }, (_, i) => ({ month: monthText(first + i), newGuests: 0, guestOrders: 0, guestRevenue: 0, registeredOrders: 0, registeredRevenue: 0 })) : [];
  counted.forEach((o, i) => {
    const row = monthly[months[i] - first];
    if (o.guest) { row.guestOrders++; row.guestRevenue += o.total; } else { row.registeredOrders++; row.registeredRevenue += o.total; }
  });
  const guests = [], days = [];
  for (const c of customers.values()) {
    const reg = c.orders.find((o) => !o.guest);
    if (reg) {
      r.customers.registered++;
      if (c.orders[0].guest) { r.customers.converted++; days.push(reg.created - c.orders[0].created); }
      continue;
    }
    r.customers.guest++;
    const p = { email: c.key };
    for (const f of ["phone", "fullName", "firstName", "lastName", "address", "busStop", "city", "state", "zipCode", "country"]) {
      p[f] = c.orders.findLast((o) => o.contact[f] !== "")?.contact[f] ?? null;
    }
    p.country ??= "Nigeria";
    p.totalOrders = c.orders.length;
    p.totalSpent = c.orders.reduce((s, o) => s + o.total, 0);
    p.averageOrderValue = roundDiv(p.totalSpent, p.totalOrders);
    p.firstPurchaseDate = c.orders[0].created;
    p.lastPurchaseDate = c.orders.at(-1).created;
    p.orderIds = c.orders.map((o) => o.id);
    guests.push(p);
    monthly[monthOf(p.firstPurchaseDate, tzOffsetMinutes) - first].newGuests++;
  }
  r.customers.total = r.customers.registered + r.customers.guest;
  const asOf = counted.length ? minMax(counted.map((o) => o.created))[1] : null;
  const byState = new Map(), byCity = new Map(), cohorts = new Map();
  for (const g of guests) {
    const s = g.state ?? "Unknown", c = g.city ?? "Unknown";
    const sr = byState.get(s) ?? byState.set(s, { state: s, guests: 0, revenue: 0 }).get(s);
    sr.guests++; sr.revenue += g.totalSpent;
    const ck = `${c}\u0000${s}`;
    const cr = byCity.get(ck) ?? byCity.set(ck, { city: c, state: s, guests: 0, revenue: 0 }).get(ck);
    cr.guests++; cr.revenue += g.totalSpent;
    const m0 = monthOf(g.firstPurchaseDate, tzOffsetMinutes);
    const co = cohorts.get(m0) ?? cohorts.set(m0, { cohort: monthText(m0), month: m0, size: 0, returned: new Array(last - m0 + 1).fill(0) }).get(m0);
    co.size++;
    for (const k of new Set(customers.get(g.email).orders.map((o) => monthOf(o.created, tzOffsetMinutes) - m0))) co.returned[k]++;
  }
  const byRank = (a, b) => b.guests - a.guests || b.revenue - a.revenue;
  const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  const n = guests.length;
  const rec = guests.map((g) => asOf - g.lastPurchaseDate).sort((a, b) => a - b);
  const freq = guests.map((g) => g.totalOrders).sort((a, b) => a - b);
  const mon = guests.map((g) => g.totalSpent).sort((a, b) => a - b);
  const below = (xs, v) => { let lo = 0, hi = xs.length; while (lo < hi) { const m = (lo + hi) >> 1; if (xs[m] < v) lo = m + 1; else hi = m; } return lo; };
  const score = (k) => 1 + Math.floor((5 * k) / n);
  const segment = (R, F) => (R >= 4 && F >= 4 ? "champions" : R >= 4 && F <= 2 ? "promising" : R >= 3 && F >= 3 ? "loyal" : R === 3 ? "needs attention" : F >= 3 ? "at risk" : "hibernating");
  const topGuests = [...guests]
    .sort((a, b) => b.totalSpent - a.totalSpent || b.totalOrders - a.totalOrders || b.lastPurchaseDate - a.lastPurchaseDate || cmp(a.email, b.email))
    .slice(0, top)
    .map((g) => {
      const R = score(n - below(rec, asOf - g.lastPurchaseDate + 1)), F = score(below(freq, g.totalOrders)), M = score(below(mon, g.totalSpent));
      return { ...g, totalSpent: naira(g.totalSpent), averageOrderValue: naira(g.averageOrderValue), rfm: `${R}${F}${M}`, segment: segment(R, F) };
    });
  const repeat = guests.filter((g) => g.totalOrders >= 2).length;
  return {
    schema: "guesttrack.report/1",
    customers: r.customers,
    orders: { counted: counted.length, guest: gOrders, registered: rOrders, new: customers.size, returning: counted.length - customers.size, excluded, duplicates, rejected: rejected.length },
    revenue: { guest: naira(gRev), registered: naira(rRev), total: naira(gRev + rRev), guestShare: gRev + rRev ? gRev / (gRev + rRev) : null },
    averageOrderValue: { guest: gOrders ? naira(roundDiv(gRev, gOrders)) : null, registered: rOrders ? naira(roundDiv(rRev, rOrders)) : null, all: counted.length ? naira(roundDiv(gRev + rRev, counted.length)) : null },
    guests: { repeat, repeatRate: n ? repeat / n : null, lifetimeValue: { mean: n ? naira(roundDiv(mon.reduce((a, b) => a + b, 0), n)) : null, median: n ? naira(median(mon)) : null } },
    conversion: { converted: r.customers.converted, rate: r.customers.guest + r.customers.converted ? r.customers.converted / (r.customers.guest + r.customers.converted) : null, medianDaysToConvert: days.length ? (() => { const s = days.sort((a, b) => a - b), k = s.length; return (k % 2 ? s[(k - 1) / 2] : (s[k / 2 - 1] + s[k / 2]) / 2) / DAY; })() : null },
    geography: {
      byState: [...byState.values()].sort((a, b) => byRank(a, b) || cmp(a.state, b.state)).map((x) => ({ ...x, revenue: naira(x.revenue) })),
      byCity: [...byCity.values()].sort((a, b) => byRank(a, b) || cmp(a.city, b.city) || cmp(a.state, b.state)).map((x) => ({ ...x, revenue: naira(x.revenue) })),
    },
    monthly: monthly.map((m) => ({ ...m, guestRevenue: naira(m.guestRevenue), registeredRevenue: naira(m.registeredRevenue) })),
    retention: [...cohorts.values()].sort((a, b) => a.month - b.month).map(({ cohort, size, returned }) => ({ cohort, size, returned })),
    topGuests,
    dataQuality: { rejected: rejected.slice(0, 100), emailsNormalised: counted.filter((o) => o.emailChanged).length, statesNormalised: counted.filter((o) => o.stateChanged).length },
    asOf,
  };
}
