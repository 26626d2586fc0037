// The store's side of sync: unsent events, acknowledgements, dead letters, and a pulled batch
// applied with its cursor in one transaction.
#include "kiosk/store/migrations.hpp"
#include "store_fixture.hpp"

using namespace hp;
using namespace hp::store;
using namespace hp::store::testing;

namespace {

std::vector<std::int64_t> seqs(const std::vector<OutboxEvent>& events) {
  std::vector<std::int64_t> out;
  for (const auto& e : events) out.push_back(e.seq);
  return out;
}

Store::EventOutcome acked(std::int64_t seq) { return {.seq = seq, .acked = true, .code = {}, .reason = {}}; }
Store::EventOutcome refused(std::int64_t seq, std::string code, std::string reason) {
  return {.seq = seq, .acked = false, .code = std::move(code), .reason = std::move(reason)};
}

Farmer pulled_farmer(const std::string& id, const std::string& code, const std::string& phone) {
  return Farmer{.id = id, .member_code = code, .name = "Trần Thị Bình", .phone = phone, .commune = "Đặng Cương",
                .district = "An Dương", .branch = "", .cooperative = "", .created_at = kNow};
}

}  // namespace

TEST_CASE("every write's event is unsent until the centre answers for it") {
  Fixture fx("store_sync_unsent");
  Store store = fx.open();
  auto counts = store.sync_counts();
  REQUIRE(counts.has_value());
  CHECK(counts->unsent == 0);
  CHECK_FALSE(counts->oldest_unsent_at.has_value());

  fx.now = kNow - 60'000;
  add_farmer(store, fx.ids, "Nguyễn Văn An", "0912345678", "HPM0000001");
  add_farmer(store, fx.ids, "Lê Văn Cường", "0912345679", "HPM0000002");
  add_farmer(store, fx.ids, "Phạm Thị Dung", "0912345670", "HPM0000003");
  counts = store.sync_counts();
  REQUIRE(counts.has_value());
  CHECK(counts->unsent == 3);
  CHECK(counts->oldest_unsent_at == kNow);  // the farmer's created_at
  auto batch = store.unsent_events(2);
  REQUIRE(batch.has_value());
  CHECK(seqs(*batch) == std::vector<std::int64_t>{1, 2});

  REQUIRE(store.settle_events({acked(1), acked(2)}, kNow).has_value());
  counts = store.sync_counts();
  CHECK(counts->unsent == 1);
  batch = store.unsent_events(10);
  CHECK(seqs(*batch) == std::vector<std::int64_t>{3});
  // Settled events stay in the outbox (it is append-only); only their state is beside them.
  CHECK(count_rows(store, "outbox") == 3);
}

TEST_CASE("a refused event is a dead letter and never holds back the events behind it") {
  Fixture fx("store_sync_dead");
  Store store = fx.open();
  for (int i = 0; i < 4; ++i)
    add_farmer(store, fx.ids, "Nông dân " + std::to_string(i), "091234567" + std::to_string(i), "HPM000000" + std::to_string(i));
  REQUIRE(store.settle_events({acked(1), refused(2, "event.bad_payload", "phone missing"), acked(3)}, kNow).has_value());

  auto batch = store.unsent_events(10);
  REQUIRE(batch.has_value());
  CHECK(seqs(*batch) == std::vector<std::int64_t>{4});
  auto dead = store.dead_letters(10);
  REQUIRE(dead.has_value());
  REQUIRE(dead->size() == 1);
  CHECK(dead->front().event.seq == 2);
  CHECK(dead->front().event.kind == "farmer.registered");
  CHECK(dead->front().code == "event.bad_payload");
  CHECK(dead->front().reason == "phone missing");
  auto counts = store.sync_counts();
  CHECK(counts->unsent == 1);
  CHECK(counts->dead == 1);

  // A repeated answer (the centre acknowledges a retried event) changes nothing.
  REQUIRE(store.settle_events({acked(2), acked(1)}, kNow).has_value());
  CHECK(store.dead_letters(10)->size() == 1);
  CHECK(store.sync_counts()->unsent == 1);
}

TEST_CASE("an answer for an event that is not ours changes nothing") {
  Fixture fx("store_sync_unknown");
  Store store = fx.open();
  add_farmer(store, fx.ids, "Nguyễn Văn An", "0912345678", "HPM0000001");
  auto r = store.settle_events({acked(1), acked(99)}, kNow);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().code == "sync.unknown_event");
  CHECK(store.sync_counts()->unsent == 1);  // the whole answer rolled back
}

TEST_CASE("events written after a settled batch are found above the floor") {
  Fixture fx("store_sync_floor");
  Store store = fx.open();
  add_farmer(store, fx.ids, "A", "0912345671", "HPM0000001");
  add_farmer(store, fx.ids, "B", "0912345672", "HPM0000002");
  REQUIRE(store.settle_events({acked(2)}, kNow).has_value());  // out of order: 1 still unsent
  CHECK(seqs(*store.unsent_events(10)) == std::vector<std::int64_t>{1});
  REQUIRE(store.settle_events({acked(1)}, kNow).has_value());
  CHECK(store.unsent_events(10)->empty());
  add_farmer(store, fx.ids, "C", "0912345673", "HPM0000003");
  CHECK(seqs(*store.unsent_events(10)) == std::vector<std::int64_t>{3});
}

