// The overview's rollup against the scan of every event (overview_direct, the oracle): the
// same JSON for every scope and period, after pushes through the real storage, folds in
// between, two folders at once, and a fold that fails half way. SQLite here; the same suite
// runs on PostgreSQL as dash_pg (HP_TEST_PG=1 under pg_virtualenv).
#include <doctest/doctest.h>

#include <atomic>
#include <cstdlib>
#include <sstream>
#include <fstream>
#include <random>
#include <thread>

#include "server/dash/indicators.hpp"
#include "server/dash/overview.hpp"
#include "server/dash/rollup.hpp"
#include "server/dash/schema.hpp"
#include "server/dash/scope.hpp"
#include "server/storage/storage.hpp"
#include "tests/support/test_support.hpp"

using namespace hp::server;
using nlohmann::json;

namespace {

bool on_postgres() {
  const char* v = std::getenv("HP_TEST_PG");
  return v && std::string_view(v) == "1";
}

hp::UtcMillis at(const std::string& date, hp::UtcMillis offset = 0) { return *dash::vn_midnight(date) + offset; }

// A centre's database: the protocol's schema and demo data (post offices, farmers, orders),
// the dashboard's tables and units, two kiosks at one post office and one at each other.
class World {
 public:
  explicit World(const std::string& tag) : dir_("dash_rollup_" + tag) {
    if (on_postgres()) {
      auto admin = dash::open_sql("", "postgresql:///postgres");
      REQUIRE(admin);
      REQUIRE((*admin)->exec("DROP DATABASE IF EXISTS hp_" + tag + " WITH (FORCE)"));
      REQUIRE((*admin)->exec("CREATE DATABASE hp_" + tag));
      url_ = "postgresql:///hp_" + tag;
    }
    auto st = open_storage(dir_.path().string(), url_);
    REQUIRE(st);
    storage = std::move(*st);
    REQUIRE(storage->seed_demo(now));
    db = connect();
    REQUIRE(dash::ensure_schema(*db));
    std::ifstream in(std::string(HP_SOURCE_DIR) + "/assets/units/haiphong.json");
    auto file = dash::parse_unit_file(json::parse(in));
    REQUIRE(file);
    REQUIRE(dash::store_units(*db, *file, false));
    auto pos = dash::load_post_offices(*db);
    REQUIRE(pos);
    post_offices = *pos;
    for (const auto& p : post_offices) add_kiosk("k-" + p.id, p.id);
    add_kiosk("k2-" + post_offices[1].id, post_offices[1].id);
  }

  std::unique_ptr<dash::SqlDb> connect() {
    auto d = dash::open_sql(dir_.path().string(), url_);
    REQUIRE(d);
    return std::move(*d);
  }

  void add_kiosk(const std::string& id, const std::string& po) {
    REQUIRE(db->exec("INSERT INTO kiosks(id, post_office_id, credential_hash, name, app_version, enrolled_at) "
                     "VALUES (?1, ?2, ?3, 'test', 'test', 0)",
                     {id, po, "h-" + id}));
    kiosks.push_back({id, po});
  }

  // One event through the storage's push, as kiosk-server stores it.
  void push(const std::string& kiosk, const std::string& kind, const std::string& entity, hp::UtcMillis t,
            const json& payload, const std::string& order_id = "") {
    std::string po;
    for (const auto& [k, p] : kiosks)
      if (k == kiosk) po = p;
    PushEvent e{"ev-" + std::to_string(++n_), n_, kind, 1, entity, t, payload, payload.dump(), order_id};
    auto acks = storage->push(KioskAuth{kiosk, po, false}, {e}, now);
    REQUIRE(acks);
    REQUIRE(acks->size() == 1);
    CHECK_MESSAGE((*acks)[0].status == 201, ((*acks)[0].code + " " + (*acks)[0].message));
  }

  std::string order(const std::string& po, std::int64_t total) {
    const std::string ref = "ref-" + std::to_string(++n_);
    json record = {{"post_office_id", po}, {"external_ref", ref}, {"status", "ready"}, {"total_vnd", total},
                   {"collected_at", nullptr}, {"items", json::array()}, {"cash_on_delivery", false}};
    auto made = storage->create_order(NewOrder{"shop", ref, po, "hash-" + ref, record}, now);
    REQUIRE(made);
    return (*made).record["id"].get<std::string>();
  }

