// unit-normalize.cpp — SPEC §2: how emails, phones, names, cities, states and trimmed-only
// fields are cleaned before customers are grouped and profiles are shown.
#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "guesttrack/normalize.hpp"

using namespace guesttrack;

TEST_CASE("normalize_email trims and lowercases", "[normalize]") {
  CHECK(normalize_email("ada@example.com") == "ada@example.com");
  CHECK(normalize_email("  Ada.Obi@Example.COM  ") == "ada.obi@example.com");
  CHECK(normalize_email("\tADA@X.NG\r\n") == "ada@x.ng");
  CHECK(normalize_email("") == "");
  CHECK(normalize_email("   ") == "");
  // Inner white space is not removed: the email stays invalid.
  CHECK(normalize_email(" a b@x.com ") == "a b@x.com");
}

TEST_CASE("is_valid_email", "[normalize]") {
  SECTION("valid") {
    for (const char* e : {"a@b.co", "ada.obi@example.com", "x+tag@mail.example.ng",
                          "first_last@sub.domain.org"}) {
      INFO(e);
      CHECK(is_valid_email(e));
    }
  }
  SECTION("invalid") {
    for (const char* e : {"", "ada", "ada@", "@example.com", "ada@example", "ada@@example.com",
                          "a@b@example.com", "ada obi@example.com", "ada@exa mple.com",
                          "ada@example.com ", " ada@example.com", "ada\t@example.com",
                          "ada@example\n.com", "ada.example.com"}) {
      INFO("email: [" << e << "]");
      CHECK_FALSE(is_valid_email(e));
    }
  }
  SECTION("at most 254 characters") {
    const std::string domain = "@example.com";  // 12 characters
    const std::string ok = std::string(254 - domain.size(), 'a') + domain;
    const std::string too_long = std::string(255 - domain.size(), 'a') + domain;
    REQUIRE(ok.size() == 254);
    REQUIRE(too_long.size() == 255);
    CHECK(is_valid_email(ok));
    CHECK_FALSE(is_valid_email(too_long));
  }
}

TEST_CASE("normalize_phone", "[normalize]") {
  SECTION("0 + 10 digits becomes +234 + 10 digits") {
    CHECK(normalize_phone("08031234567") == "+2348031234567");
    CHECK(normalize_phone("0803 123 4567") == "+2348031234567");
    CHECK(normalize_phone("0803-123-4567") == "+2348031234567");
    CHECK(normalize_phone("(0803) 123.4567") == "+2348031234567");
    CHECK(normalize_phone("  0803 123 4567  ") == "+2348031234567");
  }
  SECTION("234 + 10 digits becomes +234 + 10 digits") {
    CHECK(normalize_phone("2348031234567") == "+2348031234567");
    CHECK(normalize_phone("234 803 123 4567") == "+2348031234567");
    CHECK(normalize_phone("(234) 803-123-4567") == "+2348031234567");
  }
  SECTION("anything else is kept as cleaned") {
    CHECK(normalize_phone("+2348031234567") == "+2348031234567");
    CHECK(normalize_phone("+234 803 123 4567") == "+2348031234567");
    CHECK(normalize_phone("0803123456") == "0803123456");        // 0 + 9 digits
    CHECK(normalize_phone("080312345678") == "080312345678");    // 0 + 11 digits
    CHECK(normalize_phone("8031234567") == "8031234567");        // 10 digits, no prefix
    CHECK(normalize_phone("23480312345") == "23480312345");      // 234 + 8 digits
    CHECK(normalize_phone("+44 20 7946-0958") == "+442079460958");
    CHECK(normalize_phone("0803x1234567") == "0803x1234567");
    CHECK(normalize_phone("") == "");
    CHECK(normalize_phone(" - ") == "");
  }
}

TEST_CASE("normalize_name: trim, collapse white space, Title Case", "[normalize]") {
  CHECK(normalize_name("ada") == "Ada");
  CHECK(normalize_name("ADA") == "Ada");
  CHECK(normalize_name("  ada   obi  ") == "Ada Obi");
  CHECK(normalize_name("ada\t\tOBI\nnwosu") == "Ada Obi Nwosu");
  CHECK(normalize_name("mary-jane o'neil") == "Mary-Jane O'Neil");
  CHECK(normalize_name("McDONALD") == "Mcdonald");
  CHECK(normalize_name("victoria island") == "Victoria Island");
  CHECK(normalize_name("3rd avenue") == "3rd Avenue");
  CHECK(normalize_name("") == "");
  CHECK(normalize_name("   ") == "");
  // Non-ASCII letters keep their case; the ASCII letters after them are not a word start.
  CHECK(normalize_name("\xC3\x89MILE ZOLA") == "\xC3\x89mile Zola");  // ÉMILE ZOLA -> Émile Zola
}