TEST_CASE("a pulled batch and its cursor land in one transaction") {
  Fixture fx("store_sync_pull");
  Store store = fx.open();
  Store::PullBatch b;
  b.cursor = "c-42";
  b.units = {AdminUnit{.id = "d-an-duong", .kind = "district", .name = "An Dương", .parent_id = std::nullopt, .active = true}};
  b.products = {Product{.id = "p1", .sku = "CA-CHUA", .name_vi = "Cà chua", .name_en = "Tomato", .unit = PriceUnit::PerKg,
                        .gtin = std::nullopt, .image = "", .prices = {{"A", 22000}}}};
  b.orders = {ready_order(fx.ids, "PK7H3N8P5RT9", true, 120000)};
  auto applied = store.apply_pull(b, kNow);
  REQUIRE_MESSAGE(applied.has_value(), (applied ? "" : applied.error().detail));
  CHECK(applied->orders == 1);
  CHECK(applied->products == 1);
  CHECK(store.sync_record()->pull_cursor == "c-42");
  CHECK(store.order_by_pickup_code("PK7H3N8P5RT9")->has_value());

  // A batch that fails partway (an order without a pickup code) leaves neither its rows nor
  // its cursor: the next pull asks again from c-42.
  Store::PullBatch bad;
  bad.cursor = "c-43";
  bad.orders = {ready_order(fx.ids, "PK2222222222", false, 50000), ready_order(fx.ids, "", false, 1)};
  auto r = store.apply_pull(bad, kNow);
  REQUIRE_FALSE(r.has_value());
  CHECK(store.sync_record()->pull_cursor == "c-42");
  CHECK_FALSE(store.order_by_pickup_code("PK2222222222")->has_value());
  CHECK(store.order_count().value() == 1);
}

TEST_CASE("a pulled order never overwrites a pickup recorded here and not yet acknowledged") {
  Fixture fx("store_sync_pickup_kept");
  Store store = fx.open();
  Order o = ready_order(fx.ids, "PK7H3N8P5RT9", false, 80000);
  REQUIRE(store.upsert_order(o).has_value());
  Pickup p{.id = fx.ids.next(), .order_id = o.id, .pickup_code = o.pickup_code, .buyer_name = o.buyer_name,
           .method = PaymentMethod::Prepaid, .amount_paid = 0, .clerk = "Chị Hạnh", .kiosk_id = "HP-K01",
           .collected_at = kNow, .cash_tendered = 0};
  REQUIRE(store.record_pickup(p, fx.ids.next(), {}).has_value());

  // The centre's copy, still ready and with a new shelf: it has not heard of the pickup.
  Order stale = o;
  stale.shelf = "K9-99";
  Store::PullBatch b{.cursor = "c1", .units = {}, .branches = {}, .products = {}, .farmers = {}, .orders = {stale}};
  auto applied = store.apply_pull(b, kNow);
  REQUIRE(applied.has_value());
  CHECK(applied->orders_kept_local == 1);
  auto local = store.order_by_id(o.id);
  CHECK((*local)->status == OrderStatus::Collected);
  CHECK((*local)->shelf == "K1-03");

  // Once the pickup is acknowledged, the centre's copy (which now knows it) applies.
  auto events = store.unsent_events(10);
  REQUIRE(events->size() == 1);
  REQUIRE(store.settle_events({acked(events->front().seq)}, kNow).has_value());
  stale.status = OrderStatus::Collected;
  b.cursor = "c2";
  b.orders = {stale};
  applied = store.apply_pull(b, kNow);
  REQUIRE(applied.has_value());
  CHECK(applied->orders == 1);
  CHECK((*store.order_by_id(o.id))->shelf == "K9-99");
}

TEST_CASE("a pickup for an order the centre cancelled is kept and flagged") {
  Fixture fx("store_sync_pickup_cancelled");
  Store store = fx.open();
  Order o = ready_order(fx.ids, "PK7H3N8P5RT9", false, 80000);
  REQUIRE(store.upsert_order(o).has_value());
  Pickup p{.id = fx.ids.next(), .order_id = o.id, .pickup_code = o.pickup_code, .buyer_name = o.buyer_name,
           .method = PaymentMethod::Prepaid, .amount_paid = 0, .clerk = "Chị Hạnh", .kiosk_id = "HP-K01",
           .collected_at = kNow, .cash_tendered = 0};
  REQUIRE(store.record_pickup(p, fx.ids.next(), {}).has_value());
  Order cancelled = o;
  cancelled.status = OrderStatus::Cancelled;
  auto applied = store.apply_pull({.cursor = "c1", .units = {}, .branches = {}, .products = {}, .farmers = {}, .orders = {cancelled}}, kNow);
  REQUIRE(applied.has_value());
  CHECK(applied->flagged == 1);
  CHECK(store.pickup_by_order(o.id)->has_value());
  CHECK((*store.order_by_id(o.id))->status == OrderStatus::Collected);
  auto flags = store.sync_flags(10);
  REQUIRE(flags->size() == 1);
  CHECK(flags->front().kind == "pickup_on_cancelled");
  CHECK(flags->front().entity_id == o.id);
  CHECK(flags->front().other_id == p.id);
}

