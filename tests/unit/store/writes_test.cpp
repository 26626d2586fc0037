// Business writes commit with their outbox event and print jobs, or leave nothing behind.
#include <nlohmann/json.hpp>

#include "store_fixture.hpp"

using namespace hp;
using namespace hp::store;
using namespace hp::store::testing;

TEST_CASE("a drop-off with N items creates N lots, one outbox event and its print jobs") {
  Fixture fx("store_dropoff_ok");
  Store store = fx.open();
  const Farmer f = add_farmer(store, fx.ids, "Nguyễn Văn An", "0912345678", "HPM7K2M9QX4B");
  const Product tomato = add_product(store, fx.ids, "CA-CHUA", "Cà chua");
  const Product cabbage = add_product(store, fx.ids, "BAP-CAI", "Bắp cải");
  const Product eggs = add_product(store, fx.ids, "TRUNG-GA", "Trứng gà", PriceUnit::PerPiece);

  DropOffItem egg_item{.id = fx.ids.next(), .product_id = eggs.id, .product_name = "Trứng gà", .grade = "A",
                       .unit = PriceUnit::PerPiece, .gross_mg = 0, .tare_mg = 0, .net_mg = 0, .pieces = 30,
                       .unit_price = 3500, .value = 105000, .lot_id = fx.ids.next(), .lot_code = "HPL0000000003X"};
  DropOff d = drop_off(fx.ids, f,
                       {kg_item(fx.ids, tomato, 12'800'000, 300'000, 22000, "HPL0000000001X"),
                        kg_item(fx.ids, cabbage, 20'450'000, 450'000, 12000, "hpl0000000002x"), egg_item});
  const auto before = counts(store);
  const auto jobs = jobs_for(fx.ids, d.id, 4);
  REQUIRE(store.commit_drop_off(d, fx.ids.next(), jobs).has_value());

  const auto after = counts(store);
  CHECK(after.drop_offs == before.drop_offs + 1);
  CHECK(after.items == before.items + 3);
  CHECK(after.lots == before.lots + 3);
  CHECK(after.outbox == before.outbox + 1);
  CHECK(after.jobs == before.jobs + 4);

  auto back = store.drop_off_by_id(d.id);
  REQUIRE(back.has_value());
  REQUIRE(back->has_value());
  const DropOff& r = **back;
  CHECK(r.total == 275000 + 240000 + 105000);
  REQUIRE(r.items.size() == 3);
  CHECK(r.items[0].net_mg == 12'500'000);
  CHECK(r.items[0].value == 275000);
  CHECK(r.items[1].lot_code == "HPL0000000002X");  // codes are stored upper-case
  CHECK(r.items[2].pieces == 30);
  CHECK(r.items[2].unit == PriceUnit::PerPiece);

  auto events = store.outbox_after(0, 100);
  REQUIRE(events.has_value());
  const OutboxEvent& e = events->back();
  CHECK(e.kind == "dropoff.committed");
  CHECK(e.entity_id == d.id);
  CHECK(e.created_at == kNow);
  const auto j = nlohmann::json::parse(e.payload);
  CHECK(j["id"] == d.id);
  CHECK(j["farmer_id"] == f.id);
  CHECK(j["total"] == r.total);
  REQUIRE(j["items"].size() == 3);
  CHECK(j["items"][0]["lot_code"] == "HPL0000000001X");
  CHECK(j["items"][0]["net_mg"] == 12'500'000);
  CHECK(j["items"][2]["unit"] == "piece");

  auto queued = store.unfinished_print_jobs();
  REQUIRE(queued.has_value());
  REQUIRE(queued->size() == 4);
  CHECK((*queued)[0].kind == PrintKind::DropOffReceipt);
  CHECK((*queued)[0].payload == jobs[0].payload);  // binary bytes kept as they are
  CHECK((*queued)[0].status == PrintStatus::Queued);
  CHECK((*queued)[0].created_at == kNow);
}

TEST_CASE("a failing drop-off leaves nothing behind") {
  Fixture fx("store_dropoff_fail");
  Store store = fx.open();
  const Farmer f = add_farmer(store, fx.ids, "Trần Thị Bích", "0983123456", "HPM3N8P5RT2C");
  const Product tomato = add_product(store, fx.ids, "CA-CHUA", "Cà chua");
  DropOff first = drop_off(fx.ids, f, {kg_item(fx.ids, tomato, 5'000'000, 0, 22000, "HPL1111111111A")});
  REQUIRE(store.commit_drop_off(first, fx.ids.next(), jobs_for(fx.ids, first.id, 2)).has_value());
  const auto before = counts(store);

  SUBCASE("a lot code that already exists") {
    DropOff d = drop_off(fx.ids, f,
                         {kg_item(fx.ids, tomato, 3'000'000, 0, 22000, "HPL2222222222B"),
                          kg_item(fx.ids, tomato, 4'000'000, 0, 22000, "HPL1111111111A")});
    auto r = store.commit_drop_off(d, fx.ids.next(), jobs_for(fx.ids, d.id, 3));
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == "db.constraint");
    CHECK(store.drop_off_by_id(d.id)->has_value() == false);
  }
  SUBCASE("the same lot code twice in one drop-off") {
    DropOff d = drop_off(fx.ids, f,
                         {kg_item(fx.ids, tomato, 3'000'000, 0, 22000, "HPL3333333333C"),
                          kg_item(fx.ids, tomato, 4'000'000, 0, 22000, "HPL3333333333C")});
    auto r = store.commit_drop_off(d, fx.ids.next(), jobs_for(fx.ids, d.id, 3));
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == "db.constraint");
  }
  SUBCASE("a print job id that already exists (the last write of the transaction)") {
    DropOff d = drop_off(fx.ids, f, {kg_item(fx.ids, tomato, 3'000'000, 0, 22000, "HPL4444444444D")});
    auto jobs = jobs_for(fx.ids, d.id, 2);
    jobs[1].id = jobs[0].id;
    auto r = store.commit_drop_off(d, fx.ids.next(), jobs);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == "db.constraint");
  }
  SUBCASE("an outbox event id that was used before") {
    DropOff d = drop_off(fx.ids, f, {kg_item(fx.ids, tomato, 3'000'000, 0, 22000, "HPL5555555555E")});
    auto events = store.outbox_after(0, 10);
    REQUIRE(events.has_value());
    auto r = store.commit_drop_off(d, events->front().id, {});
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == "db.constraint");
  }
  SUBCASE("an unknown farmer") {
    Farmer ghost = f;
    ghost.id = fx.ids.next();
    DropOff d = drop_off(fx.ids, ghost, {kg_item(fx.ids, tomato, 3'000'000, 0, 22000, "HPL6666666666F")});
    auto r = store.commit_drop_off(d, fx.ids.next(), {});
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == "db.constraint");
  }
  SUBCASE("a total that is not the sum of the items") {
    DropOff d = drop_off(fx.ids, f, {kg_item(fx.ids, tomato, 3'000'000, 0, 22000, "HPL7777777777G")});
    d.total += 1;
    auto r = store.commit_drop_off(d, fx.ids.next(), {});
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == "dropoff.total_mismatch");
  }
  SUBCASE("no items") {
    DropOff d = drop_off(fx.ids, f, {});
    auto r = store.commit_drop_off(d, fx.ids.next(), {});
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == "dropoff.empty");
  }
  CHECK(counts(store) == before);
  auto queued = store.unfinished_print_jobs();
  REQUIRE(queued.has_value());
  CHECK(queued->size() == 2);
}

