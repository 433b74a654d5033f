// bench-report.cpp — `make bench`: how fast and how lean the native path is, on generated
// exports of 100,000 and 1,000,000 orders, with the ceiling measured in the same run.
//
// Rows: the simdjson On-Demand ceiling (walk every field of the bytes, already in memory);
// `guesttrack report FILE` end to end as a child process (read, parse, aggregate, print) with
// its peak RSS; and the cost of adding one order to a tracker holding 10,000 vs 1,000,000.
// Figures are printed, never asserted: these machines are noisy.
#include <simdjson.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "guesttrack/guesttrack.hpp"

extern char** environ;
namespace od = simdjson::ondemand;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// Runs a program (fork + exec, not vfork: the child's peak RSS must not include this
// process's) and returns its exit status, its resource usage and wall time.
int run(const std::vector<std::string>& argv, const char* stdout_path, struct rusage* usage,
        double* wall) {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  auto t0 = Clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    if (stdout_path) {
      int fd = open(stdout_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
      dup2(fd, 1);
      close(fd);
    }
    execv(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  struct rusage ru {};
  wait4(pid, &status, 0, &ru);
  if (usage) *usage = ru;
  if (wall) *wall = seconds_since(t0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

size_t walk(od::value v);
size_t walk_object(od::object o) {
  size_t n = 0;
  for (auto field : o) {
    std::string_view key;
    od::value v;
    if (field.unescaped_key().get(key) || field.value().get(v)) return n;
    n += 1 + walk(v);
  }
  return n;
}
size_t walk(od::value v) {
  od::json_type t;
  if (v.type().get(t)) return 0;
  switch (t) {
    case od::json_type::object: {
      od::object o;
      return v.get_object().get(o) ? 0 : walk_object(o);
    }
    case od::json_type::array: {
      od::array a;
      if (v.get_array().get(a)) return 0;
      size_t n = 0;
      for (auto e : a) {
        od::value x;
        if (e.get(x)) return n;
        n += walk(x);
      }
      return n;
    }
    case od::json_type::string: {
      std::string_view s;
      return v.get_string().get(s) ? 0 : 1;
    }
    default: return v.raw_json_token().size() ? 1 : 0;
  }
}

// Walks every field of every order: the most a parse of these bytes can do.
size_t ceiling_walk(const char* data, size_t len, bool ndjson) {
  od::parser parser;
  size_t fields = 0;
  if (ndjson) {
    od::document_stream docs;
    if (parser.iterate_many(data, len, od::DEFAULT_BATCH_SIZE).get(docs)) return 0;
    for (auto doc : docs) {
      od::json_type t;
      if (doc.type().get(t)) break;
      od::value v;
      if (t != od::json_type::object && t != od::json_type::array) {
        std::string_view token;  // a record that is a lone scalar
        fields += doc.raw_json_token().get(token) ? 0 : 1;
      } else if (!doc.get_value().get(v)) {
        fields += walk(v);
      }
    }
    return fields;
  }
  od::document doc;
  if (parser.iterate(data, len, len + simdjson::SIMDJSON_PADDING).get(doc)) return 0;
  od::array a;
  if (doc.get_array().get(a)) return 0;
  for (auto e : a) {
    od::value v;
    if (e.get(v)) break;
    fields += walk(v);
  }
  return fields;
}

// NDJSON walked one line at a time with parser.iterate(): the one-thread form of the ceiling
// (iterate_many above runs stage 1 on a second thread).
size_t ceiling_walk_lines(const char* data, size_t len) {
  od::parser parser;
  size_t fields = 0;
  for (size_t p = 0; p < len;) {
    const char* nl = static_cast<const char*>(std::memchr(data + p, '\n', len - p));
    size_t eol = nl ? static_cast<size_t>(nl - data) : len;
    if (eol > p) {
      od::document doc;
      od::json_type t;
      if (!parser.iterate(data + p, eol - p, len + simdjson::SIMDJSON_PADDING - p).get(doc) &&
          !doc.type().get(t)) {
        od::value v;
        if (t == od::json_type::object || t == od::json_type::array) {
          if (!doc.get_value().get(v)) fields += walk(v);
        } else {
          std::string_view token;
          fields += doc.raw_json_token().get(token) ? 0 : 1;
        }
      }
    }
    p = eol + 1;
  }
  return fields;
}

struct Mapped {
  char* data = nullptr;
  size_t len = 0, total = 0;
  explicit Mapped(const std::string& path) {
    int fd = open(path.c_str(), O_RDONLY);
    struct stat st;
    fstat(fd, &st);
    len = static_cast<size_t>(st.st_size);
    total = (len + 4096 + 4095) / 4096 * 4096;
    void* base = mmap(nullptr, total, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    mmap(base, len, PROT_READ, MAP_PRIVATE | MAP_FIXED | MAP_POPULATE, fd, 0);
    close(fd);
    data = static_cast<char*>(base);
  }
  ~Mapped() { munmap(data, total); }
};

void ensure_file(const std::string& path, uint64_t orders, const char* shape) {
  struct stat st;
  if (stat(path.c_str(), &st) == 0) return;
  std::fprintf(stderr, "generating %s (%llu orders, %s)...\n", path.c_str(),
               static_cast<unsigned long long>(orders), shape);
  int rc = run({GUESTTRACK_GENERATE, "--orders", std::to_string(orders), "--seed", "7", "--shape",
                shape, "--out", path},
               nullptr, nullptr, nullptr);
  if (rc != 0) {
    std::fprintf(stderr, "generator failed\n");
    std::exit(1);
  }
}

struct FileRow {
  std::string path;
  bool ndjson = false;
  uint64_t orders = 0;
  size_t bytes = 0;
  double cli_s = 1e9, ceiling_s = 1e9, ceiling_one_thread_s = 0;
  long peak_kb = 0;
};

// `guesttrack report FILE > /dev/null`, best of five (a run after a pause can be 15% slower on
// these VMs), while this process is still small.
void measure_cli(FileRow& row) {
  for (int rep = 0; rep < 5; ++rep) {
    struct rusage ru {};
    double wall;
    int rc = run({GUESTTRACK_CLI, "report", row.path}, "/dev/null", &ru, &wall);
    if (rc != 0) std::fprintf(stderr, "guesttrack report %s exited %d\n", row.path.c_str(), rc);
    row.cli_s = std::min(row.cli_s, wall);
    row.peak_kb = std::max(row.peak_kb, ru.ru_maxrss);
  }
}

void measure_ceiling(FileRow& row) {
  Mapped m(row.path);
  row.bytes = m.len;
  for (int rep = 0; rep < 5; ++rep) {  // best of five, as for the CLI
    auto t0 = Clock::now();
    size_t fields = ceiling_walk(m.data, m.len, row.ndjson);
    row.ceiling_s = std::min(row.ceiling_s, seconds_since(t0));
    if (row.ndjson) {
      t0 = Clock::now();
      if (ceiling_walk_lines(m.data, m.len) == 0) std::fprintf(stderr, "line walk failed\n");
      double s = seconds_since(t0);
      row.ceiling_one_thread_s = row.ceiling_one_thread_s == 0 ? s : std::min(row.ceiling_one_thread_s, s);
    }
    if (fields == 0) std::fprintf(stderr, "ceiling walk failed on %s\n", row.path.c_str());
  }
}

void print_row(const FileRow& row) {
  double mb = row.bytes / 1e6;
  double budget_mb = mb + row.orders * 300 / 1e6;
  std::printf("%-34s %8.1f MB %9llu orders\n", row.path.c_str(), mb,
              static_cast<unsigned long long>(row.orders));
  std::printf("  ceiling: simdjson On-Demand walking every field %7.0f MB/s %10.0f orders/s%s\n",
              mb / row.ceiling_s, row.orders / row.ceiling_s,
              row.ndjson ? "  (iterate_many: stage 1 on a 2nd thread)" : "");
  if (row.ceiling_one_thread_s > 0)
    std::printf("  ceiling, one thread (iterate() line by line)    %7.0f MB/s %10.0f orders/s"
                "  (end to end = %.0f%% of it)\n",
                mb / row.ceiling_one_thread_s, row.orders / row.ceiling_one_thread_s,
                100.0 * row.ceiling_one_thread_s / row.cli_s);
  std::printf("  guesttrack report, end to end (read..print)     %7.0f MB/s %10.0f orders/s"
              "  = %3.0f%% of ceiling (target >= 60%%)\n",
              mb / row.cli_s, row.orders / row.cli_s, 100.0 * row.ceiling_s / row.cli_s);
  std::printf("  peak RSS %7.1f MB = input + %.0f B/order (target <= input + 300 B/order: %s)\n",
              row.peak_kb / 1e3, (row.peak_kb * 1e3 - row.bytes) / row.orders,
              row.peak_kb / 1e3 <= budget_mb ? "met" : "NOT met");
}

// Cost of adding orders to a tracker that already holds `held`.
void bench_add(uint64_t held) {
  guesttrack::Tracker t;
  guesttrack::Order o;
  std::string id, email;
  auto make = [&](uint64_t i) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%024llx", static_cast<unsigned long long>(i * 2654435761u));
    id = buf;
    std::snprintf(buf, sizeof buf, "guest%llu@example.com", static_cast<unsigned long long>(i % (held / 3 + 1)));
    email = buf;
    o.id = id;
    o.email = email;
    o.total = 1000000 + static_cast<int64_t>(i % 977);
    o.created_at = 1700000000000 + static_cast<int64_t>(i) * 60000;
    o.version_time = o.created_at;
    o.contact[static_cast<int>(guesttrack::ContactField::state)] = "Lagos";
  };
  for (uint64_t i = 0; i < held; ++i) make(i), t.add(o);
  constexpr uint64_t kAdds = 10000;
  auto t0 = Clock::now();
  for (uint64_t i = held; i < held + kAdds; ++i) make(i), t.add(o);
  double per = seconds_since(t0) / kAdds * 1e9;
  std::printf("  add one order with %8llu held: %6.0f ns/order\n", static_cast<unsigned long long>(held), per);
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir = "bench-data";
  bool quick = false, dir_given = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--quick") {
      quick = true;
    } else if (a == "-h" || a == "--help" || (!a.empty() && a[0] == '-') || dir_given) {
      std::fprintf(a == "-h" || a == "--help" ? stdout : stderr,
                   "usage: guesttrack-bench [DIR] [--quick]\n"
                   "  DIR      where the generated exports are kept (default bench-data)\n"
                   "  --quick  100,000 orders only\n");
      return a == "-h" || a == "--help" ? 0 : 2;
    } else {
      dir = a;
      dir_given = true;
    }
  }
  mkdir(dir.c_str(), 0755);
  std::printf("guesttrack %s native benchmark (%ld cores)\n", guesttrack::kVersion, sysconf(_SC_NPROCESSORS_ONLN));
  std::vector<uint64_t> sizes = quick ? std::vector<uint64_t>{100000} : std::vector<uint64_t>{100000, 1000000};
  std::vector<FileRow> rows;
  for (uint64_t n : sizes) {
    for (const char* shape : {"array", "ndjson"}) {
      FileRow row;
      row.ndjson = std::string(shape) == "ndjson";
      row.orders = n;
      row.path = dir + "/orders-" + std::to_string(n) + (row.ndjson ? ".ndjson" : ".json");
      ensure_file(row.path, n, shape);
      rows.push_back(row);
    }
  }
  for (FileRow& row : rows) measure_cli(row);  // first, while this process holds little
  for (FileRow& row : rows) {
    measure_ceiling(row);
    print_row(row);
    std::fflush(stdout);
  }
  std::printf("incremental add (O(1) expected: the two figures close)\n");
  bench_add(10000);
  bench_add(1000000);
  return 0;
}
