#pragma once
// The programme's indicators are data an officer edits (dash_indicators), not code: each
// names, in Vietnamese and English, one measure the overview computes, and the year it
// counts from. Targets per unit and year refer to an indicator by id (docs/dashboard.md
// "Indicators and targets").
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "server/dash/audit.hpp"
#include "server/dash/sql.hpp"

namespace hp::server::dash {

// The measures the overview can compute (server/dash/overview.cpp Figures::indicator).
inline constexpr const char* kMeasures[] = {"farmers_registered", "farmers_active", "dropoff_kg", "dropoffs",
                                            "orders_collected", "sales_vnd", "payouts_vnd"};
bool is_measure(const std::string& name);

struct Indicator {
  std::string id;
  std::string label_vi;
  std::string label_en;
  std::string measure;
  std::int64_t active_from = 0;  // the first year it counts in
};

// The programme's indicators before any officer edits them: the five of the 2022-2025 plan.
Status seed_indicators(SqlDb& db);
Result<nlohmann::json> list_indicators(SqlDb& db);
// create: a new id (error indicators.exists), else an existing one (indicators.unknown).
// Error: indicators.invalid.
Result<Indicator> save_indicator(SqlDb& db, const Indicator& in, bool create, const Actor& who);
// id -> measure of the indicators that count in `year`: the one lookup the overview uses.
Result<std::map<std::string, std::string>> indicator_measures(SqlDb& db, std::int64_t year);

// A unit's target for a year and an indicator, audited. Errors: targets.invalid (year,
// target, an indicator unknown or not counted that year).
Status set_target(SqlDb& db, const std::string& unit_id, std::int64_t year, const std::string& indicator,
                  std::int64_t target, const std::string& username, const Actor& who);

}  // namespace hp::server::dash
