#pragma once
// Records a change for kiosks to pull, the way server/storage does: on PostgreSQL under the
// changes lock with the changes sequence, so a cursor never skips it (docs/server.md).
#include <string>

#include <nlohmann/json.hpp>

#include "server/dash/sql.hpp"

namespace hp::server::dash {

// Call inside a transaction. scope: a post office id, or "*" for every kiosk.
Status publish_change(SqlDb& db, const std::string& scope, const std::string& entity, const std::string& id,
                      const nlohmann::json& data);

}  // namespace hp::server::dash
