#include <array>

#include "kiosk/store/migrations.hpp"
#include "store_fixture.hpp"

using namespace hp;
using namespace hp::store;
using namespace hp::store::testing;

namespace {

std::int64_t applied_rows(const db::Db& db) {
  auto s = db.prepare("SELECT count(*) FROM schema_migrations");
  REQUIRE(s.has_value());
  REQUIRE(s->step().value());
  return s->i64(0);
}

bool table_exists(const db::Db& db, const std::string& name) {
  auto s = db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1");
  REQUIRE(s.has_value());
  s->bind(1, name);
  REQUIRE(s->step().value());
  return s->i64(0) == 1;
}

}  // namespace

TEST_CASE("a fresh file reaches kSchemaVersion with every table") {
  Fixture fx("store_migrate_fresh");
  Store store = fx.open();
  CHECK(store.schema_version() == kSchemaVersion);
  CHECK(schema_version_of(db_of(store)).value() == kSchemaVersion);
  CHECK(applied_rows(db_of(store)) == kSchemaVersion);
  CHECK(kiosk_migrations().size() == static_cast<std::size_t>(kSchemaVersion));
  for (const char* t : {"admin_units", "branches", "farmers", "products", "product_prices", "drop_offs",
                        "drop_off_items", "lots", "orders", "order_items", "pickups", "print_jobs", "outbox",
                        "settings", "schema_migrations"})
    CHECK_MESSAGE(table_exists(db_of(store), t), t);
}

TEST_CASE("the connection runs in WAL with synchronous=FULL and foreign keys on") {
  Fixture fx("store_migrate_pragmas");
  Store store = fx.open();
  auto pragma = [&](const char* sql) {
    auto s = db_of(store).prepare(sql);
    REQUIRE(s.has_value());
    REQUIRE(s->step().value());
    return s->text(0);
  };
  CHECK(pragma("PRAGMA journal_mode") == "wal");
  CHECK(pragma("PRAGMA synchronous") == "2");  // FULL
  CHECK(pragma("PRAGMA foreign_keys") == "1");
}

TEST_CASE("reopening an up-to-date file applies nothing") {
  Fixture fx("store_migrate_reopen");
  { Store store = fx.open(); }
  auto db = db::Db::open(fx.path);
  REQUIRE(db.has_value());
  auto stamp = [&] {
    auto s = db->prepare("SELECT group_concat(version || ':' || applied_at) FROM schema_migrations");
    REQUIRE(s.has_value());
    REQUIRE(s->step().value());
    return s->text(0);
  };
  const std::string before = stamp();
  auto applied = migrate(*db, kiosk_migrations());
  REQUIRE(applied.has_value());
  CHECK(*applied == 0);
  CHECK(stamp() == before);
  CHECK(applied_rows(*db) == kSchemaVersion);

  Store again = fx.open();
  CHECK(again.schema_version() == kSchemaVersion);
  CHECK(stamp() == before);
}

TEST_CASE("a file written by a newer program is refused and left untouched") {
  Fixture fx("store_migrate_newer");
  { Store store = fx.open(); }
  {
    auto db = db::Db::open(fx.path);
    REQUIRE(db.has_value());
    REQUIRE(db->exec("PRAGMA user_version = " + std::to_string(kSchemaVersion + 1)).has_value());
  }
  auto s = Store::open(fx.path);
  REQUIRE_FALSE(s.has_value());
  CHECK(s.error().code == "db.schema_too_new");
  CHECK(s.error().detail.find(std::to_string(kSchemaVersion + 1)) != std::string::npos);

  auto db = db::Db::open(fx.path);
  REQUIRE(db.has_value());
  CHECK(schema_version_of(*db).value() == kSchemaVersion + 1);
  CHECK(applied_rows(*db) == kSchemaVersion);
}

TEST_CASE("each step runs in its own transaction: a failing step keeps the previous version") {
  test::TempDir dir("store_migrate_steps");
  auto db = db::Db::open(dir.file("steps.db"));
  REQUIRE(db.has_value());
  constexpr std::array steps{
      Migration{1, "first", "CREATE TABLE one (x INTEGER);"},
      Migration{2, "second", "CREATE TABLE two (x INTEGER); CREATE TABLE broken (;"},
  };
  auto r = migrate(*db, steps);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().code == "db.error");
  CHECK(r.error().detail.find("migration 2") != std::string::npos);
  CHECK(schema_version_of(*db).value() == 1);
  CHECK(table_exists(*db, "one"));
  CHECK_FALSE(table_exists(*db, "two"));  // rolled back with the failing step
  CHECK(applied_rows(*db) == 1);

  // Fixed in a later build: only the missing step runs.
  constexpr std::array fixed{
      Migration{1, "first", "CREATE TABLE one (x INTEGER);"},
      Migration{2, "second", "CREATE TABLE two (x INTEGER);"},
  };
  auto again = migrate(*db, fixed);
  REQUIRE(again.has_value());
  CHECK(*again == 1);
  CHECK(schema_version_of(*db).value() == 2);
  CHECK(table_exists(*db, "two"));
}

