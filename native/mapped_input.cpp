// mapped_input.cpp — mmap a file over an anonymous reservation so the padding past its end is
// always mapped (a file whose size is a multiple of the page size would otherwise fault).
#include "mapped_input.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "guesttrack/parse.hpp"

namespace guesttrack::cli {

MappedInput::~MappedInput() {
  if (mapped_) munmap(data_, mapped_);
}

bool MappedInput::open(const std::string& path, std::string* error) {
  bool use_stdin = path == "-";
  int fd = use_stdin ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    *error = std::string("cannot open: ") + std::strerror(errno);
    return false;
  }
  struct stat st;
  if (fstat(fd, &st) != 0) {
    *error = std::string("cannot read: ") + std::strerror(errno);
    if (!use_stdin) ::close(fd);
    return false;
  }
  if (S_ISDIR(st.st_mode)) {
    *error = "is a directory, not an orders file";
    ::close(fd);
    return false;
  }
  if (S_ISREG(st.st_mode) && st.st_size > 0) {
    size_t size = static_cast<size_t>(st.st_size);
    size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    size_t total = (size + kInputPadding + page - 1) / page * page;
    void* base = mmap(nullptr, total, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base != MAP_FAILED) {
      void* file = mmap(base, size, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0);
      if (file != MAP_FAILED) {
        madvise(base, size, MADV_SEQUENTIAL);
        data_ = static_cast<char*>(base);
        size_ = size;
        mapped_ = total;
        if (!use_stdin) ::close(fd);
        return true;
      }
      munmap(base, total);
    }
    // Fall through to reading (e.g. a file system without mmap).
  }
  char buf[1 << 16];
  while (true) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      *error = std::string("cannot read: ") + std::strerror(errno);
      if (!use_stdin) ::close(fd);
      return false;
    }
    heap_.append(buf, static_cast<size_t>(n));
  }
  if (!use_stdin) ::close(fd);
  size_ = heap_.size();
  heap_.append(kInputPadding, '\0');
  data_ = heap_.data();
  return true;
}

}  // namespace guesttrack::cli
