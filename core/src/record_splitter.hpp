// record_splitter.hpp — finds where each JSON value of a document starts and ends, without
// building anything. The parser hands each record's bytes to simdjson on its own, so memory for
// the parse stays proportional to one record, not to the document (a 2 GB export stays 2 GB).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "guesttrack/status.hpp"

namespace guesttrack::detail {

/// The first `c` in [p, p + n), or nullptr. memchr natively; in WASM (where memchr is a call
/// that goes a word at a time) 16 bytes a step with WebAssembly SIMD, reading up to 15 bytes
/// past p + n (inside a document's kInputPadding: every caller's range is).
const char* find_byte(const char* p, size_t n, char c) noexcept;

/// The first '"' or '\\' at or after p, which must come before the end of the padded document
/// (as inside a string stage 1 has accepted). 16 bytes a step where there is SSE2 (natively and
/// in WASM), reading up to 15 bytes past it.
const char* find_quote_or_backslash(const char* p) noexcept;

/// "'x'" for a printable byte, "byte 0xNN" otherwise.
std::string describe_byte(char c);

class RecordSplitter {
 public:
  RecordSplitter(const char* data, size_t len) noexcept : data_(data), len_(len) {}

  /// Index of the first byte at or after `pos` that is not white space (len when none).
  size_t skip_space(size_t pos) const noexcept;

  /// One complete JSON value starting at `pos` (not white space). Sets `*end` to one past it.
  /// Checks brackets nest and match, strings close and depth stays within kMaxDepth; the
  /// value's content is checked later by simdjson.
  Status skip_value(size_t pos, size_t* end) const;

  /// An input error at `offset`, with the 1-based line worked out.
  Status error_at(ErrorCode code, size_t offset, std::string_view what) const;

  /// 1-based line of a byte offset.
  uint64_t line_of(size_t offset) const noexcept;

 private:
  static constexpr size_t kNotFound = static_cast<size_t>(-1);
  /// One past the closing quote of the string at `pos`, or kNotFound.
  size_t string_end(size_t pos) const noexcept;
  Status skip_string(size_t pos, size_t* end) const;
  /// One past the container at `pos` by a 64-byte-block scan (container_scan.hpp; AVX2 where
  /// the CPU has it, else SSE2), or static_cast<size_t>(-1) (then the byte walk decides).
  /// SSE2 builds only.
  size_t container_end_fast(size_t pos) const noexcept;

  const char* data_;
  size_t len_;
};

}  // namespace guesttrack::detail
