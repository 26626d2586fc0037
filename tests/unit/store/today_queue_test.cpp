// The day's list and the print queue.
#include "store_fixture.hpp"

using namespace hp;
using namespace hp::store;
using namespace hp::store::testing;

TEST_CASE("today lists the local day's drop-offs and pickups, newest first, filtered by name or code") {
  Fixture fx("store_today");
  Store store = fx.open();
  const UtcMillis day = local_day_start(kNow);
  const Farmer an = add_farmer(store, fx.ids, "Nguyễn Văn An", "0912345678", "HPM7K2M9QX4B");
  const Farmer hoa = add_farmer(store, fx.ids, "Phạm Thị Hoà", "0983123456", "HPM3N8P5RT2C");
  const Product p = add_product(store, fx.ids, "CA-CHUA", "Cà chua");

  auto commit = [&](const Farmer& f, UtcMillis at, const std::string& lot, int items) {
    std::vector<DropOffItem> v;
    for (int i = 0; i < items; ++i) v.push_back(kg_item(fx.ids, p, 1'000'000, 0, 22000, lot + std::to_string(i)));
    DropOff d = drop_off(fx.ids, f, v, at);
    REQUIRE(store.commit_drop_off(d, fx.ids.next(), {}).has_value());
    return d;
  };
  commit(an, day - 60'000, "HPLYESTERDAY", 1);  // yesterday, 23:59
  const DropOff d1 = commit(an, day + 3 * 3600'000, "HPLMORNING", 3);
  const DropOff d2 = commit(hoa, day + 5 * 3600'000, "HPLNOON", 1);
  commit(hoa, day + 24 * 3600'000, "HPLTOMORROW", 1);

  Order o = ready_order(fx.ids, "PK9F5J2K8MNC", true, 120000);
  o.buyer_name = "Trịnh Văn Phúc";
  REQUIRE(store.upsert_order(o).has_value());
  Pickup pk{.id = fx.ids.next(), .order_id = o.id, .pickup_code = o.pickup_code, .buyer_name = o.buyer_name,
            .method = PaymentMethod::Cash, .amount_paid = 120000, .clerk = "c", .kiosk_id = "k",
            .collected_at = day + 4 * 3600'000, .cash_tendered = 200000};
  REQUIRE(store.record_pickup(pk, fx.ids.next(), {}).has_value());

  auto all = store.today(day, "", 100);
  REQUIRE(all.has_value());
  REQUIRE(all->size() == 3);
  CHECK((*all)[0].id == d2.id);
  CHECK((*all)[0].kind == EntryKind::DropOff);
  CHECK((*all)[0].who == "Phạm Thị Hoà");
  CHECK((*all)[0].items == 1);
  CHECK((*all)[1].kind == EntryKind::Pickup);
  CHECK((*all)[1].id == pk.id);
  CHECK((*all)[1].pickup_code == "PK9F5J2K8MNC");
  CHECK((*all)[1].method == PaymentMethod::Cash);
  CHECK((*all)[1].amount == 120000);
  CHECK((*all)[2].id == d1.id);
  CHECK((*all)[2].items == 3);
  CHECK((*all)[2].amount == 66000);
  CHECK((*all)[2].at == day + 3 * 3600'000);

  auto by_name = store.today(day, "hoa", 100);
  REQUIRE(by_name->size() == 1);
  CHECK((*by_name)[0].id == d2.id);
  CHECK(store.today(day, "PHUC", 100)->size() == 1);
  CHECK(store.today(day, "pk9f5j", 100)->front().id == pk.id);
  CHECK(store.today(day, "HPM7K2M9QX4B", 100)->front().id == d1.id);
  CHECK(store.today(day, "nobody", 100)->empty());
  CHECK(store.today(day, "", 2)->size() == 2);
  CHECK(store.today(day - 24 * 3600'000, "", 100)->size() == 1);
}

TEST_CASE("print jobs: queued -> sent -> printed; a sent job never goes back to queued, so never prints twice as an original") {
  Fixture fx("store_print_jobs");
  Store store = fx.open();
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    NewPrintJob j{.id = fx.ids.next(), .kind = PrintKind::Label, .ref_id = "lot-" + std::to_string(i),
                  .payload = std::string("\x1b\x40\x00\xff", 4), .copy = i == 2};
    REQUIRE(store.add_print_job(j, kNow + i).has_value());
    ids.push_back(j.id);
  }
  auto q = store.unfinished_print_jobs();
  REQUIRE(q->size() == 3);
  CHECK((*q)[0].id == ids[0]);  // oldest first
  CHECK((*q)[0].status == PrintStatus::Queued);
  CHECK((*q)[2].copy);
  CHECK((*q)[0].payload == std::string("\x1b\x40\x00\xff", 4));
  CHECK((*q)[0].attempts == 0);

  // Not handed to the printer yet: it cannot have printed.
  CHECK(store.mark_print_job(ids[0], PrintStatus::Printed).error().code == "print.bad_transition");
  REQUIRE(store.mark_print_jobs({ids[0], ids[1]}, PrintStatus::Sent).has_value());
  q = store.unfinished_print_jobs();
  REQUIRE(q->size() == 3);  // sent jobs are unfinished: they may or may not be on paper
  CHECK((*q)[0].status == PrintStatus::Sent);
  CHECK((*q)[2].status == PrintStatus::Queued);

  CHECK(store.mark_print_job(ids[0], PrintStatus::Queued).error().code == "print.bad_transition");
  REQUIRE(store.mark_print_job(ids[0], PrintStatus::Printed).has_value());
  REQUIRE(store.mark_print_job(ids[1], PrintStatus::Failed).has_value());
  q = store.unfinished_print_jobs();
  REQUIRE(q->size() == 1);
  CHECK((*q)[0].id == ids[2]);

  REQUIRE(store.mark_print_job(ids[1], PrintStatus::Queued).has_value());  // the clerk retries
  q = store.unfinished_print_jobs();
  REQUIRE(q->size() == 2);
  CHECK((*q)[0].id == ids[1]);
  CHECK((*q)[0].attempts == 1);

  CHECK(store.mark_print_job(ids[0], PrintStatus::Printed).has_value());  // a repeated report is harmless
  CHECK(store.mark_print_job(ids[0], PrintStatus::Queued).error().code == "print.bad_transition");
  CHECK(store.mark_print_job(ids[0], PrintStatus::Failed).error().code == "print.bad_transition");
  CHECK(store.mark_print_job("no-such-job", PrintStatus::Sent).error().code == "print.not_found");
  // One bad id in a batch changes none of them.
  CHECK(store.mark_print_jobs({ids[2], "no-such-job"}, PrintStatus::Sent).error().code == "print.not_found");
  CHECK(store.unfinished_print_jobs()->back().status == PrintStatus::Queued);
  NewPrintJob dup{.id = ids[0], .kind = PrintKind::Label, .ref_id = "x", .payload = "", .copy = false};
  CHECK(store.add_print_job(dup, kNow).error().code == "db.constraint");
}

TEST_CASE("a sent job is superseded by its copy in one transaction") {
  Fixture fx("store_print_supersede");
  Store store = fx.open();
  NewPrintJob j{.id = fx.ids.next(), .kind = PrintKind::DropOffReceipt, .ref_id = "d1", .payload = "orig", .copy = false};
  REQUIRE(store.add_print_job(j, kNow).has_value());
  NewPrintJob copy{.id = fx.ids.next(), .kind = PrintKind::DropOffReceipt, .ref_id = "d1", .payload = "copy", .copy = true};
  // Only a sent job can be superseded: a queued one never reached the printer.
  CHECK(store.supersede_print_job(j.id, copy, kNow).error().code == "print.bad_transition");
  CHECK(store.unfinished_print_jobs()->size() == 1);
  REQUIRE(store.mark_print_job(j.id, PrintStatus::Sent).has_value());
  REQUIRE(store.supersede_print_job(j.id, copy, kNow).has_value());
  auto q = store.unfinished_print_jobs();
  REQUIRE(q->size() == 1);
  CHECK((*q)[0].id == copy.id);
  CHECK((*q)[0].copy);
  CHECK((*q)[0].status == PrintStatus::Queued);
}

TEST_CASE("drop-offs get short numbers per local year; orders keep the centre's; both are searched") {
  Fixture fx("store_numbers");
  Store store = fx.open();
  const UtcMillis day = local_day_start(kNow);
  const Farmer an = add_farmer(store, fx.ids, "Nguyễn Văn An", "0912345678", "HPM7K2M9QX4B");
  const Product p = add_product(store, fx.ids, "CA-CHUA", "Cà chua");
  auto commit = [&](UtcMillis at, const std::string& lot) {
    DropOff d = drop_off(fx.ids, an, {kg_item(fx.ids, p, 1'000'000, 0, 22000, lot)}, at);
    auto n = store.next_drop_off_number(at);
    REQUIRE(n.has_value());
    d.number = *n;
    REQUIRE(store.commit_drop_off(d, fx.ids.next(), {}).has_value());
    return d;
  };
  const DropOff a = commit(day + 3600'000, "HPLNUMBERA");
  const DropOff b = commit(day + 7200'000, "HPLNUMBERB");
  CHECK(a.number == "PN-2026-000001");
  CHECK(b.number == "PN-2026-000002");
  CHECK(store.drop_off_by_id(b.id).value()->number == "PN-2026-000002");
  // The store refuses a number twice (the controller then takes the next one).
  DropOff dup = drop_off(fx.ids, an, {kg_item(fx.ids, p, 1'000'000, 0, 22000, "HPLNUMBERC")}, day + 9000'000);
  dup.number = b.number;
  auto r = store.commit_drop_off(dup, fx.ids.next(), {});
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().code == "db.constraint");
  // A new local year starts again at 1.
  CHECK(store.next_drop_off_number(kNow + 40LL * 24 * 3600'000).value() == "PN-2027-000001");

  Order o = ready_order(fx.ids, "PK9F5J2K8MNC", false, 50000);
  o.number = "DH-2026-000123";
  REQUIRE(store.upsert_order(o).has_value());
  CHECK(store.order_by_pickup_code(o.pickup_code).value()->number == "DH-2026-000123");
  o.number.clear();  // a later copy from the centre without the number keeps it
  REQUIRE(store.upsert_order(o).has_value());
  CHECK(store.order_by_pickup_code(o.pickup_code).value()->number == "DH-2026-000123");
  Pickup pk{.id = fx.ids.next(), .order_id = o.id, .pickup_code = o.pickup_code, .buyer_name = o.buyer_name,
            .method = PaymentMethod::Prepaid, .amount_paid = 0, .clerk = "c", .kiosk_id = "k",
            .collected_at = day + 4 * 3600'000, .cash_tendered = 0};
  REQUIRE(store.record_pickup(pk, fx.ids.next(), {}).has_value());

  // Found whole, in part, with or without dashes; and shown in the list.
  const auto by_number = store.today(day, "PN-2026-000002", 100);
  REQUIRE(by_number->size() == 1);
  CHECK(by_number->front().id == b.id);
  CHECK(by_number->front().number == "PN-2026-000002");
  CHECK(store.today(day, "000001", 100)->front().id == a.id);
  CHECK(store.today(day, "pn2026000001", 100)->front().id == a.id);
  const auto order_hit = store.today(day, "dh-2026-000123", 100);
  REQUIRE(order_hit->size() == 1);
  CHECK(order_hit->front().id == pk.id);
  CHECK(order_hit->front().number == "DH-2026-000123");
  CHECK(store.today(day, "000999", 100)->empty());
}
