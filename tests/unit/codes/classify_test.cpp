// The classifier on each kind, on configured layouts, and on garbage.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <random>

#include "shared/codes/check_digits.hpp"
#include "shared/codes/classify.hpp"

using namespace hp::codes;
using nlohmann::json;

TEST_CASE("classify: GTINs by length") {
  auto c = classify("5901234123457");
  CHECK(c.kind == CodeKind::ean13);
  CHECK(c.valid);
  CHECK(to_json(c) == json{{"kind", "ean13"}, {"valid", true}});
  c = classify("73513537");
  CHECK(c.kind == CodeKind::ean8);
  CHECK(c.valid);
  c = classify("123456789012");
  CHECK(c.kind == CodeKind::upca);
  CHECK(c.valid);
  c = classify("98412345678908");
  CHECK(c.kind == CodeKind::gtin14);
  CHECK(c.valid);
  c = classify("5901234123458");
  CHECK(c.kind == CodeKind::ean13);
  CHECK_FALSE(c.valid);
  CHECK(c.error->code == "gtin.bad_check_digit");
  const json j = to_json(c);
  CHECK(j.at("error").get<std::string>().starts_with("gtin.bad_check_digit: "));
  CHECK(j.size() == 3);
  // ITF-14 from a carton.
  c = classify("]I098412345678908");
  CHECK(c.kind == CodeKind::gtin14);
  CHECK(c.valid);
  CHECK(to_json(c).at("symbology") == "ITF");
  // EAN-13 with a 5-digit add-on.
  c = classify("]E3590123412345712345");
  CHECK(c.kind == CodeKind::ean13);
  CHECK(c.valid);
  CHECK(c.code == "5901234123457");
}

