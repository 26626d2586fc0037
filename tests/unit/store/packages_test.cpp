// Packages in the store (docs/packages.md): a pull never undoes the counter's state; check-in,
// handover and return refuse bad input whole; refused lines lower what is due.
#include "kiosk/store/migrations.hpp"
#include "tests/unit/store/store_fixture.hpp"

using namespace hp;
using namespace hp::store;
using namespace hp::store::testing;

namespace {

// From tests/vectors/upu_s10.json.
const std::string kA = "EE876543216CA";
const std::string kB = "HB123456785AD";
const std::string kOther = "RR473124829GB";
const std::string kBadCheck = "EB000717594HK";

Order parcel_order() {
  Order o;
  o.id = "0193a000-0000-7000-8000-000000000201";
  o.pickup_code = "PK-TEST-0201";
  o.buyer_name = "Phạm Thị Hoa";
  o.buyer_phone = "0912346789";
  o.cash_on_delivery = true;
  o.items = {{"Vải thiều", "2 kg", 100'000}, {"Nhãn lồng", "1 kg", 50'000}};
  o.total = 150'000;
  o.amount_due = 150'000;
  o.created_at = kNow;
  o.packages = {{kA, {0}}, {kB, {1}}};
  return o;
}

CheckIn at(const std::string& code, const std::string& shelf, IdGenerator& ids) {
  return CheckIn{.code = code, .shelf = shelf, .hold_until = kNow + 7 * 86'400'000LL, .now = kNow,
                 .clerk_id = "clerk-1", .event_id = ids.next()};
}

Pickup pickup_of(const Order& o, IdGenerator& ids, Dong paid) {
  return Pickup{.id = ids.next(), .order_id = o.id, .pickup_code = o.pickup_code, .buyer_name = o.buyer_name,
                .method = PaymentMethod::Cash, .amount_paid = paid, .clerk = "Lan", .kiosk_id = "k1",
                .collected_at = kNow + 1000, .cash_tendered = paid, .clerk_id = "clerk-1"};
}

}  // namespace

TEST_CASE("store packages: check-in errors change nothing; a pull keeps the counter's state") {
  Fixture f("packages_checkin");
  Store s = f.open();
  REQUIRE(s.upsert_order(parcel_order()));
  CHECK(count_rows(s, "packages") == 2);
  const auto before = counts(s);
  CHECK(s.check_in_package(at("not a label", "A-01", f.ids)).error().code == "package.label");
  CHECK(s.check_in_package(at(kBadCheck, "A-01", f.ids)).error().code == "s10.bad_check_digit");
  CHECK(s.check_in_package(at(kOther, "A-01", f.ids)).error().code == "package.unknown");
  CHECK(s.check_in_package(at(kA, "", f.ids)).error().code == "package.shelf");
  CHECK(counts(s) == before);

  auto p = s.check_in_package(at(" ee 876543216ca ", "a-01", f.ids));  // as typed
  REQUIRE(p);
  CHECK(p->code == kA);
  CHECK(p->shelf == "A-01");
  CHECK(s.check_in_package(at(kA, "A-02", f.ids)).error().code == "package.already_checked_in");
  CHECK(count_rows(s, "outbox") == before.outbox + 1);

  // The centre sends the order again (a later pull): the check-in stays.
  REQUIRE(s.upsert_order(parcel_order()));
  auto again = s.package_by_code(kA);
  REQUIRE(again);
  REQUIRE(*again);
  CHECK((*again)->status == PackageStatus::CheckedIn);
  CHECK((*again)->shelf == "A-01");
  auto next = s.suggest_shelf(parcel_order().id, 20);
  REQUIRE(next);
  CHECK(*next == "A-01");  // beside its sibling
  auto free = s.suggest_shelf("another-order", 20);
  REQUIRE(free);
  CHECK(*free == "A-02");
}

