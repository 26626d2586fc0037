// The overview from the rollup's tables (server/dash/rollup.hpp): sums by day and post
// office, and distinct farmers from whole months plus the days at either end of the period.
#include "server/dash/overview.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "server/dash/overview_figures.hpp"
#include "server/dash/rollup.hpp"

namespace hp::server::dash {
namespace {

using nlohmann::json;

// Days [from, to) as day numbers (server/dash/rollup.hpp vn_day).
struct Days {
  std::int64_t from = 0, to = 0;
  bool operator==(const Days&) const = default;
};

Days days_of(UtcMillis from, UtcMillis to) { return {vn_day(from), vn_day(to)}; }

// Each (post office, farmer) with drop-offs in the days, and their sums: whole months from
// dash_farmer_month, the days before the first and after the last from dash_farmer_day.
Result<SqlRows> farmers_in(SqlDb& db, Days d) {
  std::int64_t first = month_start(d.from);
  if (first < d.from) first = month_start(first + 31);
  const std::int64_t last = month_start(d.to);  // the 1st of the month holding the end
  Days months{first, last}, head{d.from, first}, tail{last, d.to};
  if (first >= last) months = tail = Days{}, head = d;  // no whole month inside
  return db.query(
      "SELECT post_office_id, farmer_id, sum(dropoffs), sum(net_mg), sum(payouts_vnd) FROM ("
      " SELECT post_office_id, farmer_id, dropoffs, net_mg, payouts_vnd FROM dash_farmer_month"
      "  WHERE month >= ?1 AND month < ?2"
      " UNION ALL SELECT post_office_id, farmer_id, dropoffs, net_mg, payouts_vnd FROM dash_farmer_day"
      "  WHERE day >= ?3 AND day < ?4"
      " UNION ALL SELECT post_office_id, farmer_id, dropoffs, net_mg, payouts_vnd FROM dash_farmer_day"
      "  WHERE day >= ?5 AND day < ?6) AS u GROUP BY post_office_id, farmer_id",
      {months.from, months.to, head.from, head.to, tail.from, tail.to});
}

// The drop-off sums by post office over the days, into by_po.
Status dropoffs_in(SqlDb& db, Days d, const std::unordered_set<std::string>& in_scope,
                   std::map<std::string, Figures>& by_po) {
  auto rows = db.query("SELECT post_office_id, sum(dropoffs), sum(payouts_vnd), sum(net_mg), sum(pieces) FROM dash_po_day "
                       "WHERE day >= ?1 AND day < ?2 GROUP BY post_office_id",
                       {d.from, d.to});
  if (!rows) return std::unexpected(rows.error());
  for (const auto& r : *rows) {
    if (!in_scope.contains(to_text(r[0]))) continue;
    Figures& f = by_po[to_text(r[0])];
    f.dropoffs += to_int(r[1]);
    f.payouts_vnd += to_int(r[2]);
    f.net_mg += to_int(r[3]);
    f.pieces += to_int(r[4]);
  }
  return {};
}

Status orders_in(SqlDb& db, Days d, const std::unordered_set<std::string>& in_scope,
                 std::map<std::string, Figures>& by_po) {
  auto rows = db.query("SELECT post_office_id, sum(collected), sum(returned), sum(sales_vnd) FROM dash_order_day "
                       "WHERE day >= ?1 AND day < ?2 GROUP BY post_office_id",
                       {d.from, d.to});
  if (!rows) return std::unexpected(rows.error());
  for (const auto& r : *rows) {
    if (!in_scope.contains(to_text(r[0]))) continue;
    Figures& f = by_po[to_text(r[0])];
    f.orders_collected += to_int(r[1]);
    f.orders_returned += to_int(r[2]);
    f.sales_vnd += to_int(r[3]);
  }
  return {};
}

// The branch and cooperative each farmer registered with ("" for none).
Result<std::unordered_map<std::string, std::pair<std::string, std::string>>> farmer_orgs(SqlDb& db) {
  auto rows = db.query(db.postgres()
                           ? "SELECT id, CASE WHEN jsonb_typeof(d.j -> 'branch') = 'string' THEN d.j ->> 'branch' ELSE '' END,"
                             " CASE WHEN jsonb_typeof(d.j -> 'cooperative') = 'string' THEN d.j ->> 'cooperative' ELSE '' END"
                             " FROM farmers CROSS JOIN LATERAL (SELECT data::jsonb AS j OFFSET 0) d"
                           : "SELECT id, CASE WHEN json_type(data, '$.branch') = 'text' THEN json_extract(data, '$.branch')"
                             " ELSE '' END, CASE WHEN json_type(data, '$.cooperative') = 'text'"
                             " THEN json_extract(data, '$.cooperative') ELSE '' END FROM farmers");
  if (!rows) return std::unexpected(rows.error());
  std::unordered_map<std::string, std::pair<std::string, std::string>> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out[to_text(r[0])] = {to_text(r[1]), to_text(r[2])};
  return out;
}

}  // namespace

Result<json> overview(SqlDb& db, const Scope& scope, const UnitTree& units, const Period& period, UtcMillis now) {
  // Whatever arrived since the last fold first, so the figures are always current.
  if (auto f = fold_rollup(db); !f) return std::unexpected(f.error());
  const TargetYear ty = target_year(period);
  const Days in_period = days_of(period.from_ms, period.to_ms);
  // The year so far, as the scan counts it: events up to the period's end, orders the whole year.
  const Days ytd_events = days_of(ty.from, period.to_ms), ytd_orders = days_of(ty.from, ty.to);
  std::unordered_set<std::string> in_scope;
  for (const auto& po : scope.post_offices) in_scope.insert(po.id);

  Gathered g;
  if (auto s = dropoffs_in(db, in_period, in_scope, g.by_po); !s) return std::unexpected(s.error());
  if (auto s = dropoffs_in(db, ytd_events, in_scope, g.ytd_by_po); !s) return std::unexpected(s.error());
  if (auto s = orders_in(db, in_period, in_scope, g.by_po); !s) return std::unexpected(s.error());
  if (auto s = orders_in(db, ytd_orders, in_scope, g.ytd_by_po); !s) return std::unexpected(s.error());
  auto waiting = db.query("SELECT post_office_id, count(*) FROM dash_orders WHERE status = 'ready' GROUP BY post_office_id");
  if (!waiting) return std::unexpected(waiting.error());
  for (const auto& r : *waiting)
    if (in_scope.contains(to_text(r[0]))) g.by_po[to_text(r[0])].orders_uncollected += to_int(r[1]);

  auto registered = db.query("SELECT DISTINCT post_office_id, farmer_id FROM dash_registered WHERE day >= ?1 AND day < ?2",
                             {in_period.from, in_period.to});
  if (!registered) return std::unexpected(registered.error());
  auto kept = KeptFarmers::load(db);
  if (!kept) return std::unexpected(kept.error());
  for (const auto& r : *registered)
    if (in_scope.contains(to_text(r[0]))) g.by_po[to_text(r[0])].registered.insert((*kept)(to_text(r[1])));
  // The year's registrations, for targets on farmers_registered (the same rows when the period
  // is the year so far).
  if (ytd_events == in_period) {
    for (const auto& [po, f] : g.by_po) g.ytd_by_po[po].registered = f.registered;
  } else {
    auto ytd_registered = db.query(
        "SELECT DISTINCT post_office_id, farmer_id FROM dash_registered WHERE day >= ?1 AND day < ?2",
        {ytd_events.from, ytd_events.to});
    if (!ytd_registered) return std::unexpected(ytd_registered.error());
    for (const auto& r : *ytd_registered)
      if (in_scope.contains(to_text(r[0]))) g.ytd_by_po[to_text(r[0])].registered.insert((*kept)(to_text(r[1])));
  }

  auto orgs = farmer_orgs(db);
  if (!orgs) return std::unexpected(orgs.error());
  auto active = farmers_in(db, in_period);
  if (!active) return std::unexpected(active.error());
  for (const auto& r : *active) {
    const std::string po = to_text(r[0]), farmer = (*kept)(to_text(r[1]));
    if (!in_scope.contains(po)) continue;
    g.by_po[po].active.insert(farmer);
    const auto org = orgs->find(farmer);
    for (const bool branch : {true, false}) {
      const std::string name = org == orgs->end() ? std::string() : branch ? org->second.first : org->second.second;
      Figures& f = g.by_org[{branch ? "branch" : "cooperative", name}];
      f.active.insert(farmer);
      f.dropoffs += to_int(r[2]);
      f.net_mg += to_int(r[3]);
      f.payouts_vnd += to_int(r[4]);
    }
  }
  // The year's active farmers, for targets on farmers_active (the same rows when the period
  // is the year so far).
  if (ytd_events == in_period) {
    for (const auto& [po, f] : g.by_po) g.ytd_by_po[po].active = f.active;
  } else {
    auto ytd = farmers_in(db, ytd_events);
    if (!ytd) return std::unexpected(ytd.error());
    for (const auto& r : *ytd)
      if (in_scope.contains(to_text(r[0]))) g.ytd_by_po[to_text(r[0])].active.insert((*kept)(to_text(r[1])));
  }

  auto items = db.query("SELECT post_office_id, product_id, grade, sum(items), sum(net_mg), sum(pieces), sum(value_vnd), "
                        "min(name_key) FROM dash_item_day WHERE day >= ?1 AND day < ?2 "
                        "GROUP BY post_office_id, product_id, grade",
                        {in_period.from, in_period.to});
  if (!items) return std::unexpected(items.error());
  std::map<std::pair<std::string, std::string>, std::string> name_keys;
  for (const auto& r : *items) {
    if (!in_scope.contains(to_text(r[0]))) continue;
    const std::pair key{to_text(r[1]), to_text(r[2])};
    ProductLine& l = g.products[key];
    l.product_id = key.first;
    l.grade = key.second;
    l.items += to_int(r[3]);
    l.net_mg += to_int(r[4]);
    l.pieces += to_int(r[5]);
    l.value_vnd += to_int(r[6]);
    // The name of the earliest item that had one: 20 digits of seq, 6 of item index, the name.
    if (r[7] && r[7]->size() > 26) {
      std::string& k = name_keys[key];
      if (k.empty() || *r[7] < k) k = *r[7];
    }
  }
  for (const auto& [key, k] : name_keys) g.products[key].name = k.substr(26);
  return assemble_overview(db, scope, units, period, now, g);
}

}  // namespace hp::server::dash
