#include "drivers/hid/scale_report.hpp"

#include <doctest/doctest.h>

#include <cmath>

#include "tests/support/test_support.hpp"
#include "tests/unit/hid/hex.hpp"

using hp::hid::parse_scale_report;
using hp::hid::ScaleUnit;
using hp::test::unhex;

TEST_CASE("every scale vector parses to its status, unit, value and milligrams") {
  auto doc = hp::test::load_vectors("usb_hid_scale.json");
  REQUIRE(doc["vectors"].size() >= 9);
  for (const auto& v : doc["vectors"]) {
    CAPTURE(v["report_hex"].get<std::string>());
    auto r = parse_scale_report(unhex(v["report_hex"].get<std::string>()));
    REQUIRE(r.has_value());
    const auto& e = v["expect"];
    CHECK(std::string(hp::dev::to_string(r->state)) == e["status"].get<std::string>());
    CHECK(std::string(hp::hid::to_string(r->unit)) == e["unit"].get<std::string>());
    double value = std::stod(hp::hid::format_scale_value(r->raw, r->exponent));
    CHECK(value == doctest::Approx(e["value"].get<double>()));
    if (e["grams"].is_null()) {
      CHECK_FALSE(r->mg.has_value());
    } else {
      REQUIRE(r->mg.has_value());
      CHECK(*r->mg == std::llround(e["grams"].get<double>() * 1000.0));
    }
    const auto& f = v["fields"];
    CHECK(r->raw == f["raw_weight_le16"].get<int>());
    CHECK(r->exponent == f["exponent"].get<int>());
    CHECK(r->unit_byte == f["unit_byte"].get<int>());
  }
}

TEST_CASE("partial vectors: the bytes after the report id, with a stable status") {
  auto doc = hp::test::load_vectors("usb_hid_scale.json");
  for (const auto& v : doc["partial_vectors"]) {
    std::string tail = v["bytes_hex_after_report_id"].get<std::string>();
    REQUIRE(tail.substr(0, 2) == "xx");
    auto r = parse_scale_report(unhex("0304" + tail.substr(2)));
    REQUIRE(r);
    REQUIRE(r->mg);
    CHECK(*r->mg == 20'000);  // "20 g"
  }
}

TEST_CASE("the status and unit tables of the vector file match ours") {
  auto doc = hp::test::load_vectors("usb_hid_scale.json");
  const char* ours[] = {"", "fault", "zero", "in_motion", "stable", "under_zero", "over_weight", "calibrate", "rezero"};
  int n = 0;
  for (auto& [key, name] : doc["status_and_unit_table"]["status"].items()) {
    (void)name;
    int b = std::stoi(key);
    auto r = parse_scale_report(std::vector<std::uint8_t>{3, std::uint8_t(b), 2, 0, 10, 0});
    REQUIRE(r);
    CHECK(std::string(hp::dev::to_string(r->state)) == ours[b]);
    ++n;
  }
  CHECK(n == 8);
  // Each known unit converts one unit (raw 1, exponent 0) to its size in milligrams.
  const std::pair<int, hp::Milligrams> sizes[] = {{1, 1},        {2, 1'000},         {3, 1'000'000},      {4, 200},
                                                  {5, 37'799},   {6, 65},            {7, 1'555},          {8, 1'000'000'000},
                                                  {9, 907'184'740'000}, {10, 31'103}, {11, 28'350},        {12, 453'592}};
  for (auto [unit, mg] : sizes) {
    CAPTURE(unit);
    auto r = parse_scale_report(std::vector<std::uint8_t>{3, 4, std::uint8_t(unit), 0, 1, 0});
    REQUIRE(r);
    REQUIRE(r->mg);
    CHECK(*r->mg == mg);
    CHECK(doc["status_and_unit_table"]["units"].contains(std::to_string(unit)));
  }
}

TEST_CASE("conversions are exact where the unit allows") {
  CHECK(*hp::hid::scale_to_milligrams(1000, -3, ScaleUnit::Pound) == 453'592);  // 1.000 lb
  CHECK(*hp::hid::scale_to_milligrams(100, 0, ScaleUnit::Pound) == 45'359'237);
  CHECK(*hp::hid::scale_to_milligrams(16, 0, ScaleUnit::Ounce) == 453'592);  // 453592.37
  CHECK(*hp::hid::scale_to_milligrams(1'000'000 % 65536, 0, ScaleUnit::Ounce) > 0);
  CHECK(*hp::hid::scale_to_milligrams(12345, -3, ScaleUnit::Kilogram) == 12'345'000);
  CHECK(*hp::hid::scale_to_milligrams(5, -1, ScaleUnit::Milligram) == 1);  // 0.5 mg rounds up
  CHECK(*hp::hid::scale_to_milligrams(4, -1, ScaleUnit::Milligram) == 0);
  CHECK(*hp::hid::scale_to_milligrams(65535, -128, ScaleUnit::AvoirTon) == 0);
  CHECK(hp::hid::scale_to_milligrams(65535, 127, ScaleUnit::Gram).error().code == "scale.range");
  CHECK(hp::hid::scale_to_milligrams(65535, 10, ScaleUnit::AvoirTon).error().code == "scale.range");
  CHECK(hp::hid::scale_to_milligrams(1, 0, ScaleUnit::Unknown).error().code == "scale.unit");
}

TEST_CASE("values print as exact JSON numbers") {
  CHECK(hp::hid::format_scale_value(510, -2) == "5.1");
  CHECK(hp::hid::format_scale_value(785, -2) == "7.85");
  CHECK(hp::hid::format_scale_value(5, -3) == "0.005");
  CHECK(hp::hid::format_scale_value(0, -1) == "0");
  CHECK(hp::hid::format_scale_value(12, 2) == "1200");
  CHECK(hp::hid::format_scale_value(100, -2) == "1");
  CHECK(hp::hid::format_scale_value(7, 100) == "7e100");
  CHECK(hp::hid::format_scale_value(7, -100) == "7e-100");
}

TEST_CASE("bad reports are errors, never weights") {
  CHECK(parse_scale_report(unhex("0304020000")).error().code == "scale.report_size");
  CHECK(parse_scale_report(unhex("03040200000000")).error().code == "scale.report_size");
  CHECK(parse_scale_report({}).error().code == "scale.report_size");
  CHECK(parse_scale_report(unhex("040402006e03")).error().code == "scale.report_id");
  CHECK(parse_scale_report(unhex("030002006e03")).error().code == "scale.status");
  CHECK(parse_scale_report(unhex("030902006e03")).error().code == "scale.status");
  // Unknown unit byte: parsed, but no weight.
  auto r = parse_scale_report(unhex("03040d006e03"));
  REQUIRE(r);
  CHECK(r->unit == ScaleUnit::Unknown);
  CHECK(r->unit_byte == 13);
  CHECK_FALSE(r->mg);
  // States without a meaningful number carry no weight.
  for (std::uint8_t s : {1, 5, 6, 7, 8}) {
    auto q = parse_scale_report(std::vector<std::uint8_t>{3, s, 2, 0, 0x6e, 3});
    REQUIRE(q);
    CHECK_FALSE(q->mg);
  }
}