TEST_CASE("store packages: a handover needs every package scanned and a signature; refusals lower the amount") {
  Fixture f("packages_handover");
  Store s = f.open();
  const Order o = parcel_order();
  REQUIRE(s.upsert_order(o));
  REQUIRE(s.check_in_package(at(kA, "A-01", f.ids)));
  REQUIRE(s.check_in_package(at(kB, "A-01", f.ids)));
  const auto before = counts(s);

  Handover h;
  h.scanned = {kA};
  h.signature_png = "\x89PNG\r\n\x1a\nfake";
  CHECK(s.record_pickup(pickup_of(o, f.ids, 150'000), h, f.ids.next(), {}).error().code == "pickup.package_unscanned");
  h.scanned = {kA, kB, kOther};
  CHECK(s.record_pickup(pickup_of(o, f.ids, 150'000), h, f.ids.next(), {}).error().code == "pickup.package_wrong");
  h.scanned = {kA, kB};
  h.signature_png.clear();
  CHECK(s.record_pickup(pickup_of(o, f.ids, 150'000), h, f.ids.next(), {}).error().code == "pickup.signature_missing");
  h.signature_png = "\x89PNG\r\n\x1a\nfake";
  h.refusals = {{1, RefusalReason::WrongItem, ""}};
  h.audit_ids = {f.ids.next()};
  // The whole amount for what was not all taken is a mismatch: only the kept line is due.
  CHECK(s.record_pickup(pickup_of(o, f.ids, 150'000), h, f.ids.next(), {}).error().code == "pickup.amount_mismatch");
  h.refusals = {{0, RefusalReason::Damaged, ""}, {1, RefusalReason::Other, "x"}};
  h.audit_ids = {f.ids.next(), f.ids.next()};
  CHECK(s.record_pickup(pickup_of(o, f.ids, 0), h, f.ids.next(), {}).error().code == "pickup.refusal_invalid");
  CHECK(counts(s) == before);

  h.refusals = {{1, RefusalReason::WrongItem, ""}};
  h.audit_ids = {f.ids.next()};
  REQUIRE(s.record_pickup(pickup_of(o, f.ids, 100'000), h, f.ids.next(), {}));
  CHECK(count_rows(s, "pickup_refusals") == 1);
  auto pk = s.packages_of_order(o.id);
  REQUIRE(pk);
  REQUIRE(pk->size() == 2);
  CHECK((*pk)[0].status == PackageStatus::HandedOver);
  CHECK((*pk)[1].status == PackageStatus::Refused);
  auto due = s.returns_due(kNow + 2000);
  REQUIRE(due);
  REQUIRE(due->size() == 1);
  CHECK(due->front().code == kB);
  CHECK(due->front().items == std::vector<std::string>{"Nhãn lồng"});
}

TEST_CASE("store packages: an order without packages past its hold is returned by its pickup code") {
  Fixture f("packages_unlabelled");
  Store s = f.open();
  Order o = parcel_order();
  o.packages.clear();
  o.hold_until = kNow + 1000;
  REQUIRE(s.upsert_order(o));
  auto early = s.returns_due(kNow);
  REQUIRE(early);
  CHECK(early->empty());
  CHECK(s.return_out(o.pickup_code, kNow, "clerk-1", f.ids.next(), f.ids.next()).error().code == "return.not_listed");
  auto late = s.returns_due(kNow + 1000);
  REQUIRE(late);
  REQUIRE(late->size() == 1);
  CHECK_FALSE(late->front().labelled);
  auto out = s.return_out("pk-test-0201", kNow + 1000, "clerk-1", f.ids.next(), f.ids.next());
  REQUIRE(out);
  auto back = s.order_by_id(o.id);
  REQUIRE(back);
  CHECK((*back)->status == OrderStatus::Returned);
  auto after = s.returns_due(kNow + 1000);
  REQUIRE(after);
  CHECK(after->empty());
}

TEST_CASE("store packages: a version 8 file with print jobs and pickups opens with packages, its jobs kept") {
  test::TempDir dir("store_migrate_v8");
  const std::string path = dir.file("v8.db");
  {
    auto db = db::Db::open(path);
    REQUIRE(db.has_value());
    // The schema before packages: the last step before them (kSchemaVersion moves at merges).
    REQUIRE(migrate(*db, kiosk_migrations().first(8)).value() == 8);
    REQUIRE(db->exec("INSERT INTO print_jobs(id, kind, ref_id, payload, copy, status, created_at, printer) "
                     "VALUES ('j1', 'shift_report', 'k', x'00', 0, 'sent', 1, 'label');"
                     "INSERT INTO orders(id, pickup_code, buyer_name, buyer_phone, status, cash_on_delivery, amount_due, "
                     "total, shelf, created_at, hold_until) VALUES ('o1', 'PK1', 'b', '09', 'ready', 0, 0, 10, '', 0, 0);")
                .has_value());
  }
  Store store = [&] {
    auto s = Store::open(path);
    REQUIRE(s.has_value());
    return std::move(*s);
  }();
  CHECK(store.schema_version() == kSchemaVersion);
  auto jobs = store.unfinished_print_jobs();
  REQUIRE(jobs);
  REQUIRE(jobs->size() == 1);
  CHECK(jobs->front().id == "j1");
  CHECK(jobs->front().printer == PrinterRole::Label);
  auto none = store.packages_of_order("o1");
  REQUIRE(none);
  CHECK(none->empty());
  // The new kinds are accepted now.
  CHECK(store.add_print_job(NewPrintJob{"j2", PrintKind::ReturnList, "k", "x", false, PrinterRole::Receipt}, 2));
}