TEST_CASE("steps must be numbered 1, 2, 3 without gaps") {
  test::TempDir dir("store_migrate_numbering");
  auto db = db::Db::open(dir.file("n.db"));
  REQUIRE(db.has_value());
  constexpr std::array steps{
      Migration{1, "first", "CREATE TABLE one (x INTEGER);"},
      Migration{3, "third", "CREATE TABLE three (x INTEGER);"},
  };
  auto r = migrate(*db, steps);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().code == "db.migration");
  CHECK(schema_version_of(*db).value() == 0);
}

TEST_CASE("a version 2 file with drop-offs and orders opens at version 3, its records without numbers") {
  test::TempDir dir("store_migrate_v2");
  const std::string path = dir.file("v2.db");
  {
    auto db = db::Db::open(path);
    REQUIRE(db.has_value());
    REQUIRE(migrate(*db, kiosk_migrations().first(2)).value() == 2);
    REQUIRE(db->exec("INSERT INTO farmers(id, member_code, name, search_key, created_at) "
                     "VALUES ('f1', 'HPM7K2M9QX4B', 'An', 'an', 1);"
                     "INSERT INTO drop_offs(id, farmer_id, farmer_name, search_key, clerk, kiosk_id, created_at, total) "
                     "VALUES ('d1', 'f1', 'An', 'an', 'c', 'k', 1, 0);"
                     "INSERT INTO orders(id, pickup_code, buyer_name, buyer_phone, status, cash_on_delivery, amount_due, "
                     "total, shelf, created_at, hold_until) VALUES ('o1', 'PK1', 'b', '09', 'ready', 0, 0, 10, '', 0, 0);")
                .has_value());
  }
  auto store = Store::open(path);
  REQUIRE(store.has_value());
  CHECK(store->schema_version() == kSchemaVersion);
  CHECK(store->drop_off_by_id("d1").value()->number.empty());
  CHECK(store->order_by_pickup_code("PK1").value()->number.empty());
  // The first number of the year is 1 whatever came before without one.
  CHECK(store->next_drop_off_number(1'795'849'500'000).value() == "PN-2026-000001");
}

TEST_CASE("the approvals step keeps print jobs and items, and widens the print kinds") {
  test::TempDir dir("store_migrate_approvals");
  const std::string path = dir.file("before.db");
  // The file as it was just before the step (found by name: the lead may renumber it).
  std::size_t before = 0;
  for (const auto& m : kiosk_migrations())
    if (std::string_view(m.name).starts_with("approvals at drop-off")) before = static_cast<std::size_t>(m.version - 1);
  REQUIRE(before > 0);
  {
    auto db = db::Db::open(path);
    REQUIRE(db.has_value());
    REQUIRE(migrate(*db, kiosk_migrations().first(before)).value() == static_cast<int>(before));
    REQUIRE(db->exec("INSERT INTO farmers(id, member_code, name, search_key, created_at) "
                     "VALUES ('f1', 'HPM7K2M9QX4B', 'An', 'an', 1);"
                     "INSERT INTO drop_offs(id, farmer_id, farmer_name, search_key, clerk, kiosk_id, created_at, total) "
                     "VALUES ('d1', 'f1', 'An', 'an', 'c', 'k', 1, 0);"
                     "INSERT INTO print_jobs(id, kind, ref_id, payload, copy, status, attempts, created_at, printer) "
                     "VALUES ('j1', 'label', 'l1', x'00', 0, 'sent', 1, 5, 'label');")
                .has_value());
  }
  auto store = Store::open(path);
  REQUIRE(store.has_value());
  CHECK(store->schema_version() == kSchemaVersion);
  const auto jobs = store->unfinished_print_jobs();
  REQUIRE(jobs.has_value());
  REQUIRE(jobs->size() == 1);
  CHECK((*jobs)[0].id == "j1");
  CHECK((*jobs)[0].status == PrintStatus::Sent);
  CHECK((*jobs)[0].printer == PrinterRole::Label);
  CHECK(store->farmer_by_id("f1").value()->citizen_id.empty());
  CHECK_FALSE(store->drop_off_void("d1").value().has_value());
  CHECK(store->add_print_job({"j2", PrintKind::MemberCard, "f1", "card", false, PrinterRole::Receipt}, 6).has_value());
  CHECK(store->add_print_job({"j3", PrintKind::VoidSlip, "v1", "slip", false, PrinterRole::Receipt}, 6).has_value());
}
