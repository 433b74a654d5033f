// generate-orders.cpp — guesttrack-generate: realistic, deterministic test orders.
//
// This program writes the order export of an imaginary Nigerian online store (a Next.js shop on
// MongoDB) for tests, property tests and benchmarks. A seed fixes everything: the same seed, the
// same --orders and the same --shape give byte-identical output on any machine, because all
// randomness comes from our own xoshiro256** generator (never std::*_distribution), every
// decision is made in integer arithmetic, and no floating point is used anywhere.
//
// What the data holds, at modest rates:
// - a customer population: one-off guests, repeat guests, registered buyers, and guests who
//   register later (their later orders carry a buyerId and the same email, in another case);
//   repeat buying follows preferential attachment and spending comes in tiers, so a few guests
//   are worth a lot;
// - Mongo-shaped documents (`_id`, `buyerId`, contact fields, `items`, `total`, `status`,
//   `createdAt`, `updatedAt`, `__v`) between 2023-01 and 2024-12, busier towards Black Friday,
//   Christmas and the end of the period;
// - dirty data: emails in upper case or with spaces around them, phones in nine notations, states
//   as "lagos", " lagos  state ", "Abuja FCT", "Federal Capital Territory"; cities and names in
//   odd cases and spacing; a few UTF-8 names (some in capitals, some written as \u escapes);
//   no-break spaces around a few names and emails; addresses holding
//   quotes and newlines;
// - totals as JSON numbers, numeric strings ("25,000.50", "₦12,500", "NGN 7,000.00"),
//   {"$numberDecimal"}, {"$numberInt"}, {"$numberLong"}, {"$numberDouble"}, and rarely three
//   decimals ("12500.005") to exercise rounding; dates as ISO-8601 with Z, offsets, fractions or
//   date only, {"$date": ...} in both forms, or epoch milliseconds;
// - status changes: an order id comes back later in the file with a newer updatedAt and a new
//   status (pending -> paid -> refunded ...), some older versions come back after newer ones
//   (stale retries), and some versions are sent twice;
// - 0.5% records that guesttrack must reject (SPEC §6), spread evenly, every kind equally often
//   and each at least once from 200 records on: no _id, no total, total "abc", a negative total,
//   no createdAt, createdAt "not a date", a guest order without a valid email, and records that
//   are not objects at all. A quarter of them carry the id of an accepted order.
//
// Shapes: `array` (a JSON array, one order per line), `wrapped` ({"success":true,"orders":[...]},
// an /api/orders reply) and `ndjson` (one order per line, as mongoexport writes it, with
// {"$oid"}, {"$date"} and {"$number…"} wrappers throughout). --orders counts records written,
// duplicates, versions and rejected records included.

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <queue>
#include <string>
#include <unordered_set>
#include <vector>

