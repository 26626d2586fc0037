#pragma once
// The overview's figures for a period and a scope, computed from the kiosks' events and the
// centre's orders (docs/dashboard.md "Overview: what each figure counts", "The rollup").
#include <nlohmann/json.hpp>

#include "server/dash/period.hpp"
#include "server/dash/scope.hpp"
#include "server/dash/sql.hpp"
#include "server/dash/units.hpp"

namespace hp::server::dash {

// The indicators targets can be set for (values of the overview's per-unit figures).
inline constexpr const char* kIndicators[] = {"farmers_active", "dropoff_kg", "payouts_vnd", "orders_collected",
                                              "sales_vnd"};
bool is_indicator(const std::string& name);

// Folds what arrived since the rollup's watermarks (server/dash/rollup.hpp), then reads the
// figures from the rollup's tables only.
Result<nlohmann::json> overview(SqlDb& db, const Scope& scope, const UnitTree& units, const Period& period,
                                UtcMillis now);
// The same figures from a scan of every event in the period (slow: the tests' oracle only).
Result<nlohmann::json> overview_direct(SqlDb& db, const Scope& scope, const UnitTree& units, const Period& period,
                                       UtcMillis now);

}  // namespace hp::server::dash
