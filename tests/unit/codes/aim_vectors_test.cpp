// Every entry of tests/vectors/aim_symbology.json.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "shared/codes/aim.hpp"
#include "shared/codes/classify.hpp"
#include "tests/support/test_support.hpp"
#include "tests/unit/codes/vector_helpers.hpp"

using namespace hp::codes;
using nlohmann::json;

namespace {

void check_example(const json& ex) {
  const std::string scan = ex.contains("scan_hex")
                               ? hp::test::from_hex(ex.at("scan_hex").get<std::string>())
                               : hp::test::expand_gs(ex.at("scan").get<std::string>());
  const std::string data = ex.at("data");
  CAPTURE(scan);
  CAPTURE(data);
  const Classification c = classify(scan);
  REQUIRE(c.symbology.has_value());
  CHECK(scan.starts_with(c.symbology->identifier));

  if (data.starts_with("rejected")) {
    CHECK_FALSE(c.valid);
    return;
  }
  REQUIRE_MESSAGE(c.valid, (c.error ? c.error->code + " " + c.error->detail : ""));
  if (data.starts_with("(")) {
    CHECK(c.kind == CodeKind::gs1);
    CHECK(gs1_hri(c.gs1) == data);
    return;
  }
  if (const auto plus = data.find(" + composite "); plus != std::string::npos) {
    // "EAN-13 <primary> + composite (AI)value...": GTIN as AI (01), then the composite's AIs.
    const std::string primary = data.substr(data.rfind(' ', plus - 1) + 1, plus - data.rfind(' ', plus - 1) - 1);
    const std::string cc = data.substr(plus + 13);
    CHECK(c.kind == CodeKind::gs1);
    CHECK(gs1_hri(c.gs1) == "(01)" + std::string(14 - primary.size(), '0') + primary + cc);
    return;
  }
  const std::string digits = data.substr(0, data.find(' '));
  CHECK(c.code == digits);
  if (ex.contains("sym") && ex.at("sym").is_string()) {
    const std::string sym = ex.at("sym");
    if (sym == "EAN-13") CHECK((c.kind == CodeKind::ean13 || c.kind == CodeKind::variable_measure));
    if (sym == "UPC-A" || sym == "UPC-E") CHECK(c.kind == CodeKind::upca);
  } else if (c.symbology->identifier == "]E4") {
    CHECK(c.kind == CodeKind::ean8);
  }
}

}  // namespace

TEST_CASE("aim_symbology.json: identifiers and their examples") {
  const json v = hp::test::load_vectors("aim_symbology.json");
  REQUIRE(!v.at("identifiers").empty());
  for (const auto& t : v.at("identifiers")) {
    const std::string id = t.at("identifier");
    const std::string text = t.at("symbology");
    CAPTURE(id);
    const auto s = parse_aim(id);
    REQUIRE(s.has_value());
    CHECK(s->identifier == id);
    // Every GS1 symbology in the vectors says so in its description, and only those.
    CHECK(s->gs1 == (text.find("GS1") != std::string::npos));
    if (t.contains("example"))
      for (const auto& ex : t.at("example")) check_example(ex);
  }
}

TEST_CASE("aim_symbology.json: ISO/IEC 15424 code characters") {
  const json v = hp::test::load_vectors("aim_symbology.json");
  const auto& map = v.at("iso15424_code_characters").at("map");
  REQUIRE(!map.empty());
  for (const auto& [code, name] : map.items()) {
    CAPTURE(code);
    REQUIRE(code.size() == 1);
    CHECK(aim_family(code[0]) == name.get<std::string>());
    const auto s = parse_aim("]" + code + "0");
    REQUIRE(s.has_value());
    CHECK(s->family == name.get<std::string>());
  }
}

TEST_CASE("aim_symbology.json: negative cases") {
  const json v = hp::test::load_vectors("aim_symbology.json");
  REQUIRE(!v.at("negative").empty());
  for (const auto& t : v.at("negative")) {
    const std::string scan = t.at("scan");
    const std::string expect = t.at("expect");
    CAPTURE(scan);
    if (expect.find("-> reject") != std::string::npos) {
      CHECK_FALSE(parse_aim(scan).has_value());
      const auto c = classify(scan + "12345");
      CHECK_FALSE(c.valid);
      CHECK(c.kind == CodeKind::unknown);
    } else {
      // The sources disagree (biip rejects J, gs1-syntax-engine accepts ]J0/]J1). GS1 DotCode
      // (]J1) is in the identifier list, so J is accepted and ]J0 is plain, non-GS1 DotCode.
      const auto s = parse_aim(scan);
      REQUIRE(s.has_value());
      CHECK_FALSE(s->gs1);
      CHECK(s->family == "DotCode");
    }
  }
}

TEST_CASE("AIM identifiers: malformed") {
  CHECK(parse_aim("]").error().code == "aim.truncated");
  CHECK(parse_aim("]C").error().code == "aim.truncated");
  CHECK(parse_aim("C10").error().code == "aim.not_aim");
  CHECK(parse_aim("]W0").error().code == "aim.unknown_code");
  CHECK(parse_aim("]C-").error().code == "aim.bad_modifier");
  CHECK(parse_aim("]zA").has_value());
  CHECK(parse_aim("]Q3")->name == "GS1 QR Code");
  CHECK(parse_aim("]Q1")->gs1 == false);
  CHECK(parse_aim("]A0")->name == "Code 39");
  CHECK(parse_aim("]I0")->family == "ITF (Interleaved 2 of 5)");
  const auto split = split_aim("5901234123457");
  REQUIRE(split.has_value());
  CHECK_FALSE(split->symbology.has_value());
  CHECK(split->data == "5901234123457");
}
