// The forecasts' weekly table on PostgreSQL (run under pg_virtualenv: ctest dash_forecast_pg):
// an event that commits after a later-numbered one is folded by the next fold's look-back,
// once; folds from several connections at once, while events arrive, count every event
// exactly once (the advisory lock and the seen-set, server/dash/forecast_weeks.cpp).
#include <doctest/doctest.h>

#include <atomic>
#include <thread>

#include "server/dash/forecast_weeks.hpp"
#include "server/dash/schema.hpp"
#include "server/storage/storage.hpp"

using namespace hp::server;

namespace {

constexpr const char* kDb = "postgresql:///hp_forecast_pg";

std::unique_ptr<dash::SqlDb> connect() {
  auto db = dash::open_sql("", kDb);
  REQUIRE(db);
  return std::move(*db);
}

void dropoff(dash::SqlDb& db, const std::string& id, std::int64_t mg) {
  const nlohmann::json payload = {{"id", id}, {"items", {{{"id", id + "-1"}, {"product_id", "p"}, {"net_mg", mg}}}}};
  REQUIRE(db.exec("INSERT INTO events(id, kiosk_id, kiosk_seq, kind, schema_version, entity_id, kiosk_time_ms, "
                  "received_at, payload) VALUES (?1, 'k', 1, 'dropoff.committed', 1, ?1, 1000, 1000, ?2)",
                  {id, payload.dump()}));
}

std::int64_t folded_mg(dash::SqlDb& db) {
  auto r = db.query("SELECT coalesce(sum(net_mg), 0) FROM dash_forecast_weeks");
  REQUIRE(r);
  return dash::to_int((*r)[0][0]);
}

}  // namespace

TEST_CASE("on PostgreSQL a late-committing event is folded once, and concurrent folds count each event once") {
  {
    auto admin = dash::open_sql("", "postgresql:///postgres");
    REQUIRE(admin);
    REQUIRE((*admin)->exec("DROP DATABASE IF EXISTS hp_forecast_pg WITH (FORCE)"));
    REQUIRE((*admin)->exec("CREATE DATABASE hp_forecast_pg"));
  }
  REQUIRE(open_storage("", kDb));
  auto a = connect(), b = connect(), c = connect();
  REQUIRE(dash::ensure_schema(*a));
  REQUIRE(a->exec("INSERT INTO post_offices(id, name, unit_id) VALUES ('po', 'PO', 'u')"));
  REQUIRE(a->exec("INSERT INTO kiosks(id, post_office_id, credential_hash, name, app_version, enrolled_at) "
                  "VALUES ('k', 'po', 'h', 'k', 'v', 0)"));

  // A takes its number first but commits last; meanwhile B's event commits and C folds it.
  REQUIRE(a->transaction([&]() -> hp::Status {
    dropoff(*a, "late", 1000);
    dropoff(*b, "early", 20);
    REQUIRE(dash::fold_forecast_weeks(*c));
    CHECK(folded_mg(*c) == 20);
    return {};
  }));
  REQUIRE(dash::fold_forecast_weeks(*c));
  CHECK(folded_mg(*c) == 1020);  // the late one, found by the look-back
  REQUIRE(dash::fold_forecast_weeks(*b));
  CHECK(folded_mg(*c) == 1020);  // and never again

  // Three connections fold as fast as they can while a fourth pushes 400 events.
  std::atomic<bool> done = false;
  std::atomic<int> failures = 0;
  std::vector<std::thread> folders;
  for (int i = 0; i < 3; ++i)
    folders.emplace_back([&] {
      auto db = dash::open_sql("", kDb);
      if (!db) return void(++failures);
      while (!done)
        if (!dash::fold_forecast_weeks(**db, 7)) ++failures;
    });
  for (int i = 0; i < 400; ++i) dropoff(*a, "e" + std::to_string(i), 1);
  done = true;
  for (auto& t : folders) t.join();
  CHECK(failures == 0);
  REQUIRE(dash::fold_forecast_weeks(*c));
  CHECK(folded_mg(*c) == 1420);
}
