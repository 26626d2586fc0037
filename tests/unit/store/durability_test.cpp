// Locks, reopening, and what survives the process.
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>

#include "store_fixture.hpp"

#include <thread>

#include "tests/support/death_test.hpp"

using namespace hp;
using namespace hp::store;
using namespace hp::store::testing;

TEST_CASE("a write while another connection holds the write lock fails with db.locked; reads go on") {
  Fixture fx("store_locked");
  Store store = fx.open(OpenOptions{.durability = db::Durability::Full, .busy_timeout_ms = 50});
  const Farmer f = add_farmer(store, fx.ids, "Nguyễn Văn An", "0912345678", "HPM7K2M9QX4B");
  const Product p = add_product(store, fx.ids, "CA-CHUA", "Cà chua");
  Order o = ready_order(fx.ids, "PK4D7K9MQ2XA", false, 50000);
  REQUIRE(store.upsert_order(o).has_value());
  const auto before = counts(store);

  auto other = db::Db::open(fx.path);
  REQUIRE(other.has_value());
  REQUIRE(other->exec("BEGIN IMMEDIATE").has_value());

  const auto t0 = std::chrono::steady_clock::now();
  DropOff d = drop_off(fx.ids, f, {kg_item(fx.ids, p, 1'000'000, 0, 22000, "HPL1111111111A")});
  auto r = store.commit_drop_off(d, fx.ids.next(), jobs_for(fx.ids, d.id, 2));
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().code == "db.locked");
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(1));  // the short timeout applied

  Pickup pk{.id = fx.ids.next(), .order_id = o.id, .pickup_code = o.pickup_code, .buyer_name = o.buyer_name,
            .method = PaymentMethod::Prepaid, .amount_paid = 0, .clerk = "c", .kiosk_id = "k", .collected_at = kNow};
  CHECK(store.record_pickup(pk, fx.ids.next(), {}).error().code == "db.locked");
  NewFarmer nf{.id = fx.ids.next(), .member_code = "HPMQ7R4T6VW1", .name = "Vũ Thị Hoa", .phone = "0967345678",
               .commune = "", .district = "", .branch = "", .cooperative = "", .created_at = kNow};
  CHECK(store.register_farmer(nf, fx.ids.next()).error().code == "db.locked");
  CHECK(store.set_setting("k", "v").error().code == "db.locked");

  // WAL: readers are not blocked by the writer.
  auto found = store.order_by_pickup_code(o.pickup_code);
  REQUIRE(found.has_value());
  CHECK(found->has_value());
  CHECK(store.search_farmers("nguyen", 5)->size() == 1);

  REQUIRE(other->exec("ROLLBACK").has_value());
  CHECK(counts(store) == before);
  REQUIRE(store.commit_drop_off(d, fx.ids.next(), jobs_for(fx.ids, d.id, 2)).has_value());
  CHECK(count_rows(store, "drop_offs") == before.drop_offs + 1);
}

TEST_CASE("a full disk gives db.full and the write leaves nothing behind") {
  Fixture fx("store_full");
  Store store = fx.open();
  const Farmer f = add_farmer(store, fx.ids, "Nguyễn Văn An", "0912345678", "HPM7K2M9QX4B");
  const Product p = add_product(store, fx.ids, "CA-CHUA", "Cà chua");
  const auto before = counts(store);
  // SQLite answers SQLITE_FULL when the file may not grow past max_page_count: the same code
  // path as a full disk.
  auto pages = db_of(store).prepare("PRAGMA page_count");
  REQUIRE(pages.has_value());
  REQUIRE(pages->step().value());
  const std::int64_t now_pages = pages->i64(0);
  pages = db::Stmt();
  REQUIRE(db_of(store).exec("PRAGMA max_page_count = " + std::to_string(now_pages)).has_value());

  std::vector<DropOffItem> items;
  for (int i = 0; i < 40; ++i)
    items.push_back(kg_item(fx.ids, p, 1'000'000, 0, 22000, "HPLFULL" + std::to_string(1000 + i)));
  DropOff d = drop_off(fx.ids, f, items);
  auto jobs = jobs_for(fx.ids, d.id, 1);
  jobs[0].payload.assign(64 * 1024, 'x');  // a payload bigger than any free space left in the file
  auto r = store.commit_drop_off(d, fx.ids.next(), jobs);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().code == "db.full");
  CHECK(counts(store) == before);

  REQUIRE(db_of(store).exec("PRAGMA max_page_count = 1073741823").has_value());
  REQUIRE(store.commit_drop_off(d, fx.ids.next(), jobs).has_value());
  CHECK(count_rows(store, "drop_offs") == before.drop_offs + 1);
}

