#include <doctest/doctest.h>

#include <set>
#include <string>

#include "shared/print/cp1258.hpp"
#include "shared/print/utf8.hpp"
#include "shared/text.hpp"

using namespace hp::print;

namespace {

// Every precomposed Vietnamese letter of one case, computed rather than typed: the 12 vowels
// (a ă â e ê i o ô ơ u ư y) with each of the 5 tones (60), the 6 vowels that are not ASCII
// (ă â ê ô ơ ư) and đ.
std::set<std::string> letters_of_case(bool upper) {
  const char* lower_vowels[] = {"a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"};
  const char* upper_vowels[] = {"A", "Ă", "Â", "E", "Ê", "I", "O", "Ô", "Ơ", "U", "Ư", "Y"};
  const char* tones[] = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"};
  std::set<std::string> out;
  for (const char* v : upper ? upper_vowels : lower_vowels) {
    if (std::string(v).size() > 1) out.insert(v);
    for (const char* t : tones) {
      const std::string letter = hp::to_nfc(std::string(v) + t);
      REQUIRE(decode_utf8(letter).size() == 1);  // precomposed in Unicode
      out.insert(letter);
    }
  }
  out.insert(upper ? "Đ" : "đ");
  return out;
}

std::set<std::string> vietnamese_letters() {
  auto all = letters_of_case(false);
  const auto up = letters_of_case(true);
  all.insert(up.begin(), up.end());
  return all;
}

}  // namespace

TEST_CASE("the Vietnamese alphabet has 134 precomposed letters") {
  CHECK(letters_of_case(false).size() == 67);
  CHECK(letters_of_case(true).size() == 67);
  CHECK(vietnamese_letters().size() == 134);
}

TEST_CASE("every Vietnamese letter round-trips through CP1258 with no '?'") {
  std::string all;
  for (const auto& l : vietnamese_letters()) all += l;
  const auto enc = utf8_to_cp1258(all);
  CHECK(enc.unmappable == 0);
  CHECK(enc.bytes.find('?') == std::string::npos);
  CHECK(hp::to_nfc(cp1258_to_utf8(enc.bytes)) == all);
  // Letter by letter, so a failure names the letter.
  for (const auto& l : vietnamese_letters()) {
    CAPTURE(l);
    const auto one = utf8_to_cp1258(l);
    CHECK(one.unmappable == 0);
    CHECK(one.bytes.size() <= 2);
    CHECK(hp::to_nfc(cp1258_to_utf8(one.bytes)) == l);
  }
}

TEST_CASE("CP1258 keeps â ê ô ă ơ ư đ precomposed and sends tones as combining marks") {
  CHECK(utf8_to_cp1258("ư").bytes == "\xFD");
  CHECK(utf8_to_cp1258("ơ").bytes == "\xF5");
  CHECK(utf8_to_cp1258("đ").bytes == "\xF0");
  CHECK(utf8_to_cp1258("Đ").bytes == "\xD0");
  CHECK(utf8_to_cp1258("ă").bytes == "\xE3");
  // ệ = ê + dot below; ữ = ư + tilde; ặ = ă + dot below; Ẫ = Â + tilde
  CHECK(utf8_to_cp1258("ệ").bytes == "\xEA\xF2");
  CHECK(utf8_to_cp1258("ữ").bytes == "\xFD\xDE");
  CHECK(utf8_to_cp1258("ặ").bytes == "\xE3\xF2");
  CHECK(utf8_to_cp1258("Ẫ").bytes == "\xC2\xDE");
  CHECK(utf8_to_cp1258("ỏ").bytes == "o\xD2");
  CHECK(utf8_to_cp1258("ờ").bytes == "\xF5\xCC");
  // Where CP1258 has the toned letter itself it is used.
  CHECK(utf8_to_cp1258("à").bytes == "\xE0");
  CHECK(utf8_to_cp1258("Á").bytes == "\xC1");
  // Money: no-break space and the dong sign exist in CP1258.
  CHECK(utf8_to_cp1258("125.000\u00A0₫").bytes == "125.000\xA0\xFE");
  // Decomposed input is normalised first.
  CHECK(utf8_to_cp1258("e\u0302\u0323").bytes == "\xEA\xF2");
}

TEST_CASE("characters outside CP1258 become '?' and are counted") {
  const auto enc = utf8_to_cp1258("Giá 5€ ✓ 中");
  CHECK(enc.unmappable == 2);
  CHECK(enc.bytes == "Gi\xE1 5\x80 ? ?");
}

TEST_CASE("tone marks take no column") {
  CHECK(display_columns("Nguyễn Thị Hoà") == 14);
  CHECK(display_columns(cp1258_to_utf8(utf8_to_cp1258("Nguyễn Thị Hoà").bytes)) == 14);
  CHECK(display_columns("e\u0302\u0323") == 1);
}

TEST_CASE("a whole Vietnamese sentence round-trips") {
  const std::string s = "Bưu cục An Lão: nhận 12,5 kg cà chua loại A của bà Nguyễn Thị Hoà, "
                        "thành tiền một trăm tám mươi bảy nghìn năm trăm đồng. "
                        "ĐẶNG VĂN THƯỞNG, HỢP TÁC XÃ QUỐC TUẤN.";
  const auto enc = utf8_to_cp1258(s);
  CHECK(enc.unmappable == 0);
  CHECK(hp::to_nfc(cp1258_to_utf8(enc.bytes)) == s);
}
