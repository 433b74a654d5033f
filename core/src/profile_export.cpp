// profile_export.cpp — guest profiles as CSV (for spreadsheets) and as a terminal table.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>

#include "guesttrack/report.hpp"
#include "unicode.hpp"

namespace guesttrack {
namespace {

// A sign and then digits only, with spaces and at most one decimal point ("+234 803 123 4567",
// "-5", "-1.50"): a phone number or a number, which a spreadsheet reads as such.
bool signed_number(std::string_view v) {
  bool digit = false, point = false;
  for (size_t i = 1; i < v.size(); ++i) {
    if (v[i] >= '0' && v[i] <= '9') digit = true;
    else if (v[i] == '.' && !point) point = true;
    else if (v[i] != ' ') return false;
  }
  return digit;
}

void csv_cell(std::string_view v, std::string* out) {
  // A cell a spreadsheet would run as a formula gets a leading apostrophe: one starting with
  // = @ tab or CR, or with + or - unless it is only a signed number ("-1+1" is a formula).
  bool formula = !v.empty() && (v[0] == '=' || v[0] == '@' || v[0] == '\t' || v[0] == '\r' ||
                                ((v[0] == '+' || v[0] == '-') && !signed_number(v)));
  bool quote = formula || v.find_first_of(",\"\r\n") != std::string_view::npos ||
               (!v.empty() && (v.front() == ' ' || v.back() == ' '));
  if (!quote) {
    out->append(v);
    return;
  }
  out->push_back('"');
  if (formula) out->push_back('\'');
  for (char c : v) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

// Terminal columns: one per character, none for combining marks (the tone marks of Yoruba names:
// ọ̀ is two code points in one column) and zero-width characters, two for East Asian wide ones
// (CJK, Hangul, full-width forms, emoji).
size_t display_width(std::string_view s) {
  size_t w = 0;
  for (size_t i = 0; i < s.size();) {
    uint32_t cp = detail::next_code_point(s, &i);
    bool zero = (cp >= 0x300 && cp <= 0x36F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
                (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x200B && cp <= 0x200F) ||
                (cp >= 0x20D0 && cp <= 0x20FF) || (cp >= 0xFE20 && cp <= 0xFE2F);
    bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
                (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
                (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
                (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
                (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD);
    w += zero ? 0 : wide ? 2 : 1;
  }
  return w;
}

}  // namespace

std::string printable(std::string_view text, size_t max_bytes) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    size_t start = i;
    uint32_t cp = detail::next_code_point(text, &i);
    std::string_view piece = text.substr(start, i - start);
    char escaped[8];
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
      std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(cp));
      piece = escaped;
    }
    if (out.size() + piece.size() > max_bytes) {
      out += "\xE2\x80\xA6";  // …
      break;
    }
    out += piece;
  }
  return out;
}

std::string profiles_to_csv(const std::vector<GuestProfile>& profiles) {
  std::string out =
      "email,phone,fullName,firstName,lastName,address,busStop,city,state,zipCode,country,"
      "totalOrders,totalSpent,averageOrderValue,firstPurchaseDate,lastPurchaseDate,orderIds\r\n";
  for (const GuestProfile& p : profiles) {
    csv_cell(p.email, &out);
    for (int f = 0; f < kContactFieldCount; ++f) {
      out.push_back(',');
      if (p.contact[f]) csv_cell(*p.contact[f], &out);
    }
    out += ',' + std::to_string(p.total_orders) + ',' + format_naira(p.total_spent) + ',' +
           format_naira(p.average_order_value) + ',' + format_iso8601(p.first_purchase_date) +
           ',' + format_iso8601(p.last_purchase_date) + ',';
    std::string ids;
    for (const std::string& id : p.order_ids) {
      if (!ids.empty()) ids.push_back(' ');
      ids += id;
    }
    csv_cell(ids, &out);
    out += "\r\n";
  }
  return out;
}

std::string profiles_to_table(const std::vector<GuestProfile>& profiles, uint64_t total) {
  const char* headers[] = {"Name", "Email", "Phone", "Orders", "Total spent", "Last order"};
  constexpr int kCols = 6;
  std::vector<std::array<std::string, kCols>> rows;
  rows.reserve(profiles.size());
  for (const GuestProfile& p : profiles) {
    auto text = [](const std::optional<std::string>& v) {
      return v ? printable(*v, SIZE_MAX) : std::string("-");
    };
    rows.push_back({text(p.field(ContactField::full_name)), printable(p.email, SIZE_MAX),
                    text(p.field(ContactField::phone)), std::to_string(p.total_orders),
                    format_naira(p.total_spent),
                    format_iso8601(p.last_purchase_date).substr(0, 10)});
  }
  size_t width[kCols];
  for (int c = 0; c < kCols; ++c) {
    width[c] = display_width(headers[c]);
    for (const auto& row : rows) width[c] = std::max(width[c], display_width(row[c]));
  }
  auto line = [&](const std::array<std::string, kCols>& cells, std::string* out) {
    for (int c = 0; c < kCols; ++c) {
      size_t pad = width[c] - display_width(cells[c]);
      bool right = c >= 3 && c <= 4;  // numbers line up on the right
      if (right) out->append(pad, ' ');
      out->append(cells[c]);
      if (!right && c + 1 < kCols) out->append(pad, ' ');
      if (c + 1 < kCols) out->append("  ");
    }
    out->push_back('\n');
  };
  std::string out;
  std::array<std::string, kCols> head;
  for (int c = 0; c < kCols; ++c) head[c] = headers[c];
  line(head, &out);
  std::array<std::string, kCols> rule;
  for (int c = 0; c < kCols; ++c) rule[c] = std::string(width[c], '-');
  line(rule, &out);
  for (const auto& row : rows) line(row, &out);
  if (total < profiles.size()) total = profiles.size();
  if (total != profiles.size()) out += std::to_string(profiles.size()) + " of ";
  out += std::to_string(total) + (total == 1 ? " guest\n" : " guests\n");
  return out;
}

}  // namespace guesttrack
