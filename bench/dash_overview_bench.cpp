// The dashboard's speed (issue 11): the overview for a year of the whole city, read from the
// rollup (server/dash/rollup.hpp), on SQLite or PostgreSQL (--backend pg, inside
// pg_virtualenv), with N drop-off events (default 2,000,000) and 5,000 registrations inserted
// directly into kiosk-server's schema; the rollup's first fold of them; and on SQLite the
// public traceability page. Prints rows of bench/run.sh's table.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "server/dash/forecast.hpp"
#include "server/dash/forecast_weeks.hpp"
#include "server/dash/lots.hpp"
#include "server/dash/overview.hpp"
#include "server/dash/rollup.hpp"
#include "server/dash/schema.hpp"
#include "server/dash/trace.hpp"
#include "server/storage/storage.hpp"
#include "shared/clock.hpp"

using namespace hp::server;
using nlohmann::json;

namespace {

double ms_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}

std::string uuid(std::int64_t n, int kind) {
  char b[40];
  std::snprintf(b, sizeof b, "01900000-%04x-7000-8000-%012llx", kind, static_cast<unsigned long long>(n));
  return b;
}

// One multi-row INSERT per 500 events: the set-up stays a small part of the bench's time on
// both backends (a round trip per event would be most of it on PostgreSQL).
hp::Status insert_events(dash::SqlDb& db, const std::vector<std::vector<dash::SqlValue>>& rows) {
  constexpr std::size_t kPerStatement = 500;
  for (std::size_t at = 0; at < rows.size(); at += kPerStatement) {
    const std::size_t end = std::min(rows.size(), at + kPerStatement);
    std::string sql = "INSERT INTO events(id, kiosk_id, kiosk_seq, kind, schema_version, entity_id, kiosk_time_ms, "
                      "received_at, payload) VALUES ";
    std::vector<dash::SqlValue> params;
    for (std::size_t i = at; i < end; ++i) {
      const int b = static_cast<int>(params.size());
      auto q = [&](int k) { return "?" + std::to_string(b + k); };
      sql += (i == at ? "(" : ", (") + q(1) + ", " + q(2) + ", " + q(3) + ", " + q(4) + ", 1, " + q(1) + ", " + q(5) +
             ", " + q(5) + ", " + q(6) + ")";
      params.insert(params.end(), rows[i].begin(), rows[i].end());
    }
    if (auto r = db.exec(sql, params); !r) return r;
  }
  return {};
}

std::vector<dash::SqlValue> dropoff(std::int64_t done, hp::UtcMillis at, const std::string& kiosk) {
  const std::string id = uuid(done, 1);
  json items = json::array();
  for (int k = 0; k < 2; ++k)
    items.push_back({{"id", uuid(done * 2 + k, 2)}, {"product_id", "01924f80-0000-7000-8000-10000000000" + std::to_string(1 + (done + k) % 9)},
                     {"product_name", "P"}, {"grade", k ? "B" : "A"}, {"unit", "kg"}, {"net_mg", 1000000 + done % 5000},
                     {"pieces", 0}, {"value", 22000}, {"lot_code", "HPL" + std::to_string(1000000000 + done * 2 + k)}});
  const json payload = {{"id", id}, {"farmer_id", uuid(done % 5000, 3)}, {"total", 44000}, {"items", items}};
  return {id, kiosk, done + 1, std::string("dropoff.committed"), at, payload.dump()};
}

std::string pct(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  char b[32];
  std::snprintf(b, sizeof b, "%.0f", v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))]);
  return b;
}

}  // namespace

