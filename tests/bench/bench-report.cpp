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
#include <spawn.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
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

int run(const std::vector<std::string>& argv, const char* stdout_path, struct rusage* usage,
        double* wall) {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  if (stdout_path) posix_spawn_file_actions_addopen(&fa, 1, stdout_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid;
  auto t0 = Clock::now();
  if (posix_spawn(&pid, args[0], &fa, nullptr, args.data(), environ) != 0) {
    std::perror(args[0]);
    std::exit(1);
  }
  posix_spawn_file_actions_destroy(&fa);
  int status = 0;
  wait4(pid, &status, 0, usage);
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
      od::object o;
      if (doc.get_object().get(o)) break;
      fields += walk_object(o);
    }
    return fields;
  }
  od::document doc;
  if (parser.iterate(data, len, len + simdjson::SIMDJSON_PADDING).get(doc)) return 0;
  od::array a;
  if (doc.get_array().get(a)) return 0;
  for (auto e : a) {
    od::object o;
    if (e.get_object().get(o)) break;
    fields += walk_object(o);
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

void bench_file(const std::string& path, bool ndjson) {
  double ceiling_s = 1e9, cli_s = 1e9;
  size_t len;
  uint64_t orders;
  long peak_kb = 0;
  {
    Mapped m(path);
    len = m.len;
    guesttrack::Tracker t;
    guesttrack::Status s = t.ingest_stream(m.data, m.len);
    if (!s) {
      std::fprintf(stderr, "%s: %s\n", path.c_str(), s.message.c_str());
      std::exit(1);
    }
    orders = t.record_count();
    for (int rep = 0; rep < 2; ++rep) {
      auto t0 = Clock::now();
      size_t fields = ceiling_walk(m.data, m.len, ndjson);
      ceiling_s = std::min(ceiling_s, seconds_since(t0));
      if (fields == 0) std::fprintf(stderr, "ceiling walk failed\n");
    }
  }
  for (int rep = 0; rep < 2; ++rep) {
    struct rusage ru {};
    double wall;
    int rc = run({GUESTTRACK_CLI, "report", path}, "/dev/null", &ru, &wall);
    if (rc != 0) std::fprintf(stderr, "guesttrack report exited %d\n", rc);
    cli_s = std::min(cli_s, wall);
    peak_kb = std::max(peak_kb, ru.ru_maxrss);
  }
  double mb = len / 1e6;
  double budget_mb = mb + orders * 300 / 1e6;
  std::printf("%-34s %8.1f MB %9llu orders\n", path.c_str(), mb,
              static_cast<unsigned long long>(orders));
  std::printf("  ceiling  simdjson walk every field %8.0f MB/s %11.0f orders/s\n", mb / ceiling_s,
              orders / ceiling_s);
  std::printf("  guesttrack report, end to end      %8.0f MB/s %11.0f orders/s  = %.0f%% of ceiling (target >= 60%%)\n",
              mb / cli_s, orders / cli_s, 100.0 * ceiling_s / cli_s);
  std::printf("  peak RSS %8.1f MB; budget input + 300 B/order = %.1f MB (%s)\n", peak_kb / 1e3,
              budget_mb, peak_kb / 1e3 <= budget_mb ? "within" : "OVER");
  std::fflush(stdout);
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
  std::string dir = argc > 1 ? argv[1] : "bench-data";
  bool quick = argc > 2 && std::string(argv[2]) == "--quick";
  mkdir(dir.c_str(), 0755);
  std::printf("guesttrack %s native benchmark (%ld cores)\n", guesttrack::kVersion, sysconf(_SC_NPROCESSORS_ONLN));
  std::vector<uint64_t> sizes = quick ? std::vector<uint64_t>{100000} : std::vector<uint64_t>{100000, 1000000};
  for (uint64_t n : sizes) {
    for (const char* shape : {"array", "ndjson"}) {
      bool nd = std::string(shape) == "ndjson";
      std::string path = dir + "/orders-" + std::to_string(n) + (nd ? ".ndjson" : ".json");
      ensure_file(path, n, shape);
      bench_file(path, nd);
    }
  }
  std::printf("incremental add (O(1) expected: the two figures close)\n");
  bench_add(10000);
  bench_add(1000000);
  return 0;
}
