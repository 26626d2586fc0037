#pragma once
// The overview's figures for a period and a scope, computed from the kiosks' events and the
// centre's orders (docs/dashboard.md "Overview: what each figure counts", "The rollup").
#include <nlohmann/json.hpp>

#include "server/dash/period.hpp"
#include "server/dash/scope.hpp"
#include "server/dash/sql.hpp"
#include "server/dash/units.hpp"

namespace hp::server::dash {

// Folds what arrived since the rollup's watermarks (server/dash/rollup.hpp), then reads the
// figures from the rollup's tables only.
Result<nlohmann::json> overview(SqlDb& db, const Scope& scope, const UnitTree& units, const Period& period,
                                UtcMillis now);
// The same figures from a scan of every event in the period (slow: the tests' oracle only).
Result<nlohmann::json> overview_direct(SqlDb& db, const Scope& scope, const UnitTree& units, const Period& period,
                                       UtcMillis now);

}  // namespace hp::server::dash
