// unit-normalize.cpp — SPEC §2: how emails, phones, names, cities, states and trimmed-only
// fields are cleaned before customers are grouped and profiles are shown.
#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "guesttrack/normalize.hpp"
#include "unicode.hpp"

using namespace guesttrack;

// Non-ASCII text is written as UTF-8 byte escapes (the character in the comment beside it).
#define NBSP "\xC2\xA0"       // U+00A0 no-break space
#define IDEO_SPACE "\xE3\x80\x80"  // U+3000 ideographic space
#define THIN_SPACE "\xE2\x80\x89"  // U+2009 thin space

TEST_CASE("normalize_email trims and lowercases", "[normalize]") {
  CHECK(normalize_email("ada@example.com") == "ada@example.com");
  CHECK(normalize_email("  Ada.Obi@Example.COM  ") == "ada.obi@example.com");
  CHECK(normalize_email("\tADA@X.NG\r\n") == "ada@x.ng");
  CHECK(normalize_email("") == "");
  CHECK(normalize_email("   ") == "");
  // Inner white space is not removed: the email stays invalid.
  CHECK(normalize_email(" a b@x.com ") == "a b@x.com");
  // Unicode white space is white space (a no-break space pasted from a web page), and letters
  // beyond ASCII have a lower case too.
  CHECK(normalize_email(NBSP " ADA@X.COM" NBSP) == "ada@x.com");
  CHECK(normalize_email(IDEO_SPACE "ada@x.com" THIN_SPACE "\n") == "ada@x.com");
  CHECK(normalize_email("\xC3\x89MILE@X.NG") == "\xC3\xA9mile@x.ng");  // ÉMILE -> émile
  CHECK(normalize_email("\xE1\xBB\x8CLA@X.NG") == "\xE1\xBB\x8Dla@x.ng");  // ỌLA -> ọla
  CHECK(normalize_email("\xC6\x81" "ELLO@X.NG") == "\xC9\x93" "ello@x.ng");  // ƁELLO -> ɓello
  // A byte that is not UTF-8 is kept as it is.
  CHECK(normalize_email("A\xFF\xC3@X.NG") == "a\xFF\xC3@x.ng");
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
                          "ada@example\n.com", "ada.example.com", "ada" NBSP "obi@x.com",
                          "ada@x" IDEO_SPACE ".com", "ada@x.com" NBSP}) {
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
    CHECK(normalize_phone("0803" NBSP "123" THIN_SPACE "4567") == "+2348031234567");
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
  SECTION("phone_search_text: a query typed as a phone number, as stored phones hold it") {
    CHECK(phone_search_text("0803 123") == "+234803123");
    CHECK(phone_search_text("(0803) 123-4567") == "+2348031234567");
    CHECK(phone_search_text("+234 803") == "+234803");
    CHECK(phone_search_text("8031234567") == "8031234567");
    CHECK(phone_search_text("ada").empty());
    CHECK(phone_search_text("0803x").empty());
    CHECK(phone_search_text(" - ").empty());
    CHECK(phone_search_text("+").empty());
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
  // A letter after a letter, digit or mark continues a word; after anything else it starts one.
  CHECK(normalize_name("g.r.a ikeja") == "G.R.A Ikeja");
  CHECK(normalize_name("(lagos)") == "(Lagos)");
  CHECK(normalize_name("2B PHASE") == "2b Phase");
  // Unicode: white space of every kind collapses; letters beyond ASCII change case too, by
  // Unicode's one-to-one mappings; combining marks continue their word.
  CHECK(normalize_name(NBSP "chukwuemeka" NBSP NBSP "john" THIN_SPACE) == "Chukwuemeka John");
  CHECK(normalize_name("\xC3\x89MILE ZOLA") == "\xC3\x89mile Zola");  // ÉMILE ZOLA -> Émile Zola
  // ADÉBÁYỌ̀ -> Adébáyọ̀ (ọ̀ is ọ U+1ECD and a combining grave accent)
  CHECK(normalize_name("AD\xC3\x89\x42\xC3\x81Y\xE1\xBB\x8C\xCC\x80") ==
        "Ad\xC3\xA9\x62\xC3\xA1y\xE1\xBB\x8D\xCC\x80");
  // ọ̀kàfọ̀ -> Ọ̀kàfọ̀: the first letter is upper case, the mark after it stays
  CHECK(normalize_name("\xE1\xBB\x8D\xCC\x80k\xC3\xA0\x66\xE1\xBB\x8D\xCC\x80") ==
        "\xE1\xBB\x8C\xCC\x80k\xC3\xA0\x66\xE1\xBB\x8D\xCC\x80");
  // Hausa hooked letters: ɗanjuma ɓello -> Ɗanjuma Ɓello
  CHECK(normalize_name("\xC9\x97\x61njuma \xC9\x93\x65llo") == "\xC6\x8A\x61njuma \xC6\x81\x65llo");
  // A byte that is not UTF-8 is kept, and is no letter: the next letter starts a word.
  CHECK(normalize_name("\xFF" "ada") == "\xFF" "Ada");
}

TEST_CASE("unicode: code points, case mappings, word characters, white space", "[normalize]") {
  using namespace guesttrack::detail;
  std::string s = "a\xC3\xA9\xE1\xBB\x8D\xF0\x9E\xA4\x80\xFF\xC3";  // a é ọ 𞤀 (Adlam) bad bad
  size_t i = 0;
  CHECK(next_code_point(s, &i) == 'a');
  CHECK(next_code_point(s, &i) == 0xE9);
  CHECK(next_code_point(s, &i) == 0x1ECD);
  CHECK(next_code_point(s, &i) == 0x1E900);
  CHECK(next_code_point(s, &i) == (kRawByte | 0xFF));
  CHECK(next_code_point(s, &i) == (kRawByte | 0xC3));  // a lead byte with nothing after it
  CHECK(i == s.size());
  std::string overlong = "\xC0\xAF\xE0\x80\xAF\xED\xA0\x80";  // overlong '/', a surrogate
  for (i = 0; i < overlong.size();) CHECK((next_code_point(overlong, &i) & kRawByte) != 0);
  std::string back;
  for (uint32_t cp : {0x41u, 0xE9u, 0x1ECDu, 0x1E900u, kRawByte | 0xFFu}) append_code_point(&back, cp);
  CHECK(back == "A\xC3\xA9\xE1\xBB\x8D\xF0\x9E\xA4\x80\xFF");

  CHECK(to_lower(0xC9) == 0xE9);      // É é
  CHECK(to_upper(0xE9) == 0xC9);
  CHECK(to_lower(0x178) == 0xFF);     // Ÿ ÿ
  CHECK(to_upper(0x1ECD) == 0x1ECC);  // ọ Ọ
  CHECK(to_lower(0x1E900) == 0x1E922);  // Adlam (Fula) capital alif
  CHECK(to_upper(0x3B1) == 0x391);    // α Α
  CHECK(to_lower(0x416) == 0x436);    // Ж ж
  CHECK(to_upper(0xDF) == 0xDF);      // ß has no one-letter upper case
  CHECK(to_upper(0x300) == 0x300);    // a mark has no case
  CHECK(to_upper(kRawByte | 0xE9) == (kRawByte | 0xE9));
  CHECK(is_word_char('7'));
  CHECK(is_word_char(0x300));         // combining grave accent
  CHECK(is_word_char(0x1ECD));
  CHECK_FALSE(is_word_char('-'));
  CHECK_FALSE(is_word_char(0x2019));  // ’
  CHECK_FALSE(is_word_char(0xA0));

  for (const char* ws : {" ", "\t", "\r", "\xC2\x85", NBSP, "\xE1\x9A\x80", "\xE2\x80\x80",
                         "\xE2\x80\x8A", "\xE2\x80\xA8", "\xE2\x80\xA9", "\xE2\x80\xAF",
                         "\xE2\x81\x9F", IDEO_SPACE}) {
    std::string w = std::string("x") + ws + "y";
    INFO("white space bytes: " << w.size() - 2);
    CHECK(white_space_at(w, 1) == w.size() - 2);
    CHECK(white_space_before(w, w.size() - 1) == w.size() - 2);
    CHECK(trim(std::string(ws) + "x" + ws) == "x");
  }
  // Not white space: zero-width space U+200B, U+FEFF, an ellipsis, a truncated no-break space.
  for (const char* other : {"\xE2\x80\x8B", "\xEF\xBB\xBF", "\xE2\x80\xA6", "\xC2"}) {
    std::string w = std::string(other);
    CHECK(white_space_at(w, 0) == 0);
    CHECK(white_space_before(w, w.size()) == 0);
  }
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
  SECTION("white space and letters beyond ASCII as for a city") {
    CHECK(normalize_state("\xC3\x88K\xC3\x8CT\xC3\x8C STATE") == "\xC3\x88k\xC3\xACt\xC3\xAC");  // ÈKÌTÌ STATE -> Èkìtì
    CHECK(normalize_state("lagos" NBSP "state") == "Lagos");
    CHECK(normalize_state(NBSP "abuja" IDEO_SPACE "fct") == "FCT");
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
  CHECK(normalize_trimmed(NBSP "12 Allen" NBSP "Avenue" IDEO_SPACE) == "12 Allen" NBSP "Avenue");
  CHECK(normalize_trimmed(NBSP THIN_SPACE).empty());
}

TEST_CASE("normalize_status and trim", "[normalize]") {
  CHECK(normalize_status(" PAID ") == "paid");
  CHECK(normalize_status("Refunded") == "refunded");
  CHECK(normalize_status("\tCancelled\n") == "cancelled");
  CHECK(normalize_status(NBSP "PAID" NBSP) == "paid");
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

// The rules one code point at a time, on the unicode.hpp primitives (which the cases above pin).
std::string reference_name(std::string_view raw) {
  std::string text(trim(raw)), out;
  bool pending_space = false, after_word = false;
  for (size_t i = 0; i < text.size();) {
    if (size_t k = detail::white_space_at(text, i)) {
      pending_space = true;
      i += k;
      continue;
    }
    if (pending_space) out += ' ', pending_space = false, after_word = false;
    uint32_t cp = detail::next_code_point(text, &i);
    detail::append_code_point(&out, after_word ? detail::to_lower(cp) : detail::to_upper(cp));
    after_word = detail::is_word_char(cp);
  }
  return out;
}

std::string reference_email(std::string_view raw) {
  std::string text(trim(raw)), out;
  for (size_t i = 0; i < text.size();) detail::append_code_point(&out, detail::to_lower(detail::next_code_point(text, &i)));
  return out;
}

}  // namespace

TEST_CASE("clean texts come back as they are, others cleaned, as the rules say", "[normalize]") {
  std::mt19937 rng(20261124);
  const char* words[] = {"Ade", "Ola", "Chukwuemeka", "O", "Mc", "Ifeoluwa", "Bello", "\xC3\x89mile", "X", "Lagos"};
  const char* separators[] = {" ", "-", "'", ".", NBSP};
  int clean = 0;
  for (int i = 0; i < 100000; ++i) {
    std::string s;
    for (int w = 0, words_in = 1 + static_cast<int>(rng() % 8); w < words_in; ++w) {
      if (w) s += separators[rng() % 5];
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
