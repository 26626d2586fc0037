// The schema's CHECK and UNIQUE constraints hold even when the code above them is wrong.
#include "store_fixture.hpp"

using namespace hp;
using namespace hp::store;
using namespace hp::store::testing;

namespace {

std::string insert_error(const Store& store, const std::string& sql) {
  auto s = db_of(store).exec(sql);
  return s ? std::string("ok") : s.error().code;
}

}  // namespace

TEST_CASE("weights, money and statuses are checked by the schema") {
  Fixture fx("store_constraints");
  Store store = fx.open();
  const Farmer f = add_farmer(store, fx.ids, "Nguyễn Văn An", "0912345678", "HPM7K2M9QX4B");
  const Product p = add_product(store, fx.ids, "CA-CHUA", "Cà chua");
  const std::string drop = "INSERT INTO drop_offs(id, farmer_id, farmer_name, search_key, clerk, kiosk_id, created_at, "
                           "total, number) VALUES ";
  REQUIRE(insert_error(store, drop + "('d1', '" + f.id + "', 'An', 'an', 'clerk', 'k', 1, 100, NULL)") == "ok");

  const std::string item = "INSERT INTO drop_off_items(id, drop_off_id, line, product_id, product_name, grade, unit, "
                           "gross_mg, tare_mg, net_mg, pieces, unit_price, value) VALUES ";
  const std::string pid = "'" + p.id + "'";
  CHECK(insert_error(store, item + "('i1', 'd1', 0, " + pid + ", 'x', 'A', 'kg', 1000, 200, 800, 0, 10, 8)") == "ok");
  CHECK(insert_error(store, item + "('i2', 'd1', 1, " + pid + ", 'x', 'A', 'kg', 1000, 200, 700, 0, 10, 8)") ==
        "db.constraint");  // net != gross - tare
  CHECK(insert_error(store, item + "('i3', 'd1', 2, " + pid + ", 'x', 'A', 'kg', 100, 200, -100, 0, 10, 8)") ==
        "db.constraint");  // tare above gross
  CHECK(insert_error(store, item + "('i4', 'd1', 3, " + pid + ", 'x', 'A', 'kg', -5, 0, -5, 0, 10, 8)") ==
        "db.constraint");  // negative weight
  CHECK(insert_error(store, item + "('i5', 'd1', 4, " + pid + ", 'x', 'A', 'kg', 1000, 0, 1000, 0, 10, -1)") ==
        "db.constraint");  // negative value
  CHECK(insert_error(store, item + "('i6', 'd1', 5, " + pid + ", 'x', 'A', 'box', 1000, 0, 1000, 0, 10, 1)") ==
        "db.constraint");  // unknown unit
  CHECK(insert_error(store, item + "('i7', 'd1', 6, " + pid + ", 'x', 'A', 'piece', 0, 0, 0, 12, 3500, 42000)") ==
        "ok");
  CHECK(insert_error(store, item + "('i8', 'd1', 0, " + pid + ", 'x', 'A', 'kg', 1000, 0, 1000, 0, 10, 1)") ==
        "db.constraint");  // line taken
  CHECK(insert_error(store, drop + "('d2', '" + f.id + "', 'An', 'an', 'c', 'k', 1, -1, NULL)") ==
        "db.constraint");  // negative total
  CHECK(insert_error(store, drop + "('d3', '" + f.id + "', 'An', 'an', 'c', 'k', 1, 1, 'PN-2026-000001')") == "ok");
  CHECK(insert_error(store, drop + "('d4', '" + f.id + "', 'An', 'an', 'c', 'k', 1, 1, 'PN-2026-000001')") ==
        "db.constraint");  // number taken
  CHECK(insert_error(store, drop + "('d5', '" + f.id + "', 'An', 'an', 'c', 'k', 1, 1, '42')") ==
        "db.constraint");  // not a PN-yyyy-n number

  const std::string order = "INSERT INTO orders(id, pickup_code, buyer_name, buyer_phone, status, cash_on_delivery, "
                            "amount_due, total, shelf, created_at, hold_until) VALUES ";
  CHECK(insert_error(store, order + "('o1', 'PK1', 'b', '09', 'ready', 1, 10, 10, '', 0, 0)") == "ok");
  CHECK(insert_error(store, order + "('o2', 'PK1', 'b', '09', 'ready', 1, 10, 10, '', 0, 0)") ==
        "db.constraint");  // pickup code taken
  CHECK(insert_error(store, order + "('o3', 'PK3', 'b', '09', 'lost', 1, 10, 10, '', 0, 0)") ==
        "db.constraint");  // unknown status
  CHECK(insert_error(store, order + "('o4', 'PK4', 'b', '09', 'ready', 0, 10, 10, '', 0, 0)") ==
        "db.constraint");  // prepaid with an amount due
  CHECK(insert_error(store, order + "('o5', 'PK5', 'b', '09', 'ready', 1, -1, 10, '', 0, 0)") == "db.constraint");

  // Columns named: later schema versions add pickup columns with defaults.
  const std::string kPickup =
      "INSERT INTO pickups(id, order_id, pickup_code, buyer_name, search_key, method, amount_paid, clerk, kiosk_id, collected_at, cash_tendered, clerk_id) VALUES ";
  CHECK(insert_error(store, kPickup + "('p1', 'o1', 'PK1', 'b', 'b', 'cash', 10, 'c', 'k', 1, 10, 'clerk-1')") ==
        "ok");
  CHECK(insert_error(store, kPickup + "('p2', 'o1', 'PK1', 'b', 'b', 'cash', 10, 'c', 'k', 1, 10, 'clerk-1')") ==
        "db.constraint");  // one pickup per order
  CHECK(insert_error(store, kPickup + "('p3', 'nope', 'PK9', 'b', 'b', 'cash', 10, 'c', 'k', 1, 10, 'clerk-1')") ==
        "db.constraint");  // foreign key: no such order
  CHECK(insert_error(store, "INSERT INTO product_prices VALUES ('" + p.id + "', 'C', -1)") == "db.constraint");
  CHECK(insert_error(store, "INSERT INTO print_jobs(id, kind, ref_id, payload, copy, status, created_at) "
                            "VALUES ('j1', 'label', 'r', x'00', 0, 'lost', 1)") == "db.constraint");
  CHECK(insert_error(store, "INSERT INTO outbox(id, kind, entity_id, payload, created_at) "
                            "VALUES ('e1', 'k', 'r', '{not json', 1)") == "db.constraint");
  CHECK(insert_error(store, "INSERT INTO farmers(id, member_code, name, search_key, phone, created_at) "
                            "VALUES ('f9', 'HPMX', 'X', 'x', '09-12', 1)") == "db.constraint");  // phone not digits
}

