#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <set>

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

TEST_CASE("the shipped units file: both sides of the 2025 reform, with the official codes and every old unit linked") {
  const json doc = shipped();
  auto f = parse_unit_file(doc);
  REQUIRE(f);
  std::map<std::string, int> before, after;
  std::set<std::string> codes_after, linked_from;
  for (const auto& l : f->links) linked_from.insert(l.first);
  std::map<std::string, const Unit*> by_id;
  for (const auto& u : f->units) by_id[u.id] = &u;
  for (const auto& u : f->units) {
    CAPTURE(u.id);
    CHECK(u.verified);  // each agrees with a second copy of the statistics office's lists (the file's checks)
    if (u.valid_to == "2025-06-30") {
      ++before[u.kind];
      // Every unit of before the reform went somewhere: itself, or each of its communes.
      if (u.kind == "district")
        CHECK((linked_from.contains(u.id) ||
               std::any_of(f->units.begin(), f->units.end(), [&](const Unit& c) { return c.parent_id == u.id; })));
      else if (u.kind != "province")
        CHECK(linked_from.contains(u.id));
    }
    if (u.valid_from == "2025-07-01") {
      ++after[u.kind];
      CHECK(u.valid_to.empty());
      CHECK(u.parent_id == "vn-31");
      // Keyed by the official 5-digit code, unique after the reform.
      CHECK(u.code.size() == 5);
      CHECK(u.id == "vn-31-" + u.code);
      CHECK(codes_after.insert(u.code).second);
    }
  }
  CHECK(before["province"] == 1);   // Hai Duong
  CHECK(before["district"] == 27);  // Hai Phong's 15 and Hai Duong's 12
  CHECK(before["ward"] + before["commune"] == 374);
  CHECK(after["ward"] == 45);
  CHECK(after["commune"] == 67);
  CHECK(after["special_zone"] == 2);
  // Every new unit was formed from old ones, and every link runs from before the reform to after it.
  for (const auto& [from, to] : f->links) {
    CAPTURE(from);
    CAPTURE(to);
    CHECK(by_id[from]->valid_to == "2025-06-30");
    CHECK((to == "vn-31" || by_id[to]->valid_from == "2025-07-01"));
  }
  for (const auto& c : codes_after)
    CHECK(std::any_of(f->links.begin(), f->links.end(), [&](const auto& l) { return l.second == "vn-31-" + c; }));
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
  CHECK(t->covers("vn-31-312", "vn-31-11617"));           // An Hải ward, made from An Dương's communes
  CHECK(t->covers("vn-31-312", "vn-31-312-11623"));       // the old commune An Đồng, in An Dương
  CHECK(t->covers("vn-31-303", "vn-31-11593"));           // An Phong took part of Đại Bản, of Hồng Bàng
  CHECK(t->covers("vn-31", "vn-31-312"));                 // the city holds its districts
  CHECK_FALSE(t->covers("vn-31-11617", "vn-31-11593"));
  CHECK_FALSE(t->covers("vn-31-11617", "vn-31-312"));     // a ward does not see its old district
  CHECK_FALSE(t->covers("vn-31-313", "vn-31-11617"));
  // Trường Sơn, of An Lão, gave Phù Liễn only land, no people: An Lão's officers do not see it.
  CHECK_FALSE(t->covers("vn-31-313", "vn-31-11446"));
  CHECK(t->covers("vn-31-313-11656", "vn-31-313-11656"));
  CHECK_FALSE(t->covers("vn-30", "vn-31-11311"));         // Hai Duong's merger is not Hai Phong's old city
  CHECK(t->covers("vn-30-288", "vn-31-10525"));           // Hải Dương ward, from the old city's wards
  CHECK(t->covers("vn-31-318", "vn-31-11948"));           // a district without communes became a special zone
  CHECK(t->name("vn-31-11617") == "An Hải");
  CHECK(t->name("vn-31-317") == "Cát Hải");
  CHECK(t->name("no-such") == "no-such");
}
