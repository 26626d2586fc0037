// The forecasts' weekly table (server/dash/forecast_weeks.hpp) on a real SQLite file: weeks
// in Vietnam's time, the set-based first fold, incremental folds by the mark, batches, and
// no event counted twice.
#include <doctest/doctest.h>

#include "server/dash/forecast_weeks.hpp"
#include "server/dash/period.hpp"
#include "server/dash/schema.hpp"
#include "server/storage/storage.hpp"
#include "tests/support/test_support.hpp"

using namespace hp::server;

namespace {

void add_event(dash::SqlDb& db, const std::string& id, const std::string& kind, const std::string& kiosk,
               hp::UtcMillis at, const nlohmann::json& payload) {
  REQUIRE(db.exec("INSERT INTO events(id, kiosk_id, kiosk_seq, kind, schema_version, entity_id, kiosk_time_ms, "
                  "received_at, payload) VALUES (?1, ?2, 1, ?3, 1, ?1, ?4, ?4, ?5)",
                  {id, kiosk, kind, at, payload.dump()}));
}

void dropoff(dash::SqlDb& db, const std::string& id, const std::string& kiosk, hp::UtcMillis at,
             std::vector<std::pair<std::string, std::int64_t>> items) {
  nlohmann::json it = nlohmann::json::array();
  for (const auto& [p, mg] : items) it.push_back({{"id", id + p}, {"product_id", p}, {"net_mg", mg}});
  add_event(db, id, "dropoff.committed", kiosk, at, {{"id", id}, {"farmer_id", "f"}, {"items", it}});
}

std::map<std::tuple<std::int64_t, std::string, std::string>, std::pair<std::int64_t, std::int64_t>> table(dash::SqlDb& db) {
  std::map<std::tuple<std::int64_t, std::string, std::string>, std::pair<std::int64_t, std::int64_t>> out;
  auto rows = db.query("SELECT week, post_office_id, product_id, net_mg, orders FROM dash_forecast_weeks");
  REQUIRE(rows);
  for (const auto& r : *rows)
    out[{dash::to_int(r[0]), dash::to_text(r[1]), dash::to_text(r[2])}] = {dash::to_int(r[3]), dash::to_int(r[4])};
  return out;
}

}  // namespace

TEST_CASE("weeks start on Monday at midnight in Vietnam and carry their ISO 8601 names") {
  const hp::UtcMillis mon = *dash::vn_midnight("2026-06-15");
  CHECK(dash::week_start(dash::week_of(mon)) == mon);
  CHECK(dash::week_of(mon - 1) == dash::week_of(mon) - 1);  // Sunday 23:59:59.999 is the week before
  CHECK(dash::week_of(*dash::vn_midnight("2026-06-21") + 86399999) == dash::week_of(mon));
  CHECK(dash::iso_week(dash::week_of(mon)) == "2026-W25");
  CHECK(dash::iso_week(dash::week_of(*dash::vn_midnight("2026-01-01"))) == "2026-W01");
  CHECK(dash::iso_week(dash::week_of(*dash::vn_midnight("2024-12-30"))) == "2025-W01");
  CHECK(dash::iso_week(dash::week_of(*dash::vn_midnight("2021-01-03"))) == "2020-W53");
  CHECK(dash::week_of(0) == 0);  // 1970-01-01 07:00 in Vietnam lies in week 0 (from 1969-12-29)
}

TEST_CASE("the weekly table folds drop-offs and pickups once each, incrementally and in batches") {
  hp::test::TempDir dir("dash_forecast_weeks");
  REQUIRE(open_storage(dir.path().string(), ""));
  auto db = dash::open_sql(dir.path().string(), "");
  REQUIRE(db);
  REQUIRE(dash::ensure_schema(**db));
  auto& d = **db;
  REQUIRE(d.exec("INSERT INTO post_offices(id, name, unit_id) VALUES ('po-a', 'A', 'u'), ('po-b', 'B', 'u')"));
  REQUIRE(d.exec("INSERT INTO kiosks(id, post_office_id, credential_hash, name, app_version, enrolled_at) VALUES "
                 "('ka', 'po-a', 'ha', 'a', 'v', 0), ('kb', 'po-b', 'hb', 'b', 'v', 0)"));
  const hp::UtcMillis mon = *dash::vn_midnight("2026-06-15");
  const std::int64_t w = dash::week_of(mon);
  dropoff(d, "e1", "ka", mon + 3600000, {{"lychee", 2500000}, {"tomato", 1000000}});
  dropoff(d, "e2", "ka", mon + 6 * 86400000LL, {{"lychee", 500000}});
  dropoff(d, "e3", "kb", mon - 1, {{"lychee", 7000000}});  // Sunday night: the week before
  add_event(d, "p1", "pickup.recorded", "ka", mon + 7200000, {{"id", "p1"}, {"order_id", "o1"}});
  add_event(d, "p2", "pickup.recorded", "ka", mon + 7300000, {{"id", "p2"}, {"order_id", "o2"}});
  add_event(d, "x1", "farmer.registered", "ka", mon, {{"id", "x1"}});
  // Malformed items change nothing and stop nothing.
  add_event(d, "e4", "dropoff.committed", "ka", mon, {{"id", "e4"}, {"items", "none"}});
  add_event(d, "e5", "dropoff.committed", "ka", mon,
            {{"id", "e5"}, {"items", {{{"id", "i"}, {"product_id", 7}, {"net_mg", 1}}, {{"id", "j"}, {"net_mg", 1}}}}});

  auto batches = dash::fold_forecast_weeks(d);
  REQUIRE(batches);
  CHECK(*batches == 1);
  auto t = table(d);
  CHECK(t.size() == 4);
  CHECK(t[{w, "po-a", "lychee"}] == std::pair<std::int64_t, std::int64_t>{3000000, 0});
  CHECK(t[{w, "po-a", "tomato"}] == std::pair<std::int64_t, std::int64_t>{1000000, 0});
  CHECK(t[{w - 1, "po-b", "lychee"}] == std::pair<std::int64_t, std::int64_t>{7000000, 0});
  CHECK(t[{w, "po-a", ""}] == std::pair<std::int64_t, std::int64_t>{0, 2});
  auto mark = d.query("SELECT seq FROM dash_projection WHERE name = 'forecast_weeks'");
  REQUIRE(mark);
  CHECK(dash::to_int((*mark)[0][0]) == 8);

  // Folding again adds nothing; new events are added to their weeks.
  REQUIRE(dash::fold_forecast_weeks(d));
  CHECK(table(d) == t);
  dropoff(d, "e6", "ka", mon + 86400000, {{"lychee", 1000000}});
  add_event(d, "p3", "pickup.recorded", "kb", mon, {{"id", "p3"}, {"order_id", "o3"}});
  REQUIRE(dash::fold_forecast_weeks(d));
  t = table(d);
  CHECK(t[{w, "po-a", "lychee"}].first == 4000000);
  CHECK(t[{w, "po-b", ""}].second == 1);

  // A fold from nothing in batches of three sequence numbers gives the same table.
  REQUIRE(d.exec("DELETE FROM dash_forecast_weeks"));
  REQUIRE(d.exec("DELETE FROM dash_projection WHERE name = 'forecast_weeks'"));
  auto again = dash::fold_forecast_weeks(d, 3);
  REQUIRE(again);
  CHECK(*again == 4);  // 10 events: (0,3], (3,6], (6,9], (9,10]
  CHECK(table(d) == t);
}
