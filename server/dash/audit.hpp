#pragma once
// The data-management audit trail (docs/dashboard.md "Data management"): every change to the
// programme's data, by whom and when, with the record before and after. Written inside the
// change's own transaction, so a change without its audit row cannot be committed.
#include <string>

#include <nlohmann/json.hpp>

#include "server/dash/sql.hpp"
#include "shared/clock.hpp"

namespace hp::server::dash {

// Who makes a change and when: a staff id, or "cli" for `kiosk-server admin`.
struct Actor {
  std::string staff_id;
  UtcMillis now = 0;
};

inline constexpr const char* kCliActor = "cli";

// Call inside the change's transaction. before/after: null for a record created or removed.
Status write_audit(SqlDb& db, const Actor& who, const std::string& action, const nlohmann::json& subject,
                   const nlohmann::json& before, const nlohmann::json& after);

// The newest rows first, at most `limit`, with the staff member's user name.
Result<nlohmann::json> audit_list(SqlDb& db, int limit);

}  // namespace hp::server::dash
