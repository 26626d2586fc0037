// Package labels (docs/packages.md): the S10 vectors, crate codes, and what is neither.
#include <doctest/doctest.h>

#include "shared/codes/kiosk_codes.hpp"
#include "shared/codes/package_label.hpp"
#include "tests/support/test_support.hpp"

using namespace hp::codes;

TEST_CASE("package labels: every 13-character S10 vector reads as its canonical id or its error") {
  const auto v = hp::test::load_vectors("upu_s10.json");
  int checked = 0;
  for (const auto& t : v.at("vectors")) {
    const std::string id = t.at("id");
    if (id.size() != 13) continue;
    CAPTURE(id);
    auto l = package_label(id);
    if (t.at("expect_valid").get<bool>()) {
      REQUIRE(l);
      CHECK(*l == id);
      // As a clerk types it: lower case, spaces.
      std::string typed = id.substr(0, 2) + " " + id.substr(2, 8) + " " + id.substr(10);
      for (auto& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      CHECK(package_label(typed).value_or("") == id);
    } else {
      CHECK_FALSE(l);
    }
    ++checked;
  }
  CHECK(checked >= 8);
  CHECK(package_label("EB000717594HK").error().code == "s10.bad_check_digit");
}

TEST_CASE("package labels: a kiosk crate code is one; other codes are not") {
  auto lot = make_kiosk_code(KioskCodeKind::lot, "0012345678");
  REQUIRE(lot);
  CHECK(package_label(*lot).value_or("") == *lot);
  auto member = make_kiosk_code(KioskCodeKind::member, "7K2M9QX4");
  REQUIRE(member);
  CHECK(package_label(*member).error().code == "package.label");
  CHECK(package_label("").error().code == "package.label");
  CHECK(package_label("8935049500011").error().code == "package.label");
}
