#pragma once
// The operations page's data (docs/dashboard.md "Operations"): every kiosk in the signed-in
// user's scope with its last contact, link state (server/dash/fleet_rule.hpp), state report
// and alerts; the conflicts queue (farmers registered twice); and the merge that resolves
// one, published to the kiosks as a `farmer_merge` change (docs/PROTOCOL.md 4.2).
#include <nlohmann/json.hpp>

#include "server/auth/staff.hpp"
#include "server/dash/scope.hpp"
#include "server/dash/sql.hpp"
#include "shared/clock.hpp"

namespace hp::server::dash {

// Kiosks of the scope's post offices, most urgent first. Checks the audit chains first.
Result<nlohmann::json> ops_kiosks(SqlDb& db, const Scope& scope, UtcMillis now);

// Pairs of farmers the centre holds twice (same phone), not merged yet, where either
// farmer was registered at a post office in scope. `all_city`: the scope is the whole city,
// so farmers with no registering kiosk (the centre's own) are seen too.
Result<nlohmann::json> farmer_conflicts(SqlDb& db, const Scope& scope, bool all_city);

// Who may merge farmers: administrators, the city association and technicians, each within
// their scope.
bool may_merge(const auth::Staff& staff);

// Marks `duplicate_id` as merged into `keep_id`, publishes the merge to every kiosk and
// writes dash_audit, in one transaction. Errors: merge.invalid (unknown farmer, the same
// farmer, already merged, not a listed conflict), scope.forbidden.
Result<nlohmann::json> merge_farmers(SqlDb& db, const Scope& scope, bool all_city, const auth::Staff& staff,
                                     const std::string& keep_id, const std::string& duplicate_id, UtcMillis now);

}  // namespace hp::server::dash
