// json_writer.hpp — a small streaming JSON writer. It exists so money prints exactly as kobo
// allow ("1234.50", straight from the integer) — a JSON DOM would hold it as a binary double.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "guesttrack/money.hpp"

namespace guesttrack::detail {

class JsonWriter {
 public:
  /// Appends to `out`. `pretty`: two-space indentation, like JSON.stringify(v, null, 2).
  JsonWriter(std::string* out, bool pretty) : out_(*out), pretty_(pretty) {}

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }
  void key(std::string_view k);

  void string(std::string_view s);
  void null();
  void boolean(bool b);
  void number(uint64_t v);
  void number(int64_t v);
  void money(KoboSum kobo);                      ///< naira, two decimals
  void number(double v);                         ///< shortest text that reads back the same
  void optional_money(const std::optional<KoboSum>& v) { v ? money(*v) : null(); }
  void optional_number(const std::optional<double>& v) { v ? number(*v) : null(); }
  void optional_string(const std::optional<std::string>& v) { v ? string(*v) : null(); }

  /// Appends `s` JSON-escaped (without quotes) to `out`.
  static void escape(std::string_view s, std::string* out);

 private:
  void open(char c);
  void close(char c);
  void before_value();
  void newline();

  std::string& out_;
  bool pretty_;
  std::vector<bool> has_items_;  // per open container
  bool after_key_ = false;
};

}  // namespace guesttrack::detail
