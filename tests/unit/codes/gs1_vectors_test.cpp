// Every entry of tests/vectors/gs1.json.
#include <doctest/doctest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "shared/codes/check_digits.hpp"
#include "shared/codes/classify.hpp"
#include "shared/codes/gs1.hpp"
#include "shared/codes/variable_measure.hpp"
#include "tests/support/test_support.hpp"
#include "tests/unit/codes/vector_helpers.hpp"

using namespace hp::codes;
using nlohmann::json;

namespace {

// National layouts of the regions the vectors come from, written in the same JSON a kiosk
// config would use. Sweden/Norway/Finland: 4-digit value after a 6-digit item, decimals
// by prefix; Denmark: 5-digit item and value; Germany: 4-digit item, 5-digit value with a
// check digit in front; Great Britain: 5-digit item, 4-digit price with a check digit.
const char* kRegionLayouts = R"({
 "SE": {"rules": [
   {"prefixes": "20", "pattern": "PPIIIIIIVVVVC", "measure": "price", "decimals": 2},
   {"prefixes": "21", "pattern": "PPIIIIIIVVVVC", "measure": "price", "decimals": 1},
   {"prefixes": "22", "pattern": "PPIIIIIIVVVVC", "measure": "price", "decimals": 0},
   {"prefixes": "23", "pattern": "PPIIIIIIVVVVC", "measure": "weight", "decimals": 3},
   {"prefixes": "24", "pattern": "PPIIIIIIVVVVC", "measure": "weight", "decimals": 2},
   {"prefixes": "25", "pattern": "PPIIIIIIVVVVC", "measure": "weight", "decimals": 1}]},
 "DK": {"rules": [
   {"prefixes": "21", "pattern": "PPIIIIIVVVVVC", "measure": "price", "decimals": 2},
   {"prefixes": ["26", "27"], "pattern": "PPIIIIIVVVVVC", "measure": "weight", "decimals": 3}]},
 "DE": {"rules": [
   {"prefixes": "22", "pattern": "PPIIIIKVVVVVC", "measure": "price", "decimals": 2},
   {"prefixes": "25", "pattern": "PPIIIIKVVVVVC", "measure": "count", "decimals": 0},
   {"prefixes": "28", "pattern": "PPIIIIKVVVVVC", "measure": "weight", "decimals": 3}]},
 "GB": {"rules": [
   {"prefixes": "20", "pattern": "PPIIIIIKVVVVC", "measure": "price", "decimals": 2}]}
})";

std::map<std::string, VariableMeasureLayout> region_layouts() {
  std::map<std::string, VariableMeasureLayout> out;
  const json spec = json::parse(kRegionLayouts);
  for (const auto& [region, layout] : spec.items()) {
    auto l = layout_from_json(layout);
    REQUIRE_MESSAGE(l.has_value(), region);
    out.emplace(region, *l);
  }
  // No vector distinguishes Norway or Finland from Sweden; biip reads them with Swedish rules.
  out.emplace("NO", out.at("SE"));
  out.emplace("FI", out.at("SE"));
  return out;
}

std::vector<Gs1Field> fields_of(const std::vector<Gs1Element>& elements) {
  std::vector<Gs1Field> f;
  for (const auto& e : elements) f.push_back({e.ai, e.value});
  return f;
}

// Compares one "expect" entry of an element-string vector with the parse.
void check_expect(const std::vector<Gs1Element>& els, const std::string& key, const json& want) {
  CAPTURE(key);
  if (key.ends_with("_kg")) {
    const Gs1Element* e = find_element(els, key.substr(0, key.size() - 3));
    REQUIRE(e != nullptr);
    REQUIRE(e->weight_mg.has_value());
    CHECK(*e->weight_mg == hp::test::scaled(want.get<double>(), 6));
    return;
  }
  const Gs1Element* e = find_element(els, key);
  REQUIRE(e != nullptr);
  if (want.is_object()) {
    REQUIRE(e->currency.has_value());
    REQUIRE(e->number.has_value());
    CHECK(*e->currency == want.at("currency_iso4217_numeric").get<std::string>());
    CHECK(e->number->units == hp::test::scaled(want.at("amount").get<double>(), e->number->decimals));
  } else if (want.is_number()) {
    if (e->number) {
      CHECK(e->number->units == hp::test::scaled(want.get<double>(), e->number->decimals));
    } else {
      CHECK(std::stoll(e->value) == want.get<std::int64_t>());
    }
  } else if (e->date) {
    CHECK(to_iso(*e->date) == want.get<std::string>());
  } else {
    CHECK(e->value == want.get<std::string>());
  }
}

}  // namespace

