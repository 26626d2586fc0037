#include <doctest/doctest.h>

#include "server/dash/period.hpp"
#include "server/dash/trace.hpp"

using namespace hp::server::dash;

TEST_CASE("periods are civil dates in Vietnam, both days included") {
  // 2026-01-01 00:00 in Hanoi is 2025-12-31 17:00 UTC.
  CHECK(vn_midnight("2026-01-01") == 1767200400000);
  CHECK(vn_date(1767200400000) == "2026-01-01");
  CHECK(vn_date(1767200400000 - 1) == "2025-12-31");
  auto p = make_period("2026-03-01", "2026-03-31", 0);
  REQUIRE(p);
  CHECK(p->from_ms == *vn_midnight("2026-03-01"));
  CHECK(p->to_ms == *vn_midnight("2026-04-01"));
  // Without dates: 1 January of this year to today.
  auto d = make_period("", "", *vn_midnight("2026-07-15") + 3600000);
  REQUIRE(d);
  CHECK(d->from == "2026-01-01");
  CHECK(d->to == "2026-07-15");
}

TEST_CASE("a malformed or reversed period is refused with a reason") {
  for (const char* bad : {"2026-02-30", "2026-13-01", "26-01-01", "2026/01/01", "abcd-ef-gh", "1999-01-01"}) {
    CAPTURE(bad);
    auto p = make_period(bad, "2026-12-31", 0);
    REQUIRE_FALSE(p);
    CHECK(p.error().code == "period.invalid");
  }
  CHECK_FALSE(make_period("2026-05-02", "2026-05-01", 0));
  CHECK_FALSE(make_period("2001-01-01", "2026-05-01", 0));  // more than ten years
}

TEST_CASE("GTIN-14 check digits and given names for the traceability page") {
  CHECK(valid_gtin14("08934567890120"));
  CHECK_FALSE(valid_gtin14("08934567890121"));
  CHECK_FALSE(valid_gtin14("0893456789012"));
  CHECK_FALSE(valid_gtin14("0893456789012A"));
  CHECK(given_name("Nguyễn Văn An") == "An");
  CHECK(given_name("Phạm Thị Dung ") == "Dung");
  CHECK(given_name("Hạnh") == "Hạnh");
  CHECK(given_name("   ").empty());
}

#include "server/dash/words.hpp"

TEST_CASE("amounts in Vietnamese words, as reports write them") {
  CHECK(vn_number_words(0) == "Không");
  CHECK(vn_number_words(5) == "Năm");
  CHECK(vn_number_words(15) == "Mười lăm");
  CHECK(vn_number_words(21) == "Hai mươi mốt");
  CHECK(vn_number_words(105) == "Một trăm linh năm");
  CHECK(vn_number_words(1000) == "Một nghìn");
  CHECK(vn_number_words(1000005) == "Một triệu không trăm linh năm");
  CHECK(vn_number_words(220000) == "Hai trăm hai mươi nghìn");
  CHECK(vn_number_words(3361716) == "Ba triệu ba trăm sáu mươi mốt nghìn bảy trăm mười sáu");
  CHECK(vn_number_words(2000000000) == "Hai tỷ");
  CHECK(vn_number_words(1010010) == "Một triệu không trăm mười nghìn không trăm mười");
}