TEST_CASE("a farmer with a phone another farmer has is kept twice and flagged, and the pull succeeds") {
  Fixture fx("store_sync_duplicate_phone");
  Store store = fx.open();
  Farmer here = add_farmer(store, fx.ids, "Trần Thị Bình", "0987654321", "HPM0000001");
  const std::string there_id = fx.ids.next();
  auto applied = store.apply_pull({.cursor = "c1", .units = {}, .branches = {}, .products = {},
                                   .farmers = {pulled_farmer(there_id, "HPM0000002", "0987654321")}, .orders = {}},
                                  kNow);
  REQUIRE_MESSAGE(applied.has_value(), (applied ? "" : applied.error().detail));
  CHECK(applied->farmers == 1);
  CHECK(applied->flagged == 1);
  CHECK(count_rows(store, "farmers") == 2);
  auto found = store.search_farmers("0987654321", 10);
  CHECK(found->size() == 2);
  auto flags = store.sync_flags(10);
  REQUIRE(flags->size() == 1);
  CHECK(flags->front().kind == "duplicate_phone");
  CHECK(flags->front().detail == "0987654321");

  // The same farmer pulled again is one row and one flag.
  applied = store.apply_pull({.cursor = "c2", .units = {}, .branches = {}, .products = {},
                              .farmers = {pulled_farmer(there_id, "HPM0000002", "0987654321")}, .orders = {}},
                             kNow);
  REQUIRE(applied.has_value());
  CHECK(count_rows(store, "farmers") == 2);
  CHECK(store.sync_flags(10)->size() == 1);
  // The counter's own registration still refuses a phone it holds.
  NewFarmer again{.id = fx.ids.next(), .member_code = "HPM0000003", .name = "Ai Đó", .phone = "0987654321", .commune = "",
                  .district = "", .branch = "", .cooperative = "", .created_at = kNow};
  auto r = store.register_farmer(again, fx.ids.next());
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().code == "farmer.phone_taken");
  (void)here;
}

TEST_CASE("a version 2 file with drop-offs migrates through the sync schema with its farmers and references") {
  Fixture fx("store_sync_migrate");
  {
    auto db = db::Db::open(fx.path);
    REQUIRE(db.has_value());
    auto steps = kiosk_migrations().first(2);
    REQUIRE(migrate(*db, steps).value() == 2);
  }
  // Fill the version 2 file through version 2's schema, by hand.
  {
    auto db = db::Db::open(fx.path);
    REQUIRE(db.has_value());
    REQUIRE(db->exec("INSERT INTO farmers(id, member_code, name, search_key, phone, phone_rev, created_at) "
                     "VALUES ('f1', 'HPM1', 'An', 'an', '0912345678', '8765432190', 1);"
                     "INSERT INTO drop_offs(id, farmer_id, farmer_name, search_key, clerk, kiosk_id, created_at, total) "
                     "VALUES ('d1', 'f1', 'An', 'an', 'c', 'k', 1, 0);")
                .has_value());
  }
  Store store = fx.open();
  CHECK(store.schema_version() == kSchemaVersion);
  CHECK((*store.farmer_by_id("f1"))->phone == "0912345678");
  CHECK(store.drop_off_by_id("d1")->has_value());
  // The references still hold: a drop-off for a farmer who does not exist is refused.
  CHECK_FALSE(db_of(store)
                  .exec("INSERT INTO drop_offs(id, farmer_id, farmer_name, search_key, clerk, kiosk_id, created_at, total) "
                        "VALUES ('d2', 'nobody', 'X', 'x', 'c', 'k', 1, 0)")
                  .has_value());
}

TEST_CASE("a pulled order whose pickup code another local order holds waits, flagged, and the pull goes on") {
  Fixture fx("store_sync_code_clash");
  Store store = fx.open();
  Order local = ready_order(fx.ids, "PK7H3N8P5RT9", false, 80000);
  REQUIRE(store.upsert_order(local).has_value());
  Order pulled = ready_order(fx.ids, "PK7H3N8P5RT9", false, 90000);  // another id, the same code
  Order fine = ready_order(fx.ids, "PK2222222222", false, 10000);
  auto applied = store.apply_pull({.cursor = "c1", .units = {}, .branches = {}, .products = {}, .farmers = {},
                                   .orders = {pulled, fine}},
                                  kNow);
  REQUIRE_MESSAGE(applied.has_value(), (applied ? "" : applied.error().detail));
  CHECK(applied->orders == 1);
  CHECK(applied->flagged == 1);
  CHECK(store.sync_record()->pull_cursor == "c1");
  CHECK((*store.order_by_pickup_code("PK7H3N8P5RT9"))->id == local.id);
  auto flags = *store.sync_flags(10);
  REQUIRE(flags.size() == 1);
  CHECK(flags[0].detail == "pickup_code_clash");
}