TEST_CASE("gs1.json: GTIN check digits") {
  const json v = hp::test::load_vectors("gs1.json");
  REQUIRE(!v.at("gtin_check_digits").empty());
  for (const auto& t : v.at("gtin_check_digits")) {
    const std::string code = t.at("code");
    CAPTURE(code);
    CHECK(code.size() == t.at("length").get<std::size_t>());
    const bool want = t.at("expect_valid");
    CHECK(validate_gtin(code).has_value() == want);
    if (t.contains("computed_check_digit")) {
      CHECK(gs1_check_digit(code.substr(0, code.size() - 1)) == t.at("computed_check_digit").get<int>());
      if (!want) CHECK(validate_gtin(code).error().code == "gtin.bad_check_digit");
    } else if (!want) {
      CHECK(validate_gtin(code).error().code == "gtin.length");
    }
    CHECK(classify(code).valid == want);
  }
}

TEST_CASE("gs1.json: variable-measure numbers under their national layouts") {
  const json v = hp::test::load_vectors("gs1.json");
  const auto layouts = region_layouts();
  REQUIRE(!v.at("variable_measure_rcn").at("vectors").empty());
  for (const auto& t : v.at("variable_measure_rcn").at("vectors")) {
    const std::string code = t.at("code");
    const std::string region = t.at("region_rules").get<std::string>().substr(0, 2);
    CAPTURE(code);
    CAPTURE(region);
    REQUIRE(layouts.contains(region));
    const auto& layout = layouts.at(region);
    CHECK(validate_gtin(code, GtinKind::ean13).has_value() == t.at("ean13_check_ok").get<bool>());
    if (t.contains("variable_measure_check")) {
      const auto& k = t.at("variable_measure_check");
      const std::string digits = k.at("value_digits");
      CHECK(price_check_digit(digits) == k.at("computed").get<int>());
      CHECK(code[k.at("position").get<std::size_t>()] - '0' == k.at("digit_in_code").get<int>());
    }
    const auto vm = parse_variable_measure(code, layout);
    if (!t.at("expect_valid").get<bool>()) {
      REQUIRE_FALSE(vm.has_value());
      CHECK(vm.error().code == "vm.bad_check_digit");
      ClassifyOptions opt;
      opt.layout = layout;
      CHECK_FALSE(classify(code, opt).valid);
      continue;
    }
    REQUIRE_MESSAGE(vm.has_value(), (vm ? "" : vm.error().detail));
    const std::string kind = t.at("kind");
    CHECK(measure_name(vm->measure) == kind);
    const double value = t.at("value");
    CHECK(vm->value == hp::test::scaled(value, vm->decimals));
    if (kind == "weight") CHECK(vm->weight_mg == hp::test::scaled(value, 6));
    if (kind == "count") CHECK(vm->count == static_cast<std::int64_t>(value));
    // The same code rebuilt from item and value under the same layout.
    CHECK(build_variable_measure(vm->prefix, vm->item, vm->value, layout) == code);
    ClassifyOptions opt;
    opt.layout = layout;
    const auto c = classify(code, opt);
    CHECK(c.kind == CodeKind::variable_measure);
    CHECK(c.valid);
  }
}

TEST_CASE("gs1.json: element strings, bracketed and raw, parse and build") {
  const json v = hp::test::load_vectors("gs1.json");
  REQUIRE(!v.at("element_strings").empty());
  for (const auto& t : v.at("element_strings")) {
    const std::string hri = t.at("bracketed");
    CAPTURE(hri);
    const json& expect = t.at("expect");
    const auto parsed = parse_gs1_bracketed(hri);
    if (expect.contains("lint") && expect.at("lint") != "OK") {
      REQUIRE_FALSE(parsed.has_value());
      if (expect.at("lint") == "GS1_LINTER_ILLEGAL_MONTH") CHECK(parsed.error().code == "gs1.invalid_date");
      CHECK_FALSE(classify(hri).valid);
      continue;
    }
    REQUIRE_MESSAGE(parsed.has_value(), (parsed ? "" : parsed.error().detail));
    for (const auto& [key, want] : expect.items())
      if (key != "lint") check_expect(*parsed, key, want);

    // Round trips: HRI, raw with GS separators, and the classifier on both.
    CHECK(gs1_hri(*parsed) == hri);
    CHECK(build_gs1_hri(fields_of(*parsed)) == hri);
    const auto raw = build_gs1(fields_of(*parsed));
    REQUIRE(raw.has_value());
    if (t.contains("element_string_gs_hex"))
      CHECK(*raw == hp::test::from_hex(t.at("element_string_gs_hex").get<std::string>()));
    if (t.contains("element_string_caret_fnc1")) {
      std::string caret = t.at("element_string_caret_fnc1");
      if (caret.starts_with("^")) caret.erase(0, 1);  // FNC1 in first position
      for (char& c : caret)
        if (c == '^') c = kGs;
      CHECK(caret == *raw);
    }
    const auto reparsed = parse_gs1(*raw);
    REQUIRE(reparsed.has_value());
    CHECK(gs1_hri(*reparsed) == hri);
    const auto c = classify("]C1" + *raw);
    CHECK(c.kind == CodeKind::gs1);
    CHECK(c.valid);
    CHECK(classify(hri).valid);
  }
}