  // Both overviews for a staff member's scope (unit / post office narrowing) and a period.
  void same(const std::string& from, const std::string& to, const std::string& unit = "", const std::string& po = "") {
    auto tree = dash::UnitTree::load(*db);
    REQUIRE(tree);
    hp::server::auth::Staff city{"c", "city", "City", "city", "", ""};
    auto scope = dash::scope_for(city, post_offices, *tree, unit, po);
    REQUIRE(scope);
    auto period = dash::make_period(from, to, now);
    REQUIRE(period);
    auto fast = dash::overview(*db, *scope, *tree, *period, now);
    auto slow = dash::overview_direct(*db, *scope, *tree, *period, now);
    REQUIRE(fast);
    REQUIRE(slow);
    CHECK_MESSAGE(*fast == *slow, (from + ".." + to + " unit=" + unit + " po=" + po + "\nrollup: " + fast->dump() +
                                   "\nscan:   " + slow->dump()));
  }

  std::int64_t count(const std::string& sql) { return dash::to_int((*db->query(sql))[0][0]); }

  hp::UtcMillis now = at("2026-03-20", 10 * 3600 * 1000);
  std::unique_ptr<Storage> storage;
  std::unique_ptr<dash::SqlDb> db;
  std::vector<dash::PostOffice> post_offices;
  std::vector<std::pair<std::string, std::string>> kiosks;

 private:
  hp::test::TempDir dir_;
  std::string url_;
  std::int64_t n_ = 0;
};

const char* kDates[] = {"2025-06-15", "2025-12-30", "2025-12-31", "2026-01-01", "2026-01-02",
                        "2026-01-31", "2026-02-01", "2026-02-28", "2026-03-01", "2026-03-19"};
// Around VN midnight (a minute either side), the morning, the last minute of the day.
const hp::UtcMillis kOffsets[] = {-60000, 0, 60000, 5 * 3600 * 1000, 86340000};

// Registrations and drop-offs of varied shapes: farmers with and without a branch or
// cooperative, unregistered farmers, items with a missing grade or name, a name that changes,
// a drop-off without items, fields of the wrong type (counted as 0 or "", as the scan does).
void push_varied(World& w, std::mt19937& rng, int n, int& serial) {
  const char* branches[] = {"Chi hội An Dương", "Chi hội Kiến Thụy", ""};
  const char* coops[] = {"HTX Rau sạch", "", "HTX Vải thiều"};
  auto pick = [&](int k) { return static_cast<int>(rng() % static_cast<unsigned>(k)); };
  for (int i = 0; i < n; ++i, ++serial) {
    const auto& kiosk = w.kiosks[static_cast<std::size_t>(pick(static_cast<int>(w.kiosks.size())))].first;
    const hp::UtcMillis t = at(kDates[pick(std::size(kDates))], kOffsets[pick(std::size(kOffsets))]);
    const std::string farmer = "farmer-" + std::to_string(pick(25));
    if (pick(6) == 0) {
      const std::string id = "farmer-new-" + std::to_string(serial);
      w.push(kiosk, "farmer.registered", id, t,
             {{"id", id}, {"name", "Nông dân " + std::to_string(serial)}, {"phone", "09" + std::to_string(10000000 + serial)},
              {"branch", branches[pick(3)]}, {"cooperative", coops[pick(3)]}, {"created_at", t}});
      continue;
    }
    json items = json::array();
    const int n_items = pick(4);
    for (int k = 0; k < n_items; ++k) {
      const int product = pick(4);
      json item = {{"id", "item-" + std::to_string(serial) + "-" + std::to_string(k)},
                   {"product_id", "product-" + std::to_string(product)},
                   {"net_mg", 1000000 + pick(900000)},
                   {"pieces", pick(3)},
                   {"value", 10000 + pick(90000)},
                   {"lot_code", "HPL" + std::to_string(2000000000 + serial * 4 + k)}};
      if (pick(5)) item["grade"] = pick(2) ? "A" : "B";
      // product-3 has no name on some items, product-2's name changed at some point.
      if (product != 3 || pick(2)) item["product_name"] = product == 2 && pick(2) ? "Vải thiều (mới)" : "Sản phẩm " + std::to_string(product);
      if (pick(20) == 0) item["net_mg"] = 1.5;   // not an integer: 0, as the scan reads it
      if (pick(25) == 0) item["grade"] = 7;      // not a string: ""
      items.push_back(std::move(item));
    }
    const std::string id = "dropoff-" + std::to_string(serial);
    json payload = {{"id", id}, {"farmer_id", farmer}, {"total", 20000 * (1 + pick(5))}, {"items", items}};
    if (pick(30) == 0) payload.erase("farmer_id");  // a farmer id missing counts as ""
    if (pick(30) == 0) payload["total"] = "44000";  // a total of the wrong type counts as 0
    w.push(kiosk, "dropoff.committed", id, t, payload);
  }
}

void compare_all(World& w) {
  const std::string unit = w.post_offices[0].unit_id, po = w.post_offices[1].id;
  const std::pair<const char*, const char*> periods[] = {
      {"2026-01-01", "2026-03-20"},  // the year so far (the default)
      {"2026-01-01", "2026-01-01"},  // one day just after a year boundary
      {"2025-12-31", "2025-12-31"},  // the day before it
      {"2025-12-31", "2026-01-01"},  // across the year boundary
      {"2025-01-01", "2025-12-31"},  // last year
      {"2026-02-01", "2026-02-28"},  // one whole month
      {"2026-01-02", "2026-02-27"},  // inside two months, no whole month
      {"2025-06-15", "2026-03-01"},  // whole months between partial ends, two years
      {"2026-01-31", "2026-03-19"},
  };
  for (const auto& [from, to] : periods) {
    w.same(from, to);
    w.same(from, to, unit);
    w.same(from, to, "", po);
  }
}

}  // namespace