namespace {

// ---------------------------------------------------------------------------------------------
// Random numbers: splitmix64 seeds xoshiro256**. Only integer operations, so every platform
// draws the same sequence. Never call the generator twice in one expression: the order in which
// C++ evaluates operands is unspecified.

uint64_t SplitMix64(uint64_t* state) {
  uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

class Rng {
 public:
  explicit Rng(uint64_t seed) {
    for (uint64_t& word : s_) word = SplitMix64(&seed);
  }

  uint64_t Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }

  /// Uniform in [0, n) for n < 2^32 (multiply-shift on the top 32 bits; the bias is negligible
  /// and, more importantly, the same everywhere).
  uint32_t Below(uint32_t n) { return static_cast<uint32_t>(((Next() >> 32) * n) >> 32); }

  /// Uniform in [lo, hi], inclusive.
  uint32_t Range(uint32_t lo, uint32_t hi) { return lo + Below(hi - lo + 1); }

  /// True with probability per10000 / 10000.
  bool Chance(uint32_t per10000) { return Below(10000) < per10000; }

  /// An index drawn with integer weights.
  template <size_t K>
  size_t Pick(const uint16_t (&weights)[K]) {
    uint32_t total = 0;
    for (uint16_t w : weights) total += w;
    uint32_t r = Below(total);
    for (size_t i = 0; i < K; ++i) {
      if (r < weights[i]) return i;
      r -= weights[i];
    }
    return K - 1;
  }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

// ---------------------------------------------------------------------------------------------
// Output: one large buffer, flushed with fwrite.

class Writer {
 public:
  explicit Writer(FILE* file) : file_(file), buf_(kCapacity) {}

  void Reserve(size_t n) {
    if (len_ + n > buf_.size()) Flush();
    if (n > buf_.size()) buf_.resize(n);
  }

  void Char(char c) {
    Reserve(1);
    buf_[len_++] = c;
  }

  void Raw(const char* s, size_t n) {
    Reserve(n);
    std::memcpy(&buf_[len_], s, n);
    len_ += n;
  }
  void Raw(const char* s) { Raw(s, std::strlen(s)); }

  void Int(int64_t v) {
    char tmp[24];
    Raw(tmp, FormatInt(tmp, v));
  }

  /// A JSON string: quotes, backslashes and control characters escaped; UTF-8 passes through.
  void Str(const char* s, size_t n) {
    Reserve(n * 6 + 2);
    char* p = &buf_[len_];
    *p++ = '"';
    for (size_t i = 0; i < n; ++i) {
      const unsigned char c = static_cast<unsigned char>(s[i]);
      if (c == '"' || c == '\\') {
        *p++ = '\\';
        *p++ = static_cast<char>(c);
      } else if (c >= 0x20) {
        *p++ = static_cast<char>(c);
      } else if (c == '\n') {
        *p++ = '\\';
        *p++ = 'n';
      } else if (c == '\t') {
        *p++ = '\\';
        *p++ = 't';
      } else if (c == '\r') {
        *p++ = '\\';
        *p++ = 'r';
      } else {
        p += std::snprintf(p, 7, "\\u%04x", c);
      }
    }
    *p++ = '"';
    len_ = static_cast<size_t>(p - buf_.data());
  }
  void Str(const char* s) { Str(s, std::strlen(s)); }

  /// A JSON string with every non-ASCII character written as \uXXXX (surrogate pairs above the
  /// BMP). The input must be valid UTF-8.
  void StrAscii(const char* s, size_t n) {
    std::string out;
    for (size_t i = 0; i < n;) {
      const unsigned char c = static_cast<unsigned char>(s[i]);
      if (c < 0x80) {
        out.push_back(static_cast<char>(c));
        ++i;
        continue;
      }
      uint32_t cp;
      size_t len;
      if (c >= 0xF0) {
        cp = c & 0x07u;
        len = 4;
      } else if (c >= 0xE0) {
        cp = c & 0x0Fu;
        len = 3;
      } else {
        cp = c & 0x1Fu;
        len = 2;
      }
      for (size_t k = 1; k < len; ++k)
        cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
      i += len;
      char tmp[16];
      if (cp >= 0x10000) {
        cp -= 0x10000;
        std::snprintf(tmp, sizeof tmp, "\\u%04x\\u%04x", 0xD800u + (cp >> 10),
                      0xDC00u + (cp & 0x3FFu));
      } else {
        std::snprintf(tmp, sizeof tmp, "\\u%04x", cp);
      }
      out += tmp;
    }
    // `out` holds escapes already; only quotes, backslashes and control characters remain.
    Reserve(out.size() * 2 + 2);
    buf_[len_++] = '"';
    for (char c : out) {
      if (c == '"') {
        buf_[len_++] = '\\';
        buf_[len_++] = '"';
      } else {
        buf_[len_++] = c;
      }
    }
    buf_[len_++] = '"';
  }

  void Flush() {
    if (len_ == 0) return;
    if (std::fwrite(buf_.data(), 1, len_, file_) != len_) failed_ = true;
    len_ = 0;
  }

  bool failed() const { return failed_; }

  static size_t FormatInt(char* out, int64_t v) {
    char tmp[24];
    size_t n = 0;
    uint64_t u = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
    do {
      tmp[n++] = static_cast<char>('0' + u % 10);
      u /= 10;
    } while (u != 0);
    size_t len = 0;
    if (v < 0) out[len++] = '-';
    while (n > 0) out[len++] = tmp[--n];
    return len;
  }

 private:
  static constexpr size_t kCapacity = size_t{1} << 22;
  FILE* file_;
  std::vector<char> buf_;
  size_t len_ = 0;
  bool failed_ = false;
};

// ---------------------------------------------------------------------------------------------
// Calendar arithmetic (Howard Hinnant's days_from_civil / civil_from_days), integers only.

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = FloorDiv(y, 400);
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void CivilFromDays(int64_t z, int64_t* y, int* m, int* d) {
  z += 719468;
  const int64_t era = FloorDiv(z, 146097);
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  *d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *y = yoe + era * 400 + (*m <= 2);
}

constexpr int64_t kMsPerMinute = 60000;
constexpr int64_t kMsPerHour = 3600000;
constexpr int64_t kMsPerDay = 86400000;

enum class Zone { kNone, kUtc, kOffset };

/// ISO-8601 text for an instant. frac_digits is 0, 3 or 6 (the last three digits of 6 are
/// `micro`, below the millisecond). date_only writes just YYYY-MM-DD of the local day.
size_t FormatIso(char* out, int64_t ms, int frac_digits, Zone zone, int offset_minutes,
                 bool date_only, uint32_t micro = 0) {
  const int64_t local = ms + (zone == Zone::kOffset ? offset_minutes * kMsPerMinute : 0);
  const int64_t days = FloorDiv(local, kMsPerDay);
  const int64_t in_day = local - days * kMsPerDay;
  int64_t y;
  int m, d;
  CivilFromDays(days, &y, &m, &d);
  const int hh = static_cast<int>(in_day / kMsPerHour);
  const int mi = static_cast<int>(in_day / kMsPerMinute % 60);
  const int ss = static_cast<int>(in_day / 1000 % 60);
  const int milli = static_cast<int>(in_day % 1000);
  int n = std::snprintf(out, 16, "%04d-%02d-%02d", static_cast<int>(y), m, d);
  if (date_only) return static_cast<size_t>(n);
  n += std::snprintf(out + n, 16, "T%02d:%02d:%02d", hh, mi, ss);
  if (frac_digits == 3) n += std::snprintf(out + n, 8, ".%03d", milli);
  if (frac_digits == 6) n += std::snprintf(out + n, 12, ".%03d%03u", milli, micro % 1000);
  if (zone == Zone::kUtc) out[n++] = 'Z';
  if (zone == Zone::kOffset) {
    const int a = offset_minutes < 0 ? -offset_minutes : offset_minutes;
    n += std::snprintf(out + n, 8, "%c%02d:%02d", offset_minutes < 0 ? '-' : '+', a / 60, a % 60);
  }
  return static_cast<size_t>(n);
}

// ---------------------------------------------------------------------------------------------
// Amounts are held in thousandths of a naira ("milli"), so a rare three-decimal total such as
// 12500.005 stays exact.

enum class AmountStyle {
  kShortest,  ///< as JavaScript prints it: 12500, 12500.5, 12500.005
  kTwo,       ///< at least two decimals: 12500.00, 12500.50, 12500.005
  kDouble,    ///< Extended JSON $numberDouble: 12500.0, 12500.5
};

size_t FormatAmount(char* out, int64_t milli, AmountStyle style, bool commas) {
  size_t n = 0;
  if (milli < 0) {
    out[n++] = '-';
    milli = -milli;
  }
  const int64_t whole = milli / 1000;
  const int frac = static_cast<int>(milli % 1000);
  char digits[24];
  const size_t nd = Writer::FormatInt(digits, whole);
  for (size_t i = 0; i < nd; ++i) {
    if (commas && i > 0 && (nd - i) % 3 == 0) out[n++] = ',';
    out[n++] = digits[i];
  }
  const char d1 = static_cast<char>('0' + frac / 100);
  const char d2 = static_cast<char>('0' + frac / 10 % 10);
  const char d3 = static_cast<char>('0' + frac % 10);
  if (style == AmountStyle::kTwo || frac != 0) {
    out[n++] = '.';
    out[n++] = d1;
    if (style == AmountStyle::kTwo || d2 != '0' || d3 != '0') out[n++] = d2;
    if (d3 != '0') out[n++] = d3;
  } else if (style == AmountStyle::kDouble) {
    out[n++] = '.';
    out[n++] = '0';
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// Reference data. Non-ASCII text is spelt as UTF-8 byte escapes so the source compiles the same
// under any source character set.

/// An accented name and its ASCII spelling for email addresses.
struct Name {
  const char* display;
  const char* ascii;
};

const char* const kFirstNames[] = {
    "Adebayo",     "Chinedu",  "Ngozi",    "Aisha",    "Emeka",       "Funmilayo", "Oluwaseun",
    "Chiamaka",    "Ibrahim",  "Fatima",   "Tunde",    "Kemi",        "Obinna",    "Amaka",
    "Musa",        "Zainab",   "Segun",    "Bukola",   "Ifeanyi",     "Nneka",     "Yusuf",
    "Halima",      "Tolu",     "Blessing", "Samuel",   "Grace",       "David",     "Esther",
    "Femi",        "Yemi",     "Chidi",    "Uche",     "Ada",         "Bola",      "Dayo",
    "Gbenga",      "Kunle",    "Sade",     "Wale",     "Bisi",        "Ikechukwu", "Chioma",
    "Nkechi",      "Abubakar", "Hauwa",    "Usman",    "Maryam",      "Godwin",    "Precious",
    "Favour",      "Emmanuel", "Victoria", "Daniel",   "Joy",         "Peace",     "Efe",
    "Oghenekaro",  "Ebuka",    "Temitope", "Damilola", "Opeyemi",     "Ayomide",   "Kelechi",
    "Somtochukwu", "Aminu",    "Hadiza",   "Eniola",   "Chukwuemeka", "Rukayat",   "Mercy"};

const Name kAccentedFirstNames[] = {
    {"Ad\xC3\xA9"
     "b\xC3\xA1y\xE1\xBB\x8D\xCC\x80",
     "adebayo"},  // Adébáyọ̀
    {"\xE1\xBB\x8Cl\xC3\xA1"
     "b\xC3\xADs\xC3\xAD",
     "olabisi"},                                         // Ọlábísí
    {"If\xE1\xBA\xB9\xCC\x81ol\xC3\xBAwa", "ifeoluwa"},  // Ifẹ́olúwa
    {"\xE1\xB9\xA2"
     "ad\xC3\xA9",
     "sade"},                                               // Ṣadé
    {"Ch\xC3\xAD\xC5\x84w\xE1\xBA\xB9\xCC\x81", "chinwe"},  // Chíńwẹ́
    {"T\xE1\xBB\x8D\xCC\x81l\xC3\xA1", "tola"},             // Tọ́lá
};

const char* const kLastNames[] = {
    "Okafor",  "Adeyemi",   "Okonkwo", "Bello",    "Abubakar", "Eze",     "Olawale",  "Nwosu",
    "Ibrahim", "Adebayo",   "Okeke",   "Balogun",  "Mohammed", "Onyeka",  "Ogunleye", "Uchenna",
    "Obi",     "Adewale",   "Akinola", "Chukwu",   "Danjuma",  "Ekwueme", "Fashola",  "Ige",
    "Lawal",   "Mustapha",  "Nnamdi",  "Oyelaran", "Salami",   "Usman",   "Yakubu",   "Okoro",
    "Etim",    "Bassey",    "Edet",    "Ogbonna",  "Anyanwu",  "Oladipo", "Ogundipe", "Sanni",
    "Afolabi", "Nwachukwu", "Aliyu",   "Ojo",      "Ekpo",     "Uzor",    "Oyebanji", "Garba",
    "O'Neil",  "Eke-Obi"};

const Name kAccentedLastNames[] = {
    {"\xE1\xBB\x8C\xCC\x80k\xC3\xA0"
     "f\xE1\xBB\x8D\xCC\x80",
     "okafor"},  // Ọ̀kàfọ̀
    {"\xC3\x80"
     "d\xC3\xACg\xC3\xBAn",
     "adigun"},                                                            // Àdìgún
    {"Bab\xC3\xA1t\xC3\xBAnd\xC3\xA9", "babatunde"},                       // Babátúndé
    {"\xC3\x92g\xC3\xBAnl\xE1\xBA\xB9\xCC\x81y\xE1\xBA\xB9", "ogunleye"},  // Ògúnlẹ́yẹ
    {"Nw\xC3\xA1nkw\xE1\xBB\x8D\xCC\x81", "nwankwo"},                      // Nwánkwọ́
};

constexpr uint16_t kFirstCount = sizeof kFirstNames / sizeof kFirstNames[0];
constexpr uint16_t kAccentedFirstCount = sizeof kAccentedFirstNames / sizeof kAccentedFirstNames[0];
constexpr uint16_t kLastCount = sizeof kLastNames / sizeof kLastNames[0];
constexpr uint16_t kAccentedLastCount = sizeof kAccentedLastNames / sizeof kAccentedLastNames[0];

/// Name indices: below kFirstCount (kLastCount) a plain name, from there an accented one.
const char* FirstName(uint16_t i) {
  return i < kFirstCount ? kFirstNames[i] : kAccentedFirstNames[i - kFirstCount].display;
}
const char* LastName(uint16_t i) {
  return i < kLastCount ? kLastNames[i] : kAccentedLastNames[i - kLastCount].display;
}

/// A name as it appears in an email address: the ASCII spelling, lower case, letters only.
void EmailWord(uint16_t i, bool first, char* out) {
  const uint16_t count = first ? kFirstCount : kLastCount;
  const char* text = i < count ? (first ? kFirstNames[i] : kLastNames[i])
                               : (first ? kAccentedFirstNames[i - count].ascii
                                        : kAccentedLastNames[i - count].ascii);
  for (; *text != '\0'; ++text) {
    const char c = *text;
    if (c >= 'A' && c <= 'Z') *out++ = static_cast<char>(c + 32);
    if (c >= 'a' && c <= 'z') *out++ = c;
  }
  *out = '\0';
}

enum StateId : uint8_t {
  kLagos,
  kFct,
  kRivers,
  kOyo,
  kKano,
  kEnugu,
  kOgun,
  kDelta,
  kAnambra,
  kEdo,
  kKaduna,
  kEkiti,
  kOsun,
  kAkwaIbom,
  kCrossRiver,
  kKwara,
  kPlateau,
  kImo,
  kAbia,
  kOndo
};

const char* const kStateNames[] = {"Lagos",  "FCT",     "Rivers", "Oyo",       "Kano",
                                   "Enugu",  "Ogun",    "Delta",  "Anambra",   "Edo",
                                   "Kaduna", "Ekiti",   "Osun",   "Akwa Ibom", "Cross River",
                                   "Kwara",  "Plateau", "Imo",    "Abia",      "Ondo"};

struct City {
  const char* name;
  StateId state;
  const char* zip;
  uint16_t weight;
  const char* stops[3];
};

const City kCities[] = {
    {"Ikeja", kLagos, "100001", 90, {"Ikeja Along", "Allen Roundabout", "Computer Village"}},
    {"Lekki", kLagos, "105102", 70, {"Lekki Phase 1 Gate", "Chevron", "Jakande"}},
    {"Surulere", kLagos, "101283", 50, {"Ojuelegba", "Adeniran Ogunsanya", "Stadium"}},
    {"Yaba", kLagos, "101245", 40, {"Sabo", "Tejuosho", "Unilag Gate"}},
    {"Ikorodu", kLagos, "104101", 35, {"Ikorodu Garage", "Agric", "Ebute"}},
    {"Ajah", kLagos, "101245", 35, {"Ajah Roundabout", "Abraham Adesanya", "Badore"}},
    {"Victoria Island", kLagos, "101241", 25, {"Falomo", "Adeola Odeku", nullptr}},
    {"Festac Town", kLagos, "102102", 20, {"Festac First Gate", "Mile 2", nullptr}},
    {"Ikoyi", kLagos, "101233", 15, {"Obalende", "Falomo", nullptr}},
    {"Gbagada", kLagos, "100234", 20, {"Gbagada Phase 2", "Charley Boy", "Deeper Life"}},
    {"Oshodi", kLagos, "100261", 20, {"Oshodi Under Bridge", "Bolade", nullptr}},
    {"Agege", kLagos, "100283", 15, {"Pen Cinema", "Agege Motor Road", nullptr}},
    {"Garki", kFct, "900103", 30, {"Area 1", "Garki Market", nullptr}},
    {"Wuse", kFct, "900288", 35, {"Wuse Market", "Berger Roundabout", "Banex"}},
    {"Maitama", kFct, "900271", 15, {"Maitama Roundabout", nullptr, nullptr}},
    {"Gwarinpa", kFct, "900108", 25, {"Gwarinpa 1st Avenue", "Games Village", nullptr}},
    {"Kubwa", kFct, "901101", 20, {"Kubwa Village", "Phase 4", nullptr}},
    {"Port Harcourt", kRivers, "500001", 60, {"Garrison", "Rumuokoro", "Waterlines"}},
    {"Obio-Akpor", kRivers, "500102", 15, {"Rumuola", "Choba", nullptr}},
    {"Ibadan", kOyo, "200001", 45, {"Dugbe", "Bodija Market", "Challenge"}},
    {"Ogbomoso", kOyo, "210001", 8, {"Takie", nullptr, nullptr}},
    {"Kano", kKano, "700001", 35, {"Sabon Gari", "Kofar Mata", nullptr}},
    {"Enugu", kEnugu, "400001", 30, {"Ogbete Market", "New Haven", "Abakpa"}},
    {"Nsukka", kEnugu, "410001", 8, {"UNN Gate", nullptr, nullptr}},
    {"Abeokuta", kOgun, "110001", 20, {"Kuto", "Panseke", nullptr}},
    {"Ota", kOgun, "112104", 12, {"Sango", "Joju", nullptr}},
    {"Sagamu", kOgun, "121101", 8, {"Sagamu Interchange", nullptr, nullptr}},
    {"Ijebu-Ode", kOgun, "120101", 6, {"Ijebu-Ode Garage", nullptr, nullptr}},
    {"Warri", kDelta, "332001", 20, {"Effurun Roundabout", "Airport Junction", nullptr}},
    {"Asaba", kDelta, "320001", 12, {"Okpanam Road", "Nnebisi", nullptr}},
    {"Onitsha", kAnambra, "434001", 20, {"Upper Iweka", "Main Market", nullptr}},
    {"Awka", kAnambra, "420001", 10, {"Unizik Junction", nullptr, nullptr}},
    {"Nnewi", kAnambra, "435101", 6, {"Nkwo Nnewi", nullptr, nullptr}},
    {"Benin City", kEdo, "300001", 25, {"Ring Road", "Uselu", "Ugbowo"}},
    {"Kaduna", kKaduna, "800001", 18, {"Kawo", "Central Market", nullptr}},
    {"Zaria", kKaduna, "810001", 6, {"Samaru", nullptr, nullptr}},
    {"Ado-Ekiti", kEkiti, "360001", 8, {"Fajuyi", "Okesa", nullptr}},
    {"Osogbo", kOsun, "230001", 8, {"Old Garage", "Olaiya", nullptr}},
    {"Ile-Ife", kOsun, "220001", 6, {"OAU Gate", nullptr, nullptr}},
    {"Uyo", kAkwaIbom, "520001", 12, {"Ibom Plaza", "Itam Market", nullptr}},
    {"Calabar", kCrossRiver, "540001", 10, {"Watt Market", "Marian", nullptr}},
    {"Ilorin", kKwara, "240001", 10, {"Post Office", "Challenge", nullptr}},
    {"Jos", kPlateau, "930001", 8, {"Terminus", "Rayfield", nullptr}},
    {"Owerri", kImo, "460001", 12, {"Douglas Road", "Wetheral", nullptr}},
    {"Aba", kAbia, "450001", 12, {"Ariaria", "Ngwa Road", nullptr}},
    {"Umuahia", kAbia, "440001", 5, {"Umuahia Main Market", nullptr, nullptr}},
    {"Akure", kOndo, "340001", 8, {"Oja Oba", "FUTA North Gate", nullptr}},
};
constexpr size_t kCityCount = sizeof kCities / sizeof kCities[0];

const char* const kStreets[] = {"Adeola Odeku Street",
                                "Allen Avenue",
                                "Awolowo Road",
                                "Herbert Macaulay Way",
                                "Admiralty Way",
                                "Bode Thomas Street",
                                "Opebi Road",
                                "Aminu Kano Crescent",
                                "Ikwerre Road",
                                "Aba Road",
                                "Ring Road",
                                "Ogui Road",
                                "Zik Avenue",
                                "Ahmadu Bello Way",
                                "Murtala Mohammed Way",
                                "Old Airport Road",
                                "Church Street",
                                "Market Road",
                                "Hospital Road",
                                "Station Road",
                                "School Road",
                                "Unity Close",
                                "Peace Avenue",
                                "Okigwe Road",
                                "Agbani Road",
                                "New Market Road",
                                "Ibrahim Taiwo Road",
                                "Independence Way",
                                "Obafemi Awolowo Way",
                                "Toyin Street",
                                "Isaac John Street",
                                "Adetokunbo Ademola Crescent"};
constexpr size_t kStreetCount = sizeof kStreets / sizeof kStreets[0];

const char* const kEstates[] = {"Peace", "Unity", "Golden", "Royal Palm", "Sunshine", "Diamond"};
const char* const kLandmarks[] = {
    "GTBank",     "First Bank",      "Shoprite",          "Total Filling Station",
    "the Mosque", "Redeemed Church", "the Police Station"};

const char* const kDomains[] = {"gmail.com",     "yahoo.com",      "hotmail.com", "outlook.com",
                                "icloud.com",    "ymail.com",      "yahoo.co.uk", "live.com",
                                "unilag.edu.ng", "mtnnigeria.net", "dangote.com"};
const uint16_t kDomainWeights[] = {580, 180, 60, 50, 30, 30, 20, 20, 10, 10, 10};

const uint16_t kPhonePrefixes[] = {803, 806, 703, 706, 813, 816, 810, 814, 903, 906, 913, 916,
                                   805, 807, 705, 815, 811, 905, 915, 802, 808, 708, 812, 701,
                                   902, 901, 904, 907, 912, 809, 817, 818, 909, 908};

struct Product {
  const char* name;
  int64_t price_kobo;
  uint8_t band;  ///< 0 cheap ... 3 expensive
};

const Product kProducts[] = {
    {"Shea Butter (500g)", 350000, 0},
    {"Zobo Drink Mix", 150000, 0},
    {"Chin Chin (1kg)", 450000, 0},
    {"African Black Soap", 200000, 0},
    {"Plantain Chips (pack of 10)", 300000, 0},
    {"Ankara Headwrap", 550000, 0},
    {"Phone Case", 250000, 0},
    {"Power Bank 10000mAh", 950000, 0},
    {"Garri (5kg)", 600000, 0},
    {"Palm Oil (5L)", 900000, 0},
    {"Adire Scarf", 750000, 0},
    {"Beaded Bracelet", 300000, 0},
    {"Suya Spice (250g)", 249950, 0},
    {"Tiger Nut Milk (1L)", 185075, 0},
    {"Ankara Fabric (6 yards)", 1800000, 1},
    {"Aso Oke (set)", 4500000, 1},
    {"Men's Agbada (ready-made)", 3800000, 1},
    {"Leather Sandals", 1500000, 1},
    {"Bluetooth Earbuds", 2200000, 1},
    {"Rice (25kg bag)", 3850000, 1},
    {"Jollof Rice Party Pack", 2500000, 1},
    {"Lace Wig", 4200000, 1},
    {"Blender", 2800000, 1},
    {"Infinix Hot 40", 16500000, 2},
    {"Tecno Spark 20", 14500000, 2},
    {"Samsung 32\" LED TV", 18500000, 2},
    {"Chest Freezer (100L)", 23500000, 2},
    {"Standing Fan", 5500000, 2},
    {"Gas Cooker (4 burners)", 12000000, 2},
    {"Solar Lantern Kit", 6500000, 2},
    {"Office Chair", 8500000, 2},
    {"iPhone 13 (128GB)", 78000000, 3},
    {"HP Laptop 15\" Core i5", 65000000, 3},
    {"Inverter 3.5kVA", 95000000, 3},
    {"Samsung 55\" Smart TV", 72000000, 3},
    {"Split AC 1.5HP", 48000000, 3},
    {"Generator 3.5kVA", 42000000, 3},
};
constexpr size_t kProductCount = sizeof kProducts / sizeof kProducts[0];

const char* const kPaymentMethods[] = {"paystack", "flutterwave", "bank_transfer",
                                       "pay_on_delivery", "card"};
const uint16_t kPaymentWeights[] = {45, 18, 15, 17, 5};

enum Status : uint8_t {
  kPending,
  kPaid,
  kShipped,
  kDelivered,
  kCancelled,
  kCanceled,
  kRefunded,
  kFailed,
  kProcessing,
  kNoStatus,    ///< the field is absent
  kNullStatus,  ///< "status": null
};
const char* const kStatusText[] = {"pending",  "paid",     "shipped", "delivered", "cancelled",
                                   "canceled", "refunded", "failed",  "processing"};
const uint16_t kSingleStatusWeights[] = {1300, 3600, 700, 3000, 400, 100, 300, 400, 200, 150, 50};

/// How an order's status moves when it is written more than once.
struct Flow {
  uint8_t steps;
  Status status[4];
};
const Flow kFlows[] = {
    {2, {kPending, kPaid}},
    {3, {kPending, kPaid, kDelivered}},
    {4, {kPending, kPaid, kShipped, kDelivered}},
    {3, {kPending, kPaid, kRefunded}},
    {2, {kPending, kFailed}},
    {2, {kPending, kCancelled}},
};
const uint16_t kFlowWeights[] = {40, 18, 10, 14, 10, 8};

// ---------------------------------------------------------------------------------------------
// The model.

struct Oid {
  uint8_t b[12];
};

void OidHex(const Oid& id, char* out) {
  static const char kHex[] = "0123456789abcdef";
  for (int i = 0; i < 12; ++i) {
    out[2 * i] = kHex[id.b[i] >> 4];
    out[2 * i + 1] = kHex[id.b[i] & 15];
  }
}

enum class Kind : uint8_t { kGuest, kRegistered, kConverter };

struct Customer {
  Oid buyer;              ///< set once registered
  uint64_t phone;         ///< ten digits after the leading 0, e.g. 8031234567
  uint32_t email_number;  ///< 0 = none
  uint16_t first, last;   ///< name indices
  uint16_t house;
  uint8_t city, street, street2, stop;
  uint8_t address_style, email_style, domain, phone_style;
  uint8_t tier;  ///< 0 small spender ... 3 bulk buyer
  Kind kind;
  bool registered;
};

struct Order {
  Customer who;  ///< the customer as they were when ordering
  Oid id;
  uint64_t render_seed;  ///< fixes the contact rendering, so every version looks the same
  int64_t created_ms;
  int64_t total_milli;
  int64_t fee_naira;
  int64_t step_ms[4];  ///< updatedAt of each step of the flow
  int64_t updated_ms;  ///< single-version orders: updatedAt
  uint8_t product[4], quantity[4];
  uint8_t item_count;
  uint8_t payment;
  uint8_t flow;          ///< kSingle, or an index into kFlows
  uint8_t updated_kind;  ///< single-version orders: 0 absent, 1 date, 2 null, 3 ""
  Status single_status;
  bool has_buyer;
  bool step0_updated;  ///< the first version of a flow carries updatedAt == createdAt
};
constexpr uint8_t kSingle = 0xFF;

/// Ways a record is made unacceptable (SPEC §6).
enum class Defect : uint8_t {
  kNone,
  kMissingId,
  kMissingTotal,
  kTextTotal,
  kNegativeTotal,
  kMissingCreatedAt,
  kBadCreatedAt,
  kBadEmail,
  kNotObject,
};
constexpr int kDefectKinds = 8;  ///< kMissingId .. kNotObject

enum class Shape { kArray, kWrapped, kNdjson };

/// A later version of an order waiting for its place in the file.
struct Scheduled {
  uint64_t due;    ///< record index at which it is written
  uint64_t seq;    ///< tie-break, so the heap's order is total
  uint32_t order;  ///< index into Generator::kept_
  uint8_t step;    ///< flow step, or 0 for a single-version order
  bool advance;    ///< after writing, schedule the next step of the flow
  bool operator>(const Scheduled& o) const { return due != o.due ? due > o.due : seq > o.seq; }
};

// ---------------------------------------------------------------------------------------------

class Generator {
 public:
  Generator(uint64_t seed, uint64_t records, Shape shape, Writer* out)
      : rng_(seed), records_(records), shape_(shape), out_(out) {
    for (int i = 0; i < 5; ++i) process_[i] = static_cast<uint8_t>(rng_.Next() >> 56);
    oid_counter_ = rng_.Below(1u << 20);
    BuildCalendar();
    stale_window_ = std::max<uint64_t>(4, std::min<uint64_t>(records_ / 500, 2000));
    // Rejected records: 0.5% of the file, but at least one of each kind from 200 records on
    // (so small samples show them all). Each sits at a random place in its own stretch of the
    // file, so they are spread evenly.
    rejected_total_ = std::max<uint64_t>(records_ / 200, std::min<uint64_t>(8, records_ / 25));
    NextRejectedPosition();
  }

  void Run() {
    if (shape_ == Shape::kArray) out_->Raw("[\n");
    if (shape_ == Shape::kWrapped) out_->Raw("{\"success\":true,\"orders\":[\n");
    for (uint64_t i = 0; i < records_; ++i) {
      if (i > 0 && shape_ != Shape::kNdjson) out_->Raw(",\n");
      EmitRecord(i);
      if (shape_ == Shape::kNdjson) out_->Char('\n');
    }
    if (shape_ == Shape::kArray) out_->Raw(records_ > 0 ? "\n]\n" : "]\n");
    if (shape_ == Shape::kWrapped) out_->Raw(records_ > 0 ? "\n]}\n" : "]}\n");
  }

 private:
  // --- time ---

  static constexpr int kDays = 731;  // 2023-01-01 .. 2024-12-31

  void BuildCalendar() {
    start_day_ = DaysFromCivil(2023, 1, 1);
    int64_t sum = 0;
    for (int d = 0; d < kDays; ++d) {
      int64_t y;
      int m, day;
      CivilFromDays(start_day_ + d, &y, &m, &day);
      int64_t w = 100 + d * 150 / kDays;                        // the shop grows
      const int64_t weekday = ((start_day_ + d) % 7 + 11) % 7;  // 0 = Sunday
      if (weekday == 0 || weekday == 6) w = w * 85 / 100;
      if (m == 11 && day >= 20) w *= 2;             // Black Friday
      if (m == 12 && day <= 24) w = w * 160 / 100;  // Christmas
      if (m == 1 && day <= 10) w = w * 70 / 100;    // January
      if (day >= 25) w = w * 115 / 100;             // payday
      sum += w;
      cumulative_[d] = sum;
    }
  }

  /// createdAt for a new order written at record index i: the file runs roughly in time order.
  int64_t TimeAt(uint64_t i) {
    const int64_t total = cumulative_[kDays - 1];
    const int64_t target = static_cast<int64_t>(i * static_cast<uint64_t>(total) / records_);
    const int day =
        static_cast<int>(std::upper_bound(cumulative_, cumulative_ + kDays, target) - cumulative_);
    // Hours of the day in West Africa Time (UTC+1): quiet at night, busy in the evening.
    static const uint16_t kHourWeights[24] = {2,  1,  1, 1, 1, 2,  3,  5,  7,  8,  9, 9,
                                              10, 10, 9, 9, 9, 10, 11, 12, 12, 10, 7, 4};
    const int64_t hour = static_cast<int64_t>(rng_.Pick(kHourWeights));
    const int64_t minute = rng_.Below(60);
    const int64_t second = rng_.Below(60);
    const int64_t milli = rng_.Below(1000);
    int64_t ms = (start_day_ + std::min(day, kDays - 1)) * kMsPerDay + (hour - 1) * kMsPerHour +
                 minute * kMsPerMinute + second * 1000 + milli;
    if (ms < start_day_ * kMsPerDay) ms += kMsPerHour;
    return ms;
  }

  Oid NewOid(int64_t seconds) {
    Oid id;
    const uint32_t ts = static_cast<uint32_t>(seconds);
    const uint64_t counter = oid_counter_++;
    id.b[0] = static_cast<uint8_t>(ts >> 24);
    id.b[1] = static_cast<uint8_t>(ts >> 16);
    id.b[2] = static_cast<uint8_t>(ts >> 8);
    id.b[3] = static_cast<uint8_t>(ts);
    for (int i = 0; i < 5; ++i)
      id.b[4 + i] = process_[i] ^ static_cast<uint8_t>(counter >> (24 + 8 * i));
    id.b[9] = static_cast<uint8_t>(counter >> 16);
    id.b[10] = static_cast<uint8_t>(counter >> 8);
    id.b[11] = static_cast<uint8_t>(counter);
    return id;
  }

  static Oid ProductOid(size_t index) {
    Oid id;
    const uint32_t ts = 1667260800u + static_cast<uint32_t>(index) * 3600u;  // 2022-11-01
    const uint8_t fixed[5] = {0xa1, 0xb2, 0xc3, 0xd4, 0xe5};
    id.b[0] = static_cast<uint8_t>(ts >> 24);
    id.b[1] = static_cast<uint8_t>(ts >> 16);
    id.b[2] = static_cast<uint8_t>(ts >> 8);
    id.b[3] = static_cast<uint8_t>(ts);
    for (int i = 0; i < 5; ++i) id.b[4 + i] = fixed[i];
    id.b[9] = 0;
    id.b[10] = 0;
    id.b[11] = static_cast<uint8_t>(index);
    return id;
  }

  // --- customers ---

  /// The customer's email in its canonical (lower-case) form.
  static size_t CanonicalEmail(const Customer& c, char* out) {
    char first[32];
    char last[32];
    EmailWord(c.first, true, first);
    EmailWord(c.last, false, last);
    int n = 0;
    switch (c.email_style) {
      case 0:
        n = std::snprintf(out, 64, "%s.%s", first, last);
        break;
      case 1:
        n = std::snprintf(out, 64, "%s%s", first, last);
        break;
      case 2:
        n = std::snprintf(out, 64, "%s_%s", first, last);
        break;
      case 3:
        n = std::snprintf(out, 64, "%c%s", first[0], last);
        break;
      case 4:
        n = std::snprintf(out, 64, "%s.%s", last, first);
        break;
      default:
        n = std::snprintf(out, 64, "%s", first);
        break;
    }
    if (c.email_number != 0) n += std::snprintf(out + n, 16, "%u", c.email_number);
    n += std::snprintf(out + n, 32, "@%s", kDomains[c.domain]);
    return static_cast<size_t>(n);
  }

  static uint64_t Hash(const char* s, size_t n) {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; ++i) h = (h ^ static_cast<unsigned char>(s[i])) * 0x100000001b3ULL;
    return h;
  }

  void RandomiseAddress(Customer* c, bool same_state) {
    if (same_state) {
      // Move within the state when it has another city, else just move house.
      size_t candidates[kCityCount];
      size_t n = 0;
      for (size_t k = 0; k < kCityCount; ++k)
        if (kCities[k].state == kCities[c->city].state) candidates[n++] = k;
      c->city = static_cast<uint8_t>(candidates[rng_.Below(static_cast<uint32_t>(n))]);
    } else {
      uint16_t weights[kCityCount];
      for (size_t k = 0; k < kCityCount; ++k) weights[k] = kCities[k].weight;
      c->city = static_cast<uint8_t>(rng_.Pick(weights));
    }
    c->street = static_cast<uint8_t>(rng_.Below(kStreetCount));
    c->street2 = static_cast<uint8_t>(rng_.Below(kStreetCount));
    c->house = static_cast<uint16_t>(rng_.Chance(8000) ? rng_.Range(1, 40) : rng_.Range(41, 250));
    static const uint16_t kAddressStyles[] = {35, 20, 12, 10, 12, 3, 3};
    c->address_style = static_cast<uint8_t>(rng_.Pick(kAddressStyles));
    uint32_t stops = 0;
    while (stops < 3 && kCities[c->city].stops[stops] != nullptr) ++stops;
    c->stop = static_cast<uint8_t>(rng_.Below(stops));
  }

  /// A new customer; `unique` reserves the email so no two customers share one.
  Customer NewCustomer(int64_t now_ms, bool unique) {
    Customer c{};
    static const uint16_t kKinds[] = {62, 25, 13};
    c.kind = static_cast<Kind>(rng_.Pick(kKinds));
    c.first = static_cast<uint16_t>(rng_.Chance(200) ? kFirstCount + rng_.Below(kAccentedFirstCount)
                                                     : rng_.Below(kFirstCount));
    c.last = static_cast<uint16_t>(rng_.Chance(150) ? kLastCount + rng_.Below(kAccentedLastCount)
                                                    : rng_.Below(kLastCount));
    static const uint16_t kTiers[] = {700, 200, 80, 20};
    c.tier = static_cast<uint8_t>(rng_.Pick(kTiers));
    RandomiseAddress(&c, false);
    const uint64_t prefix =
        kPhonePrefixes[rng_.Below(sizeof kPhonePrefixes / sizeof kPhonePrefixes[0])];
    c.phone = prefix * 10000000ULL + rng_.Below(10000000);
    static const uint16_t kPhoneStyles[] = {40, 12, 15, 6, 8, 3, 5, 5, 6};
    c.phone_style = static_cast<uint8_t>(rng_.Pick(kPhoneStyles));
    static const uint16_t kEmailStyles[] = {35, 20, 8, 12, 8, 17};
    c.email_style = static_cast<uint8_t>(rng_.Pick(kEmailStyles));
    c.domain = static_cast<uint8_t>(rng_.Pick(kDomainWeights));
    if (rng_.Chance(4000)) {
      c.email_number = rng_.Chance(5000) ? rng_.Range(70, 99) : rng_.Range(1, 999);
    }
    if (c.email_style == 5 && c.email_number == 0) c.email_number = rng_.Range(1, 99);
    if (unique) {
      char email[128];
      for (uint32_t attempt = 0;; ++attempt) {
        const size_t n = CanonicalEmail(c, email);
        if (emails_.insert(Hash(email, n)).second) break;
        const uint32_t limit = attempt < 8 ? 9999 : 999999999;
        c.email_number = rng_.Range(1, limit);
      }
    }
    c.registered = c.kind == Kind::kRegistered;
    if (c.registered) {
      const int64_t earliest = (start_day_ - 180) * kMsPerDay / 1000;
      int64_t at = now_ms / 1000 - rng_.Below(200 * 86400);
      if (at < earliest) at = earliest + rng_.Below(86400);
      c.buyer = NewOid(at);
    }
    return c;
  }

  uint32_t ChooseCustomer(int64_t now_ms) {
    // A repeat order goes half the time to the customer of a random earlier order (preferential
    // attachment: who bought often buys again, a Pareto-like tail), half the time to any customer.
    if (order_customers_.empty() || rng_.Chance(5600)) {
      customers_.push_back(NewCustomer(now_ms, true));
      return static_cast<uint32_t>(customers_.size() - 1);
    }
    uint32_t ci;
    if (rng_.Chance(5000)) {
      ci = order_customers_[rng_.Below(static_cast<uint32_t>(order_customers_.size()))];
    } else {
      ci = rng_.Below(static_cast<uint32_t>(customers_.size()));
    }
    Customer& c = customers_[ci];
    if (c.kind == Kind::kConverter && !c.registered && rng_.Chance(4500)) {
      c.registered = true;
      c.buyer = NewOid(now_ms / 1000 - rng_.Range(60, 3 * 86400));
    }
    if (rng_.Chance(400)) RandomiseAddress(&c, rng_.Chance(7000));
    return ci;
  }

  // --- orders ---

  Order BuildOrder(const Customer& c, int64_t now_ms) {
    Order o{};
    o.who = c;
    o.id = NewOid(now_ms / 1000);
    o.render_seed = rng_.Next();
    o.created_ms = now_ms;
    o.has_buyer = c.registered && !rng_.Chance(200);  // a registered buyer checking out as guest
    static const uint16_t kItemCounts[] = {68, 22, 8, 2};
    o.item_count = static_cast<uint8_t>(1 + rng_.Pick(kItemCounts));
    static const uint16_t kBands[4][4] = {
        {80, 20, 0, 0}, {40, 48, 12, 0}, {15, 40, 38, 7}, {5, 25, 45, 25}};
    int64_t subtotal_kobo = 0;
    for (uint8_t k = 0; k < o.item_count; ++k) {
      const size_t band = rng_.Pick(kBands[c.tier]);
      size_t first = 0;
      while (kProducts[first].band != band) ++first;
      size_t count = 0;
      while (first + count < kProductCount && kProducts[first + count].band == band) ++count;
      o.product[k] = static_cast<uint8_t>(first + rng_.Below(static_cast<uint32_t>(count)));
      static const uint16_t kQuantities[] = {600, 250, 100, 30, 15, 5};
      uint32_t q = static_cast<uint32_t>(1 + rng_.Pick(kQuantities));
      if (c.tier == 3 && rng_.Chance(4000)) q = rng_.Range(2, 12);  // resellers buy in bulk
      o.quantity[k] = static_cast<uint8_t>(q);
      subtotal_kobo += kProducts[o.product[k]].price_kobo * q;
    }
    if (rng_.Chance(800)) subtotal_kobo = subtotal_kobo * 90 / 100;  // a 10% coupon
    if (subtotal_kobo >= 10000000) {
      o.fee_naira = 0;  // free delivery from ₦100,000
    } else if (kCities[c.city].state == kLagos) {
      static const int64_t kLagosFees[] = {1500, 2000, 2500};
      o.fee_naira = kLagosFees[rng_.Below(3)];
    } else {
      static const int64_t kFees[] = {3000, 3500, 4500};
      o.fee_naira = kFees[rng_.Below(3)];
    }
    o.total_milli = (subtotal_kobo + o.fee_naira * 100) * 10;
    if (rng_.Chance(20))
      o.total_milli = 0;  // a giveaway
    else if (rng_.Chance(30))
      o.total_milli += 5;  // three decimals: ...005
    else if (rng_.Chance(5))
      o.total_milli = 1005;  // ₦1.005, a test payment
    o.payment = static_cast<uint8_t>(rng_.Pick(kPaymentWeights));
    o.flow = kSingle;
    o.single_status = static_cast<Status>(rng_.Pick(kSingleStatusWeights));
    static const uint16_t kUpdatedKinds[] = {4500, 5300, 100, 100};
    o.updated_kind = static_cast<uint8_t>(rng_.Pick(kUpdatedKinds));
    o.updated_ms = now_ms + (rng_.Chance(5000) ? rng_.Below(3600) * 1000
                                               : rng_.Below(30 * 86400) * int64_t{1000});
    return o;
  }

  void MakeFlow(Order* o) {
    o->flow = static_cast<uint8_t>(rng_.Pick(kFlowWeights));
    const Flow& f = kFlows[o->flow];
    o->step0_updated = rng_.Chance(5000);
    o->step_ms[0] = o->created_ms;
    for (uint8_t k = 1; k < f.steps; ++k) {
      int64_t gap_minutes;
      switch (f.status[k]) {
        case kShipped:
          gap_minutes = rng_.Range(1 * 1440, 3 * 1440);
          break;
        case kDelivered:
          gap_minutes = rng_.Range(1 * 1440, 8 * 1440);
          break;
        case kRefunded:
          gap_minutes = rng_.Range(3 * 1440, 21 * 1440);
          break;
        default:
          gap_minutes = rng_.Range(2, 180);
          break;
      }
      o->step_ms[k] = o->step_ms[k - 1] + gap_minutes * kMsPerMinute + rng_.Below(60000);
    }
  }

  /// Puts step `step` of kept_[index] into the queue, as far down the file as its time is.
  void Schedule(uint32_t index, uint8_t step, uint64_t now_record, bool advance) {
    const Order& o = kept_[index];
    const int64_t gap_minutes = (o.step_ms[step] - o.step_ms[step - 1]) / kMsPerMinute;
    const uint64_t ahead = records_ * static_cast<uint64_t>(gap_minutes) / (uint64_t{kDays} * 1440);
    const uint64_t jitter = rng_.Below(4);
    queue_.push(Scheduled{now_record + 1 + ahead + jitter, seq_++, index, step, advance});
  }

  void ScheduleRepeat(uint32_t index, uint8_t step, uint64_t now_record) {
    const uint64_t delay = 1 + rng_.Below(static_cast<uint32_t>(stale_window_));
    queue_.push(Scheduled{now_record + delay, seq_++, index, step, false});
  }

  void RememberId(const Oid& id) {
    if (recent_ids_.size() < 4096) {
      recent_ids_.push_back(id);
    } else {
      recent_ids_[recent_next_] = id;
      recent_next_ = (recent_next_ + 1) % recent_ids_.size();
    }
  }

  /// Picks where the next rejected record goes: somewhere in the next stretch of the file.
  void NextRejectedPosition() {
    if (rejected_done_ >= rejected_total_) {
      next_rejected_ = UINT64_MAX;
      return;
    }
    const uint64_t begin = rejected_done_ * records_ / rejected_total_;
    const uint64_t end = (rejected_done_ + 1) * records_ / rejected_total_;
    next_rejected_ = begin + rng_.Below(static_cast<uint32_t>(end - begin));
    ++rejected_done_;
  }

  /// Defect kinds come from a shuffled bag, so each appears equally often.
  Defect NextDefect() {
    if (defect_bag_used_ == kDefectKinds) {
      for (int k = 0; k < kDefectKinds; ++k) defect_bag_[k] = static_cast<Defect>(k + 1);
      for (int k = kDefectKinds - 1; k > 0; --k) {
        const uint32_t j = rng_.Below(static_cast<uint32_t>(k + 1));
        std::swap(defect_bag_[k], defect_bag_[j]);
      }
      defect_bag_used_ = 0;
    }
    return defect_bag_[defect_bag_used_++];
  }

  void EmitRecord(uint64_t i) {
    if (i == next_rejected_) {
      EmitRejected(i);
      NextRejectedPosition();
      return;
    }
    if (!queue_.empty() && queue_.top().due <= i) {
      const Scheduled s = queue_.top();
      queue_.pop();
      const Order& o = kept_[s.order];
      WriteOrder(o, s.step, Defect::kNone);
      if (s.advance) {
        if (s.step + 1 < kFlows[o.flow].steps)
          Schedule(s.order, static_cast<uint8_t>(s.step + 1), i, true);
        if (rng_.Chance(2000))
          ScheduleRepeat(s.order, static_cast<uint8_t>(s.step - 1), i);  // stale
      }
      return;
    }
    const int64_t now = TimeAt(i);
    const uint32_t ci = ChooseCustomer(now);
    Order o = BuildOrder(customers_[ci], now);
    order_customers_.push_back(ci);
    RememberId(o.id);
    if (rng_.Chance(900)) {
      MakeFlow(&o);
      kept_.push_back(o);
      const uint32_t index = static_cast<uint32_t>(kept_.size() - 1);
      WriteOrder(o, 0, Defect::kNone);
      Schedule(index, 1, i, true);
    } else {
      WriteOrder(o, 0, Defect::kNone);
      if (rng_.Chance(150)) {  // the same document sent twice
        kept_.push_back(o);
        ScheduleRepeat(static_cast<uint32_t>(kept_.size() - 1), 0, i);
      }
    }
  }

  void EmitRejected(uint64_t i) {
    const Defect defect = NextDefect();
    if (defect == Defect::kNotObject) {
      static const char* const kJunk[] = {
          "\"ORDER_SYNC_FAILED\"", "null", "12345", "[]", "true", "\"pending\""};
      out_->Raw(kJunk[rng_.Below(sizeof kJunk / sizeof kJunk[0])]);
      return;
    }
    const int64_t now = TimeAt(i);
    Customer c = !customers_.empty() && rng_.Chance(5000)
                     ? customers_[rng_.Below(static_cast<uint32_t>(customers_.size()))]
                     : NewCustomer(now, false);
    Order o = BuildOrder(c, now);
    if (defect == Defect::kBadEmail) o.has_buyer = false;
    // Some broken records carry the id of an order already written: they must not replace it.
    if (defect != Defect::kMissingId && !recent_ids_.empty() && rng_.Chance(2500)) {
      o.id = recent_ids_[rng_.Below(static_cast<uint32_t>(recent_ids_.size()))];
    }
    WriteOrder(o, 0, defect);
  }

  // --- rendering ---

  void Key(const char* name) {
    if (!first_field_) out_->Char(',');
    first_field_ = false;
    out_->Char('"');
    out_->Raw(name);
    out_->Raw("\":");
  }

  void WriteOid(const Oid& id, bool wrapped) {
    char hex[24];
    OidHex(id, hex);
    if (wrapped)
      out_->Raw("{\"$oid\":\"");
    else
      out_->Char('"');
    out_->Raw(hex, 24);
    out_->Raw(wrapped ? "\"}" : "\"");
  }

  bool Ndjson() const { return shape_ == Shape::kNdjson; }

  /// A date in one of the many forms shops and exports use.
  void WriteDate(int64_t ms, bool allow_date_only) {
    char text[48];
    if (Ndjson()) {
      if (rng_.Chance(6000)) {
        out_->Raw("{\"$date\":\"");
        out_->Raw(text, FormatIso(text, ms, 3, Zone::kUtc, 0, false));
        out_->Raw("\"}");
      } else {
        out_->Raw("{\"$date\":{\"$numberLong\":\"");
        out_->Int(ms);
        out_->Raw("\"}}");
      }
      return;
    }
    static const uint16_t kForms[] = {40, 15, 8, 3, 2, 1, 2, 2, 4, 8, 6, 8};
    size_t form = rng_.Pick(kForms);
    if (form == 7 && !allow_date_only) form = 0;
    size_t n = 0;
    switch (form) {
      case 0:  // ...00.123Z
        n = FormatIso(text, ms, 3, Zone::kUtc, 0, false);
        break;
      case 1:  // ...00Z
        n = FormatIso(text, ms, 0, Zone::kUtc, 0, false);
        break;
      case 2:  // ...+01:00
        n = FormatIso(text, ms, 3, Zone::kOffset, 60, false);
        break;
      case 3:
        n = FormatIso(text, ms, 0, Zone::kOffset, 60, false);
        break;
      case 4:  // +00:00
        n = FormatIso(text, ms, 3, Zone::kOffset, 0, false);
        break;
      case 5:  // -05:00
        n = FormatIso(text, ms, 0, Zone::kOffset, -300, false);
        break;
      case 6: {  // microseconds
        const uint32_t micro = rng_.Below(1000);
        n = FormatIso(text, ms, 6, Zone::kUtc, 0, false, micro);
        break;
      }
      case 7:  // date only
        n = FormatIso(text, ms, 0, Zone::kUtc, 0, true);
        break;
      case 8:  // no zone = UTC
        n = FormatIso(text, ms, 0, Zone::kNone, 0, false);
        break;
      case 9:  // Extended JSON, relaxed
        out_->Raw("{\"$date\":\"");
        out_->Raw(text, FormatIso(text, ms, 3, Zone::kUtc, 0, false));
        out_->Raw("\"}");
        return;
      case 10:  // Extended JSON, canonical
        out_->Raw("{\"$date\":{\"$numberLong\":\"");
        out_->Int(ms);
        out_->Raw("\"}}");
        return;
      default:
        out_->Int(ms);  // epoch milliseconds
        return;
    }
    out_->Str(text, n);
  }

  void WriteTotal(int64_t milli) {
    static const uint16_t kArrayForms[] = {38, 12, 8, 8, 3, 5, 2, 3, 10, 6, 5};
    static const uint16_t kNdjsonForms[] = {17, 0, 2, 3, 0, 3, 0, 0, 30, 25, 20};
    const size_t form = Ndjson() ? rng_.Pick(kNdjsonForms) : rng_.Pick(kArrayForms);
    const bool whole = milli % 1000 == 0;
    char text[48];
    size_t n = 0;
    switch (form) {
      case 0:
        out_->Raw(text, FormatAmount(text, milli, AmountStyle::kShortest, false));
        return;
      case 1:
        out_->Raw(text, FormatAmount(text, milli, AmountStyle::kTwo, false));
        return;
      case 2:  // "25000.50"
        n = FormatAmount(text, milli, AmountStyle::kTwo, false);
        break;
      case 3:  // "25,000.50"
        n = FormatAmount(text, milli, AmountStyle::kTwo, true);
        break;
      case 4:
        n = FormatAmount(text, milli, AmountStyle::kShortest, true);
        break;
      case 5:  // "₦12,500"
        std::memcpy(text, "\xE2\x82\xA6", 3);
        n = 3 + FormatAmount(text + 3, milli, AmountStyle::kShortest, true);
        break;
      case 6:
        std::memcpy(text, "\xE2\x82\xA6", 3);
        n = 3 + FormatAmount(text + 3, milli, AmountStyle::kTwo, true);
        break;
      case 7:  // "NGN 7,000.00"
        std::memcpy(text, "NGN ", 4);
        n = 4 + FormatAmount(text + 4, milli, AmountStyle::kTwo, true);
        break;
      case 8:
        out_->Raw("{\"$numberDecimal\":\"");
        out_->Raw(text, FormatAmount(text, milli, AmountStyle::kTwo, false));
        out_->Raw("\"}");
        return;
      case 9:
        if (whole) {
          const bool small = milli / 1000 <= 2147483647;
          out_->Raw(small ? "{\"$numberInt\":\"" : "{\"$numberLong\":\"");
          out_->Int(milli / 1000);
          out_->Raw("\"}");
          return;
        }
        [[fallthrough]];
      default:
        out_->Raw("{\"$numberDouble\":\"");
        out_->Raw(text, FormatAmount(text, milli, AmountStyle::kDouble, false));
        out_->Raw("\"}");
        return;
    }
    out_->Str(text, n);
  }

  /// A negative total, only in forms whose sign nobody can misread ("-2,500.00", not "₦-2,500").
  void WriteNegativeTotal(int64_t milli) {
    char text[48];
    switch (rng_.Below(4)) {
      case 0:
        out_->Raw(text, FormatAmount(text, milli, AmountStyle::kShortest, false));
        break;
      case 1:
        out_->Str(text, FormatAmount(text, milli, AmountStyle::kTwo, true));
        break;
      case 2:
        out_->Raw("{\"$numberDecimal\":\"");
        out_->Raw(text, FormatAmount(text, milli, AmountStyle::kTwo, false));
        out_->Raw("\"}");
        break;
      default:
        out_->Raw("{\"$numberDouble\":\"");
        out_->Raw(text, FormatAmount(text, milli, AmountStyle::kDouble, false));
        out_->Raw("\"}");
        break;
    }
  }

  void WriteSmallInt(int64_t v) {
    if (Ndjson()) {
      out_->Raw("{\"$numberInt\":\"");
      out_->Int(v);
      out_->Raw("\"}");
    } else {
      out_->Int(v);
    }
  }

  /// Writes a space at out (a no-break space, U+00A0, when `nbsp`); returns its bytes.
  static size_t PutSpace(char* out, bool nbsp) {
    if (!nbsp) return out[0] = ' ', 1;
    out[0] = '\xC2', out[1] = '\xA0';
    return 2;
  }

  /// Writes `text` as a JSON string, changing its case and spacing as customers do.
  /// variant: 0 as is, 1 UPPER, 2 lower, 3 " spaced ", 4 trailing spaces, 5 inner spaces tripled.
  /// Case changes reach the accented letters of the names above too (ADÉBÁYỌ̀); one in five
  /// spaced or trailing variants pads with no-break spaces (U+00A0), as text pasted from a web
  /// page does.
  void WriteVariant(const char* text, int variant, bool allow_ascii_escapes, Rng* local) {
    // Lower / upper case pairs of the accented letters the names use, as UTF-8.
    static const char* const kCasePairs[][2] = {
        {"\xC3\xA0", "\xC3\x80"}, {"\xC3\xA1", "\xC3\x81"}, {"\xC3\xA9", "\xC3\x89"},
        {"\xC3\xAC", "\xC3\x8C"}, {"\xC3\xAD", "\xC3\x8D"}, {"\xC3\xB2", "\xC3\x92"},
        {"\xC3\xBA", "\xC3\x9A"}, {"\xC5\x84", "\xC5\x83"}, {"\xE1\xBA\xB9", "\xE1\xBA\xB8"},
        {"\xE1\xBB\x8D", "\xE1\xBB\x8C"}, {"\xE1\xB9\xA3", "\xE1\xB9\xA2"}};
    char buf[256];
    size_t n = 0;
    bool ascii = true;
    for (const char* p = text; *p != '\0'; ++p)
      ascii = ascii && static_cast<unsigned char>(*p) < 0x80;
    const bool nbsp = (variant == 3 || variant == 4) && local->Chance(2000);
    auto space = [&] { n += PutSpace(buf + n, nbsp); };
    if (variant == 3) space();
    for (const char* p = text; *p != '\0' && n < 240;) {
      if ((variant == 1 || variant == 2) && static_cast<unsigned char>(*p) >= 0x80) {
        const char* from = nullptr;
        const char* to = nullptr;
        for (const auto& pair : kCasePairs) {
          const char* have = pair[variant == 1 ? 0 : 1];
          if (std::strncmp(p, have, std::strlen(have)) == 0) from = have, to = pair[variant == 1 ? 1 : 0];
        }
        if (from) {
          for (const char* t = to; *t != '\0'; ++t) buf[n++] = *t;
          p += std::strlen(from);
          continue;
        }
      }
      char c = *p++;
      if (variant == 1 && c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
      if (variant == 2 && c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
      buf[n++] = c;
      if (variant == 5 && c == ' ') {
        buf[n++] = ' ';
        buf[n++] = ' ';
      }
    }
    if (variant == 3) space();
    if (variant == 4) space(), space();
    if (!ascii && allow_ascii_escapes && local->Chance(3000))
      out_->StrAscii(buf, n);
    else
      out_->Str(buf, n);
  }

  int NameVariant(Rng* local) {
    static const uint16_t kVariants[] = {820, 60, 60, 30, 30, 0};
    return static_cast<int>(local->Pick(kVariants));
  }

  void WriteEmail(const Customer& c, bool from_registered, Rng* local) {
    char email[128];
    size_t n = CanonicalEmail(c, email);
    static const uint16_t kForms[] = {80, 7, 3, 5, 3, 2};
    static const uint16_t kRegisteredForms[] = {55, 25, 5, 5, 5, 5};
    const size_t form = c.kind == Kind::kConverter && from_registered
                            ? local->Pick(kRegisteredForms)
                            : local->Pick(kForms);
    char buf[160];
    size_t m = 0;
    const bool nbsp = (form == 3 || form == 4) && local->Chance(2000);  // pasted: U+00A0
    auto space = [&] { m += PutSpace(buf + m, nbsp); };
    if (form == 3) space();
    bool word_start = true;
    bool in_domain = false;
    for (size_t k = 0; k < n; ++k) {
      char ch = email[k];
      const bool letter = ch >= 'a' && ch <= 'z';
      if (form == 2 && letter) ch = static_cast<char>(ch - 32);  // UPPER
      if (form == 1 && letter && word_start && !in_domain)
        ch = static_cast<char>(ch - 32);                                       // Ada.Obi@
      if (form == 5 && letter && word_start) ch = static_cast<char>(ch - 32);  // Ada.Obi@Gmail.Com
      word_start = !letter && !(ch >= 'A' && ch <= 'Z');
      if (ch == '@') in_domain = true;
      buf[m++] = ch;
    }
    if (form == 3) space();
    if (form == 4) space(), space();
    out_->Str(buf, m);
  }

  /// An email that no SPEC §2 check accepts.
  void WriteInvalidEmail(const Customer& c) {
    char email[128];
    const size_t n = CanonicalEmail(c, email);
    const char* at = static_cast<const char*>(std::memchr(email, '@', n));
    const size_t local_len = static_cast<size_t>(at - email);
    std::string bad;
    switch (rng_.Below(6)) {
      case 0:  // no @
        bad.assign(email, local_len);
        bad += ".";
        bad.append(at + 1, n - local_len - 1);
        break;
      case 1:  // a space inside
        bad.assign(email, local_len);
        bad.insert(bad.size() / 2 + 1, " ");
        bad.append(at, n - local_len);
        break;
      case 2:  // no dot in the domain
        bad.assign(email, local_len);
        bad += "@gmail";
        break;
      case 3:  // two @
        bad.assign(email, n);
        bad.insert(local_len, "@home");
        break;
      case 4:  // empty local part
        bad.assign(at, n - local_len);
        break;
      default:
        bad = "n/a";
        break;
    }
    out_->Str(bad.data(), bad.size());
  }

  void WritePhone(const Customer& c, Rng* local) {
    char digits[16];
    std::snprintf(digits, sizeof digits, "%010llu", static_cast<unsigned long long>(c.phone));
    // A customer mostly writes their number one way.
    static const uint16_t kStyles[] = {40, 12, 15, 6, 8, 3, 5, 5, 6};
    const size_t style = local->Chance(7500) ? c.phone_style : local->Pick(kStyles);
    char out[40];
    int n = 0;
    const char* d = digits;
    switch (style) {
      case 0:
        n = std::snprintf(out, sizeof out, "0%s", d);
        break;
      case 1:
        n = std::snprintf(out, sizeof out, "0%.3s %.3s %.4s", d, d + 3, d + 6);
        break;
      case 2:
        n = std::snprintf(out, sizeof out, "+234%s", d);
        break;
      case 3:
        n = std::snprintf(out, sizeof out, "+234 %.3s-%.3s-%.4s", d, d + 3, d + 6);
        break;
      case 4:
        n = std::snprintf(out, sizeof out, "234%s", d);
        break;
      case 5:
        n = std::snprintf(out, sizeof out, "(0%.3s) %.3s.%.4s", d, d + 3, d + 6);
        break;
      case 6:
        n = std::snprintf(out, sizeof out, "%s", d);
        break;
      case 7:
        n = std::snprintf(out, sizeof out, "0%.3s-%.3s-%.4s", d, d + 3, d + 6);
        break;
      default:
        n = std::snprintf(out, sizeof out, "+234 %.3s %.3s %.4s", d, d + 3, d + 6);
        break;
    }
    out_->Str(out, static_cast<size_t>(n));
  }

  void WriteAddress(const Customer& c, Rng* local) {
    char text[200];
    const char* street = kStreets[c.street];
    const char* street2 = kStreets[c.street2];
    switch (c.address_style) {
      case 0:
        std::snprintf(text, sizeof text, "%u %s", c.house, street);
        break;
      case 1:
        std::snprintf(text, sizeof text, "No. %u, %s", c.house, street);
        break;
      case 2:
        std::snprintf(text, sizeof text, "Plot %u, %s", c.house, street);
        break;
      case 3:
        std::snprintf(text, sizeof text, "Flat %u, Block %c, %u %s", c.house % 6 + 1,
                      'A' + c.house % 5, c.house, street);
        break;
      case 4:
        std::snprintf(text, sizeof text, "%u%c %s, off %s", c.house, 'A' + c.house % 4, street,
                      street2);
        break;
      case 5:
        std::snprintf(text, sizeof text, "House %u, \"%s\" Estate, %s", c.house,
                      kEstates[c.house % (sizeof kEstates / sizeof kEstates[0])], street);
        break;
      default:
        std::snprintf(text, sizeof text, "%u %s\nOpposite %s", c.house, street,
                      kLandmarks[c.house % (sizeof kLandmarks / sizeof kLandmarks[0])]);
        break;
    }
    static const uint16_t kVariants[] = {920, 0, 30, 0, 50, 0};
    WriteVariant(text, static_cast<int>(local->Pick(kVariants)), false, local);
  }

  void WriteState(StateId state, Rng* local) {
    char text[64];
    if (state == kFct) {
      static const char* const kForms[] = {
          "Abuja", "FCT",  "Abuja FCT", "Federal Capital Territory",
          "abuja", "FCT ", "ABUJA",     "fct"};
      static const uint16_t kWeights[] = {35, 25, 12, 10, 8, 4, 4, 2};
      out_->Str(kForms[local->Pick(kWeights)]);
      return;
    }
    const char* name = kStateNames[state];
    static const uint16_t kForms[] = {52, 10, 12, 8, 4, 6, 3, 5};
    int n = 0;
    char lower[32];
    size_t k = 0;
    for (; name[k] != '\0'; ++k)
      lower[k] = static_cast<char>(name[k] >= 'A' && name[k] <= 'Z' ? name[k] + 32 : name[k]);
    lower[k] = '\0';
    switch (local->Pick(kForms)) {
      case 0:
        n = std::snprintf(text, sizeof text, "%s", name);
        break;
      case 1:
        n = std::snprintf(text, sizeof text, "%s", lower);
        break;
      case 2:
        n = std::snprintf(text, sizeof text, "%s State", name);
        break;
      case 3:
        n = std::snprintf(text, sizeof text, "%s", name);
        for (int j = 0; j < n; ++j)
          if (text[j] >= 'a' && text[j] <= 'z') text[j] = static_cast<char>(text[j] - 32);
        break;
      case 4:
        n = std::snprintf(text, sizeof text, " %s  state ", lower);
        break;
      case 5:
        n = std::snprintf(text, sizeof text, "%s state", name);
        break;
      case 6:
        n = std::snprintf(text, sizeof text, "%s state", lower);
        break;
      default:
        n = std::snprintf(text, sizeof text, " %s", name);
        break;
    }
    out_->Str(text, static_cast<size_t>(n));
  }

  void WriteNames(const Customer& c, Rng* local) {
    const char* first = FirstName(c.first);
    const char* last = LastName(c.last);
    static const uint16_t kStyles[] = {65, 12, 10, 6, 4, 3};
    const size_t style = local->Pick(kStyles);
    if (style == 0 || style == 1 || style == 4) {
      Key("firstName");
      WriteVariant(first, NameVariant(local), true, local);
    }
    if (style == 0 || style == 1) {
      Key("lastName");
      WriteVariant(last, NameVariant(local), true, local);
    }
    if (style == 1 || style == 2 || style == 3) {
      char full[128];
      std::snprintf(full, sizeof full, "%s %s", first, last);
      static const uint16_t kVariants[] = {850, 50, 40, 20, 10, 30};
      Key(style == 3 ? "name" : "fullName");
      WriteVariant(full, static_cast<int>(local->Pick(kVariants)), true, local);
    }
  }

  void WriteStatus(Status status) {
    if (status == kNullStatus) {
      Key("status");
      out_->Raw("null");
      return;
    }
    if (status == kNoStatus) return;
    Key("status");
    static const uint16_t kVariants[] = {900, 40, 20, 20, 10, 10};
    const size_t variant = rng_.Pick(kVariants);
    const char* text = kStatusText[status];
    char buf[32];
    size_t n = 0;
    if (variant == 3 || variant == 5) buf[n++] = ' ';
    for (const char* p = text; *p != '\0'; ++p) {
      char ch = *p;
      if (variant == 2 || ((variant == 1 || variant == 3) && p == text))
        ch = static_cast<char>(ch - 32);
      buf[n++] = ch;
    }
    if (variant == 3 || variant == 4) buf[n++] = ' ';
    out_->Str(buf, n);
  }

  /// Writes version `step` of an order (step 0 for a single-version order), damaged by `defect`.
  void WriteOrder(const Order& o, uint8_t step, Defect defect) {
    const Customer& c = o.who;
    Rng local(o.render_seed);  // contact fields: the same in every version of this order
    first_field_ = true;
    out_->Char('{');

    if (defect != Defect::kMissingId) {
      const bool as_id = !Ndjson() && rng_.Chance(50);
      Key(as_id ? "id" : "_id");
      WriteOid(o.id, Ndjson() || rng_.Chance(500));
    }

    const bool buyer = o.has_buyer && defect != Defect::kBadEmail;
    if (buyer) {
      Key("buyerId");
      WriteOid(c.buyer, Ndjson() || rng_.Chance(700));
    } else {
      static const uint16_t kGuestForms[] = {45, 40, 15};
      const size_t form = local.Pick(kGuestForms);
      if (form == 1) {
        Key("buyerId");
        out_->Raw("null");
      } else if (form == 2) {
        Key("buyerId");
        out_->Raw("\"\"");
      }
    }

    if (defect == Defect::kBadEmail) {
      if (!rng_.Chance(1500)) {
        Key("email");
        WriteInvalidEmail(c);
      }
    } else if (buyer && local.Chance(50)) {
      // A registered order without an email: keyed by buyer:<id>.
      if (local.Chance(5000)) {
        Key("email");
        out_->Raw("\"\"");
      }
    } else {
      Key("email");
      WriteEmail(c, buyer, &local);
    }

    static const uint16_t kPhoneForms[] = {95, 3, 2};
    const size_t phone_form = local.Pick(kPhoneForms);
    if (phone_form == 0) {
      Key("phone");
      WritePhone(c, &local);
    } else if (phone_form == 2) {
      Key("phone");
      out_->Raw("\"\"");
    }

    WriteNames(c, &local);

    if (!local.Chance(200)) {
      Key("address");
      WriteAddress(c, &local);
    }
    const City& city = kCities[c.city];
    static const uint16_t kStopForms[] = {60, 35, 5};
    const size_t stop_form = local.Pick(kStopForms);
    if (stop_form == 0) {
      Key("busStop");
      out_->Str(city.stops[c.stop]);
    } else if (stop_form == 2) {
      Key("busStop");
      out_->Raw("\"\"");
    }
    static const uint16_t kCityForms[] = {700, 90, 80, 60, 40, 20, 10};
    const size_t city_form = local.Pick(kCityForms);
    if (city_form == 6) {
      Key("city");
      out_->Raw("\"\"");
    } else if (city_form != 5) {
      Key("city");
      int variant = 0;
      if (city_form == 1) variant = 2;
      if (city_form == 2) variant = 1;
      if (city_form == 3) variant = std::strchr(city.name, ' ') != nullptr ? 5 : 3;
      if (city_form == 4) variant = 3;
      if (city_form == 3 && variant == 5) {
        char lower[64];
        size_t k = 0;
        for (; city.name[k] != '\0'; ++k)
          lower[k] = static_cast<char>(
              city.name[k] >= 'A' && city.name[k] <= 'Z' ? city.name[k] + 32 : city.name[k]);
        lower[k] = '\0';
        WriteVariant(lower, 5, false, &local);  // "port   harcourt"
      } else {
        WriteVariant(city.name, variant, false, &local);
      }
    }
    static const uint16_t kStateForms[] = {975, 15, 10};
    const size_t state_form = local.Pick(kStateForms);
    if (state_form == 0) {
      Key("state");
      WriteState(city.state, &local);
    } else if (state_form == 2) {
      Key("state");
      out_->Raw("\"\"");
    }
    if (local.Chance(4500)) {
      Key("zipCode");
      out_->Str(city.zip);
    }
    static const uint16_t kCountryForms[] = {50, 33, 10, 3, 2, 2};
    static const char* const kCountries[] = {"Nigeria", nullptr, "", " Nigeria ", "NIGERIA", "NG"};
    const size_t country_form = local.Pick(kCountryForms);
    if (kCountries[country_form] != nullptr) {
      Key("country");
      out_->Str(kCountries[country_form]);
    }

    Key("items");
    out_->Char('[');
    for (uint8_t k = 0; k < o.item_count; ++k) {
      const Product& p = kProducts[o.product[k]];
      out_->Raw(k == 0 ? "{\"productId\":" : ",{\"productId\":");
      WriteOid(ProductOid(o.product[k]), Ndjson());
      out_->Raw(",\"name\":");
      out_->Str(p.name);
      out_->Raw(",\"quantity\":");
      WriteSmallInt(o.quantity[k]);
      out_->Raw(",\"price\":");
      char text[32];
      const size_t n = FormatAmount(text, p.price_kobo * 10, AmountStyle::kShortest, false);
      if (Ndjson() && p.price_kobo % 100 == 0) {
        WriteSmallInt(p.price_kobo / 100);
      } else if (Ndjson()) {
        out_->Raw("{\"$numberDouble\":\"");
        out_->Raw(text, n);
        out_->Raw("\"}");
      } else {
        out_->Raw(text, n);
      }
      out_->Char('}');
    }
    out_->Char(']');
    if (local.Chance(4000)) {
      Key("deliveryFee");
      WriteSmallInt(o.fee_naira);
    }

    if (defect == Defect::kMissingTotal) {
      // no total at all
    } else if (defect == Defect::kTextTotal) {
      static const char* const kText[] = {"\"abc\"", "\"N/A\"", "\"TBD\"", "\"12,5OO\"",
                                          "{\"$numberDecimal\":\"abc\"}"};
      Key("total");
      out_->Raw(kText[rng_.Below(sizeof kText / sizeof kText[0])]);
    } else if (defect == Defect::kNegativeTotal) {
      Key("total");
      WriteNegativeTotal(-(o.total_milli > 0 ? o.total_milli : 2500000));
    } else {
      Key("total");
      WriteTotal(o.total_milli);
    }

    Key("paymentMethod");
    out_->Str(kPaymentMethods[o.payment]);
    // Status and updatedAt: the version's own.
    int updated_kind;
    int64_t updated_ms = 0;
    if (o.flow == kSingle) {
      WriteStatus(o.single_status);
      updated_kind = o.updated_kind;
      updated_ms = o.updated_ms;
    } else {
      WriteStatus(kFlows[o.flow].status[step]);
      updated_kind = step > 0 || o.step0_updated ? 1 : 0;
      updated_ms = o.step_ms[step];
    }

    if (defect == Defect::kMissingCreatedAt) {
      // no createdAt at all
    } else if (defect == Defect::kBadCreatedAt) {
      static const char* const kText[] = {"not a date", "yesterday", "TBD", "soon"};
      Key("createdAt");
      out_->Str(kText[rng_.Below(sizeof kText / sizeof kText[0])]);
    } else {
      Key("createdAt");
      WriteDate(o.created_ms, true);
    }
    if (updated_kind == 1) {
      Key("updatedAt");
      WriteDate(updated_ms, false);  // never date-only: a later version must stay later
    } else if (updated_kind == 2) {
      Key("updatedAt");
      out_->Raw("null");
    } else if (updated_kind == 3) {
      Key("updatedAt");
      out_->Raw("\"\"");
    }
    Key("__v");
    WriteSmallInt(0);
    out_->Char('}');
  }

  Rng rng_;
  const uint64_t records_;
  const Shape shape_;
  Writer* out_;
  int64_t start_day_ = 0;
  int64_t cumulative_[kDays] = {};
  uint8_t process_[5] = {};
  uint64_t oid_counter_ = 0;
  uint64_t seq_ = 0;
  uint64_t stale_window_ = 4;
  uint64_t rejected_total_ = 0;
  uint64_t rejected_done_ = 0;
  uint64_t next_rejected_ = UINT64_MAX;
  Defect defect_bag_[kDefectKinds] = {};
  int defect_bag_used_ = kDefectKinds;
  bool first_field_ = true;
  std::vector<Customer> customers_;
  std::unordered_set<uint64_t> emails_;    // hashes of canonical emails (membership only)
  std::vector<uint32_t> order_customers_;  // customer of every new order, for repeat picks
  std::vector<Order> kept_;                // orders that will be written again
  std::vector<Oid> recent_ids_;
  size_t recent_next_ = 0;
  std::priority_queue<Scheduled, std::vector<Scheduled>, std::greater<Scheduled>> queue_;
};

// ---------------------------------------------------------------------------------------------

const char kUsage[] =
    "usage: guesttrack-generate --orders N [--seed S] [--shape array|wrapped|ndjson] [--out FILE]\n"
    "\n"
    "Writes N realistic order records of a Nigerian online store (repeat guests, registered\n"
    "buyers, conversions, dirty contact data, status updates, ~0.5% records to reject).\n"
    "The same seed, N and shape always give byte-identical output.\n"
    "\n"
    "  --orders N   number of records to write (versions, duplicates and bad records included)\n"
    "  --seed S     unsigned 64-bit seed (default 1)\n"
    "  --shape      array (default): a JSON array; wrapped: {\"success\":true,\"orders\":[...]};\n"
    "               ndjson: one document per line, MongoDB Extended JSON (mongoexport style)\n"
    "  --out FILE   write to FILE instead of standard output\n";

bool ParseUnsigned(const char* text, uint64_t* out) {
  if (text == nullptr || *text == '\0') return false;
  uint64_t v = 0;
  for (const char* p = text; *p != '\0'; ++p) {
    if (*p < '0' || *p > '9') return false;
    const uint64_t digit = static_cast<uint64_t>(*p - '0');
    if (v > (UINT64_MAX - digit) / 10) return false;
    v = v * 10 + digit;
  }
  *out = v;
  return true;
}

int Fail(const char* message) {
  std::fprintf(stderr, "guesttrack-generate: %s\n\n%s", message, kUsage);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  uint64_t orders = 0;
  uint64_t seed = 1;
  bool have_orders = false;
  Shape shape = Shape::kArray;
  const char* out_path = nullptr;
  for (int i = 1; i < argc; i += 2) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    }
    const char* value = i + 1 < argc ? argv[i + 1] : nullptr;
    if (arg == "--orders") {
      if (!ParseUnsigned(value, &orders)) return Fail("--orders needs a whole number");
      if (orders > 2000000000ULL) return Fail("--orders is limited to 2,000,000,000");
      have_orders = true;
    } else if (arg == "--seed") {
      if (!ParseUnsigned(value, &seed)) return Fail("--seed needs an unsigned 64-bit number");
    } else if (arg == "--shape") {
      const std::string v = value != nullptr ? value : "";
      if (v == "array")
        shape = Shape::kArray;
      else if (v == "wrapped")
        shape = Shape::kWrapped;
      else if (v == "ndjson")
        shape = Shape::kNdjson;
      else
        return Fail("--shape must be array, wrapped or ndjson");
    } else if (arg == "--out") {
      if (value == nullptr) return Fail("--out needs a file name");
      out_path = value;
    } else {
      return Fail(("unknown argument: " + arg).c_str());
    }
  }
  if (!have_orders) return Fail("--orders is required");

  FILE* file = stdout;
  if (out_path != nullptr) {
    file = std::fopen(out_path, "wb");
    if (file == nullptr) {
      std::fprintf(stderr, "guesttrack-generate: cannot open %s: %s\n", out_path,
                   std::strerror(errno));
      return 1;
    }
  }
  Writer writer(file);
  Generator generator(seed, orders, shape, &writer);
  generator.Run();
  writer.Flush();
  bool ok = !writer.failed() && std::fflush(file) == 0 && !std::ferror(file);
  if (out_path != nullptr) ok = std::fclose(file) == 0 && ok;
  if (!ok) {
    std::fprintf(stderr, "guesttrack-generate: write failed: %s\n", std::strerror(errno));
    return 1;
  }
  return 0;
}
