// Collecting an order happens once; the order's state decides what the counter may do.
#include <nlohmann/json.hpp>

#include "store_fixture.hpp"

using namespace hp;
using namespace hp::store;
using namespace hp::store::testing;

namespace {

Pickup pickup_for(IdGenerator& ids, const Order& o, Dong paid, UtcMillis at = kNow) {
  return Pickup{.id = ids.next(), .order_id = o.id, .pickup_code = o.pickup_code, .buyer_name = o.buyer_name,
                .method = o.cash_on_delivery ? PaymentMethod::Cash : PaymentMethod::Prepaid, .amount_paid = paid,
                .clerk = "Chị Hạnh", .kiosk_id = "HP-K01", .collected_at = at,
                .cash_tendered = o.cash_on_delivery ? paid : 0};
}

}  // namespace

TEST_CASE("orders are found by pickup code, trimmed and in any case") {
  Fixture fx("store_order_lookup");
  Store store = fx.open();
  Order o = ready_order(fx.ids, "PK4D7K9MQ2XA", true, 150000);
  REQUIRE(store.upsert_order(o).has_value());
  for (const char* typed : {"PK4D7K9MQ2XA", "pk4d7k9mq2xa", "  PK4D7K9MQ2XA\n"}) {
    auto r = store.order_by_pickup_code(typed);
    REQUIRE(r.has_value());
    REQUIRE_MESSAGE(r->has_value(), typed);
    CHECK((*r)->id == o.id);
  }
  auto r = store.order_by_pickup_code("PK4D7K9MQ2XA");
  const Order& back = **r;
  CHECK(back.buyer_name == "Ngô Thị Mai");
  CHECK(back.cash_on_delivery);
  CHECK(back.amount_due == 150000);
  CHECK(back.total == 150000);
  CHECK(back.shelf == "K1-03");
  CHECK(back.hold_until == o.hold_until);
  REQUIRE(back.items.size() == 2);
  CHECK(back.items[1].quantity_text == "10 quả");
  CHECK(back.items[0].amount + back.items[1].amount == 150000);
  CHECK_FALSE(store.order_by_pickup_code("PK000000000Z")->has_value());
  CHECK_FALSE(store.order_by_pickup_code("")->has_value());
  CHECK(store.order_count().value() == 1);

  // The centre sends a new copy: items are replaced, not appended.
  o.items = {{"Gạo", "5 kg", 150000}};
  REQUIRE(store.upsert_order(o).has_value());
  CHECK(store.order_by_id(o.id)->value().items.size() == 1);
  CHECK(store.order_count().value() == 1);
}

TEST_CASE("an order is collected once; a second pickup is refused and changes nothing") {
  Fixture fx("store_pickup_twice");
  Store store = fx.open();
  Order o = ready_order(fx.ids, "PK7H3N8P5RTB", true, 87000);
  REQUIRE(store.upsert_order(o).has_value());

  const Pickup p = pickup_for(fx.ids, o, 87000);
  auto job = std::vector<NewPrintJob>{{fx.ids.next(), PrintKind::PickupReceipt, p.id, "bytes", false}};
  REQUIRE(store.record_pickup(p, fx.ids.next(), job).has_value());
  CHECK(store.order_by_id(o.id)->value().status == OrderStatus::Collected);
  auto saved = store.pickup_by_order(o.id);
  REQUIRE(saved.has_value());
  REQUIRE(saved->has_value());
  CHECK((*saved)->id == p.id);
  CHECK((*saved)->method == PaymentMethod::Cash);
  CHECK((*saved)->amount_paid == 87000);
  CHECK((*saved)->pickup_code == "PK7H3N8P5RTB");
  auto events = store.outbox_after(0, 10);
  REQUIRE(events->size() == 1);
  CHECK((*events)[0].kind == "pickup.recorded");
  const auto j = nlohmann::json::parse((*events)[0].payload);
  CHECK(j["order_id"] == o.id);
  CHECK(j["method"] == "cash");
  CHECK(j["amount_paid"] == 87000);

  const auto before = counts(store);
  const Pickup again = pickup_for(fx.ids, o, 87000, kNow + 60'000);
  auto r = store.record_pickup(again, fx.ids.next(),
                               {{fx.ids.next(), PrintKind::PickupReceipt, again.id, "bytes", false}});
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().code == "pickup.already_collected");
  CHECK(counts(store) == before);
  CHECK(store.pickup_by_order(o.id)->value().id == p.id);

  // A stale copy from the centre does not make it collectable again.
  Order stale = o;
  stale.status = OrderStatus::Ready;
  REQUIRE(store.upsert_order(stale).has_value());
  CHECK(store.order_by_id(o.id)->value().status == OrderStatus::Collected);
  CHECK(store.record_pickup(pickup_for(fx.ids, o, 87000), fx.ids.next(), {}).error().code ==
        "pickup.already_collected");
}

