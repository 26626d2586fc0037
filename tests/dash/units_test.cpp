#include <doctest/doctest.h>

#include <fstream>
#include <map>

#include "server/dash/schema.hpp"
#include "server/dash/units.hpp"
#include "tests/support/test_support.hpp"

using namespace hp::server::dash;
using nlohmann::json;

namespace {

json shipped() {
  std::ifstream in(std::string(HP_SOURCE_DIR) + "/assets/units/haiphong.json");
  return json::parse(in);
}

}  // namespace

TEST_CASE("the shipped units file: both sides of the 2025 reform, its counts true to its content") {
  const json doc = shipped();
  auto f = parse_unit_file(doc);
  REQUIRE(f);
  std::map<std::string, int> before, after;
  for (const auto& u : f->units) {
    if (u.valid_to == "2025-06-30") ++before[u.kind];
    if (u.valid_from == "2025-07-01") {
      ++after[u.kind];
      CHECK(u.valid_to.empty());
      CHECK(u.parent_id == "vn-31");
    }
    CHECK_FALSE(u.verified);  // nothing could be checked against the official texts here
  }
  CHECK(before["province"] == 1);   // Hai Duong
  CHECK(before["district"] == 27);  // Hai Phong's 15 and Hai Duong's 12
  CHECK(after["ward"] == 45);
  CHECK(after["special_zone"] == 2);
  // The file says how many communes it lists and how many the reform made.
  CHECK(after["commune"] == doc["listed_after_reform"]["commune"].get<int>());
  CHECK(doc["expected_after_reform"]["commune"] == 67);
  CHECK(after["commune"] <= 67);
  // Every retired district of Hai Phong leads somewhere after the reform.
  for (const auto& u : f->units)
    if (u.kind == "district" && u.parent_id == "vn-31") {
      CAPTURE(u.id);
      CHECK(std::any_of(f->links.begin(), f->links.end(), [&](const auto& l) { return l.first == u.id; }));
    }
}

TEST_CASE("a bad units file is refused with where it is wrong, and nothing is stored") {
  const json good = shipped();
  auto broken = [&](auto change) {
    json d = good;
    change(d);
    return parse_unit_file(d);
  };
  CHECK(broken([](json& d) { d["units"].push_back(d["units"][0]); }).error().detail.find("duplicate") != std::string::npos);
  CHECK(broken([](json& d) { d["units"][3]["parent_id"] = "vn-99"; }).error().detail.find("unknown parent") != std::string::npos);
  CHECK(broken([](json& d) { d["units"][3]["kind"] = "county"; }).error().code == "units.invalid");
  CHECK(broken([](json& d) { d["units"][3]["valid_to"] = "30/06/2025"; }).error().code == "units.invalid");
  CHECK(broken([](json& d) { d["links"].push_back({{"from", "vn-31-312"}, {"to", "nowhere"}}); }).error().code ==
        "units.invalid");
  CHECK(broken([](json& d) { d.erase("units"); }).error().code == "units.invalid");
}

TEST_CASE("the unit tree: under a unit, or formed from it by the reform") {
  hp::test::TempDir dir("dash_units");
  auto db = open_sql(dir.path().string(), "");
  REQUIRE(db);
  REQUIRE(ensure_schema(**db));
  auto f = parse_unit_file(shipped());
  REQUIRE(f);
  REQUIRE(store_units(**db, *f, false));
  REQUIRE(store_units(**db, *f, false));  // a second load replaces, it does not add
  auto t = UnitTree::load(**db);
  REQUIRE(t);
  CHECK(t->all().size() == f->units.size());
  CHECK(t->covers("vn-31-312", "vn-31-312"));
  CHECK(t->covers("vn-31-312", "vn-31-p-an-hai"));       // a ward made from An Dương
  CHECK(t->covers("vn-31", "vn-31-312"));                // the city holds its districts
  CHECK_FALSE(t->covers("vn-31-p-an-hai", "vn-31-p-an-phong"));
  CHECK_FALSE(t->covers("vn-31-p-an-hai", "vn-31-312"));  // a ward does not see its old district
  CHECK_FALSE(t->covers("vn-31-313", "vn-31-p-an-hai"));
  CHECK_FALSE(t->covers("vn-30", "vn-31-p-hong-bang"));   // Hai Duong's merger is not Hai Phong's old city
  CHECK(t->covers("vn-30-288", "vn-31-p-hai-duong"));
  CHECK(t->name("vn-31-317") == "Cát Hải");
  CHECK(t->name("no-such") == "no-such");
}
