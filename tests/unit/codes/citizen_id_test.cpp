// The CCCD number's form (Circular 07/2016/TT-BCA) and its mask.
#include <doctest/doctest.h>

#include "shared/codes/citizen_id.hpp"

using namespace hp::codes;

TEST_CASE("cccd: a number of the right form is taken, spaces and dots between groups dropped") {
  // 031 Hải Phòng, 0 a man born in 19xx, 85 the year, six digits.
  auto ok = check_citizen_id("031085001234", 2026);
  REQUIRE(ok);
  CHECK(*ok == "031085001234");
  CHECK(cccd_birth_year(*ok) == 1985);
  auto spaced = check_citizen_id(" 001 301 012345 ", 2026);  // 001 Hà Nội, 3 a woman born in 20xx
  REQUIRE(spaced);
  CHECK(*spaced == "001301012345");
  CHECK(cccd_birth_year(*spaced) == 2001);
  CHECK(check_citizen_id("096.185.000001", 2026).has_value());  // 096 Cà Mau, a woman born 1985
}

TEST_CASE("cccd: wrong length, letters, a code that is no province's, a birth year to come") {
  CHECK(check_citizen_id("03108500123", 2026).error().code == "cccd.length");    // 11 digits
  CHECK(check_citizen_id("0310850012345", 2026).error().code == "cccd.length");  // 13
  CHECK(check_citizen_id("", 2026).error().code == "cccd.length");
  CHECK(check_citizen_id("03108500123A", 2026).error().code == "cccd.not_digits");
  CHECK(check_citizen_id("O31085001234", 2026).error().code == "cccd.not_digits");  // letter O for zero
  CHECK(check_citizen_id("000085001234", 2026).error().code == "cccd.province");
  CHECK(check_citizen_id("003085001234", 2026).error().code == "cccd.province");  // a gap in the list
  CHECK(check_citizen_id("097085001234", 2026).error().code == "cccd.province");  // past Cà Mau
  CHECK(check_citizen_id("131085001234", 2026).error().code == "cccd.province");
  CHECK(check_citizen_id("031230001234", 2026).error().code == "cccd.birth_year");  // born 2030
  CHECK(check_citizen_id("031426001234", 2026).error().code == "cccd.birth_year");  // born 2126
  CHECK(check_citizen_id("031226001234", 2026).has_value());                        // born this year
}

TEST_CASE("cccd: the province list has the circular's 63 codes") {
  int n = 0;
  for (int i = 0; i <= 999; ++i) {
    std::string c = std::to_string(i);
    c.insert(0, 3 - c.size(), '0');
    if (is_cccd_province(c)) ++n;
  }
  CHECK(n == 63);
  CHECK(is_cccd_province("031"));  // Hải Phòng
  CHECK(is_cccd_province("079"));  // Hồ Chí Minh City
  CHECK_FALSE(is_cccd_province("31"));
}

TEST_CASE("cccd: only the last four digits are shown") {
  CHECK(mask_citizen_id("031085001234") == "********1234");
  CHECK(mask_citizen_id("") == "");
  CHECK(mask_citizen_id("1234") == "****");
}