int main(int argc, char** argv) {
  std::int64_t n = 2000000;
  std::string backend = "sqlite";
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::string(argv[i]) == "--events") n = std::atoll(argv[i + 1]);
    if (std::string(argv[i]) == "--backend") backend = argv[i + 1];
  }
  const bool pg = backend == "pg";
  const char* label = pg ? "PostgreSQL" : "SQLite";
  const auto dir = std::filesystem::temp_directory_path() / ("hp-dash-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string url;
  if (pg) {
    // A database of its own in the cluster pg_virtualenv made for this command (bench/run.sh).
    auto admin = dash::open_sql("", "postgresql:///postgres");
    if (!admin || !(*admin)->exec("DROP DATABASE IF EXISTS hp_dash_bench WITH (FORCE)") ||
        !(*admin)->exec("CREATE DATABASE hp_dash_bench"))
      return std::fprintf(stderr, "cannot make the PostgreSQL database\n"), 1;
    url = "postgresql:///hp_dash_bench";
  }
  const hp::Clock clock;
  const hp::UtcMillis now = clock.now();
  {
    auto st = open_storage(dir.string(), url);
    if (!st || !(*st)->seed_demo(now)) return std::fprintf(stderr, "storage failed\n"), 1;
  }
  auto db = dash::open_sql(dir.string(), url);
  if (!db || !dash::ensure_schema(**db)) return std::fprintf(stderr, "dash schema failed\n"), 1;
  std::ifstream in(std::string(HP_SOURCE_DIR) + "/assets/units/haiphong.json");
  auto units_file = dash::parse_unit_file(json::parse(in));
  if (!units_file || !dash::store_units(**db, *units_file, false)) return std::fprintf(stderr, "units failed\n"), 1;
  auto pos = dash::load_post_offices(**db);
  if (!pos) return 1;
  for (const auto& p : *pos)
    if (!(*db)->exec("INSERT INTO kiosks(id, post_office_id, credential_hash, name, app_version, enrolled_at) "
                     "VALUES (?1, ?2, ?3, 'bench', 'bench', 0)",
                     {"k-" + p.id, p.id, "h-" + p.id}))
      return 1;

  // A year of drop-offs, two items each, spread over the post offices and 5,000 farmers, who
  // registered at a kiosk first.
  const std::string year = dash::vn_date(now).substr(0, 4);
  const hp::UtcMillis year_from = *dash::vn_midnight(year + "-01-01");
  const hp::UtcMillis span = std::max<hp::UtcMillis>(now - year_from, 86400000);
  const auto fill = std::chrono::steady_clock::now();
  std::vector<std::vector<dash::SqlValue>> rows;
  for (std::int64_t f = 0; f < 5000; ++f) {
    const json reg = {{"id", uuid(f, 3)}, {"name", "F"}, {"phone", "09" + std::to_string(10000000 + f)}};
    rows.push_back({uuid(f, 4), "k-" + (*pos)[static_cast<std::size_t>(f) % pos->size()].id, n + f + 1,
                    std::string("farmer.registered"), year_from + (f * 7919) % span, reg.dump()});
  }
  if (!(*db)->transaction([&] { return insert_events(**db, rows); })) return std::fprintf(stderr, "insert failed\n"), 1;
  for (std::int64_t done = 0; done < n;) {
    rows.clear();
    for (int i = 0; i < 20000 && done < n; ++i, ++done)
      rows.push_back(dropoff(done, year_from + (done * 7919) % span, "k-" + (*pos)[static_cast<std::size_t>(done) % pos->size()].id));
    if (auto s = (*db)->transaction([&] { return insert_events(**db, rows); }); !s)
      return std::fprintf(stderr, "insert failed: %s\n", s.error().detail.c_str()), 1;
  }
  std::fprintf(stderr, "dash bench (%s): %lld events inserted in %.1f s\n", label, static_cast<long long>(n + 5000),
               ms_since(fill) / 1000);

  // The first fold: every event of the year into the rollup (once, when the rollup is new).
  const auto first = std::chrono::steady_clock::now();
  auto folded = dash::fold_rollup(**db);
  if (!folded) return std::fprintf(stderr, "fold failed: %s\n", folded.error().detail.c_str()), 1;
  std::printf("| dashboard rollup, %s: first fold of %lld events (once) | %.1f s | - | - | - |\n", label,
              static_cast<long long>(folded->events), ms_since(first) / 1000);

  auto tree = dash::UnitTree::load(**db);
  auth::Staff city{"c", "city", "City", "city", "", ""};
  auto scope = dash::scope_for(city, *pos, *tree, "", "");
  auto period = dash::make_period(year + "-01-01", dash::vn_date(now), now);
  // Each request finds 20 new drop-offs to fold first, as under steady ingest.
  std::vector<double> runs;
  std::int64_t seen = 0, done = n;
  constexpr int kRuns = 60;
  for (int r = 0; r < kRuns; ++r) {
    rows.clear();
    for (int i = 0; i < 20; ++i, ++done) rows.push_back(dropoff(done, now - 1000 * (done % 3600), "k-" + (*pos)[0].id));
    if (!insert_events(**db, rows)) return std::fprintf(stderr, "insert failed\n"), 1;
    const auto t = std::chrono::steady_clock::now();
    auto o = dash::overview(**db, *scope, *tree, *period, now);
    runs.push_back(ms_since(t));
    if (!o) return std::fprintf(stderr, "overview failed: %s\n", o.error().detail.c_str()), 1;
    seen = (*o)["totals"]["dropoffs"].get<std::int64_t>();
  }
  std::printf("| dashboard overview, %s, a year of the whole city (%lld drop-offs counted; 20 new folded per request) | "
              "%s ms p50, %s ms p99 (%d requests) | - | - | <= 300 ms |\n",
              label, static_cast<long long>(seen), pct(runs, 0.5).c_str(), pct(runs, 0.99).c_str(), kRuns);
  if (pg) {
    db->reset();
    auto admin = dash::open_sql("", "postgresql:///postgres");
    if (admin) (void)(*admin)->exec("DROP DATABASE IF EXISTS hp_dash_bench WITH (FORCE)");
    std::filesystem::remove_all(dir);
    return 0;
  }

  constexpr int trace_runs = 200;
  // The lot index catches up once from every event (the first lookup after a start with a
  // backlog), then each page is indexed lookups.
  dash::LotIndex lots(**db);
  const auto build = std::chrono::steady_clock::now();
  if (!lots.catch_up()) return std::fprintf(stderr, "lot index failed\n"), 1;
  std::printf("| lot index caught up from %lld drop-offs (once) | %.1f s | - | - | - |\n", static_cast<long long>(n),
              ms_since(build) / 1000);
  std::vector<double> trace;
  for (int r = 0; r < trace_runs; ++r) {
    const std::string lot = "HPL" + std::to_string(1000000000 + (n * 2 / trace_runs) * r);
    const auto t = std::chrono::steady_clock::now();
    auto page = dash::trace_page(**db, lots, lot, "", false);
    trace.push_back(ms_since(t));
    if (!page || page->status != 200) return std::fprintf(stderr, "trace %s failed\n", lot.c_str()), 1;
  }
  std::sort(trace.begin(), trace.end());
  std::printf("| traceability page, SQLite, %lld drop-offs (%d lots) | %.2f ms p99 (p50 %.2f ms) | - | - | <= 20 ms p99 |\n",
              static_cast<long long>(n), trace_runs, trace[trace.size() * 99 / 100], trace[trace.size() / 2]);

  // Forecasts (docs/forecast.md): the weekly table folded once from every event, then the
  // city's forecast request (which folds what is new, here nothing, and forecasts every series).
  const auto folding = std::chrono::steady_clock::now();
  if (!dash::fold_forecast_weeks(**db)) return std::fprintf(stderr, "forecast fold failed\n"), 1;
  std::printf("| forecast weekly table folded from %lld drop-offs (once) | %.1f s | - | - | - |\n", static_cast<long long>(n),
              ms_since(folding) / 1000);
  // The events above span this year only; two earlier years of weekly sums, written into the
  // table directly, give every series the full Holt-Winters back-test a real history gets. And
  // the city has 114 communes: post offices enough for one each, with those earlier years.
  const std::int64_t this_week = dash::week_of(now), year_week = dash::week_of(year_from);
  auto earlier = (*db)->transaction([&]() -> hp::Status {
    for (std::size_t i = pos->size(); i < 114; ++i) {
      const auto& like = (*pos)[i % pos->size()];
      if (auto r = (*db)->exec("INSERT INTO post_offices(id, name, unit_id) VALUES (?1, ?2, ?3)",
                               {"po-bench-" + std::to_string(i), "Bench " + std::to_string(i), like.unit_id});
          !r)
        return r;
    }
    auto all = dash::load_post_offices(**db);
    if (!all) return std::unexpected(all.error());
    for (std::int64_t w = year_week - 104; w < year_week; ++w)
      for (const auto& p : *all)
        for (int k = 1; k <= 9; ++k)
          if (auto r = (*db)->exec("INSERT INTO dash_forecast_weeks(week, post_office_id, product_id, net_mg, orders) "
                                   "VALUES (?1, ?2, ?3, ?4, 0)",
                                   {w, p.id, "01924f80-0000-7000-8000-10000000000" + std::to_string(k),
                                    (500 + 400 * ((w * 7 + k) % 52) / 52) * 1000000LL});
              !r)
            return r;
    return {};
  });
  if (!earlier) return std::fprintf(stderr, "forecast history failed\n"), 1;
  auto city_pos = dash::load_post_offices(**db);
  if (!city_pos) return 1;
  auto city_scope = dash::scope_for(city, *city_pos, *tree, "", "");
  std::vector<double> fc;
  for (int r = 0; r < 5; ++r) {
    const auto t = std::chrono::steady_clock::now();
    auto f = dash::forecast(**db, *city_scope, *tree, city, {"", now});
    fc.push_back(ms_since(t));
    if (!f) return std::fprintf(stderr, "forecast failed\n"), 1;
  }
  std::sort(fc.begin(), fc.end());
  std::printf("| forecast request, SQLite, whole city, %lld drop-offs, %zu post offices (%lld weeks of history) | %.0f ms (median of 5) | - | - | < 1000 ms |\n",
              static_cast<long long>(n), city_pos->size(), static_cast<long long>(this_week - (year_week - 104)), fc[fc.size() / 2]);
  std::filesystem::remove_all(dir);
  return 0;
}