TEST_CASE("cancelled, returned, unknown and wrongly paid orders are refused with nothing changed") {
  Fixture fx("store_pickup_refused");
  Store store = fx.open();
  Order cancelled = ready_order(fx.ids, "PKCANCELLED1", false, 50000);
  cancelled.status = OrderStatus::Cancelled;
  Order returned = ready_order(fx.ids, "PKRETURNED01", false, 50000);
  returned.status = OrderStatus::Returned;
  Order cod = ready_order(fx.ids, "PKCOD0000001", true, 64000);
  for (const Order* o : {&cancelled, &returned, &cod}) REQUIRE(store.upsert_order(*o).has_value());
  const auto before = counts(store);

  CHECK(store.record_pickup(pickup_for(fx.ids, cancelled, 0), fx.ids.next(), {}).error().code == "pickup.not_ready");
  CHECK(store.record_pickup(pickup_for(fx.ids, returned, 0), fx.ids.next(), {}).error().code == "pickup.not_ready");
  Order ghost = ready_order(fx.ids, "PKGHOST00001", false, 1);
  CHECK(store.record_pickup(pickup_for(fx.ids, ghost, 0), fx.ids.next(), {}).error().code == "pickup.not_found");
  CHECK(store.record_pickup(pickup_for(fx.ids, cod, 60000), fx.ids.next(), {}).error().code ==
        "pickup.amount_mismatch");
  // Cash counted short of what is taken, a prepaid order "paid" at the counter, a COD order
  // marked prepaid: each refused.
  Pickup short_cash = pickup_for(fx.ids, cod, 64000);
  short_cash.cash_tendered = 50000;
  CHECK(store.record_pickup(short_cash, fx.ids.next(), {}).error().code == "pickup.cash_short");
  Order prepaid = ready_order(fx.ids, "PKPREPAID001", false, 30000);
  REQUIRE(store.upsert_order(prepaid).has_value());
  Pickup paid_twice = pickup_for(fx.ids, prepaid, 0);
  paid_twice.method = PaymentMethod::Cash;
  CHECK(store.record_pickup(paid_twice, fx.ids.next(), {}).error().code == "pickup.amount_mismatch");
  Pickup cod_free = pickup_for(fx.ids, cod, 64000);
  cod_free.method = PaymentMethod::Prepaid;
  cod_free.cash_tendered = 0;
  CHECK(store.record_pickup(cod_free, fx.ids.next(), {}).error().code == "pickup.amount_mismatch");
  CHECK(counts(store).pickups == before.pickups);
  CHECK(counts(store).outbox == before.outbox);
  CHECK(store.order_by_id(cod.id)->value().status == OrderStatus::Ready);

  // Named by pickup code alone.
  Pickup by_code = pickup_for(fx.ids, cod, 64000);
  by_code.order_id.clear();
  by_code.pickup_code = "pkcod0000001";
  REQUIRE(store.record_pickup(by_code, fx.ids.next(), {}).has_value());
  CHECK(store.order_by_id(cod.id)->value().status == OrderStatus::Collected);
  CHECK(store.pickup_by_order(cod.id)->value().pickup_code == "PKCOD0000001");
}

TEST_CASE("wrong phone digits are counted on the order: a new lookup or a new connection does not reset them") {
  Fixture fx("store_pickup_attempts");
  Order o = ready_order(fx.ids, "PKLOCK000001", true, 64000);  // phone 0901234567
  {
    Store store = fx.open();
    REQUIRE(store.upsert_order(o).has_value());
    auto c = store.check_pickup_phone(o.id, "1111", 3, kNow);
    REQUIRE(c.has_value());
    CHECK_FALSE(c->ok);
    CHECK(c->attempts == 1);
    CHECK_FALSE(c->locked);
    // Not four digits: refused without counting.
    CHECK(store.check_pickup_phone(o.id, "456", 3, kNow).error().code == "pickup.phone_format");
    CHECK(store.check_pickup_phone(o.id, "", 3, kNow).error().code == "pickup.phone_format");
    CHECK(store.order_by_pickup_code(o.pickup_code)->value().phone_attempts == 1);
  }
  {
    Store store = fx.open();  // a restart
    REQUIRE(store.check_pickup_phone(o.id, "2222", 3, kNow)->attempts == 2);
    auto third = store.check_pickup_phone(o.id, "3333", 3, kNow + 1);
    CHECK(third->locked);
    // Locked: even the right digits are not compared, and a pickup is refused.
    auto right = store.check_pickup_phone(o.id, "4567", 3, kNow + 2);
    CHECK_FALSE(right->ok);
    CHECK(right->locked);
    CHECK(store.order_by_pickup_code(o.pickup_code)->value().locked);
    CHECK(store.record_pickup(pickup_for(fx.ids, o, 64000), fx.ids.next(), {}).error().code == "pickup.locked");

    const auto before = counts(store);
    auto released = store.unlock_order("pklock000001", fx.ids.next(), "kỹ thuật viên", kNow + 3, fx.ids.next());
    REQUIRE(released.has_value());
    CHECK_FALSE(released->locked);
    // The release is recorded for the centre, and in the audit log with who released it.
    CHECK(counts(store).outbox == before.outbox + 2);
    auto logged = store.audit_entries(0, 10);
    REQUIRE(logged);
    REQUIRE(logged->size() == 1);
    CHECK(logged->front().action == "order.unlocked");
    CHECK(logged->front().actor == "kỹ thuật viên");
    CHECK(logged->front().subject == "PKLOCK000001");
    CHECK(store.unlock_order("PKLOCK000001", fx.ids.next(), "x", kNow, fx.ids.next()).error().code == "pickup.not_locked");
    auto ok = store.check_pickup_phone(o.id, "4567", 3, kNow + 4);
    CHECK(ok->ok);
    CHECK(ok->attempts == 0);
    REQUIRE(store.record_pickup(pickup_for(fx.ids, o, 64000), fx.ids.next(), {}).has_value());
  }
}