TEST_CASE("everything committed is there after reopening") {
  Fixture fx("store_reopen");
  std::string drop_id, order_id;
  {
    Store store = fx.open();
    const Farmer f = add_farmer(store, fx.ids, "Nguyễn Văn An", "0912345678", "HPM7K2M9QX4B");
    const Product p = add_product(store, fx.ids, "CA-CHUA", "Cà chua");
    DropOff d = drop_off(fx.ids, f, {kg_item(fx.ids, p, 7'250'000, 250'000, 22000, "HPL1111111111A")});
    REQUIRE(store.commit_drop_off(d, fx.ids.next(), jobs_for(fx.ids, d.id, 2)).has_value());
    drop_id = d.id;
    Order o = ready_order(fx.ids, "PK4D7K9MQ2XA", false, 50000);
    REQUIRE(store.upsert_order(o).has_value());
    order_id = o.id;
    REQUIRE(store.set_setting("sync.cursor", "42").has_value());
  }
  Store store = fx.open();
  auto d = store.drop_off_by_id(drop_id);
  REQUIRE(d.has_value());
  REQUIRE(d->has_value());
  CHECK((*d)->items.at(0).net_mg == 7'000'000);
  CHECK((*d)->items.at(0).lot_code == "HPL1111111111A");
  CHECK(store.order_by_pickup_code("PK4D7K9MQ2XA")->value().id == order_id);
  CHECK(store.setting("sync.cursor")->value() == "42");
  CHECK(store.unfinished_print_jobs()->size() == 2);
  CHECK(store.outbox_after(0, 10)->size() == 2);
  CHECK(store.farmer_by_member_code("HPM7K2M9QX4B")->has_value());
}

TEST_CASE("a commit survives the process ending at once, without closing the database") {
  Fixture fx("store_process_exit");
  { Store store = fx.open(); }  // migrate before forking
  std::string drop_id = fx.ids.next();

  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    // The child commits and leaves with _exit: no destructors, no sqlite3_close, no checkpoint.
    auto opened = Store::open(fx.path);
    if (!opened) _exit(2);
    Store& store = *opened;
    NewFarmer nf{.id = fx.ids.next(), .member_code = "HPM7K2M9QX4B", .name = "Nguyễn Văn An", .phone = "0912345678",
                 .commune = "", .district = "", .branch = "", .cooperative = "", .created_at = kNow};
    auto f = store.register_farmer(nf, fx.ids.next());
    if (!f) _exit(3);
    Product p{.id = fx.ids.next(), .sku = "CA-CHUA", .name_vi = "Cà chua", .name_en = "Tomatoes",
              .unit = PriceUnit::PerKg, .gtin = std::nullopt, .image = "", .prices = {{"A", 22000}}};
    if (!store.upsert_product(p)) _exit(4);
    DropOff d = drop_off(fx.ids, *f, {kg_item(fx.ids, p, 3'000'000, 0, 22000, "HPL1111111111A")});
    d.id = drop_id;
    if (!store.commit_drop_off(d, fx.ids.next(), {})) _exit(5);
    _exit(0);
  }
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);

  Store store = fx.open();
  auto d = store.drop_off_by_id(drop_id);
  REQUIRE(d.has_value());
  REQUIRE(d->has_value());
  CHECK((*d)->total == 66000);
  CHECK(store.outbox_after(0, 10)->size() == 2);
}

TEST_CASE("a file that is not a database is refused with an error value") {
  Fixture fx("store_not_a_db");
  {
    std::FILE* f = std::fopen(fx.path.c_str(), "wb");
    REQUIRE(f != nullptr);
    const std::string junk(8192, 'j');
    std::fwrite(junk.data(), 1, junk.size(), f);
    std::fclose(f);
  }
  auto s = Store::open(fx.path);
  REQUIRE_FALSE(s.has_value());
  CHECK(s.error().code == "db.corrupt");
}

TEST_CASE("the store belongs to one thread: a call from another (the UI's) aborts") {
  Fixture fx("store_thread");
  Store store = fx.open();
  REQUIRE(store.order_count().has_value());  // the opening thread may call it
  std::thread([&] { store.adopt_thread(); }).join();  // now another thread owns it
  const auto end = test::run_in_child([&] { (void)store.order_count(); });
  CHECK(end.aborted);
  CHECK(end.err.find("Store::order_count") != std::string::npos);
  // The owning thread still may.
  bool ok = false;
  std::thread([&] {
    store.adopt_thread();
    ok = store.order_count().has_value();
  }).join();
  CHECK(ok);
}
