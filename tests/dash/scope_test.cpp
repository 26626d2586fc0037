#include <doctest/doctest.h>

#include <fstream>

#include "server/dash/schema.hpp"
#include "server/dash/scope.hpp"
#include "tests/support/test_support.hpp"

using namespace hp::server::dash;
using hp::server::auth::Staff;

namespace {

std::vector<std::string> ids(const Scope& s) {
  std::vector<std::string> out;
  for (const auto& p : s.post_offices) out.push_back(p.id);
  return out;
}

}  // namespace

TEST_CASE("each role sees its post offices, and a narrowing outside its scope is refused") {
  hp::test::TempDir dir("dash_scope");
  auto db = open_sql(dir.path().string(), "");
  REQUIRE(db);
  REQUIRE(ensure_schema(**db));
  std::ifstream in(std::string(HP_SOURCE_DIR) + "/assets/units/haiphong.json");
  auto f = parse_unit_file(nlohmann::json::parse(in));
  REQUIRE(f);
  REQUIRE(store_units(**db, *f, false));
  auto units = UnitTree::load(**db);
  REQUIRE(units);
  const std::vector<PostOffice> all{{"po-an-duong", "An Dương", "vn-31-312"},
                                    {"po-an-hai", "An Hải", "vn-31-11617"},
                                    {"po-an-lao", "An Lão", "vn-31-313"},
                                    {"po-an-phong", "An Phong", "vn-31-11593"}};
  const Staff city{"1", "c", "C", "city", "", ""};
  const Staff district{"2", "d", "D", "district", "vn-31-312", ""};
  const Staff commune{"3", "h", "H", "commune", "vn-31-11617", ""};
  const Staff manager{"4", "m", "M", "post_office", "", "po-an-lao"};

  CHECK(ids(*scope_for(city, all, *units, "", "")).size() == 4);
  CHECK(ids(*scope_for(district, all, *units, "", "")) ==
        std::vector<std::string>{"po-an-duong", "po-an-hai", "po-an-phong"});
  CHECK(ids(*scope_for(commune, all, *units, "", "")) == std::vector<std::string>{"po-an-hai"});
  CHECK(ids(*scope_for(manager, all, *units, "", "")) == std::vector<std::string>{"po-an-lao"});

  CHECK(ids(*scope_for(district, all, *units, "vn-31-11593", "")) == std::vector<std::string>{"po-an-phong"});
  CHECK(ids(*scope_for(city, all, *units, "", "po-an-lao")) == std::vector<std::string>{"po-an-lao"});
  for (auto [who, unit, po] : {std::tuple{commune, "vn-31-11593", ""}, std::tuple{commune, "vn-31-312", ""},
                               std::tuple{commune, "", "po-an-duong"}, std::tuple{manager, "", "po-an-duong"},
                               std::tuple{manager, "vn-31-312", ""}, std::tuple{district, "vn-31-313", ""}}) {
    CAPTURE(who.username);
    CAPTURE(unit);
    CAPTURE(po);
    auto s = scope_for(who, all, *units, unit, po);
    REQUIRE_FALSE(s);
    CHECK(s.error().code == "scope.forbidden");
  }
  CHECK(unit_in_scope(district, *units, "vn-31-11617"));
  CHECK_FALSE(unit_in_scope(commune, *units, "vn-31-312"));
  CHECK_FALSE(unit_in_scope(manager, *units, "vn-31-313"));
  CHECK_FALSE(unit_in_scope(city, *units, "vn-99"));
}
