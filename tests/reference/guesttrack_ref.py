#!/usr/bin/env python3
"""guesttrack_ref.py — an independent reference implementation of /work/shared/SPEC.md (v1).

Standard library only. Written from the SPEC text (plus the conventions the SPEC leaves open,
listed below), without looking at the C++ core, so the two can be checked against each other on
generated data (see compare.py) and on hand-written edge cases (see edge_cases.py).

usage:
  python3 guesttrack_ref.py report [--top N] [--tz-offset MIN] [--as-of ISO]
                                   [--exclude-status a,b] FILE
  python3 guesttrack_ref.py guests FILE

Conventions where the SPEC is silent (taken from the project's header comments):
- Title Case: after trimming and collapsing white space, a letter that follows a letter, digit
  or mark (Unicode categories L, M, N) is lower case, any other letter upper case; case by
  Unicode's one-to-one mappings (Python's where they give one character).
- State: Title Case, drop a trailing " State" (when something precedes it), then FCT / Abuja /
  Abuja FCT / Federal Capital Territory (any case) -> "FCT".
- White space in texts is Unicode's White_Space set (ASCII space, \\t, \\n, \\v, \\f, \\r, U+0085,
  U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000); emails and statuses
  are lowercased by the same mappings. Document layout is ASCII white space only.
- Money is integer kobo, parsed from the decimal text, rounded half away from zero.
- Means and medians of money are rounded half up to the kobo.
- Numeric strings: trim, optional "₦" or "NGN" then white space, every comma ignored, then
  [+-](digits[.[digits]] | .digits)[e[+-]digits]. Above 10^15 naira once rounded to the kobo is
  non-numeric.
- Dates: YYYY-MM-DD[(T|t| )hh:mm[:ss[(.|,)fff…]][Z|z|±hh:mm|±hhmm|±hh]], years 0001–9999;
  epoch ms as a JSON number (exactly from its text, floored to the ms); {"$date": ISO | number |
  wrapper}; a wrapper ({"$numberLong"|"$numberInt": integer text}, {"$numberDouble"|
  "$numberDecimal": number text}).
- Ids: `_id`, else `id` (a non-empty string or {"$oid": non-empty string}). buyerId: a string
  non-empty after trimming, such an {"$oid"} or number wrapper, or a JSON number (its text).
- Of repeated keys in one object the last counts; a lone UTF-16 surrogate escape reads as
  U+FFFD; a leading UTF-8 byte order mark is skipped (all as the C++ parser does). A document
  whose first line holds a whole object with more lines after it is NDJSON.
"""

import bisect
import json
import re
import sys
import unicodedata
from decimal import Decimal, localcontext, ROUND_FLOOR, ROUND_HALF_UP, InvalidOperation

# ----------------------------------------------------------------------------------------------
# Constants

JSON_WS = " \t\n\v\f\r"     # document layout (as the C++ splitter skips it)
# Text rules (trim, collapse, email, phone): Unicode's White_Space characters.
WS = JSON_WS + "\x85\xa0\u1680" + "".join(chr(c) for c in range(0x2000, 0x200B)) + \
    "\u2028\u2029\u202f\u205f\u3000"
DEFAULT_EXCLUDED = ["cancelled", "canceled", "refunded", "failed"]
MAX_ORDER_KOBO = 10 ** 17          # 10^15 naira
MIN_EPOCH_MS = -62135596800000     # 0001-01-01T00:00:00.000Z
MAX_EPOCH_MS = 253402300799999     # 9999-12-31T23:59:59.999Z
MS_PER_DAY = 86400000
MAX_LISTED_REJECTIONS = 100
SCHEMA = "guesttrack.report/1"

R_NOT_OBJECT = "not an object"
R_MISSING_ID = "missing id"
R_MISSING_TOTAL = "missing total"
R_NON_NUMERIC_TOTAL = "non-numeric total"
R_NEGATIVE_TOTAL = "negative total"
R_MISSING_CREATED = "missing createdAt"
R_INVALID_CREATED = "invalid createdAt"
R_GUEST_EMAIL = "guest order without valid email"

CONTACT_FIELDS = ["phone", "fullName", "firstName", "lastName", "address", "busStop", "city",
                  "state", "zipCode", "country"]

_ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}
_ASCII_UPPER = {c: c - 32 for c in range(ord("a"), ord("z") + 1)}


class InputError(Exception):
    pass


# ----------------------------------------------------------------------------------------------
# JSON numbers keep their text


class JNum:
    """A JSON number as written: `text`, and whether it is an integer literal."""
    __slots__ = ("text", "is_int")

    def __init__(self, text, is_int):
        self.text = text
        self.is_int = is_int

    def __repr__(self):
        return "JNum(%r)" % self.text


def _reject_constant(name):
    raise ValueError("not JSON: " + name)


def _no_lone_surrogates(value):
    """Strings with each lone UTF-16 surrogate (JSON allows "\\ud83d") as U+FFFD."""
    if isinstance(value, str):
        return _SURROGATE_RE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_no_lone_surrogates(v) for v in value]
    if isinstance(value, dict):
        return {_no_lone_surrogates(k): _no_lone_surrogates(v) for k, v in value.items()}
    return value


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def _loads(text):
    # Of repeated keys the last counts (json's default, as the C++ parser reads them).
    value = json.loads(text, parse_int=lambda s: JNum(s, True),
                       parse_float=lambda s: JNum(s, False), parse_constant=_reject_constant)
    return _no_lone_surrogates(value)


# ----------------------------------------------------------------------------------------------
# §1 Input: documents, shapes, records


def read_records(text):
    """The records of a document (array, {orders|data: [...]}, or NDJSON), in order."""
    stripped = text.strip(JSON_WS)
    if stripped == "":
        raise InputError("empty input")
    if stripped.startswith("["):
        try:
            return _loads(text)
        except ValueError as e:
            raise InputError("invalid JSON array: %s" % e)
    try:
        value = _loads(text)
    except ValueError:
        pass  # more than one value: NDJSON
    else:
        if isinstance(value, dict):
            wrapped = _wrapped_orders(value)
            return wrapped if wrapped is not None else [value]  # one-line NDJSON
        raise InputError("not orders")
    records = []
    for lineno, line in enumerate(text.split("\n"), 1):
        if line.strip(JSON_WS) == "":
            continue
        try:
            value = _loads(line)
        except ValueError as e:
            raise InputError("invalid JSON on line %d: %s" % (lineno, e))
        records.append(value)
    return records


def _wrapped_orders(obj):
    for key in ("orders", "data"):
        if isinstance(obj.get(key), list):
            return obj[key]
    return None


# ----------------------------------------------------------------------------------------------
# Dates


def days_from_civil(y, m, d):
    y -= m <= 2
    era = (y if y >= 0 else y - 399) // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def civil_from_days(z):
    z += 719468
    era = (z if z >= 0 else z - 146096) // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + (3 if mp < 10 else -9)
    return (y + (m <= 2), m, d)


def _is_leap(y):
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


def _days_in_month(y, m):
    if m == 2:
        return 29 if _is_leap(y) else 28
    return 30 if m in (4, 6, 9, 11) else 31


_ISO_RE = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})"
    r"(?:[Tt ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:[.,]([0-9]+))?)?"
    r"(Z|z|[+-][0-9]{2}:[0-9]{2}|[+-][0-9]{4}|[+-][0-9]{2})?)?")


def parse_iso(text):
    """ISO-8601 -> epoch ms, or None."""
    mt = _ISO_RE.fullmatch(text)
    if not mt:
        return None
    y, mo, d = int(mt.group(1)), int(mt.group(2)), int(mt.group(3))
    if y < 1 or not 1 <= mo <= 12 or not 1 <= d <= _days_in_month(y, mo):
        return None
    hh = int(mt.group(4)) if mt.group(4) else 0
    mi = int(mt.group(5)) if mt.group(5) else 0
    ss = int(mt.group(6)) if mt.group(6) else 0
    if hh > 23 or mi > 59 or ss > 59:
        return None
    frac = mt.group(7)
    ms = int((frac + "00")[:3]) if frac else 0
    offset_min = 0
    zone = mt.group(8)
    if zone and zone not in ("Z", "z"):
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        oh = int(digits[:2])
        om = int(digits[2:4]) if len(digits) > 2 else 0
        if oh > 23 or om > 59:
            return None
        offset_min = sign * (oh * 60 + om)
    total = ((days_from_civil(y, mo, d) * 24 + hh) * 60 + mi) * 60 + ss
    result = total * 1000 + ms - offset_min * 60000
    if not MIN_EPOCH_MS <= result <= MAX_EPOCH_MS:
        return None
    return result


