// Every entry of tests/vectors/upu_s10.json.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "shared/codes/check_digits.hpp"
#include "shared/codes/classify.hpp"
#include "shared/codes/s10.hpp"
#include "tests/support/test_support.hpp"

using namespace hp::codes;
using nlohmann::json;

namespace {

// The vectors describe why an id is invalid in words; these are the error keys they mean.
std::string error_for(const std::string& reason) {
  if (reason.find("length") != std::string::npos) return "s10.length";
  if (reason.find("serial") != std::string::npos) return "s10.serial";
  if (reason.find("country") != std::string::npos) return "s10.country";
  if (reason.find("service") != std::string::npos) return "s10.service";
  if (reason.find("check") != std::string::npos) return "s10.bad_check_digit";
  return "unmapped reason: " + reason;
}

void check_id(const json& t) {
  const std::string id = t.at("id");
  CAPTURE(id);
  const bool want = t.at("expect_valid");
  const auto s = parse_s10(id);
  CHECK(s.has_value() == want);
  if (want && s) {
    CHECK(s->id() == id);
    CHECK(s->check == id[10] - '0');
  }
  if (!want && t.contains("invalid_reason"))
    CHECK(s.error().code == error_for(t.at("invalid_reason")));
  if (t.contains("computed_check_digit")) {
    const std::string serial = id.substr(2, 8);
    CHECK(s10_check_digit(serial) == t.at("computed_check_digit").get<int>());
  }
  const auto c = classify(id);
  CHECK(c.kind == CodeKind::s10);
  CHECK(c.valid == want);
  if (want && id.ends_with("VN")) {
    const auto made = make_s10_vn(id.substr(0, 2), static_cast<std::uint32_t>(std::stoul(id.substr(2, 8))));
    CHECK(made == id);
  }
}

}  // namespace

TEST_CASE("upu_s10.json: ids") {
  const json v = hp::test::load_vectors("upu_s10.json");
  REQUIRE(!v.at("vectors").empty());
  for (const auto& t : v.at("vectors")) check_id(t);
  for (const auto& t : v.at("derived_examples")) check_id(t);
}

TEST_CASE("upu_s10.json: check digits alone") {
  const json v = hp::test::load_vectors("upu_s10.json");
  REQUIRE(!v.at("check_digit_only").empty());
  for (const auto& t : v.at("check_digit_only")) {
    const std::string serial = t.at("serial8");
    CAPTURE(serial);
    CHECK(s10_check_digit(serial) == t.at("expect_check_digit").get<int>());
  }
}

TEST_CASE("S10: Viet Nam ids, errors and JSON") {
  CHECK(make_s10_vn("EE", 12345678) == "EE123456785VN");
  CHECK(make_s10_vn("CP", 0) == "CP000000005VN");
  CHECK(make_s10_vn("E", 1).error().code == "s10.service");
  CHECK(make_s10_vn("ee", 1).error().code == "s10.service");
  CHECK(make_s10_vn("EE", 100000000).error().code == "s10.serial");
  CHECK(parse_s10("E1123456785VN").error().code == "s10.service");
  CHECK(parse_s10("EE123456784VN").error().code == "s10.bad_check_digit");
  CHECK(s10_check_digit("1234567") == std::nullopt);
  // Printed ids are spaced and scanners may be in lower case.
  const auto c = classify("ee 123 456 785 vn");
  CHECK(c.kind == CodeKind::s10);
  CHECK(c.valid);
  const json j = to_json(c);
  CHECK(j == json{{"kind", "s10"}, {"valid", true}, {"service", "EE"}, {"serial", "12345678"},
                  {"check", 5}, {"country", "VN"}});
  // Every single-digit error in the serial is caught.
  const std::string good = "RR473124829GB";
  for (std::size_t i = 2; i < 10; ++i)
    for (char d = '0'; d <= '9'; ++d) {
      if (good[i] == d) continue;
      std::string bad = good;
      bad[i] = d;
      CHECK_FALSE(parse_s10(bad).has_value());
    }
}