TEST_SUITE_BEGIN("rollup");

TEST_CASE("the rollup's overview equals the scan of every event, for every scope and period, as events arrive") {
  World w("equal");
  // Targets for the year on every indicator, so the year-so-far figures are compared too.
  for (const auto& p : w.post_offices)
    for (const char* ind : dash::kMeasures)
      REQUIRE(w.db->exec("INSERT INTO dash_targets(unit_id, year, indicator, target, updated_at, updated_by) "
                         "VALUES (?1, 2026, ?2, 50, 0, 't') ON CONFLICT DO NOTHING",
                         {p.unit_id, std::string(ind)}));
  std::mt19937 rng(11);
  int serial = 0;
  compare_all(w);  // the demo data alone (its orders, its collected one)
  push_varied(w, rng, 60, serial);
  // Orders at three post offices: collected on either side of midnights and years, returned,
  // cancelled, left waiting.
  std::vector<std::string> orders;
  for (int i = 0; i < 12; ++i) orders.push_back(w.order(w.post_offices[static_cast<std::size_t>(i % 3)].id, 50000 + 1000 * i));
  for (int i = 0; i < 12; ++i) {
    const auto& po = w.post_offices[static_cast<std::size_t>(i % 3)].id;
    const std::string kiosk = "k-" + po;
    const hp::UtcMillis t = at(kDates[static_cast<std::size_t>(i) % std::size(kDates)], kOffsets[static_cast<std::size_t>(i) % 5]);
    if (i % 4 == 0 || i % 4 == 1) {
      w.push(kiosk, "pickup.recorded", "pickup-" + std::to_string(i), t,
             {{"id", "pickup-" + std::to_string(i)}, {"order_id", orders[static_cast<std::size_t>(i)]}, {"collected_at", t}},
             orders[static_cast<std::size_t>(i)]);
    } else if (i % 4 == 2) {
      w.push(kiosk, "order.returned", orders[static_cast<std::size_t>(i)], t,
             {{"order_id", orders[static_cast<std::size_t>(i)]}, {"returned_at", t}}, orders[static_cast<std::size_t>(i)]);
    }
    if (i == 3) compare_all(w);  // folded part way through the orders
  }
  REQUIRE(w.storage->cancel_order("shop", orders[7], "test", w.now));
  compare_all(w);
  push_varied(w, rng, 150, serial);
  compare_all(w);
  // Nothing new: a fold reads nothing and the figures stay.
  auto again = dash::fold_rollup(*w.db);
  REQUIRE(again);
  CHECK(again->events == 0);
  CHECK(again->changes == 0);
  compare_all(w);
}