def _epoch_in_range(ms):
    return ms if MIN_EPOCH_MS <= ms <= MAX_EPOCH_MS else None


_LONG_RE = re.compile(r"[+-]?[0-9]+")


def parse_date_value(v):
    """A createdAt / updatedAt value -> epoch ms, or None when unparseable."""
    if isinstance(v, str):
        return parse_iso(v)
    if isinstance(v, JNum):
        return _epoch_of_number(v.text)
    if isinstance(v, dict):
        if "$date" in v:
            inner = v["$date"]
            if isinstance(inner, str):
                return parse_iso(inner)
            if isinstance(inner, JNum):
                return _epoch_of_number(inner.text)
            if isinstance(inner, dict):
                return _number_wrapper(inner)
            return None
        return _number_wrapper(v)
    return None


def _epoch_of_number(text):
    """Epoch ms from a number's text, exactly; a fraction of a millisecond dropped (floor)."""
    if not _NUMBER_RE.fullmatch(text):
        return None
    value = Decimal(text)
    if abs(value) > 10 ** 17:
        return None
    return _epoch_in_range(int(value.to_integral_value(rounding=ROUND_FLOOR)))


_NUMBER_RE = re.compile(r"[+-]?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?")


def _number_wrapper(v):
    """{"$numberLong"|"$numberInt": integer text} or {"$numberDouble"|"$numberDecimal": number}."""
    for key, value in reversed(list(v.items())):  # the last wrapper counts
        if key in _NUMBER_WRAPPERS:
            if not isinstance(value, str):
                return None
            if key in ("$numberLong", "$numberInt") and not _LONG_RE.fullmatch(value):
                return None
            return _epoch_of_number(value)
    return None


def format_iso(ms):
    days, rem = divmod(ms, MS_PER_DAY)
    y, m, d = civil_from_days(days)
    secs, milli = divmod(rem, 1000)
    hh, secs = divmod(secs, 3600)
    mi, ss = divmod(secs, 60)
    return "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ" % (y, m, d, hh, mi, ss, milli)


