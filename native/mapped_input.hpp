// mapped_input.hpp — a whole input (file or stdin) in memory with kInputPadding readable bytes
// after it. Files are mapped, not read: first touch of fresh memory costs more than parsing.
#pragma once

#include <cstddef>
#include <string>

namespace guesttrack::cli {

class MappedInput {
 public:
  MappedInput() = default;
  ~MappedInput();
  MappedInput(const MappedInput&) = delete;
  MappedInput& operator=(const MappedInput&) = delete;

  /// Opens `path` ("-" = stdin). On failure returns false and sets `*error`.
  bool open(const std::string& path, std::string* error);

  const char* data() const noexcept { return data_; }
  size_t size() const noexcept { return size_; }

 private:
  char* data_ = nullptr;
  size_t size_ = 0;
  size_t mapped_ = 0;      // bytes mapped (0 when heap-allocated)
  std::string heap_;       // stdin that is not a regular file
};

}  // namespace guesttrack::cli