TEST_CASE("normalize_state", "[normalize]") {
  SECTION("as a city") {
    CHECK(normalize_state("lagos") == "Lagos");
    CHECK(normalize_state("  LAGOS  ") == "Lagos");
    CHECK(normalize_state("akwa   ibom") == "Akwa Ibom");
    CHECK(normalize_state("") == "");
    CHECK(normalize_state("  ") == "");
  }
  SECTION("a trailing \" State\" is dropped") {
    CHECK(normalize_state("Lagos State") == "Lagos");
    CHECK(normalize_state("lagos state") == "Lagos");
    CHECK(normalize_state("LAGOS STATE ") == "Lagos");
    CHECK(normalize_state("  lagos   state ") == "Lagos");
    CHECK(normalize_state("Cross River State") == "Cross River");
    CHECK(normalize_state("Akwa Ibom State") == "Akwa Ibom");
  }
  SECTION("the capital's names become FCT") {
    for (const char* s : {"FCT", "fct", "Fct", "Abuja", "abuja", "  ABUJA ", "Abuja FCT",
                          "abuja fct", "abuja   FCT", "Federal Capital Territory",
                          "federal capital territory", "FEDERAL  CAPITAL TERRITORY"}) {
      INFO(s);
      CHECK(normalize_state(s) == "FCT");
    }
  }
  SECTION("other names that merely contain those words are left alone") {
    CHECK(normalize_state("abuja road") == "Abuja Road");
    CHECK(normalize_state("Statesville") == "Statesville");
  }
}

TEST_CASE("normalize_trimmed: trim only", "[normalize]") {
  CHECK(normalize_trimmed("  12 Allen  Avenue ") == "12 Allen  Avenue");
  CHECK(normalize_trimmed("opposite GTBank") == "opposite GTBank");
  CHECK(normalize_trimmed("\t100001\n") == "100001");
  CHECK(normalize_trimmed("   ") == "");
  CHECK(normalize_trimmed("") == "");
  CHECK(normalize_trimmed(" nigeria ") == "nigeria");  // no case change
}

TEST_CASE("normalize_status and trim", "[normalize]") {
  CHECK(normalize_status(" PAID ") == "paid");
  CHECK(normalize_status("Refunded") == "refunded");
  CHECK(normalize_status("\tCancelled\n") == "cancelled");
  CHECK(normalize_status("") == "");
  CHECK(trim("  a b  ") == "a b");
  CHECK(trim("\t\n\v\f\r x \r\n") == "x");
  CHECK(trim("   ").empty());
  CHECK(trim("") == "");
}

// The parser's path returns the raw text itself when it is clean already, found 16 bytes at a
// time (core/src/normalize.cpp). Checked against the rules written out byte by byte, on names
// and emails built to be clean or nearly clean, many longer than 16 bytes.
namespace {

std::string reference_name(std::string_view raw) {
  std::string out;
  bool pending_space = false, word_start = true;
  for (char c : trim(raw)) {
    if (is_space(c)) {
      pending_space = true;
      continue;
    }
    if (pending_space) out += ' ', pending_space = false, word_start = true;
    bool lower = c >= 'a' && c <= 'z', upper = c >= 'A' && c <= 'Z';
    out += word_start && lower ? static_cast<char>(c - 32) : !word_start && upper ? static_cast<char>(c + 32) : c;
    word_start = c == '-' || c == '\'';
  }
  return out;
}

std::string reference_email(std::string_view raw) {
  std::string out(trim(raw));
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return out;
}

}  // namespace

TEST_CASE("clean texts come back as they are, others cleaned, as the rules say", "[normalize]") {
  std::mt19937 rng(20261124);
  const char* words[] = {"Ade", "Ola", "Chukwuemeka", "O", "Mc", "Ifeoluwa", "Bello", "\xC3\x89mile", "X", "Lagos"};
  const char* separators[] = {" ", "-", "'"};
  int clean = 0;
  for (int i = 0; i < 100000; ++i) {
    std::string s;
    for (int w = 0, words_in = 1 + static_cast<int>(rng() % 8); w < words_in; ++w) {
      if (w) s += separators[rng() % 3];
      s += words[rng() % 10];
    }
    if (rng() % 2) {  // one flaw somewhere: a case flipped, a double space, a tab, a CR
      size_t at = rng() % s.size();
      switch (rng() % 4) {
        case 0: s[at] = static_cast<char>(s[at] ^ 0x20); break;
        case 1: s.insert(at, "  "); break;
        case 2: s.insert(at, "\t"); break;
        default: s.insert(at, "\r"); break;
      }
    }
    if (rng() % 4 == 0) s = " " + s + "  ";
    std::string storage;
    std::string_view name = normalize_name(s, &storage);
    REQUIRE(std::string(name) == reference_name(s));
    clean += name.data() != storage.data();
    std::string email = s + "@Example.com";
    REQUIRE(std::string(normalize_email(email, &storage)) == reference_email(email));
  }
  CHECK(clean > 10000);  // the clean path was taken often
}
