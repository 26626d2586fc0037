#include <doctest/doctest.h>

#include "shared/print/escpos_encoder.hpp"
#include "shared/print/gs1.hpp"
#include "shared/print/symbols.hpp"
#include "tests/print/zbar_decode.hpp"

using namespace hp::print;

TEST_CASE("GTIN check digits") {
  CHECK(gtin_valid("08930000000019"));
  CHECK_FALSE(gtin_valid("08930000000010"));
  CHECK(gtin_valid("4006381333931"));
  CHECK_FALSE(gtin_valid("40063813339x1"));
}

TEST_CASE("GS1 element strings in their three forms") {
  const std::vector<Gs1Element> e{{"01", "08930000000019"}, {"10", "AB12"}, {"3103", "001250"}};
  CHECK(gs1_bracketed(e) == "[01]08930000000019[10]AB12[3103]001250");
  CHECK(gs1_human(e) == "(01)08930000000019(10)AB12(3103)001250");
  CHECK(gs1_transmitted(e) == "0108930000000019" "10AB12\x1d" "3103001250");
  CHECK(*gs1_parse_transmitted(gs1_transmitted(e)) == e);
  CHECK(*gs1_parse_bracketed(gs1_bracketed(e)) == e);
  CHECK(gs1_parse_bracketed("[01]123").error().code == "print.gs1_value");
  CHECK(gs1_parse_bracketed("01]123").error().code == "print.gs1_syntax");
  CHECK(gs1_parse_transmitted("7").error().code == "print.gs1_ai");
}

TEST_CASE("Epson Code 128 data packs digits in subset C") {
  auto d = epson_code128_data(gs1_code128_tokens({{"3103", "012500"}, {"10", "A1"}}));
  REQUIRE(d);
  CHECK(*d == std::string("{C{1") + char(31) + char(3) + char(1) + char(25) + char(0) + char(10) + "{BA1");
  std::vector<int> braces{'{', 'x'};
  CHECK(*epson_code128_data(braces) == "{B{{x");
  CHECK(epson_code128_data({'\x01'}).error().code == "print.symbol_invalid");
}

TEST_CASE("zint symbols read back with zbar") {
  auto m = barcode_modules(BarcodeKind::Code128, "HPL8K3M2N4P5QX");
  REQUIRE(m);
  const auto decoded = hp::test::zbar_decode(barcode_bitmap(*m, 2, 60));
  REQUIRE(decoded.size() == 1);
  CHECK(decoded[0].data == "HPL8K3M2N4P5QX");
  auto q = qr_matrix("https://nongsan.haiphong.example/t/HPL8K3M2N4P5QX", QrEcc::M);
  REQUIRE(q);
  const auto qd = hp::test::zbar_decode(qr_bitmap(*q, 3));
  REQUIRE(qd.size() == 1);
  CHECK(qd[0].data == "https://nongsan.haiphong.example/t/HPL8K3M2N4P5QX");
}

TEST_CASE("symbol errors are values") {
  CHECK(barcode_modules(BarcodeKind::Code128, "").error().code == "print.symbol_empty");
  CHECK(barcode_modules(BarcodeKind::Ean13, "12ab").error().code == "print.symbol_invalid");
  CHECK(barcode_modules(BarcodeKind::Code128, std::string(300, 'A')).error().code == "print.symbol_too_long");
  CHECK(qr_matrix(std::string(3000, 'x'), QrEcc::H).error().code == "print.symbol_too_long");
}
