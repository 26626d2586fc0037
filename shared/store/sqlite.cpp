#include "shared/store/sqlite.hpp"

namespace hp::db {

Error error_from(sqlite3* db, int rc, std::string_view what) {
  const int primary = rc & 0xFF;
  std::string detail = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  switch (primary) {
    case SQLITE_FULL: return Error{"db.full", detail};
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return Error{"db.locked", detail};
    case SQLITE_CONSTRAINT: return Error{"db.constraint", detail};
    case SQLITE_IOERR: return Error{"db.io", detail};
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return Error{"db.corrupt", detail};
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN: return Error{"db.open", detail};
    default: return Error{"db.error", detail};
  }
}

Result<bool> Stmt::step() {
  const int rc = sqlite3_step(s_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  Error e = error_from(db_, rc, sqlite3_sql(s_) ? sqlite3_sql(s_) : "step");
  sqlite3_reset(s_);
  return std::unexpected(std::move(e));
}

Status Stmt::run() {
  auto r = step();
  sqlite3_reset(s_);
  if (!r) return std::unexpected(r.error());
  return {};
}

Result<Db> Db::open(const std::string& path, Durability durability, const std::string& vfs) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                 vfs.empty() ? nullptr : vfs.c_str());
  if (rc != SQLITE_OK) {
    Error e = error_from(raw, rc, "open " + path);
    sqlite3_close(raw);
    return std::unexpected(std::move(e));
  }
  Db db(raw);
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, 2000);
  if (auto s = db.exec("PRAGMA journal_mode=WAL"); !s) return std::unexpected(s.error());
  if (auto s = db.exec(durability == Durability::Full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL"); !s)
    return std::unexpected(s.error());
  if (auto s = db.exec("PRAGMA foreign_keys=ON"); !s) return std::unexpected(s.error());
  return db;
}

void Db::close() {
  if (db_) {
    sqlite3_close_v2(db_);
    db_ = nullptr;
  }
}

Result<Stmt> Db::prepare(std::string_view sql) const {
  sqlite3_stmt* s = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &s, nullptr);
  if (rc != SQLITE_OK) return std::unexpected(error_from(db_, rc, sql));
  return Stmt(db_, s);
}

Status Db::exec(std::string_view sql) const {
  char* msg = nullptr;
  const std::string q(sql);
  const int rc = sqlite3_exec(db_, q.c_str(), nullptr, nullptr, &msg);
  if (msg) sqlite3_free(msg);
  if (rc != SQLITE_OK) return std::unexpected(error_from(db_, rc, sql.substr(0, 80)));
  return {};
}

Result<Transaction> Transaction::begin(const Db& db) {
  if (auto s = db.exec("BEGIN IMMEDIATE"); !s) return std::unexpected(s.error());
  return Transaction(&db);
}

Transaction::~Transaction() {
  if (db_) (void)db_->exec("ROLLBACK");
}

Status Transaction::commit() {
  if (auto s = db_->exec("COMMIT"); !s) return s;
  db_ = nullptr;
  return {};
}

}  // namespace hp::db