TEST_CASE("gs1.json: scan data with GS separators") {
  const json v = hp::test::load_vectors("gs1.json");
  REQUIRE(!v.at("scan_data_with_gs").empty());
  for (const auto& t : v.at("scan_data_with_gs")) {
    const std::string scan = hp::test::from_hex(t.at("scan_hex").get<std::string>());
    CAPTURE(t.at("scan_repr").get<std::string>());
    CHECK(hp::test::expand_gs(t.at("scan_repr").get<std::string>()) == scan);
    const auto c = classify(scan);
    REQUIRE(c.valid);
    CHECK(c.kind == CodeKind::gs1);
    for (const auto& [key, want] : t.at("expect").items()) {
      if (key == "symbology") {
        REQUIRE(c.symbology.has_value());
        CHECK(c.symbology->name == want.get<std::string>());
      } else {
        check_expect(c.gs1, key, want);
      }
    }
    const json j = to_json(c);
    CHECK(j.at("ais").size() == c.gs1.size());
  }
}

TEST_CASE("GS1 element strings: errors and day 00") {
  CHECK(parse_gs1("0112345678901234").error().code == "gs1.bad_check_digit");
  CHECK(parse_gs1("011234567890123").error().code == "gs1.length");
  CHECK(parse_gs1("8999X").error().code == "gs1.unknown_ai");
  CHECK(parse_gs1("17250230").error().code == "gs1.invalid_date");
  CHECK(parse_gs1("17240229").has_value());  // leap year
  CHECK(parse_gs1("10" + std::string(21, 'A')).error().code == "gs1.length");
  CHECK(parse_gs1("10AB\x01").error().code == "gs1.bad_char");
  CHECK(parse_gs1("3102ABCDEF").error().code == "gs1.bad_char");
  CHECK(parse_gs1("3106000001").error().code == "gs1.unknown_ai");  // n is 0-5 for weights
  CHECK(parse_gs1("").error().code == "gs1.empty");
  CHECK(parse_gs1("10A\x1D" "10B").error().code == "gs1.duplicate_ai");
  CHECK(parse_gs1_bracketed("01)1").error().code == "gs1.bad_bracket");
  CHECK(parse_gs1_bracketed("(9999)1").error().code == "gs1.unknown_ai");

  const auto feb = parse_gs1("17240200");
  REQUIRE(feb.has_value());
  CHECK(to_iso(*feb->front().date) == "2024-02-29");
  const auto dec = parse_gs1("15251200");
  REQUIRE(dec.has_value());
  CHECK(to_iso(*dec->front().date) == "2025-12-31");
  const auto old = parse_gs1("11800101", Gs1Options{2025});
  REQUIRE(old.has_value());
  CHECK(old->front().date->year == 1980);

  // 310n: kilograms with n decimals to milligrams; 392n/393n prices; SSCC check digit.
  const auto w = parse_gs1("3102001250");
  REQUIRE(w.has_value());
  CHECK(w->front().weight_mg == 12'500'000);
  const auto p = parse_gs1("3920125000");
  REQUIRE(p.has_value());
  CHECK(p->front().number == Gs1Decimal{125000, 0});
  const auto cp = parse_gs1("3930704125000");
  REQUIRE(cp.has_value());
  CHECK(cp->front().currency == "704");
  CHECK(cp->front().number == Gs1Decimal{125000, 0});
  CHECK(parse_gs1("00106141411234567897").has_value());
  CHECK(parse_gs1("00106141411234567898").error().code == "gs1.bad_check_digit");
  CHECK(parse_gs1("0209501101530003").has_value());

  // Variable-length AIs end at GS or at the end of the data; a value with '(' in HRI.
  const auto v = parse_gs1_bracketed("(10)A(B(21)X");
  REQUIRE(v.has_value());
  CHECK(v->at(0).value == "A(B");
  CHECK(build_gs1({{"10", "LOT"}, {"21", "S1"}}) == std::string("10LOT\x1D" "21S1"));
  CHECK(build_gs1({{"01", "09501101530003"}, {"3103", "000125"}, {"10", "L"}}) ==
        std::string("0109501101530003310300012510L"));
  CHECK(build_gs1({{"01", "09501101530004"}}).error().code == "gs1.bad_check_digit");
  CHECK(build_gs1({}).error().code == "gs1.empty");
}
