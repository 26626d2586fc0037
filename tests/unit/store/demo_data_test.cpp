#include "kiosk/store/demo_data.hpp"

#include <chrono>
#include <set>

#include "shared/codes/kiosk_codes.hpp"
#include "store_fixture.hpp"

using namespace hp;
using namespace hp::store;
using namespace hp::store::testing;

TEST_CASE("the demo data is complete, uses valid kiosk codes and seeds only once") {
  Fixture fx("store_demo");
  Store store = fx.open();
  REQUIRE(seed_demo(store, fx.ids, fx.clock).has_value());
  const auto first = counts(store);
  const auto products = store.products();
  REQUIRE(products.has_value());
  CHECK(products->size() == 12);
  for (const auto& p : *products) {
    CHECK_FALSE(p.name_vi.empty());
    CHECK_FALSE(p.name_en.empty());
    CHECK(p.prices.size() >= 2);
    for (const auto& g : p.prices) CHECK(g.price > 0);
  }
  auto districts = store.admin_units("district", std::nullopt);
  REQUIRE(districts.has_value());
  CHECK(districts->size() == 6);
  CHECK(districts->front().name == "An Dương");
  auto communes = store.admin_units("commune", std::string_view(districts->front().id));
  REQUIRE(communes.has_value());
  CHECK(communes->size() == 6);
  for (const auto& c : *communes) CHECK(c.parent_id == districts->front().id);
  CHECK(store.admin_units("province", std::nullopt)->front().name == "Hải Phòng");
  CHECK(store.setting("admin_units.source")->has_value());
  CHECK(store.branches()->size() == 6);

  CHECK(first.farmers == 8);
  for (int i = 0; i < 8; ++i) {
    const std::string code = demo_member_code(i);
    CHECK(codes::parse_kiosk_code(code, codes::KioskCodeKind::member).has_value());
    CHECK(store.farmer_by_member_code(code)->has_value());
  }
  CHECK(first.orders == kDemoReadyOrders + 1);
  int cod = 0;
  for (int i = 0; i < kDemoReadyOrders; ++i) {
    const std::string code = demo_pickup_code(i);
    CHECK(codes::parse_kiosk_code(code, codes::KioskCodeKind::pickup).has_value());
    auto o = store.order_by_pickup_code(code);
    REQUIRE(o->has_value());
    CHECK((*o)->status == OrderStatus::Ready);
    CHECK_FALSE((*o)->items.empty());
    CHECK_FALSE((*o)->shelf.empty());
    Dong sum = 0;
    for (const auto& it : (*o)->items) sum += it.amount;
    CHECK(sum == (*o)->total);
    if ((*o)->cash_on_delivery) ++cod;
  }
  CHECK(cod > 0);
  CHECK(cod < kDemoReadyOrders);
  auto collected = store.order_by_pickup_code(demo_pickup_code(kDemoReadyOrders));
  REQUIRE(collected->has_value());
  CHECK((*collected)->status == OrderStatus::Collected);
  CHECK(first.pickups == 1);

  REQUIRE(seed_demo(store, fx.ids, fx.clock).has_value());
  CHECK(counts(store) == first);
}

TEST_CASE("bulk orders get distinct valid codes; codes past the end are misses") {
  Fixture fx("store_bulk");
  Store store = fx.open(OpenOptions{.durability = db::Durability::Normal, .busy_timeout_ms = 2000});
  auto added = store.seed_bulk_orders(5000, fx.ids, fx.clock);
  REQUIRE(added.has_value());
  CHECK(*added == 5000);
  CHECK(store.order_count().value() == 5000);
  std::set<std::string> seen;
  for (std::int64_t i = 0; i < 6000; ++i) seen.insert(bulk_pickup_code(i));
  CHECK(seen.size() == 6000);
  CHECK(codes::parse_kiosk_code(bulk_pickup_code(17), codes::KioskCodeKind::pickup).has_value());
  auto hit = store.order_by_pickup_code(bulk_pickup_code(4321));
  REQUIRE(hit->has_value());
  CHECK((*hit)->items.size() == static_cast<std::size_t>(1 + 4321 % 3));
  CHECK_FALSE(store.order_by_pickup_code(bulk_pickup_code(5000))->has_value());
}
