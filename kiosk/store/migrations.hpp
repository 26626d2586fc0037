#pragma once
// Versioned schema migrations, kept as data. The database's PRAGMA user_version is the version
// reached; schema_migrations records when each step was applied. Each step runs in its own
// transaction, so a failed step leaves the database at the previous version.
#include <span>

#include "shared/result.hpp"
#include "shared/store/sqlite.hpp"

namespace hp::store {

struct Migration {
  int version;       // 1, 2, 3...: step n takes the database from n-1 to n
  const char* name;  // for schema_migrations and logs
  const char* sql;   // schema statements only; never user data
  // The step rebuilds a table others reference: it runs with foreign keys off and checks them
  // all before it commits.
  bool rebuilds_tables = false;
};

// The kiosk's migrations, in order; the last one's version is kSchemaVersion.
std::span<const Migration> kiosk_migrations();

// The version recorded in the file (0 for a new file).
Result<int> schema_version_of(const db::Db& db);

// Applies the steps above the file's version, in order, each in its own transaction, and
// returns how many were applied. "db.schema_too_new" when the file was written by a newer
// program (its version is above the last step): nothing is touched. "db.migration" when the
// steps are not numbered 1, 2, 3...
Result<int> migrate(const db::Db& db, std::span<const Migration> steps);

}  // namespace hp::store
