// json_writer.cpp — commas, indentation, escapes and number text for JsonWriter.
#include "json_writer.hpp"

#include <cstdio>
#include <cstdlib>

namespace guesttrack::detail {

void JsonWriter::newline() {
  out_.push_back('\n');
  out_.append(has_items_.size() * 2, ' ');
}

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (has_items_.empty()) return;
  if (has_items_.back()) out_.push_back(',');
  has_items_.back() = true;
  if (pretty_) newline();
}

void JsonWriter::open(char c) {
  before_value();
  out_.push_back(c);
  has_items_.push_back(false);
}

void JsonWriter::close(char c) {
  bool had = has_items_.back();
  has_items_.pop_back();
  if (pretty_ && had) newline();
  out_.push_back(c);
}

void JsonWriter::key(std::string_view k) {
  before_value();
  out_.push_back('"');
  escape(k, &out_);
  out_.append(pretty_ ? "\": " : "\":");
  after_key_ = true;
}

void JsonWriter::escape(std::string_view s, std::string* out) {
  static const char hex[] = "0123456789abcdef";
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out->append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      case '\b': out->append("\\b"); break;
      case '\f': out->append("\\f"); break;
      default:
        out->append("\\u00");
        out->push_back(hex[c >> 4]);
        out->push_back(hex[c & 15]);
    }
  }
  out->append(s.data() + run, s.size() - run);
}

void JsonWriter::string(std::string_view s) {
  before_value();
  out_.push_back('"');
  escape(s, &out_);
  out_.push_back('"');
}

void JsonWriter::null() {
  before_value();
  out_.append("null");
}

void JsonWriter::boolean(bool b) {
  before_value();
  out_.append(b ? "true" : "false");
}

void JsonWriter::number(uint64_t v) {
  before_value();
  out_.append(std::to_string(v));
}

void JsonWriter::number(int64_t v) {
  before_value();
  out_.append(std::to_string(v));
}

void JsonWriter::money(KoboSum kobo) {
  before_value();
  out_.append(format_naira(kobo));
}

void JsonWriter::number(double v) {
  before_value();
  char buf[48];
  int precision = 1;
  for (; precision < 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  // Whole-number digits are never put in an exponent (100 prints "100", not "1e+02").
  double magnitude = v < 0 ? -v : v;
  int int_digits = 0;
  for (double m = magnitude; m >= 1 && int_digits < 17; m /= 10) ++int_digits;
  if (int_digits > precision) precision = int_digits;
  std::snprintf(buf, sizeof buf, "%.*g", precision, v);
  out_.append(buf);
}

}  // namespace guesttrack::detail
