#pragma once
// The shared backend: PostgreSQL through libpq, for several kiosk-server processes against one
// database. Change numbers are taken under one transaction-scoped advisory lock (one writer
// of changes at a time, across every process), so they commit in number order and a pull
// cursor never skips a change that commits late.
#include <memory>
#include <string>

#include "server/storage/storage.hpp"

namespace hp::server {

// url: a libpq connection URI ("postgresql://user@host/db"); "postgresql://" alone takes
// everything from the PG* environment variables.
Result<std::unique_ptr<Storage>> open_pg_storage(const std::string& url);

}  // namespace hp::server
