// The overview the slow way: every event of the period scanned and parsed, as the overview
// was computed before the rollup. Kept as the tests' oracle (tests/dash/rollup_test.cpp).
#include "server/dash/overview.hpp"
#include "server/dash/json_fields.hpp"
#include "server/dash/overview_figures.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace hp::server::dash {
namespace {

using nlohmann::json;
using fields::str;
using fields::num;

bool in(UtcMillis t, UtcMillis from, UtcMillis to) { return t >= from && t < to; }

}  // namespace

Result<json> overview_direct(SqlDb& db, const Scope& scope, const UnitTree& units, const Period& period, UtcMillis now) {
  const TargetYear ty = target_year(period);
  const UtcMillis year_from = ty.from, year_to = ty.to;
  const UtcMillis scan_from = std::min(period.from_ms, year_from);

  std::map<std::string, std::string> kiosk_po;
  auto ks = db.query("SELECT id, post_office_id FROM kiosks");
  if (!ks) return std::unexpected(ks.error());
  for (const auto& r : *ks) kiosk_po[to_text(r[0])] = to_text(r[1]);

  // The organisations a farmer belongs to (association branch, cooperative), as registered.
  std::map<std::string, std::pair<std::string, std::string>> farmer_orgs;
  auto fs = db.query("SELECT id, data FROM farmers");
  if (!fs) return std::unexpected(fs.error());
  for (const auto& r : *fs) {
    const json d = json::parse(to_text(r[1]), nullptr, false);
    if (d.is_object()) farmer_orgs[to_text(r[0])] = {str(d, "branch"), str(d, "cooperative")};
  }
  auto kept = KeptFarmers::load(db);
  if (!kept) return std::unexpected(kept.error());
  Gathered g;
  auto& by_org = g.by_org;

  auto& by_po = g.by_po;
  auto& ytd_by_po = g.ytd_by_po;
  auto& products = g.products;
  auto evs = db.query(
      "SELECT kind, kiosk_id, entity_id, kiosk_time_ms, payload FROM events "
      "WHERE kind IN ('dropoff.committed', 'farmer.registered') AND kiosk_time_ms >= ?1 AND kiosk_time_ms < ?2 "
      "ORDER BY received_seq",
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
        f->registered.insert((*kept)(to_text(r[2])));
        continue;
      }
      ++f->dropoffs;
      f->active.insert((*kept)(str(p, "farmer_id")));
      f->payouts_vnd += num(p, "total");
      if (auto items = p.find("items"); items != p.end() && items->is_array())
        for (const auto& it : *items) {
          f->net_mg += num(it, "net_mg");
          f->pieces += num(it, "pieces");
        }
    }
    if (in_period && to_text(r[0]) == "dropoff.committed") {
      const std::string farmer = (*kept)(str(p, "farmer_id"));
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

  return assemble_overview(db, scope, units, period, now, g);
}

}  // namespace hp::server::dash
