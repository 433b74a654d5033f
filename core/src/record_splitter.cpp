// record_splitter.cpp — bracket and string matching over raw bytes, at memchr speed in strings.
#include "record_splitter.hpp"

#include <cstdio>
#include <cstring>
#include <string>

#include "guesttrack/normalize.hpp"
#include "guesttrack/parse.hpp"

namespace guesttrack::detail {
namespace {

// Bytes the nesting scan must look at: quotes and brackets.
struct InterestingBytes {
  bool table[256] = {};
  constexpr InterestingBytes() {
    table[static_cast<unsigned char>('"')] = true;
    table[static_cast<unsigned char>('{')] = true;
    table[static_cast<unsigned char>('[')] = true;
    table[static_cast<unsigned char>('}')] = true;
    table[static_cast<unsigned char>(']')] = true;
  }
};
constexpr InterestingBytes kInteresting;

bool ends_scalar(char c) noexcept {
  return is_space(c) || c == ',' || c == ']' || c == '}' || c == '[' || c == '{' || c == '"' ||
         c == ':';
}

}  // namespace

std::string describe_byte(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  if (u >= 0x20 && u < 0x7f) return std::string("'") + c + "'";
  char buf[16];
  std::snprintf(buf, sizeof buf, "byte 0x%02X", u);
  return buf;
}

size_t RecordSplitter::skip_space(size_t pos) const noexcept {
  while (pos < len_ && is_space(data_[pos])) ++pos;
  return pos;
}

uint64_t RecordSplitter::line_of(size_t offset) const noexcept {
  uint64_t line = 1;
  const char* p = data_;
  const char* end = data_ + (offset < len_ ? offset : len_);
  while (p < end) {
    const void* nl = std::memchr(p, '\n', static_cast<size_t>(end - p));
    if (!nl) break;
    ++line;
    p = static_cast<const char*>(nl) + 1;
  }
  return line;
}

Status RecordSplitter::error_at(ErrorCode code, size_t offset, std::string_view what) const {
  uint64_t line = line_of(offset);
  std::string msg(what);
  msg += " at byte " + std::to_string(offset) + " (line " + std::to_string(line) + ")";
  return Status::error(code, std::move(msg), offset, line);
}

Status RecordSplitter::skip_string(size_t pos, size_t* end) const {
  size_t q = pos + 1;
  while (q < len_) {
    const void* hit = std::memchr(data_ + q, '"', len_ - q);
    if (!hit) break;
    size_t r = static_cast<size_t>(static_cast<const char*>(hit) - data_);
    size_t backslashes = 0;
    while (r - backslashes > pos + 1 && data_[r - backslashes - 1] == '\\') ++backslashes;
    if (backslashes % 2 == 0) {
      *end = r + 1;
      return Status::success();
    }
    q = r + 1;
  }
  return error_at(ErrorCode::invalid_json, pos, "unterminated string starting");
}

Status RecordSplitter::skip_value(size_t pos, size_t* end) const {
  char c = data_[pos];
  if (c == '"') return skip_string(pos, end);
  if (c != '{' && c != '[') {
    if (c == ']' || c == '}' || c == ',' || c == ':')
      return error_at(ErrorCode::invalid_json, pos, "expected a value, found " + describe_byte(c));
    size_t p = pos;
    while (p < len_ && !ends_scalar(data_[p])) ++p;
    *end = p;
    return Status::success();
  }
  char stack[kMaxDepth];
  size_t depth = 0;
  stack[depth++] = c;
  size_t p = pos + 1;
  while (p < len_) {
    unsigned char ch = static_cast<unsigned char>(data_[p]);
    if (!kInteresting.table[ch]) {
      ++p;
      continue;
    }
    if (ch == '"') {
      Status s = skip_string(p, &p);
      if (!s) return s;
      continue;
    }
    if (ch == '{' || ch == '[') {
      if (depth >= kMaxDepth)
        return error_at(ErrorCode::too_deep, p,
                        "nesting deeper than " + std::to_string(kMaxDepth) + " levels");
      stack[depth++] = static_cast<char>(ch);
      ++p;
      continue;
    }
    char open = stack[depth - 1];
    if ((open == '{') != (ch == '}'))
      return error_at(ErrorCode::invalid_json, p,
                      std::string("mismatched '") + static_cast<char>(ch) + "' closing '" + open +
                          "'");
    ++p;
    if (--depth == 0) {
      *end = p;
      return Status::success();
    }
  }
  return error_at(ErrorCode::invalid_json, len_,
                  "unexpected end of input (truncated document?) inside the value starting at "
                  "byte " + std::to_string(pos) + ",");
}

Status RecordSplitter::find_orders_array(size_t pos, size_t* array_pos, size_t* end) const {
  *array_pos = 0;
  size_t data_pos = 0;
  size_t p = skip_space(pos + 1);
  if (p < len_ && data_[p] == '}') {
    *end = p + 1;
    return Status::success();
  }
  while (true) {
    if (p >= len_ || data_[p] != '"')
      return error_at(ErrorCode::invalid_json, p, "expected a quoted key");
    size_t key_end;
    Status s = skip_string(p, &key_end);
    if (!s) return s;
    std::string_view key(data_ + p + 1, key_end - p - 2);
    p = skip_space(key_end);
    if (p >= len_ || data_[p] != ':') return error_at(ErrorCode::invalid_json, p, "expected ':'");
    p = skip_space(p + 1);
    if (p >= len_) return error_at(ErrorCode::invalid_json, p, "unexpected end of input");
    if (data_[p] == '[') {
      if (key == "orders" && *array_pos == 0) *array_pos = p;
      if (key == "data" && data_pos == 0) data_pos = p;
    }
    size_t value_end;
    s = skip_value(p, &value_end);
    if (!s) return s;
    p = skip_space(value_end);
    if (p < len_ && data_[p] == ',') {
      p = skip_space(p + 1);
      continue;
    }
    if (p < len_ && data_[p] == '}') {
      *end = p + 1;
      if (*array_pos == 0) *array_pos = data_pos;
      return Status::success();
    }
    return error_at(ErrorCode::invalid_json, p, "expected ',' or '}' in the object");
  }
}

}  // namespace guesttrack::detail
