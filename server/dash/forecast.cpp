#include "server/dash/forecast.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "server/dash/forecast_math.hpp"
#include "server/dash/forecast_weeks.hpp"
#include "server/dash/period.hpp"

namespace hp::server::dash {
namespace {

using nlohmann::json;

// At most this many weeks are read: two seasons for Holt-Winters' start, one to back-test.
constexpr std::int64_t kWeeksRead = 3 * kSeasonWeeks;

double round1(double v) { return std::round(v * 10) / 10; }

json week_json(std::int64_t week, double value) {
  return {{"week", iso_week(week)}, {"monday", vn_date(week_start(week))}, {"value", round1(value)}};
}

json accuracy_json(const fc::Accuracy& a) {
  return {{"metric", a.metric},
          {"value", a.value ? json(std::round(*a.value * 100) / 100) : json(nullptr)},
          {"mae", round1(a.mae)},
          {"points", a.points}};
}

// One series: its forecast, how the method was chosen and, with_history, its recent weeks
// (the post offices' series go without: a city has a hundred of them, and the page charts
// only the scope's and a product's).
json series_json(const std::vector<double>& y, std::int64_t first_week, std::int64_t origin, bool with_history = true) {
  json out;
  json hist = json::array();
  const std::size_t from = y.size() > kHistoryWeeksShown ? y.size() - kHistoryWeeksShown : 0;
  if (with_history)
    for (std::size_t i = from; i < y.size(); ++i) hist.push_back(week_json(first_week + static_cast<std::int64_t>(i), y[i]));
  out["history"] = std::move(hist);
  const fc::Choice c = fc::choose(y, kSeasonWeeks, kForecastHorizon);
  json f = json::array();
  for (int k = 0; k < kForecastHorizon; ++k) f.push_back(week_json(origin + k, c.forecast[static_cast<std::size_t>(k)]));
  out["forecast"] = std::move(f);
  out["method"] = fc::method_name(c.method);
  out["params"] = c.params ? json{{"alpha", c.params->alpha}, {"beta", c.params->beta}, {"gamma", c.params->gamma}}
                           : json(nullptr);
  out["accuracy"] = accuracy_json(c.accuracy);
  json cands = json::array();
  for (const auto& cand : c.candidates)
    cands.push_back({{"method", fc::method_name(cand.method)}, {"accuracy", accuracy_json(cand.accuracy)}});
  out["candidates"] = std::move(cands);
  return out;
}

}  // namespace

Result<json> forecast(SqlDb& db, const Scope& scope, const UnitTree& units, const auth::Staff& staff,
                      const ForecastRequest& req) {
  // Product names, and the filter checked against them.
  std::map<std::string, std::pair<std::string, std::string>> names;
  auto prods = db.query("SELECT id, data FROM products");
  if (!prods) return std::unexpected(prods.error());
  for (const auto& r : *prods) {
    const json d = json::parse(to_text(r[1]), nullptr, false);
    if (d.is_object()) names[to_text(r[0])] = {d.value("name_vi", ""), d.value("name_en", "")};
  }
  if (!req.product_id.empty() && !names.contains(req.product_id))
    return fail("forecast.product", "no product " + req.product_id);

  if (auto f = fold_forecast_weeks(db); !f) return std::unexpected(f.error());

  const std::int64_t origin = week_of(req.at);
  auto rows = db.query("SELECT week, post_office_id, product_id, net_mg, orders FROM dash_forecast_weeks "
                       "WHERE week >= ?1 AND week < ?2",
                       {origin - kWeeksRead, origin});
  if (!rows) return std::unexpected(rows.error());
  std::int64_t first = origin;
  for (const auto& r : *rows)
    if (scope.contains(to_text(r[1]))) first = std::min(first, to_int(r[0]));
  const std::size_t n = static_cast<std::size_t>(origin - first);

  std::vector<double> kg_total(n), orders_total(n);
  std::map<std::string, std::vector<double>> kg_product, kg_po, orders_po;
  for (const auto& p : scope.post_offices) {
    kg_po[p.id].assign(n, 0);
    orders_po[p.id].assign(n, 0);
  }
  for (const auto& r : *rows) {
    const std::string po = to_text(r[1]), product = to_text(r[2]);
    if (!scope.contains(po)) continue;
    const auto i = static_cast<std::size_t>(to_int(r[0]) - first);
    const double kg = static_cast<double>(to_int(r[3])) / 1e6;
    const double orders = static_cast<double>(to_int(r[4]));
    orders_total[i] += orders;
    orders_po[po][i] += orders;
    if (product.empty() || (!req.product_id.empty() && product != req.product_id)) continue;
    kg_total[i] += kg;
    kg_po[po][i] += kg;
    auto& series = kg_product[product];
    if (series.empty()) series.assign(n, 0);
    series[i] += kg;
  }

  json by_product = json::array();
  for (const auto& [id, y] : kg_product) {
    json s = series_json(y, first, origin);
    const auto nm = names.find(id);
    s["product_id"] = id;
    s["name_vi"] = nm == names.end() ? id : nm->second.first;
    s["name_en"] = nm == names.end() ? id : nm->second.second;
    by_product.push_back(std::move(s));
  }
  json kg_by_po = json::array(), orders_by_po = json::array();
  for (const auto& p : scope.post_offices) {
    for (auto [out, src] : {std::pair{&kg_by_po, &kg_po}, std::pair{&orders_by_po, &orders_po}}) {
      json s = series_json((*src)[p.id], first, origin, false);
      s["post_office_id"] = p.id;
      s["name"] = p.name;
      s["unit_id"] = p.unit_id;
      s["unit_name"] = units.name(p.unit_id);
      out->push_back(std::move(s));
    }
  }

  // The year's targets of the units the scope's post offices lie in (and the units above them
  // the staff member may read), with the weekly pace each asks for.
  const std::string year = vn_date(week_start(origin) + 3 * 24 * 3600 * 1000LL).substr(0, 4);
  std::set<std::string> unit_ids;
  for (const auto& p : scope.post_offices)
    for (const Unit* u = units.find(p.unit_id); u; u = units.find(u->parent_id)) {
      if (!unit_in_scope(staff, units, u->id) && u->id != p.unit_id) break;
      unit_ids.insert(u->id);
      if (u->parent_id.empty() || u->parent_id == u->id) break;
    }
  auto tg = db.query("SELECT unit_id, indicator, target FROM dash_targets WHERE year = ?1 AND "
                     "indicator IN ('dropoff_kg', 'orders_collected') ORDER BY unit_id, indicator",
                     {static_cast<std::int64_t>(std::stoll(year))});
  if (!tg) return std::unexpected(tg.error());
  json targets = json::array();
  for (const auto& r : *tg) {
    if (!unit_ids.contains(to_text(r[0]))) continue;
    const std::int64_t target = to_int(r[2]);
    targets.push_back({{"unit_id", to_text(r[0])}, {"unit_name", units.name(to_text(r[0]))},
                       {"indicator", to_text(r[1])}, {"year", std::stoi(year)}, {"target", target},
                       {"weekly_pace", round1(static_cast<double>(target) / kSeasonWeeks)}});
  }

  json kg = series_json(kg_total, first, origin);
  json orders = series_json(orders_total, first, origin);
  kg["by_product"] = std::move(by_product);
  kg["by_post_office"] = std::move(kg_by_po);
  orders["by_post_office"] = std::move(orders_by_po);
  return json{{"origin", week_json(origin, 0)},
              {"horizon_weeks", kForecastHorizon},
              {"season_weeks", kSeasonWeeks},
              {"history_weeks", n},
              {"product_id", req.product_id.empty() ? json(nullptr) : json(req.product_id)},
              {"dropoffs_kg", std::move(kg)},
              {"orders", std::move(orders)},
              {"targets", std::move(targets)}};
}

}  // namespace hp::server::dash
