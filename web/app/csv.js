// csv.js — guest profiles as CSV exactly as `guesttrack guests --format csv` writes them (the core's
// profiles_to_csv, core/src/profile_export.cpp): the same header and columns, RFC 4180 quoting,
// CRLF rows, money with exactly two decimals as the core printed it, orderIds joined by spaces,
// and a cell a spreadsheet would run as a formula quoted with a leading '. Shared by the server
// (GET /api/guest-customers.csv) and the dashboard's worker, so all three give the same bytes.

export const CSV_HEADER =
  "email,phone,fullName,firstName,lastName,address,busStop,city,state,zipCode,country," +
  "totalOrders,totalSpent,averageOrderValue,firstPurchaseDate,lastPurchaseDate,orderIds\r\n";

const CONTACT = ["phone", "fullName", "firstName", "lastName", "address", "busStop", "city", "state", "zipCode", "country"];

// A sign and then digits only, with spaces and at most one decimal point ("+234 803 123 4567").
const SIGNED_NUMBER = /^[+-][0-9 ]*(\.[0-9 ]*)?$/;

/** One cell as the core writes it. */
export function csvCell(v) {
  const formula = v.length > 0 && (v[0] === "=" || v[0] === "@" || v[0] === "\t" || v[0] === "\r" ||
    ((v[0] === "+" || v[0] === "-") && !(SIGNED_NUMBER.test(v) && /[0-9]/.test(v))));
  const quote = formula || /[,"\r\n]/.test(v) || (v.length > 0 && (v[0] === " " || v[v.length - 1] === " "));
  if (!quote) return v;
  return `"${formula ? "'" : ""}${v.replaceAll('"', '""')}"`;
}

/**
 * A profile's row (CRLF included). `profile` as the core gives it (a parsed SPEC §4 profile);
 * `money` = {totalSpent, averageOrderValue} as the core wrote them (text: "1234.50"), since a
 * JavaScript number may have lost the kobo or the trailing zero.
 */
export function csvRow(profile, money) {
  let row = csvCell(profile.email);
  for (const f of CONTACT) row += `,${profile[f] === null || profile[f] === undefined ? "" : csvCell(profile[f])}`;
  row += `,${profile.totalOrders},${money.totalSpent},${money.averageOrderValue},${profile.firstPurchaseDate}` +
    `,${profile.lastPurchaseDate},${csvCell(profile.orderIds.join(" "))}\r\n`;
  return row;
}

/**
 * The money members of a profile JSON text the core wrote, as written. In the core's JSON every
 * '"' inside a string is escaped, so `,"totalSpent":` can only be the member.
 */
export function moneyOf(profileText) {
  const get = (key) => new RegExp(`[{,]"${key}":(-?[0-9.]+)`).exec(profileText)[1];
  return { totalSpent: get("totalSpent"), averageOrderValue: get("averageOrderValue") };
}

/** The elements of a JSON array of objects the core wrote (`guestsJSON()`), each as its own text. */
export function splitProfiles(text) {
  const out = [];
  let depth = 0;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {  // a string: skip to its closing quote
      for (i++; text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++;
    } else if (c === 123 || c === 91) {
      if (depth === 1) start = i;
      depth++;
    } else if (c === 125 || c === 93) {
      depth--;
      if (depth === 1) out.push(text.slice(start, i + 1));
    }
  }
  return out;
}

/** The CSV of profiles given as the core's JSON texts (one per profile), in their order. */
export function profilesCsv(texts) {
  let out = CSV_HEADER;
  for (const text of texts) out += csvRow(JSON.parse(text), moneyOf(text));
  return out;
}
