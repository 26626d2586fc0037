#include "server/dash/overview.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace hp::server::dash {
namespace {

using nlohmann::json;

struct Figures {
  std::set<std::string> registered;  // farmer ids registered at a kiosk in the period
  std::set<std::string> active;      // farmer ids with a drop-off in the period
  std::int64_t dropoffs = 0;
  std::int64_t net_mg = 0;
  std::int64_t pieces = 0;
  std::int64_t payouts_vnd = 0;
  std::int64_t orders_collected = 0;
  std::int64_t orders_uncollected = 0;
  std::int64_t orders_returned = 0;
  std::int64_t sales_vnd = 0;

  void add(const Figures& o) {
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
  std::int64_t indicator(const std::string& name) const {
    if (name == "farmers_active") return static_cast<std::int64_t>(active.size());
    if (name == "dropoff_kg") return net_mg / 1000000;
    if (name == "payouts_vnd") return payouts_vnd;
    if (name == "orders_collected") return orders_collected;
    if (name == "sales_vnd") return sales_vnd;
    return 0;
  }
  json to_json() const {
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
};

struct ProductLine {
  std::string product_id, name, grade;
  std::int64_t net_mg = 0, pieces = 0, value_vnd = 0, items = 0;
};

std::int64_t num(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}
std::string str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}
bool in(UtcMillis t, UtcMillis from, UtcMillis to) { return t >= from && t < to; }

// Red/amber/green against the pace the year asks for: on track (green) when progress is at
// least the share of the year gone by, amber from 80 % of that pace, red below.
std::string rag(double progress, double expected) {
  if (progress >= expected) return "green";
  if (progress >= 0.8 * expected) return "amber";
  return "red";
}

}  // namespace

bool is_indicator(const std::string& name) {
  return std::any_of(std::begin(kIndicators), std::end(kIndicators), [&](const char* i) { return name == i; });
}

Result<json> overview(SqlDb& db, const Scope& scope, const UnitTree& units, const Period& period, UtcMillis now) {
  // Targets are yearly: their progress counts from 1 January of the period's last year.
  const std::string year = period.to.substr(0, 4);
  const UtcMillis year_from = *vn_midnight(year + "-01-01");
  const UtcMillis year_to = *vn_midnight(std::to_string(std::stoi(year) + 1) + "-01-01");
  const UtcMillis scan_from = std::min(period.from_ms, year_from);

  std::map<std::string, std::string> kiosk_po;
  auto ks = db.query("SELECT id, post_office_id FROM kiosks");
  if (!ks) return std::unexpected(ks.error());
  for (const auto& r : *ks) kiosk_po[to_text(r[0])] = to_text(r[1]);

  // The organisations a farmer belongs to (association branch, cooperative), as registered.
  std::map<std::string, std::pair<std::string, std::string>> farmer_orgs;
  auto fs = db.query("SELECT id, data FROM farmers");
  if (!fs) return std::unexpected(fs.error());
  // A farmer merged into another (the conflicts queue, server/dash/fleet.cpp) counts as the
  // one kept: their drop-offs and registration are the kept farmer's.
  std::map<std::string, std::string> merged_into;
  for (const auto& r : *fs) {
    const json d = json::parse(to_text(r[1]), nullptr, false);
    if (d.is_object()) farmer_orgs[to_text(r[0])] = {str(d, "branch"), str(d, "cooperative")};
    if (d.is_object() && !str(d, "merged_into").empty()) merged_into[to_text(r[0])] = str(d, "merged_into");
  }
  auto kept = [&](std::string id) {
    for (int hop = 0; hop < 8; ++hop) {  // a chain of merges, bounded against a cycle
      auto it = merged_into.find(id);
      if (it == merged_into.end()) break;
      id = it->second;
    }
    return id;
  };
  std::map<std::pair<std::string, std::string>, Figures> by_org;  // (kind, name)

  std::map<std::string, Figures> by_po, ytd_by_po;
  std::map<std::pair<std::string, std::string>, ProductLine> products;
  auto evs = db.query(
      "SELECT kind, kiosk_id, entity_id, kiosk_time_ms, payload FROM events "
      "WHERE kind IN ('dropoff.committed', 'farmer.registered') AND kiosk_time_ms >= ?1 AND kiosk_time_ms < ?2",
      {scan_from, period.to_ms});
  if (!evs) return std::unexpected(evs.error());
  for (const auto& r : *evs) {
    const std::string po = kiosk_po[to_text(r[1])];
    if (!scope.contains(po)) continue;
    const UtcMillis t = to_int(r[3]);
    const json p = json::parse(to_text(r[4]), nullptr, false);
    if (!p.is_object()) continue;
    const bool in_period = in(t, period.from_ms, period.to_ms), in_year = in(t, year_from, year_to);
    for (Figures* f : {in_period ? &by_po[po] : nullptr, in_year ? &ytd_by_po[po] : nullptr}) {
      if (!f) continue;
      if (to_text(r[0]) == "farmer.registered") {
        f->registered.insert(kept(to_text(r[2])));
        continue;
      }
      ++f->dropoffs;
      f->active.insert(kept(str(p, "farmer_id")));
      f->payouts_vnd += num(p, "total");
      if (auto items = p.find("items"); items != p.end() && items->is_array())
        for (const auto& it : *items) {
          f->net_mg += num(it, "net_mg");
          f->pieces += num(it, "pieces");
        }
    }
    if (in_period && to_text(r[0]) == "dropoff.committed") {
      const std::string farmer = kept(str(p, "farmer_id"));
      const auto orgs = farmer_orgs.find(farmer);
      for (const char* kind : {"branch", "cooperative"}) {
        const std::string name = orgs == farmer_orgs.end() ? std::string()
                                 : std::string_view(kind) == "branch" ? orgs->second.first
                                                                      : orgs->second.second;
        Figures& f = by_org[{kind, name}];
        ++f.dropoffs;
        f.active.insert(farmer);
        f.payouts_vnd += num(p, "total");
        if (auto items = p.find("items"); items != p.end() && items->is_array())
          for (const auto& it : *items) {
            f.net_mg += num(it, "net_mg");
            f.pieces += num(it, "pieces");
          }
      }
    }
    if (in_period && to_text(r[0]) == "dropoff.committed")
      if (auto items = p.find("items"); items != p.end() && items->is_array())
        for (const auto& it : *items) {
          auto& line = products[{str(it, "product_id"), str(it, "grade")}];
          line.product_id = str(it, "product_id");
          line.grade = str(it, "grade");
          if (line.name.empty()) line.name = str(it, "product_name");
          line.net_mg += num(it, "net_mg");
          line.pieces += num(it, "pieces");
          line.value_vnd += num(it, "value");
          ++line.items;
        }
  }

  auto orders = db.query("SELECT post_office_id, status, data FROM orders");
  if (!orders) return std::unexpected(orders.error());
  for (const auto& r : *orders) {
    const std::string po = to_text(r[0]);
    if (!scope.contains(po)) continue;
    const std::string status = to_text(r[1]);
    const json d = json::parse(to_text(r[2]), nullptr, false);
    if (!d.is_object()) continue;
    for (auto [f, from, to] : {std::tuple{&by_po[po], period.from_ms, period.to_ms},
                               std::tuple{&ytd_by_po[po], year_from, year_to}}) {
      if (status == "collected" && in(num(d, "collected_at"), from, to)) {
        ++f->orders_collected;
        f->sales_vnd += num(d, "total_vnd");
      } else if (status == "returned" && in(num(d, "returned_at"), from, to)) {
        ++f->orders_returned;
      }
    }
    if (status == "ready") ++by_po[po].orders_uncollected;  // waiting now, whatever the period
  }

  Figures total;
  std::map<std::string, Figures> by_unit, ytd_by_unit;
  json po_rows = json::array();
  for (const auto& po : scope.post_offices) {
    const Figures& f = by_po[po.id];
    total.add(f);
    by_unit[po.unit_id].add(f);
    ytd_by_unit[po.unit_id].add(ytd_by_po[po.id]);
    json row = f.to_json();
    row["id"] = po.id;
    row["name"] = po.name;
    row["unit_id"] = po.unit_id;
    row["unit_name"] = units.name(po.unit_id);
    po_rows.push_back(std::move(row));
  }

  // Targets of the units shown, for the year.
  std::map<std::string, std::map<std::string, std::int64_t>> targets;
  auto tg = db.query("SELECT unit_id, indicator, target FROM dash_targets WHERE year = ?1",
                     {static_cast<std::int64_t>(std::stoll(year))});
  if (!tg) return std::unexpected(tg.error());
  for (const auto& r : *tg)
    if (by_unit.contains(to_text(r[0]))) targets[to_text(r[0])][to_text(r[1])] = to_int(r[2]);
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
      const std::int64_t actual = ytd_by_unit[unit_id].indicator(indicator);
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
  for (const auto& [key, l] : products)
    prod.push_back({{"product_id", l.product_id}, {"name", l.name}, {"grade", l.grade}, {"net_mg", l.net_mg},
                    {"pieces", l.pieces}, {"value_vnd", l.value_vnd}, {"items", l.items}});
  std::sort(prod.begin(), prod.end(), [](const json& a, const json& b) {
    return std::tie(a["name"].get_ref<const std::string&>(), a["grade"].get_ref<const std::string&>()) <
           std::tie(b["name"].get_ref<const std::string&>(), b["grade"].get_ref<const std::string&>());
  });

  // By organisation: drop-offs of farmers registered with a branch or a cooperative; name ""
  // gathers those registered with none.
  json orgs = json::array();
  for (const auto& [key, f] : by_org)
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
