// unit-stage1.cpp — the SSE2 stage 1 (core/src/stage1.cpp, what the WASM build indexes JSON
// with) against simdjson's own SIMD kernel on this machine: the same structural indexes and the
// same error for generated exports, hand-made edge cases and random bytes.
#include <catch2/catch.hpp>
#include <simdjson.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "guesttrack/parse.hpp"
#include "stage1.hpp"

namespace {

struct Outcome {
  simdjson::error_code error;
  std::vector<uint32_t> indexes;  // on success: the structurals and the 3 entries after them
};

Outcome stage1(const simdjson::implementation& kernel, const std::string& bytes) {
  std::unique_ptr<simdjson::internal::dom_parser_implementation> parser;
  REQUIRE(kernel.create_dom_parser_implementation(bytes.size() + 64, 1024, parser) == simdjson::SUCCESS);
  std::string padded = guesttrack::padded_copy(bytes);
  Outcome o{parser->stage1(reinterpret_cast<const uint8_t*>(padded.data()), bytes.size(),
                           simdjson::stage1_mode::regular),
            {}};
  if (o.error == simdjson::SUCCESS)
    o.indexes.assign(parser->structural_indexes.get(),
                     parser->structural_indexes.get() + parser->n_structural_indexes + 3);
  return o;
}

const simdjson::implementation& native_kernel() {
  const simdjson::implementation* k = simdjson::get_active_implementation();
  if (k->name() == "fallback") WARN("no SIMD kernel on this machine: comparing with the fallback");
  return *k;
}

void same(const std::string& bytes) {
  Outcome want = stage1(native_kernel(), bytes);
  Outcome got = stage1(guesttrack::detail::sse2_stage1_implementation(), bytes);
  INFO("input (" << bytes.size() << " bytes): " << bytes.substr(0, 200));
  CHECK(simdjson::error_message(got.error) == std::string(simdjson::error_message(want.error)));
  CHECK(got.indexes == want.indexes);
}

}  // namespace

TEST_CASE("the SSE2 stage 1 indexes generated exports as simdjson does", "[stage1]") {
  for (const char* path : {"examples/sample-orders.json", "examples/sample-orders.ndjson"}) {
    std::ifstream in(std::string(GUESTTRACK_SOURCE_DIR) + "/" + path, std::ios::binary);
    if (!in) continue;
    std::stringstream ss;
    ss << in.rdbuf();
    same(ss.str());
  }
  std::ifstream in(std::string(GUESTTRACK_SOURCE_DIR) + "/examples/sample-orders.json", std::ios::binary);
  REQUIRE(in.good());
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string doc = ss.str();
  // Every prefix length around the 64-byte blocks, and every suffix, of the start of the sample.
  for (size_t n = 0; n < 700; ++n) same(doc.substr(0, n));
  for (size_t n = 0; n < 700; ++n) same(doc.substr(n, 700));
}

TEST_CASE("the SSE2 stage 1 agrees on edge cases", "[stage1]") {
  std::vector<std::string> cases = {
      "", " ", "\n\t\r ", "{}", "[]", "1", "-0.5e+3", "true", "nul", "\"\"", "\"abc\"",
      "\"a\\\"b\"", "\"\\\\\"", "\"\\\\\\\"\"", "\"a\\\\\\\\\" ,1", "1\"a\"", "\"a\"b", "tru\"e",
      "{\"a\":1,\"b\":[true,false,null],\"c\":{\"d\":\"e\"}}", "[1 2]", "{\"a\" 1}",
      "\"unclosed", "\"a\x01" "b\"", "\x01", "[\"\xC3\xA9\"]", "[\"\xFF\"]", "[1]\xFF", "\"\xE2\x82\"",
      "\"\xF0\x9F\x98\x80\"", "\"\xED\xA0\x80\"", "\"\xC0\xAF\"", "\xEF\xBB\xBF[1]", "[1]\xC3",
      std::string("[\"a\0b\"]", 7), std::string("\0", 1), "\"\\u00e9\\ud83d\\ude00\"",
  };
  // Backslash runs and quotes on and across block edges.
  for (size_t pad = 55; pad < 70; ++pad)
    for (size_t run = 0; run < 5; ++run) {
      cases.push_back(std::string(pad, ' ') + "\"" + std::string(run, '\\') + "\"x\" , 1");
      cases.push_back("[" + std::string(pad, '1') + ",\"" + std::string(run, '\\') + "\\\"\"]");
      cases.push_back("\"" + std::string(pad, 'a') + "\xC3\xA9\" true");
    }
  // Every byte between tokens, after a string, inside a string and inside a scalar.
  for (int b = 0; b < 256; ++b) {
    const std::string x(1, static_cast<char>(b));
    for (const std::string& c : {"[\"a\"" + x + "\"b\"]", "[1" + x + "2]", "{" + x + "}", "\"a" + x + "\"",
                                 "[tru" + x + "e]", x + "[]", "[]" + x})
      same(c);
  }
  for (const std::string& c : cases) same(c);
}

TEST_CASE("the SSE2 stage 1 agrees on random bytes", "[stage1]") {
  const std::string alphabet = "\"\\{}[],: \n\ta1e-.tn\x01\xC3\xA9\xE2\x82\xAC\xFF";
  std::mt19937 rng(20261124);
  for (int i = 0; i < 20000; ++i) {
    size_t n = rng() % 300;
    std::string s(n, ' ');
    for (char& c : s) c = alphabet[rng() % alphabet.size()];
    same(s);
  }
}
