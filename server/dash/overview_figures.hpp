#pragma once
// The overview's figures before they become JSON: what the rollup (overview.cpp) and the scan
// of every event (overview_direct.cpp, the tests' oracle) both gather, and the one function
// that turns them into the overview's JSON, so the two cannot differ in presentation.
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "server/dash/period.hpp"
#include "server/dash/scope.hpp"
#include "server/dash/sql.hpp"
#include "server/dash/units.hpp"

namespace hp::server::dash {

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

  void add(const Figures& o);
  nlohmann::json to_json() const;
};

// Farmers merged into another (the conflicts queue, server/dash/fleet.cpp) count as the one
// kept: their registration and drop-offs are the kept farmer's, so nobody is counted twice.
class KeptFarmers {
 public:
  static Result<KeptFarmers> load(SqlDb& db);
  std::string operator()(std::string id) const;

 private:
  std::map<std::string, std::string> merged_into_;
};

// The value of a target's indicator in a unit's figures for the year so far.
std::int64_t indicator_value(const Figures& f, const std::string& indicator);

struct ProductLine {
  std::string product_id, name, grade;
  std::int64_t net_mg = 0, pieces = 0, value_vnd = 0, items = 0;
};

struct Gathered {
  std::map<std::string, Figures> by_po;      // in the period
  std::map<std::string, Figures> ytd_by_po;  // in the year of the period's end, for targets
  std::map<std::pair<std::string, std::string>, ProductLine> products;  // (product_id, grade)
  std::map<std::pair<std::string, std::string>, Figures> by_org;        // (kind, name)
};

// The year whose targets the overview shows: the period's last, [from, to) in UTC ms.
struct TargetYear {
  std::string year;
  UtcMillis from = 0, to = 0;
};
TargetYear target_year(const Period& period);

Result<nlohmann::json> assemble_overview(SqlDb& db, const Scope& scope, const UnitTree& units, const Period& period,
                                         UtcMillis now, const Gathered& g);

}  // namespace hp::server::dash