TEST_CASE("registering a farmer writes the farmer and its event; clashes are named and change nothing") {
  Fixture fx("store_farmer_register");
  Store store = fx.open();
  const Farmer f = add_farmer(store, fx.ids, "Lê Văn Cường", "0904 567 890", "hpm b6w9c4yv7");
  CHECK(f.phone == "0904567890");
  CHECK(f.member_code == "HPM B6W9C4YV7");  // upper-cased; parsing codes is the caller's job
  auto events = store.outbox_after(0, 10);
  REQUIRE(events.has_value());
  REQUIRE(events->size() == 1);
  CHECK((*events)[0].kind == "farmer.registered");
  CHECK((*events)[0].entity_id == f.id);
  CHECK(nlohmann::json::parse((*events)[0].payload)["name"] == "Lê Văn Cường");

  const auto before = counts(store);
  NewFarmer same_phone{.id = fx.ids.next(), .member_code = "HPMQ7R4T6VW1", .name = "Phạm Thị Dung",
                       .phone = "0904567890", .commune = "", .district = "", .branch = "", .cooperative = "",
                       .created_at = kNow};
  auto r1 = store.register_farmer(same_phone, fx.ids.next());
  REQUIRE_FALSE(r1.has_value());
  CHECK(r1.error().code == "farmer.phone_taken");

  NewFarmer same_code = same_phone;
  same_code.id = fx.ids.next();
  same_code.phone = "0936789012";
  same_code.member_code = "HPM B6W9C4YV7";
  auto r2 = store.register_farmer(same_code, fx.ids.next());
  REQUIRE_FALSE(r2.has_value());
  CHECK(r2.error().code == "farmer.member_code_taken");
  CHECK(counts(store) == before);

  // Farmers without a phone do not clash with each other.
  NewFarmer no_phone_1 = same_phone;
  no_phone_1.phone = "";
  NewFarmer no_phone_2 = no_phone_1;
  no_phone_2.id = fx.ids.next();
  no_phone_2.member_code = "HPMX2Y5A9BC2";
  REQUIRE(store.register_farmer(no_phone_1, fx.ids.next()).has_value());
  REQUIRE(store.register_farmer(no_phone_2, fx.ids.next()).has_value());
  CHECK(count_rows(store, "farmers") == before.farmers + 2);
}

TEST_CASE("outbox events keep their local order and page by cursor") {
  Fixture fx("store_outbox_order");
  Store store = fx.open();
  std::vector<std::string> names;
  for (int i = 0; i < 7; ++i) {
    const std::string phone = "09000000" + std::to_string(10 + i);
    const Farmer f = add_farmer(store, fx.ids, "Nông dân " + std::to_string(i), phone, "HPM-TEST-" + std::to_string(i));
    names.push_back(f.id);
  }
  auto first = store.outbox_after(0, 3);
  REQUIRE(first.has_value());
  REQUIRE(first->size() == 3);
  auto rest = store.outbox_after(first->back().seq, 100);
  REQUIRE(rest.has_value());
  REQUIRE(rest->size() == 4);
  std::vector<OutboxEvent> all = *first;
  all.insert(all.end(), rest->begin(), rest->end());
  for (std::size_t i = 0; i < all.size(); ++i) {
    CHECK(all[i].entity_id == names[i]);
    if (i > 0) CHECK(all[i].seq > all[i - 1].seq);
  }
  auto none = store.outbox_after(all.back().seq, 100);
  REQUIRE(none.has_value());
  CHECK(none->empty());
  CHECK(store.outbox_after(0, 0)->empty());
}

TEST_CASE("settings round-trip") {
  Fixture fx("store_settings");
  Store store = fx.open();
  CHECK_FALSE(store.setting("kiosk.id")->has_value());
  REQUIRE(store.set_setting("kiosk.id", "HP-K01").has_value());
  REQUIRE(store.set_setting("kiosk.id", "HP-K02").has_value());
  CHECK(store.setting("kiosk.id")->value() == "HP-K02");
}