TEST_CASE("a drop-off breaking net = gross - tare is refused through the API, and leaves nothing") {
  Fixture fx("store_constraints_api");
  Store store = fx.open();
  const Farmer f = add_farmer(store, fx.ids, "Nguyễn Văn An", "0912345678", "HPM7K2M9QX4B");
  const Product p = add_product(store, fx.ids, "CA-CHUA", "Cà chua");
  const auto before = counts(store);
  DropOffItem bad = kg_item(fx.ids, p, 5'000'000, 1'000'000, 22000, "HPL1111111111A");
  bad.net_mg = 4'500'000;
  bad.value = value_by_weight(22000, bad.net_mg);
  DropOff d = drop_off(fx.ids, f, {kg_item(fx.ids, p, 2'000'000, 0, 22000, "HPL2222222222B"), bad});
  auto r = store.commit_drop_off(d, fx.ids.next(), jobs_for(fx.ids, d.id, 2));
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().code == "db.constraint");
  CHECK(counts(store) == before);

  Order o = ready_order(fx.ids, "PK-NEG", false, 1000);
  o.total = -5;
  auto ro = store.upsert_order(o);
  REQUIRE_FALSE(ro.has_value());
  CHECK(ro.error().code == "db.constraint");
  CHECK(count_rows(store, "orders") == before.orders);
}

TEST_CASE("an unknown status read back fails closed: an order the counter cannot read is not handed over") {
  Fixture fx("store_unknown_enum");
  Store store = fx.open();
  const Order o = ready_order(fx.ids, "PKUNKNOWN001", true, 50000);
  REQUIRE(store.upsert_order(o).has_value());
  NewPrintJob j{.id = fx.ids.next(), .kind = PrintKind::Label, .ref_id = "lot", .payload = "x", .copy = false};
  REQUIRE(store.add_print_job(j, kNow).has_value());
  // Written by a newer program, or damaged: the schema's CHECKs are bypassed to get it there.
  const db::Db& raw = db_of(store);
  REQUIRE(raw.exec("PRAGMA ignore_check_constraints = ON").has_value());
  REQUIRE(raw.exec("UPDATE orders SET status = 'lost' WHERE pickup_code = 'PKUNKNOWN001'").has_value());
  REQUIRE(raw.exec("UPDATE print_jobs SET status = 'spooled'").has_value());
  REQUIRE(raw.exec("PRAGMA ignore_check_constraints = OFF").has_value());

  auto found = store.order_by_pickup_code("PKUNKNOWN001");
  REQUIRE_FALSE(found.has_value());
  CHECK(found.error().code == "db.corrupt");
  Pickup p{.id = fx.ids.next(), .order_id = o.id, .pickup_code = o.pickup_code, .buyer_name = o.buyer_name,
           .method = PaymentMethod::Cash, .amount_paid = 50000, .clerk = "c", .kiosk_id = "k", .collected_at = kNow,
           .cash_tendered = 50000};
  auto recorded = store.record_pickup(p, fx.ids.next(), {});
  REQUIRE_FALSE(recorded.has_value());
  CHECK(recorded.error().code == "db.corrupt");
  auto jobs = store.unfinished_print_jobs();
  REQUIRE_FALSE(jobs.has_value());
  CHECK(jobs.error().code == "db.corrupt");
  auto marked = store.mark_print_job(j.id, PrintStatus::Printed);
  REQUIRE_FALSE(marked.has_value());
  CHECK(marked.error().code == "db.corrupt");
}
