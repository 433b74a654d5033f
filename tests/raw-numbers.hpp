// raw-numbers.hpp — test helper: every number of a JSON text as written, by JSON pointer, so a
// test sees what a reader of the text sees (json::parse turns "1234.50" into 1234.5).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace guesttrack::test {

using json = nlohmann::json;

/// Records every number of a JSON text as written, by JSON pointer ("/revenue/total" ->
/// "1234.50"), so tests can see what a reader of the text sees (json::parse drops "1234.50"'s 0).
class RawNumbers : public nlohmann::json_sax<json> {
 public:
  std::map<std::string, std::string> numbers;

  bool null() override { return value(); }
  bool boolean(bool) override { return value(); }
  bool number_integer(number_integer_t v) override { return value(std::to_string(v)); }
  bool number_unsigned(number_unsigned_t v) override { return value(std::to_string(v)); }
  bool number_float(number_float_t, const string_t& text) override { return value(text); }
  bool string(string_t&) override { return value(); }
  bool binary(binary_t&) override { return value(); }
  bool start_object(std::size_t) override {
    frames_.push_back({false, 0, ""});
    return true;
  }
  bool key(string_t& k) override {
    frames_.back().key = k;
    return true;
  }
  bool end_object() override {
    frames_.pop_back();
    return value();
  }
  bool start_array(std::size_t) override {
    frames_.push_back({true, 0, ""});
    return true;
  }
  bool end_array() override {
    frames_.pop_back();
    return value();
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

 private:
  struct Frame {
    bool array;
    size_t index;
    std::string key;
  };
  std::vector<Frame> frames_;

  std::string path() const {
    std::string p;
    for (const auto& f : frames_) p += "/" + (f.array ? std::to_string(f.index) : f.key);
    return p;
  }
  bool value(const std::string& raw) {
    numbers[path()] = raw;
    return value();
  }
  bool value() {
    if (!frames_.empty() && frames_.back().array) ++frames_.back().index;
    return true;
  }
};

}  // namespace guesttrack::test