def month_index(ms, tz_offset_min):
    y, m, _ = civil_from_days((ms + tz_offset_min * 60000) // MS_PER_DAY)
    return y * 12 + m - 1


def format_month(idx):
    return "%04d-%02d" % (idx // 12, idx % 12 + 1)


# ----------------------------------------------------------------------------------------------
# Money


_DEC_RE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def decimal_text_to_kobo(text):
    """('ok', kobo) | ('non-numeric', None) | ('negative', None) from decimal text."""
    if not _DEC_RE.fullmatch(text):
        return ("non-numeric", None)
    with localcontext() as ctx:
        ctx.prec = len(text) + 50
        ctx.Emax = 999999999999999999
        ctx.Emin = -999999999999999999
        try:
            d = Decimal(text)
        except InvalidOperation:
            return ("non-numeric", None)
        if d < 0:
            return ("negative", None)
        if d >= Decimal(10) ** 16:  # far above the limit (and too big to quantize)
            return ("non-numeric", None)
        kobo = int(d.scaleb(2).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if kobo > MAX_ORDER_KOBO:
        return ("non-numeric", None)
    return ("ok", kobo)


def amount_string_to_kobo(s):
    """A numeric string as shops write it: trim, optional ₦/NGN prefix, commas after the first
    digit ignored."""
    s = s.strip(WS)
    if s.startswith("\u20a6"):
        s = s[1:].lstrip(WS)
    elif s.startswith("NGN"):
        s = s[3:].lstrip(WS)
    return decimal_text_to_kobo(s.replace(",", ""))


_NUMBER_WRAPPERS = ("$numberDecimal", "$numberInt", "$numberLong", "$numberDouble")


def parse_total(v):
    """('ok', kobo) | ('missing' | 'non-numeric' | 'negative', None)."""
    if v is None:
        return ("missing", None)
    if isinstance(v, JNum):
        return decimal_text_to_kobo(v.text)
    if isinstance(v, str):
        return amount_string_to_kobo(v)
    if isinstance(v, dict):
        for key in _NUMBER_WRAPPERS:
            if key in v:
                if isinstance(v[key], str):
                    return decimal_text_to_kobo(v[key])
                break
    return ("non-numeric", None)


# ----------------------------------------------------------------------------------------------
# §2 Normalisation


def trim(s):
    return s.strip(WS)


def ascii_lower(s):
    return s.translate(_ASCII_LOWER)


def _one(c, fn):
    """Python's case mapping of c where it is one character (Unicode's simple mapping), else c."""
    m = fn(c)
    return m if len(m) == 1 else c


def lower_text(s):
    return "".join(_one(c, str.lower) for c in s)


def normalize_email(s):
    return lower_text(trim(s))


def is_valid_email(e):
    if e.count("@") != 1:
        return False
    local, domain = e.split("@")
    if not local or "." not in domain:
        return False
    if any(c in WS for c in e):
        return False
    return len(e) <= 254


_PHONE_DROP = {ord(c): None for c in WS + "-.()"}
_PHONE_0 = re.compile(r"0([0-9]{10})")
_PHONE_234 = re.compile(r"234([0-9]{10})")


def normalize_phone(s):
    p = s.translate(_PHONE_DROP)
    mt = _PHONE_0.fullmatch(p) or _PHONE_234.fullmatch(p)
    if mt:
        return "+234" + mt.group(1)
    return p


def collapse(s):
    out = []
    prev_ws = False
    for c in trim(s):
        if c in WS:
            if not prev_ws:
                out.append(" ")
            prev_ws = True
        else:
            out.append(c)
            prev_ws = False
    return "".join(out)


def normalize_name(s):
    """Title Case: a letter after a letter, digit or mark (categories L, M, N) is lowercased,
    any other uppercased."""
    out = []
    after_word = False
    for c in collapse(s):
        out.append(_one(c, str.lower) if after_word else _one(c, str.upper))
        after_word = unicodedata.category(c)[0] in "LMN"
    return "".join(out)


_FCT_NAMES = {"fct", "abuja", "abuja fct", "federal capital territory"}


def normalize_state(s):
    st = normalize_name(s)
    if st.endswith(" State") and len(st) > len(" State"):
        st = st[:-len(" State")]
    if ascii_lower(st) in _FCT_NAMES:
        st = "FCT"
    return st


def normalize_status(s):
    return lower_text(trim(s))


def _str_or_empty(v):
    return v if isinstance(v, str) else ""


# ----------------------------------------------------------------------------------------------
# §1, §6 One record: accept (with its normalised fields) or reject (with a reason)


def usable_id(v):
    if isinstance(v, str) and v != "":
        return v
    if isinstance(v, dict) and isinstance(v.get("$oid"), str) and v["$oid"] != "":
        return v["$oid"]
    return None


def buyer_id(v):
    if isinstance(v, str):
        return trim(v) or None
    if isinstance(v, dict) and isinstance(v.get("$oid"), str):
        return trim(v["$oid"]) or None
    if isinstance(v, dict):  # canonical numbers: {"$numberLong": "77"}, as the number is written
        for key in _NUMBER_WRAPPERS:
            if isinstance(v.get(key), str):
                return trim(v[key]) or None
    if isinstance(v, JNum):
        return v.text
    return None


def order_full_name(rec):
    for key in ("fullName", "name"):
        n = normalize_name(_str_or_empty(rec.get(key)))
        if n:
            return n
    parts = [normalize_name(_str_or_empty(rec.get(k))) for k in ("firstName", "lastName")]
    return " ".join(p for p in parts if p)


def examine_record(rec):
    """(None, order dict) for an accepted record, (reason, id or None) for a rejected one."""
    if not isinstance(rec, dict):
        return (R_NOT_OBJECT, None)
    oid = usable_id(rec.get("_id"))
    if oid is None:
        oid = usable_id(rec.get("id"))
    if oid is None:
        return (R_MISSING_ID, None)
    kind, kobo = parse_total(rec.get("total"))
    if kind == "missing":
        return (R_MISSING_TOTAL, oid)
    if kind == "non-numeric":
        return (R_NON_NUMERIC_TOTAL, oid)
    if kind == "negative":
        return (R_NEGATIVE_TOTAL, oid)
    created_raw = rec.get("createdAt")
    if created_raw is None:
        return (R_MISSING_CREATED, oid)
    created = parse_date_value(created_raw)
    if created is None:
        return (R_INVALID_CREATED, oid)
    buyer = buyer_id(rec.get("buyerId"))
    raw_email = _str_or_empty(rec.get("email"))
    email = normalize_email(raw_email)
    if not is_valid_email(email):
        email = ""
    if buyer is None and not email:
        return (R_GUEST_EMAIL, oid)
    updated = parse_date_value(rec.get("updatedAt"))
    raw_state = _str_or_empty(rec.get("state"))
    state = normalize_state(raw_state)
    status_raw = rec.get("status")
    contact = {
        "phone": normalize_phone(_str_or_empty(rec.get("phone"))),
        "fullName": order_full_name(rec),
        "firstName": normalize_name(_str_or_empty(rec.get("firstName"))),
        "lastName": normalize_name(_str_or_empty(rec.get("lastName"))),
        "address": trim(_str_or_empty(rec.get("address"))),
        "busStop": trim(_str_or_empty(rec.get("busStop"))),
        "city": normalize_name(_str_or_empty(rec.get("city"))),
        "state": state,
        "zipCode": trim(_str_or_empty(rec.get("zipCode"))),
        "country": trim(_str_or_empty(rec.get("country"))),
    }
    order = {
        "id": oid,
        "buyer": buyer,
        "email": email,
        "email_changed": bool(email) and email != raw_email,
        "state_changed": bool(state) and state != raw_state,
        "status": normalize_status(status_raw) if isinstance(status_raw, str) else None,
        "total": kobo,
        "created": created,
        "version_time": updated if updated is not None else created,
        "contact": contact,
    }
    return (None, order)


# ----------------------------------------------------------------------------------------------
# §1 Duplicates and updates, counted orders


class Ingested:
    def __init__(self):
        self.winners = {}        # id -> order (with "arrival")
        self.duplicates = 0
        self.rejected = []       # every rejection: (index, id, reason)


def ingest(records):
    st = Ingested()
    for index, rec in enumerate(records):
        reason, payload = examine_record(rec)
        if reason is not None:
            st.rejected.append((index, payload, reason))
            continue
        order = payload
        order["arrival"] = index
        held = st.winners.get(order["id"])
        if held is None:
            st.winners[order["id"]] = order
            continue
        st.duplicates += 1
        if (order["version_time"], order["arrival"]) >= (held["version_time"], held["arrival"]):
            st.winners[order["id"]] = order
    return st


def split_counted(st, excluded_statuses):
    """(counted orders, {status: n} for excluded winners)."""
    counted, excluded = [], {}
    for order in st.winners.values():
        status = order["status"]
        if status is not None and status in excluded_statuses:
            excluded[status] = excluded.get(status, 0) + 1
        else:
            counted.append(order)
    counted.sort(key=lambda o: o["arrival"])
    return counted, excluded


# ----------------------------------------------------------------------------------------------
# §3 Customers and segmentation


def order_key(o):
    return (o["created"], o["arrival"])


class Customer:
    def __init__(self, key):
        self.key = key
        self.orders = []

    def finish(self):
        self.orders.sort(key=order_key)
        self.registered = any(o["buyer"] is not None for o in self.orders)
        self.first = self.orders[0]
        self.converted = self.registered and self.first["buyer"] is None
        self.is_guest = not self.registered


def build_customers(counted):
    customers = {}
    for o in counted:
        key = o["email"] if o["email"] else "buyer:" + o["buyer"]
        c = customers.get(key)
        if c is None:
            c = customers[key] = Customer(key)
        c.orders.append(o)
    for c in customers.values():
        c.finish()
    return customers


# ----------------------------------------------------------------------------------------------
# §4 Guest profiles


def mean_kobo(total, count):
    """Rounded half up (values are non-negative)."""
    return (2 * total + count) // (2 * count)


def build_profile(c):
    orders = c.orders  # createdAt, then arrival
    newest_first = list(reversed(orders))
    profile = {"email": c.key}
    for f in CONTACT_FIELDS:
        value = next((o["contact"][f] for o in newest_first if o["contact"][f]), None)
        if f == "country" and value is None:
            value = "Nigeria"
        profile[f] = value
    spent = sum(o["total"] for o in orders)
    profile["totalOrders"] = len(orders)
    profile["totalSpent"] = Money(spent)
    profile["averageOrderValue"] = Money(mean_kobo(spent, len(orders)))
    profile["firstPurchaseDate"] = format_iso(orders[0]["created"])
    profile["lastPurchaseDate"] = format_iso(orders[-1]["created"])
    profile["orderIds"] = [o["id"] for o in orders]
    # sort / RFM helpers, removed before output
    profile["_spent"] = spent
    profile["_last"] = orders[-1]["created"]
    return profile


def profile_sort_key(p):
    return (-p["_spent"], -p["totalOrders"], -p["_last"], p["email"])


def sorted_profiles(guest_customers):
    profiles = [build_profile(c) for c in guest_customers]
    profiles.sort(key=profile_sort_key)
    return profiles


def public_profile(p):
    return {k: v for k, v in p.items() if not k.startswith("_")}


# ----------------------------------------------------------------------------------------------
# §5 Report sections


def section_customers(customers):
    registered = sum(1 for c in customers if c.registered)
    guest = sum(1 for c in customers if c.is_guest)
    converted = sum(1 for c in customers if c.converted)
    return {"total": registered + guest, "registered": registered, "guest": guest,
            "converted": converted}


def section_orders(counted, customers, excluded, st):
    guest = sum(1 for o in counted if o["buyer"] is None)
    new = len(customers)  # each customer has exactly one first counted order
    return {"counted": len(counted), "guest": guest, "registered": len(counted) - guest,
            "new": new, "returning": len(counted) - new,
            "excluded": {k: excluded[k] for k in sorted(excluded)},
            "duplicates": st.duplicates, "rejected": len(st.rejected)}


def section_revenue(counted):
    guest = sum(o["total"] for o in counted if o["buyer"] is None)
    registered = sum(o["total"] for o in counted if o["buyer"] is not None)
    total = guest + registered
    return {"guest": Money(guest), "registered": Money(registered), "total": Money(total),
            "guestShare": (guest / total) if total else None}


def section_average_order_value(counted):
    g = [o["total"] for o in counted if o["buyer"] is None]
    r = [o["total"] for o in counted if o["buyer"] is not None]
    a = [o["total"] for o in counted]

    def avg(xs):
        return Money(mean_kobo(sum(xs), len(xs))) if xs else None

    return {"guest": avg(g), "registered": avg(r), "all": avg(a)}


def median_kobo(values):
    if not values:
        return None
    v = sorted(values)
    n = len(v)
    if n % 2:
        return v[n // 2]
    return mean_kobo(v[n // 2 - 1] + v[n // 2], 2)


def section_guests(profiles):
    n = len(profiles)
    repeat = sum(1 for p in profiles if p["totalOrders"] >= 2)
    spent = [p["_spent"] for p in profiles]
    return {"repeat": repeat, "repeatRate": (repeat / n) if n else None,
            "lifetimeValue": {
                "mean": Money(mean_kobo(sum(spent), n)) if n else None,
                "median": Money(median_kobo(spent)) if n else None}}


def section_conversion(customers):
    converted = [c for c in customers if c.converted]
    guest = sum(1 for c in customers if c.is_guest)
    denom = guest + len(converted)
    diffs = []
    for c in converted:
        first_guest = c.first["created"]
        first_registered = next(o for o in c.orders if o["buyer"] is not None)["created"]
        diffs.append(first_registered - first_guest)
    median_days = None
    if diffs:
        diffs.sort()
        n = len(diffs)
        if n % 2:
            median_ms = float(diffs[n // 2])
        else:
            median_ms = (diffs[n // 2 - 1] + diffs[n // 2]) / 2
        median_days = median_ms / MS_PER_DAY
    return {"converted": len(converted), "rate": (len(converted) / denom) if denom else None,
            "medianDaysToConvert": median_days}


def section_geography(profiles):
    by_state, by_city = {}, {}
    for p in profiles:
        state = p["state"] or "Unknown"
        city = p["city"] or "Unknown"
        s = by_state.setdefault(state, [0, 0])
        s[0] += 1
        s[1] += p["_spent"]
        cc = by_city.setdefault((city, state), [0, 0])
        cc[0] += 1
        cc[1] += p["_spent"]
    states = sorted(by_state.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0]))
    cities = sorted(by_city.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0][0], kv[0][1]))
    return {"byState": [{"state": k, "guests": g, "revenue": Money(r)}
                        for k, (g, r) in states],
            "byCity": [{"city": k[0], "state": k[1], "guests": g, "revenue": Money(r)}
                       for k, (g, r) in cities]}


def month_range(counted, tz):
    if not counted:
        return None
    months = [month_index(o["created"], tz) for o in counted]
    return min(months), max(months)


def section_monthly(counted, guest_customers, tz):
    rng = month_range(counted, tz)
    if rng is None:
        return []
    first, last = rng
    rows = {m: {"month": format_month(m), "newGuests": 0, "guestOrders": 0, "guestRevenue": 0,
                "registeredOrders": 0, "registeredRevenue": 0}
            for m in range(first, last + 1)}
    for o in counted:
        row = rows[month_index(o["created"], tz)]
        if o["buyer"] is None:
            row["guestOrders"] += 1
            row["guestRevenue"] += o["total"]
        else:
            row["registeredOrders"] += 1
            row["registeredRevenue"] += o["total"]
    for c in guest_customers:
        rows[month_index(c.first["created"], tz)]["newGuests"] += 1
    out = []
    for m in range(first, last + 1):
        row = rows[m]
        row["guestRevenue"] = Money(row["guestRevenue"])
        row["registeredRevenue"] = Money(row["registeredRevenue"])
        out.append(row)
    return out


def section_retention(counted, guest_customers, tz):
    rng = month_range(counted, tz)
    if rng is None:
        return []
    last = rng[1]
    cohorts = {}
    for c in guest_customers:
        cohorts.setdefault(month_index(c.first["created"], tz), []).append(c)
    out = []
    for cm in sorted(cohorts):
        members = cohorts[cm]
        returned = [0] * (last - cm + 1)
        for c in members:
            for m in {month_index(o["created"], tz) for o in c.orders}:
                returned[m - cm] += 1
        out.append({"cohort": format_month(cm), "size": len(members), "returned": returned})
    return out


def rfm_scores(profiles, as_of):
    """{email: (R, F, M)} over all guest customers."""
    n = len(profiles)
    lasts = sorted(p["_last"] for p in profiles)
    freqs = sorted(p["totalOrders"] for p in profiles)
    spents = sorted(p["_spent"] for p in profiles)
    def score(k):
        return 1 + (5 * k) // n

    out = {}
    for p in profiles:
        # R: elapsed = as_of - last; strictly worse = strictly larger elapsed = earlier last
        kr = bisect.bisect_left(lasts, p["_last"])
        kf = bisect.bisect_left(freqs, p["totalOrders"])
        km = bisect.bisect_left(spents, p["_spent"])
        out[p["email"]] = (score(kr), score(kf), score(km))
    return out


def rfm_segment(r, f):
    if r >= 4 and f >= 4:
        return "champions"
    if r >= 4 and f <= 2:
        return "promising"
    if r >= 3 and f >= 3:
        return "loyal"
    if r == 3 and f <= 2:
        return "needs attention"
    if r <= 2 and f >= 3:
        return "at risk"
    return "hibernating"


def section_top_guests(profiles, as_of, top):
    if not profiles:
        return []
    scores = rfm_scores(profiles, as_of)
    out = []
    for p in profiles[:top]:
        r, f, m = scores[p["email"]]
        entry = public_profile(p)
        entry["rfm"] = "%d%d%d" % (r, f, m)
        entry["segment"] = rfm_segment(r, f)
        out.append(entry)
    return out


def section_data_quality(st, counted):
    return {"rejected": [{"index": i, "orderId": oid, "reason": reason}
                         for i, oid, reason in st.rejected[:MAX_LISTED_REJECTIONS]],
            "emailsNormalised": sum(1 for o in counted if o["email_changed"]),
            "statesNormalised": sum(1 for o in counted if o["state_changed"])}


# ----------------------------------------------------------------------------------------------
# The whole computation


def analyse(records, excluded_statuses):
    st = ingest(records)
    counted, excluded = split_counted(st, excluded_statuses)
    customers = build_customers(counted)
    cust_list = sorted(customers.values(), key=lambda c: c.key)
    guest_customers = [c for c in cust_list if c.is_guest]
    profiles = sorted_profiles(guest_customers)
    return st, counted, excluded, cust_list, guest_customers, profiles


def build_report(records, excluded_statuses, top=10, tz=0, as_of=None):
    st, counted, excluded, customers, guest_customers, profiles = analyse(
        records, excluded_statuses)
    if as_of is None and counted:
        as_of = max(o["created"] for o in counted)
    report = {
        "schema": SCHEMA,
        "customers": section_customers(customers),
        "orders": section_orders(counted, customers, excluded, st),
        "revenue": section_revenue(counted),
        "averageOrderValue": section_average_order_value(counted),
        "guests": section_guests(profiles),
        "conversion": section_conversion(customers),
        "geography": section_geography(profiles),
        "monthly": section_monthly(counted, guest_customers, tz),
        "retention": section_retention(counted, guest_customers, tz),
        "topGuests": section_top_guests(profiles, as_of, top),
        "dataQuality": section_data_quality(st, counted),
        "asOf": format_iso(as_of) if as_of is not None else None,
    }
    return report


def build_guests(records, excluded_statuses):
    profiles = analyse(records, excluded_statuses)[5]
    return [public_profile(p) for p in profiles]


# ----------------------------------------------------------------------------------------------
# JSON output


class Money:
    """Naira printed with exactly two decimals, from kobo."""
    __slots__ = ("kobo",)

    def __init__(self, kobo):
        self.kobo = kobo

    def text(self):
        sign = "-" if self.kobo < 0 else ""
        k = abs(self.kobo)
        return "%s%d.%02d" % (sign, k // 100, k % 100)


def to_json(v):
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, Money):
        return v.text()
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, dict):
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + to_json(x)
                              for k, x in v.items()) + "}"
    if isinstance(v, (list, tuple)):
        return "[" + ",".join(to_json(x) for x in v) + "]"
    raise TypeError(type(v))


# ----------------------------------------------------------------------------------------------
# Command line


def main(argv):
    if not argv or argv[0] not in ("report", "guests"):
        sys.stderr.write(__doc__)
        return 2
    cmd = argv[0]
    top, tz, as_of, excluded, path = 10, 0, None, list(DEFAULT_EXCLUDED), None
    i = 1
    while i < len(argv):
        a = argv[i]
        if a in ("--top", "--tz-offset", "--as-of", "--exclude-status"):
            if i + 1 >= len(argv):
                sys.stderr.write("%s needs a value\n" % a)
                return 2
            val = argv[i + 1]
            i += 2
            if a == "--top":
                top = int(val)
            elif a == "--tz-offset":
                tz = int(val)
            elif a == "--as-of":
                as_of = parse_iso(val)
                if as_of is None:
                    sys.stderr.write("--as-of needs an ISO-8601 date\n")
                    return 2
            else:
                excluded = [normalize_status(s) for s in val.split(",")] if val else []
        else:
            path = a
            i += 1
    if path is None or path == "-":
        data = sys.stdin.buffer.read()
    else:
        with open(path, "rb") as fh:
            data = fh.read()
    try:
        text = data.decode("utf-8")
        if text.startswith("\ufeff"):  # a UTF-8 byte order mark is skipped
            text = text[1:]
        records = read_records(text)
    except (InputError, UnicodeDecodeError) as e:
        sys.stderr.write("guesttrack_ref: %s\n" % e)
        return 1
    excluded_set = set(excluded)
    if cmd == "report":
        out = build_report(records, excluded_set, top=top, tz=tz, as_of=as_of)
    else:
        out = build_guests(records, excluded_set)
    sys.stdout.write(to_json(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