TEST_CASE("two folders at once while kiosks push, and a fold that fails half way, count nothing twice") {
  World w("twice");
  std::mt19937 rng(7);
  int serial = 0;
  push_varied(w, rng, 40, serial);
  {
    auto a = w.connect(), b = w.connect();
    std::atomic<bool> pushing = true;
    std::atomic<int> failures = 0;
    auto folder = [&](dash::SqlDb& db) {
      while (pushing)
        if (!dash::fold_rollup(db)) ++failures;
    };
    std::thread ta(folder, std::ref(*a)), tb(folder, std::ref(*b));
    std::mt19937 rng2(8);
    push_varied(w, rng2, 150, serial);
    pushing = false;
    ta.join();
    tb.join();
    // SQLite: a folder may find the other holding the write lock past its busy timeout;
    // that fold is refused whole and the next one folds.
    if (on_postgres()) CHECK(failures == 0);
  }
  REQUIRE(dash::fold_rollup(*w.db));
  const std::int64_t dropoffs = w.count("SELECT count(*) FROM events WHERE kind = 'dropoff.committed'");
  CHECK(w.count("SELECT coalesce(sum(dropoffs), 0) FROM dash_po_day") == dropoffs);
  CHECK(w.count("SELECT coalesce(sum(dropoffs), 0) FROM dash_farmer_day") == dropoffs);
  CHECK(w.count("SELECT coalesce(sum(dropoffs), 0) FROM dash_farmer_month") == dropoffs);
  compare_all(w);

  // A fold that fails after it has added to some tables (a trigger refuses the farmers'
  // months) leaves no trace: the watermark and every sum stay as they were.
  const std::int64_t before = w.count("SELECT coalesce(sum(dropoffs), 0) FROM dash_po_day");
  const std::int64_t mark = w.count("SELECT seq FROM dash_projection WHERE name = 'rollup_events'");
  if (on_postgres()) {
    REQUIRE(w.db->exec("CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                       "RAISE EXCEPTION 'refused by the test'; END $$"));
    REQUIRE(w.db->exec("CREATE TRIGGER refuse BEFORE INSERT ON dash_farmer_month FOR EACH ROW EXECUTE FUNCTION refuse()"));
  } else {
    REQUIRE(w.db->exec("CREATE TRIGGER refuse BEFORE INSERT ON dash_farmer_month BEGIN "
                       "SELECT RAISE(ABORT, 'refused by the test'); END"));
  }
  push_varied(w, rng, 30, serial);
  CHECK_FALSE(dash::fold_rollup(*w.db));
  CHECK(w.count("SELECT coalesce(sum(dropoffs), 0) FROM dash_po_day") == before);
  CHECK(w.count("SELECT seq FROM dash_projection WHERE name = 'rollup_events'") == mark);
  REQUIRE(w.db->exec("DROP TRIGGER refuse" + std::string(on_postgres() ? " ON dash_farmer_month" : "")));
  compare_all(w);
  CHECK(w.count("SELECT coalesce(sum(dropoffs), 0) FROM dash_po_day") ==
        w.count("SELECT count(*) FROM events WHERE kind = 'dropoff.committed'"));
}

TEST_CASE("the background folder folds on start and stops cleanly") {
  World w("thread");
  std::mt19937 rng(3);
  int serial = 0;
  push_varied(w, rng, 30, serial);
  std::ostringstream log;
  {
    dash::RollupFolder folder(w.connect(), std::chrono::milliseconds(20), log);
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (w.count("SELECT count(*) FROM dash_projection WHERE name = 'rollup_events' AND seq = "
                   "(SELECT max(received_seq) FROM events)") == 0 &&
           std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }  // joined here
  CHECK(w.count("SELECT seq FROM dash_projection WHERE name = 'rollup_events'") ==
        w.count("SELECT max(received_seq) FROM events"));
  CHECK(log.str().empty());
  compare_all(w);
}

TEST_SUITE_END();
