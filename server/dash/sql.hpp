#pragma once
// The dashboard's own door to the server's database: one small interface over SQLite and
// PostgreSQL, so the dashboard's queries are written once. SQL uses ?1, ?2 placeholders (the
// PostgreSQL side rewrites them to $1, $2). Values come back as text, NULL as nullopt. It
// opens its own connection, apart from the kiosk protocol's storage, so the dashboard never
// holds the push path's lock.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "shared/result.hpp"

namespace hp::server::dash {

using SqlValue = std::variant<std::monostate, std::int64_t, std::string>;
using SqlRow = std::vector<std::optional<std::string>>;
using SqlRows = std::vector<SqlRow>;

class SqlDb {
 public:
  virtual ~SqlDb() = default;
  virtual Result<SqlRows> query(const std::string& sql, const std::vector<SqlValue>& params = {}) = 0;
  // Runs fn in one transaction (committed when fn succeeds, rolled back otherwise). Calls
  // may nest: the inner ones join the outer transaction.
  virtual Status transaction(const std::function<Status()>& fn) = 0;
  virtual bool postgres() const = 0;

  Status exec(const std::string& sql, const std::vector<SqlValue>& params = {}) {
    auto r = query(sql, params);
    if (!r) return std::unexpected(r.error());
    return {};
  }
};

// DIR/server.db or a postgresql:// URL, as open_storage takes them.
Result<std::unique_ptr<SqlDb>> open_sql(const std::string& data_dir, const std::string& db_url);

inline std::int64_t to_int(const std::optional<std::string>& v) { return v ? std::stoll(*v) : 0; }
inline std::string to_text(const std::optional<std::string>& v) { return v ? *v : std::string(); }

}  // namespace hp::server::dash
