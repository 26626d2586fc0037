#include <doctest/doctest.h>

#include <set>

#include "shared/clock.hpp"
#include "shared/ids.hpp"
#include "shared/text.hpp"

using namespace hp;

TEST_CASE("text is normalised to NFC") {
  const std::string nfd = "Nguye\xcc\x82\xcc\x83n";  // e + circumflex + tilde, decomposed
  CHECK(to_nfc(nfd) == "Nguyễn");
  CHECK(is_nfc("Nguyễn"));
  CHECK_FALSE(is_nfc(nfd));
  CHECK(to_nfc("abc") == "abc");
}

TEST_CASE("NFC failures are values: the strict form reports, the start-up check passes here") {
  auto r = hp::normalize_nfc("Nguye\xCC\x82\xCC\x83n");
  REQUIRE(r.has_value());
  CHECK(*r == "Nguy\xE1\xBB\x85n");
  CHECK(hp::check_text_support().has_value());
}

TEST_CASE("search keys drop accents and case") {
  CHECK(search_key("Nguyễn Thị  Hoà") == "nguyen thi hoa");
  CHECK(search_key("ĐẶNG Văn Đức") == "dang van duc");
  CHECK(search_key("Nguye\xcc\x82\xcc\x83n") == "nguyen");
}

TEST_CASE("trim and digits") {
  CHECK(trim("  ab c\r\n") == "ab c");
  CHECK(digits_only("091-234 5678") == "0912345678");
}

TEST_CASE("UUIDv7 ids are unique, well-formed and time ordered") {
  UtcMillis t = 1'790'000'000'000;
  Clock clock([&] { return t; });
  IdGenerator gen(clock);
  std::set<std::string> seen;
  std::string last;
  for (int i = 0; i < 10000; ++i) {
    if (i % 100 == 0) ++t;
    if (i == 5000) t -= 50;  // the wall clock steps back
    const std::string id = gen.next();
    CHECK(is_uuid(id));
    CHECK(id[14] == '7');
    CHECK((id[19] == '8' || id[19] == '9' || id[19] == 'a' || id[19] == 'b'));
    CHECK(id > last);
    last = id;
    seen.insert(id);
  }
  CHECK(seen.size() == 10000);
}

TEST_CASE("local time is Asia/Ho_Chi_Minh (UTC+7, no DST)") {
  // 2026-11-28T17:30:00Z is 29/11/2026 00:30 in Hanoi.
  const UtcMillis t = 1'795'887'000'000;
  CHECK(format_iso_utc(t) == "2026-11-28T17:30:00.000Z");
  CHECK(format_local_datetime(t) == "29/11/2026 00:30");
  CHECK(format_local_date(t) == "29/11/2026");
  const LocalDate d = local_date(t);
  CHECK(d.day == 29);
  CHECK(format_iso_utc(local_day_start(t)) == "2026-11-28T17:00:00.000Z");
}
