#pragma once
// The forecasts' figures for a scope (docs/forecast.md): kg to be received in each of the
// coming 4 weeks, in all and by product and by post office, and orders to be collected, each
// with the method the back-test chose and how far off that method was over the last season;
// beside the year's targets of the units in scope. Reads the weekly table (forecast_weeks),
// folding what arrived since its last read first.
#include <nlohmann/json.hpp>

#include "server/auth/staff.hpp"
#include "server/dash/scope.hpp"
#include "server/dash/sql.hpp"
#include "server/dash/units.hpp"

namespace hp::server::dash {

inline constexpr int kForecastHorizon = 4;   // weeks
inline constexpr int kSeasonWeeks = 52;
inline constexpr int kHistoryWeeksShown = 104;

struct ForecastRequest {
  std::string product_id;  // empty: every product
  UtcMillis at = 0;        // the forecasts start with the week holding this instant
};

// Error: forecast.product when product_id names no product.
Result<nlohmann::json> forecast(SqlDb& db, const Scope& scope, const UnitTree& units, const auth::Staff& staff,
                                const ForecastRequest& req);

}  // namespace hp::server::dash
