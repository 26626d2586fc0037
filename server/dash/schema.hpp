#pragma once
// The dashboard's tables, beside the kiosk protocol's in the same database (docs/dashboard.md).
#include "server/dash/sql.hpp"

namespace hp::server::dash {

// Makes the dashboard's tables once (idempotent; safe with several processes).
Status ensure_schema(SqlDb& db);

}  // namespace hp::server::dash
