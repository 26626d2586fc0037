#pragma once
// The embedded backend: one SQLite file (DIR/server.db) in WAL mode with synchronous=FULL.
// One connection behind a mutex: SQLite has one writer at a time anyway, and change numbers
// taken by one writer at a time commit in order, so a pull cursor never skips a change.
#include <memory>
#include <string>

#include "server/storage/storage.hpp"

namespace hp::server {

Result<std::unique_ptr<Storage>> open_sqlite_storage(const std::string& path);

}  // namespace hp::server
