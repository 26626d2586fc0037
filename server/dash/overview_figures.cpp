#include "server/dash/overview_figures.hpp"

#include "server/dash/indicators.hpp"

#include <algorithm>

namespace hp::server::dash {
namespace {

using nlohmann::json;

// Red/amber/green against the pace the year asks for: on track (green) when progress is at
// least the share of the year gone by, amber from 80 % of that pace, red below.
std::string rag(double progress, double expected) {
  if (progress >= expected) return "green";
  if (progress >= 0.8 * expected) return "amber";
  return "red";
}

}  // namespace

void Figures::add(const Figures& o) {
  registered.insert(o.registered.begin(), o.registered.end());
  active.insert(o.active.begin(), o.active.end());
  dropoffs += o.dropoffs;
  net_mg += o.net_mg;
  pieces += o.pieces;
  payouts_vnd += o.payouts_vnd;
  orders_collected += o.orders_collected;
  orders_uncollected += o.orders_uncollected;
  orders_returned += o.orders_returned;
  sales_vnd += o.sales_vnd;
}

json Figures::to_json() const {
  return {{"farmers_registered", registered.size()},
          {"farmers_active", active.size()},
          {"dropoffs", dropoffs},
          {"net_mg", net_mg},
          {"pieces", pieces},
          {"payouts_vnd", payouts_vnd},
          {"orders_collected", orders_collected},
          {"orders_uncollected", orders_uncollected},
          {"orders_returned", orders_returned},
          {"sales_vnd", sales_vnd}};
}

Result<KeptFarmers> KeptFarmers::load(SqlDb& db) {
  auto rows = db.query(db.postgres() ? "SELECT id, data::jsonb ->> 'merged_into' FROM farmers "
                                       "WHERE data LIKE '%merged_into%' AND jsonb_typeof(data::jsonb -> 'merged_into') = 'string'"
                                     : "SELECT id, json_extract(data, '$.merged_into') FROM farmers "
                                       "WHERE data LIKE '%merged_into%' AND json_type(data, '$.merged_into') = 'text'");
  if (!rows) return std::unexpected(rows.error());
  KeptFarmers k;
  for (const auto& r : *rows)
    if (!to_text(r[1]).empty()) k.merged_into_[to_text(r[0])] = to_text(r[1]);
  return k;
}

std::string KeptFarmers::operator()(std::string id) const {
  for (int hop = 0; hop < 8; ++hop) {  // a chain of merges, bounded against a cycle
    auto it = merged_into_.find(id);
    if (it == merged_into_.end()) break;
    id = it->second;
  }
  return id;
}

// The measures of server/dash/indicators.hpp kMeasures.
std::int64_t indicator_value(const Figures& f, const std::string& name) {
  if (name == "farmers_registered") return static_cast<std::int64_t>(f.registered.size());
  if (name == "dropoffs") return f.dropoffs;
  if (name == "farmers_active") return static_cast<std::int64_t>(f.active.size());
  if (name == "dropoff_kg") return f.net_mg / 1000000;
  if (name == "payouts_vnd") return f.payouts_vnd;
  if (name == "orders_collected") return f.orders_collected;
  if (name == "sales_vnd") return f.sales_vnd;
  return 0;
}

TargetYear target_year(const Period& period) {
  // Targets are yearly: their progress counts from 1 January of the period's last year.
  TargetYear y;
  y.year = period.to.substr(0, 4);
  y.from = *vn_midnight(y.year + "-01-01");
  y.to = *vn_midnight(std::to_string(std::stoi(y.year) + 1) + "-01-01");
  return y;
}

Result<json> assemble_overview(SqlDb& db, const Scope& scope, const UnitTree& units, const Period& period,
                               UtcMillis now, const Gathered& g) {
  const TargetYear ty = target_year(period);
  const std::string& year = ty.year;
  const UtcMillis year_from = ty.from, year_to = ty.to;
  Figures total;
  std::map<std::string, Figures> by_unit, ytd_by_unit;
  json po_rows = json::array();
  const Figures none;
  for (const auto& po : scope.post_offices) {
    const auto found = g.by_po.find(po.id);
    const Figures& f = found == g.by_po.end() ? none : found->second;
    total.add(f);
    by_unit[po.unit_id].add(f);
    if (auto y = g.ytd_by_po.find(po.id); y != g.ytd_by_po.end()) ytd_by_unit[po.unit_id].add(y->second);
    else ytd_by_unit[po.unit_id];
    json row = f.to_json();
    row["id"] = po.id;
    row["name"] = po.name;
    row["unit_id"] = po.unit_id;
    row["unit_name"] = units.name(po.unit_id);
    po_rows.push_back(std::move(row));
  }

  // Targets of the units shown, for the year, of the indicators that count in it.
  auto measures = indicator_measures(db, std::stoll(year));
  if (!measures) return std::unexpected(measures.error());
  std::map<std::string, std::map<std::string, std::int64_t>> targets;
  auto tg = db.query("SELECT unit_id, indicator, target FROM dash_targets WHERE year = ?1",
                     {static_cast<std::int64_t>(std::stoll(year))});
  if (!tg) return std::unexpected(tg.error());
  for (const auto& r : *tg)
    if (by_unit.contains(to_text(r[0])) && measures->contains(to_text(r[1])))
      targets[to_text(r[0])][to_text(r[1])] = to_int(r[2]);
  const UtcMillis pace_at = std::clamp(std::min(now, period.to_ms), year_from, year_to);
  const double expected = static_cast<double>(pace_at - year_from) / static_cast<double>(year_to - year_from);

  json unit_rows = json::array();
  for (const auto& [unit_id, f] : by_unit) {
    json row = f.to_json();
    row["unit_id"] = unit_id;
    row["name"] = units.name(unit_id);
    const Unit* u = units.find(unit_id);
    row["kind"] = u ? u->kind : "";
    json tj = json::array();
    for (const auto& [indicator, target] : targets[unit_id]) {
      const std::int64_t actual = indicator_value(ytd_by_unit[unit_id], measures->at(indicator));
      const double progress = target > 0 ? static_cast<double>(actual) / static_cast<double>(target) : 1.0;
      tj.push_back({{"indicator", indicator},
                    {"target", target},
                    {"actual", actual},
                    {"progress", progress},
                    {"expected", expected},
                    {"rag", rag(progress, expected)}});
    }
    row["targets"] = std::move(tj);
    unit_rows.push_back(std::move(row));
  }
  // The ranking: by kg received, then by payouts, then by name (stable for equal figures).
  json ranking = unit_rows;
  std::sort(ranking.begin(), ranking.end(), [](const json& a, const json& b) {
    if (a["net_mg"] != b["net_mg"]) return a["net_mg"].get<std::int64_t>() > b["net_mg"].get<std::int64_t>();
    if (a["payouts_vnd"] != b["payouts_vnd"]) return a["payouts_vnd"].get<std::int64_t>() > b["payouts_vnd"].get<std::int64_t>();
    return a["name"].get<std::string>() < b["name"].get<std::string>();
  });
  json rank = json::array();
  for (std::size_t i = 0; i < ranking.size(); ++i)
    rank.push_back({{"rank", i + 1}, {"unit_id", ranking[i]["unit_id"]}, {"name", ranking[i]["name"]},
                    {"net_mg", ranking[i]["net_mg"]}, {"payouts_vnd", ranking[i]["payouts_vnd"]}});

  json prod = json::array();
  for (const auto& [key, l] : g.products)
    prod.push_back({{"product_id", l.product_id}, {"name", l.name}, {"grade", l.grade}, {"net_mg", l.net_mg},
                    {"pieces", l.pieces}, {"value_vnd", l.value_vnd}, {"items", l.items}});
  std::sort(prod.begin(), prod.end(), [](const json& a, const json& b) {
    return std::tie(a["name"].get_ref<const std::string&>(), a["grade"].get_ref<const std::string&>()) <
           std::tie(b["name"].get_ref<const std::string&>(), b["grade"].get_ref<const std::string&>());
  });

  // By organisation: drop-offs of farmers registered with a branch or a cooperative; name ""
  // gathers those registered with none.
  json orgs = json::array();
  for (const auto& [key, f] : g.by_org)
    orgs.push_back({{"kind", key.first},
                    {"name", key.second},
                    {"farmers_active", f.active.size()},
                    {"dropoffs", f.dropoffs},
                    {"net_mg", f.net_mg},
                    {"payouts_vnd", f.payouts_vnd}});

  return json{{"period", {{"from", period.from}, {"to", period.to}}},
              {"by_organisation", std::move(orgs)},
              {"year", std::stoi(year)},
              {"totals", total.to_json()},
              {"by_product", std::move(prod)},
              {"by_post_office", std::move(po_rows)},
              {"by_unit", std::move(unit_rows)},
              {"ranking", std::move(rank)}};
}

}  // namespace hp::server::dash
