#include <doctest/doctest.h>

#include <cstdint>

#include "shared/money.hpp"
#include "shared/weight.hpp"

using namespace hp;

TEST_CASE("VND is formatted with dot thousands and a no-break space before the sign") {
  CHECK(format_vnd(125000) == "125.000\u00A0₫");
  CHECK(format_vnd(0) == "0\u00A0₫");
  CHECK(format_vnd(999) == "999\u00A0₫");
  CHECK(format_vnd(1000) == "1.000\u00A0₫");
  CHECK(format_vnd(1234567890) == "1.234.567.890\u00A0₫");
  CHECK(format_vnd(-50000) == "-50.000\u00A0₫");
}

TEST_CASE("amounts in Vietnamese words") {
  CHECK(vnd_in_words(125000) == "Một trăm hai mươi lăm nghìn đồng");
  CHECK(vnd_in_words(0) == "Không đồng");
  CHECK(vnd_in_words(5) == "Năm đồng");
  CHECK(vnd_in_words(15) == "Mười lăm đồng");
  CHECK(vnd_in_words(21) == "Hai mươi mốt đồng");
  CHECK(vnd_in_words(24) == "Hai mươi tư đồng");
  CHECK(vnd_in_words(105) == "Một trăm lẻ năm đồng");
  CHECK(vnd_in_words(1005) == "Một nghìn không trăm lẻ năm đồng");
  CHECK(vnd_in_words(1000000) == "Một triệu đồng");
  CHECK(vnd_in_words(2050000) == "Hai triệu không trăm năm mươi nghìn đồng");
  CHECK(vnd_in_words(1000000000) == "Một tỷ đồng");
  CHECK(vnd_in_words(310000) == "Ba trăm mười nghìn đồng");
}

TEST_CASE("value by weight: the weight to the gram, then half up to whole dong") {
  CHECK(value_by_weight(25000, 12'500'000) == 312500);  // 12,5 kg at 25.000 ₫/kg
  // The case: 1.234,5 g shows as 1,235 kg, and 1,235 x 12.000 = 14.820 (not 14.814).
  CHECK(format_weight(round_to_gram(1'234'500)) == "1,235 kg");
  CHECK(value_by_weight(12000, 1'234'500) == 14820);
  CHECK(value_by_weight(12000, 1'234'499) == 14808);    // 1,234 kg
  CHECK(value_by_weight(33333, 1'500) == 67);           // 2 g: 66,666 -> 67
  CHECK(value_by_weight(33333, 1'499) == 33);           // 1 g: 33,333 -> 33
  CHECK(value_by_weight(500, 1'000) == 1);              // 1 g at 500 ₫/kg: 0,5 -> 1
  CHECK(value_by_weight(499, 1'000) == 0);
  CHECK(value_by_weight(10000, 499) == 0);              // under half a gram weighs nothing
  CHECK(value_by_weight(9'000'000'000'000LL, 1'000'000'000) == 9'000'000'000'000'000LL);  // no overflow
}

TEST_CASE("round_to_gram is half up on the magnitude, and what it gives prints exactly") {
  CHECK(round_to_gram(0) == 0);
  CHECK(round_to_gram(499) == 0);
  CHECK(round_to_gram(500) == 1000);
  CHECK(round_to_gram(-500) == -1000);
  CHECK(round_to_gram(-499) == 0);
  CHECK(round_to_gram(999'600) == 1'000'000);
  CHECK(format_weight(round_to_gram(850'400)) == "850 g");  // no tenths of a gram once rounded
  CHECK(round_to_gram(INT64_MAX) % 1000 == 0);
  CHECK(round_to_gram(INT64_MIN + 1) % 1000 == 0);
  // Any price times any gram-rounded weight is what a farmer gets by hand from the printed figures.
  for (Milligrams mg : {1'234'500LL, 850'400LL, 5'000LL, 29'999'999LL}) {
    const Milligrams g = round_to_gram(mg);
    CHECK(g % 1000 == 0);
    CHECK(value_by_weight(12345, mg) == (12345 * (g / 1000) + 500) / 1000);
  }
}

TEST_CASE("weights are shown in kg with a decimal comma, or in grams below 1 kg") {
  CHECK(format_weight(12'500'000) == "12,5 kg");
  CHECK(format_weight(850'000) == "850 g");
  CHECK(format_weight(1'000'000) == "1 kg");
  CHECK(format_weight(1'234'000) == "1,234 kg");
  CHECK(format_weight(1'234'567'000) == "1.234,567 kg");
  CHECK(format_weight(0) == "0 g");
  CHECK(format_weight(-200'000) == "-200 g");
}

TEST_CASE("weights below 1 kg keep their tenth of a gram and never round up to 1.000 g") {
  CHECK(format_weight(999'600) == "999,6 g");
  CHECK(format_weight(999'000) == "999 g");
  CHECK(format_weight(850'040) == "850 g");    // 850,04 g: no ",0"
  CHECK(format_weight(850'050) == "850,1 g");  // half a tenth rounds up
  CHECK(format_weight(500) == "0,5 g");
  CHECK(format_weight(49) == "0 g");
  CHECK(format_weight(50) == "0,1 g");
  // The unit is chosen after rounding: the largest gram display is 999,9 g, then 1 kg.
  CHECK(format_weight(999'949) == "999,9 g");
  CHECK(format_weight(999'950) == "1 kg");
  CHECK(format_weight(999'999) == "1 kg");
  CHECK(format_weight(1'000'499) == "1 kg");
  CHECK(format_weight(1'000'500) == "1,001 kg");
  CHECK(format_weight(1'999'500) == "2 kg");
  CHECK(format_weight(29'999'999) == "30 kg");
  // Negative readings (a platter lifted below zero) mirror the positive ones; zero has no sign.
  CHECK(format_weight(-999'600) == "-999,6 g");
  CHECK(format_weight(-999'950) == "-1 kg");
  CHECK(format_weight(-49) == "0 g");
  CHECK(format_weight(-1'500'000) == "-1,5 kg");
  CHECK(format_weight(INT64_MIN) == "-9.223.372.036.854,776 kg");
  CHECK(format_weight(INT64_MAX) == "9.223.372.036.854,776 kg");
}