TEST_CASE("classify: variable measure under the default layout") {
  const auto layout = default_variable_measure_layout();
  // 20-24: 5-digit item, weight in grams.
  const std::string weight = *build_variable_measure(21, "00042", 12'345, layout);
  CHECK(weight == *complete_gtin("210004212345", GtinKind::ean13));
  auto c = classify(weight);
  CHECK(c.kind == CodeKind::variable_measure);
  CHECK(c.valid);
  CHECK(to_json(c) == json{{"kind", "variable_measure"}, {"valid", true}, {"item", "00042"},
                           {"weight_mg", 12'345'000}});
  // 25-29: 4-digit item, price in dong.
  const std::string price = *build_variable_measure(27, "0815", 185'000, layout);
  c = classify(price);
  CHECK(c.kind == CodeKind::variable_measure);
  CHECK(to_json(c) == json{{"kind", "variable_measure"}, {"valid", true}, {"item", "0815"},
                           {"price_vnd", 185'000}});
  std::string bad = weight;
  bad[12] = bad[12] == '0' ? '1' : '0';
  c = classify(bad);
  CHECK(c.kind == CodeKind::variable_measure);
  CHECK_FALSE(c.valid);
  CHECK_FALSE(to_json(c).contains("item"));
  CHECK(build_variable_measure(21, "0042", 1, layout).error().code == "vm.item");
  CHECK(build_variable_measure(21, "00042", 100'000, layout).error().code == "vm.value");
  CHECK(build_variable_measure(30, "00042", 1, layout).error().code == "vm.no_rule");
}

TEST_CASE("classify: configured layouts") {
  // Prices in hundreds of dong for 25, prefix 26 a plain in-store EAN-13.
  const auto layout = parse_layout(R"({"rules": [
      {"prefixes": ["20-24"], "pattern": "PPIIIIIVVVVVC", "measure": "weight"},
      {"prefixes": "25", "pattern": "PPIIIIIVVVVVC", "measure": "price", "decimals": -2}]})");
  REQUIRE(layout.has_value());
  CHECK(!layout->for_prefix(26).has_value());
  ClassifyOptions opt;
  opt.layout = *layout;
  const std::string code = *build_variable_measure(25, "12345", 1'850, *layout);
  auto c = classify(code, opt);
  CHECK(c.kind == CodeKind::variable_measure);
  CHECK(c.variable->price_vnd == 185'000);
  const std::string plain = *complete_gtin("260000000001", GtinKind::ean13);
  c = classify(plain, opt);
  CHECK(c.kind == CodeKind::ean13);
  CHECK(c.valid);
  // The JSON form round-trips.
  const auto again = layout_from_json(layout_to_json(*layout));
  REQUIRE(again.has_value());
  CHECK(pattern_of(*again->for_prefix(25)) == "PPIIIIIVVVVVC");
  CHECK(again->for_prefix(25)->decimals == -2);

  // Layout errors say what is wrong.
  auto err = [](const char* text) { return parse_layout(text).error(); };
  CHECK(err("nope").code == "vm.layout");
  CHECK(err(R"({"rules": 1})").code == "vm.layout");
  CHECK(err(R"({"rules": [{"prefixes": "20", "pattern": "PPIIIIIVVVVC", "measure": "weight"}]})").detail.find("13") != std::string::npos);
  CHECK(err(R"({"rules": [{"prefixes": "20", "pattern": "PPIIIVIVVVVVC", "measure": "weight"}]})").code == "vm.layout");
  CHECK(err(R"({"rules": [{"prefixes": "20", "pattern": "PPIIIIIVVVVVC", "measure": "volume"}]})").code == "vm.layout");
  CHECK(err(R"({"rules": [{"prefixes": "19", "pattern": "PPIIIIIVVVVVC", "measure": "weight"}]})").code == "vm.layout");
  CHECK(err(R"({"rules": [{"prefixes": "20", "pattern": "PPIIIIIVVVVVC", "measure": "weight"},
                           {"prefixes": "20-21", "pattern": "PPIIIIIVVVVVC", "measure": "price"}]})").code == "vm.layout");
  CHECK(err(R"({"rules": [{"prefixes": "20", "pattern": "PPIIIKVVVVVVC", "measure": "price"}]})").code == "vm.layout");
  CHECK(err(R"({"rules": [{"prefixes": "20", "pattern": "PPIIIIIVVVVVC", "measure": "weight", "decimals": 7}]})").code == "vm.layout");
  // A rule written in code with impossible offsets is refused, not read out of bounds.
  VariableMeasureLayout wild;
  wild.rules[0] = VariableMeasureRule{10, 5, 7, 5, -1, Measure::weight, 3};
  CHECK(parse_variable_measure(*complete_gtin("200000000000", GtinKind::ean13), wild).error().code == "vm.layout");
}

TEST_CASE("classify: GS1, S10, VietQR and the JSON keys of each") {
  auto c = classify("]d2" "0109501101530003" "17260400" "10LOT7");
  CHECK(c.kind == CodeKind::gs1);
  REQUIRE(c.valid);
  CHECK(to_json(c) == json{{"kind", "gs1"}, {"valid", true}, {"symbology", "GS1 DataMatrix"},
                           {"ais", {{"01", "09501101530003"}, {"17", "260400"}, {"10", "LOT7"}}}});
  CHECK(to_iso(*find_element(c.gs1, "17")->date) == "2026-04-30");
  // Scanners that send FNC1 as a leading GS without an AIM identifier.
  c = classify("\x1D" "0109501101530003" "3103000125");
  CHECK(c.kind == CodeKind::gs1);
  CHECK(c.valid);
  CHECK(find_element(c.gs1, "3103")->weight_mg == 125'000);
  // GS1 data whose separator was lost is reported, not guessed at.
  c = classify("]C1" "10LOT7" "0109501101530003");
  CHECK(c.kind == CodeKind::gs1);
  CHECK(c.valid);
  CHECK(find_element(c.gs1, "10")->value == "LOT70109501101530003");
  c = classify("]Q3" "0109501101530004");
  CHECK_FALSE(c.valid);
  CHECK(c.error->code == "gs1.bad_check_digit");

  c = classify("EE123456785VN");
  CHECK(c.kind == CodeKind::s10);
  CHECK(c.valid);

  const std::string qr = *build_vietqr({"970415", "0011001932418", false, 120000, "ung ho lu lut"});
  c = classify("]Q1" + qr);
  CHECK(c.kind == CodeKind::vietqr);
  CHECK(c.valid);
  CHECK(to_json(c) == json{{"kind", "vietqr"}, {"valid", true}, {"symbology", "QR Code"},
                           {"bank_bin", "970415"}, {"account", "0011001932418"},
                           {"amount_vnd", 120000}, {"purpose", "ung ho lu lut"}, {"crc_ok", true}});
  std::string bad = qr;
  bad[bad.size() - 1] = bad.back() == '0' ? '1' : '0';
  c = classify(bad);
  CHECK_FALSE(c.valid);
  CHECK(c.error->code == "vietqr.bad_crc");
  CHECK(to_json(c).at("crc_ok") == false);
  CHECK(to_json(c).at("bank_bin") == "970415");
}

TEST_CASE("classify: garbage never crashes and is never valid") {
  CHECK(classify("").error->code == "code.empty");
  CHECK(classify("   \r\n").error->code == "code.empty");
  CHECK(classify("]C1").error->code == "gs1.empty");
  CHECK(classify("]").kind == CodeKind::unknown);
  CHECK(classify("hello").error->code == "code.unknown");
  CHECK(classify("12345").kind == CodeKind::unknown);
  CHECK(classify(std::string(5000, '7')).error->code == "code.too_long");
  CHECK(classify(std::string(4000, '7')).kind == CodeKind::unknown);
  CHECK_FALSE(classify(std::string("\0\0\0", 3)).valid);
  CHECK_FALSE(classify("\xC3\x28\xA0\xA1").valid);       // invalid UTF-8
  CHECK_FALSE(classify("\xF0\x28\x8C\x28" "0201").valid);
  CHECK_FALSE(classify("000201\xFF\xFE").valid);
  CHECK_FALSE(classify("(01").valid);
  CHECK_FALSE(classify("(01)").valid);
  CHECK_FALSE(classify("]E0|]e0").valid);
  CHECK_FALSE(classify("]E02112345678900|]C0123").valid);
  CHECK_FALSE(classify("Nguyễn Thị Hoà").valid);
  // Decomposed Vietnamese is normalised and still reported cleanly.
  const auto nfd = to_json(classify("Nguye\xCC\x82\xCC\x83n"));
  CHECK(nfd.at("kind") == "unknown");

  std::mt19937_64 rng(12345);
  const std::string alphabet = std::string("0123456789()]|^-EeCdQ \x1D\x00\xFF\xC3", 25) + "HPMKL";
  for (int i = 0; i < 20000; ++i) {
    const std::size_t len = rng() % 64;
    std::string s;
    for (std::size_t k = 0; k < len; ++k) {
      const auto r = rng();
      s.push_back((r & 1) ? alphabet[(r >> 1) % alphabet.size()] : static_cast<char>(r >> 8));
    }
    const Classification c = classify(s);
    CHECK(c.valid != c.error.has_value());
    (void)to_json(c).dump(-1, ' ', false, json::error_handler_t::replace);
  }
}

// The scans a counter sees most, one of each kind (bench/usb_bench times the same set).
TEST_CASE("classify: one scan of each kind the counter sees") {
  const std::pair<std::string, CodeKind> scans[] = {
      {*make_kiosk_code(KioskCodeKind::member, "0123456X"), CodeKind::member},
      {"5901234123457", CodeKind::ean13},
      {"2112345678900", CodeKind::variable_measure},
      {"EE123456785VN", CodeKind::s10},
      {"]C1011231231231233310ABC123\x1D" "99TESTING", CodeKind::gs1},
      {"00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA530370454061200005802VN62170813ung ho lu lut6304C15C",
       CodeKind::vietqr},
  };
  for (const auto& [scan, kind] : scans) {
    CAPTURE(scan);
    const Classification c = classify(scan, ClassifyOptions{});
    CHECK(c.kind == kind);
    CHECK(c.valid);
  }
}
