#include "server/dash/sql.hpp"

#include <libpq-fe.h>
#include <sqlite3.h>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <thread>

#include "shared/store/sqlite.hpp"

namespace hp::server::dash {
namespace {

class SqliteDb final : public SqlDb {
 public:
  explicit SqliteDb(db::Db db) : db_(std::move(db)) {}

  Result<SqlRows> query(const std::string& sql, const std::vector<SqlValue>& params) override {
    std::unique_lock lock(mutex_, std::defer_lock);
    if (tx_owner_ != std::this_thread::get_id()) lock.lock();
    return run(sql, params);
  }

  Status transaction(const std::function<Status()>& fn) override {
    if (tx_owner_ == std::this_thread::get_id()) return fn();
    std::lock_guard lock(mutex_);
    if (auto r = db_.exec("BEGIN IMMEDIATE"); !r) return r;
    tx_owner_ = std::this_thread::get_id();
    Status s = fn();
    tx_owner_ = std::thread::id();
    if (s) {
      if (auto r = db_.exec("COMMIT"); !r) {
        (void)db_.exec("ROLLBACK");
        return r;
      }
      return s;
    }
    (void)db_.exec("ROLLBACK");
    return s;
  }
  bool postgres() const override { return false; }


 private:
  Result<SqlRows> run(const std::string& sql, const std::vector<SqlValue>& params) {
    auto s = db_.prepare(sql);
    if (!s) return std::unexpected(s.error());
    for (std::size_t i = 0; i < params.size(); ++i) {
      const int at = static_cast<int>(i) + 1;
      if (auto* n = std::get_if<std::int64_t>(&params[i])) s->bind(at, *n);
      else if (auto* t = std::get_if<std::string>(&params[i])) s->bind(at, *t);
      else s->bind(at, std::nullopt);
    }
    SqlRows rows;
    const int cols = sqlite3_column_count(s->raw());
    while (true) {
      auto r = s->step();
      if (!r) return std::unexpected(r.error());
      if (!*r) break;
      SqlRow row;
      row.reserve(static_cast<std::size_t>(cols));
      for (int c = 0; c < cols; ++c) row.push_back(s->opt_text(c));
      rows.push_back(std::move(row));
    }
    return rows;
  }

  db::Db db_;
  std::mutex mutex_;  // one statement, or one transaction, at a time on the one connection
  std::atomic<std::thread::id> tx_owner_;
};

// PostgreSQL: one connection, one statement at a time; reconnects after a lost connection.
class PgDb final : public SqlDb {
 public:
  explicit PgDb(std::string url) : url_(std::move(url)) {}
  ~PgDb() override {
    if (conn_) PQfinish(conn_);
  }

  Status connect() {
    if (conn_ && PQstatus(conn_) == CONNECTION_OK) return {};
    if (conn_) PQfinish(conn_);
    conn_ = PQconnectdb(url_.c_str());
    if (PQstatus(conn_) != CONNECTION_OK)
      return fail("db.io", std::string("cannot connect to PostgreSQL: ") + PQerrorMessage(conn_));
    return {};
  }

  Result<SqlRows> query(const std::string& sql, const std::vector<SqlValue>& params) override {
    std::unique_lock lock(mutex_, std::defer_lock);
    if (tx_owner_ != std::this_thread::get_id()) lock.lock();
    return run(sql, params);
  }

  Status transaction(const std::function<Status()>& fn) override {
    if (tx_owner_ == std::this_thread::get_id()) return fn();
    std::lock_guard lock(mutex_);
    if (auto r = run("BEGIN", {}); !r) return std::unexpected(r.error());
    tx_owner_ = std::this_thread::get_id();
    in_tx_ = true;
    Status s = fn();
    if (s) {
      auto r = run("COMMIT", {});
      in_tx_ = false;
      tx_owner_ = std::thread::id();
      if (!r) return std::unexpected(r.error());
      return s;
    }
    (void)run("ROLLBACK", {});
    in_tx_ = false;
    tx_owner_ = std::thread::id();
    return s;
  }
  bool postgres() const override { return true; }

 private:
  static std::string dollars(const std::string& sql) {
    std::string out;
    out.reserve(sql.size());
    for (std::size_t i = 0; i < sql.size(); ++i) {
      if (sql[i] == '?' && i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9') out += '$';
      else out += sql[i];
    }
    return out;
  }

  Result<SqlRows> run(const std::string& sql, const std::vector<SqlValue>& params) {
    // A connection lost inside a transaction fails the transaction: reconnecting there would
    // run the rest outside it, and COMMIT would then keep half of it.
    if (in_tx_ && PQstatus(conn_) != CONNECTION_OK) return fail("db.io", "lost the PostgreSQL connection in a transaction");
    if (auto c = connect(); !c) return std::unexpected(c.error());
    std::vector<std::string> text(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    for (std::size_t i = 0; i < params.size(); ++i) {
      if (auto* n = std::get_if<std::int64_t>(&params[i])) text[i] = std::to_string(*n);
      else if (auto* t = std::get_if<std::string>(&params[i])) text[i] = *t;
      else continue;
      values[i] = text[i].c_str();
    }
    const std::string q = dollars(sql);
    PGresult* r = PQexecParams(conn_, q.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr,
                               nullptr, 0);
    const auto st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      const char* state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
      Error e{state && std::string_view(state) == "23505" ? "db.constraint" : "db.error",
              q.substr(0, 60) + ": " + PQresultErrorMessage(r)};
      PQclear(r);
      return std::unexpected(e);
    }
    SqlRows rows;
    const int n = PQntuples(r), f = PQnfields(r);
    for (int i = 0; i < n; ++i) {
      SqlRow row;
      for (int j = 0; j < f; ++j)
        row.push_back(PQgetisnull(r, i, j) ? std::nullopt : std::optional<std::string>(PQgetvalue(r, i, j)));
      rows.push_back(std::move(row));
    }
    PQclear(r);
    return rows;
  }

  std::string url_;
  PGconn* conn_ = nullptr;
  bool in_tx_ = false;  // guarded by mutex_
  std::mutex mutex_;
  std::atomic<std::thread::id> tx_owner_;
};

}  // namespace

Result<std::unique_ptr<SqlDb>> open_sql(const std::string& data_dir, const std::string& db_url) {
  if (db_url.empty() || db_url.starts_with("sqlite:")) {
    auto db = db::Db::open((std::filesystem::path(data_dir) / "server.db").string(), db::Durability::Full);
    if (!db) return std::unexpected(db.error());
    if (auto r = db->exec("PRAGMA busy_timeout = 5000"); !r) return std::unexpected(r.error());
    return std::unique_ptr<SqlDb>(new SqliteDb(std::move(*db)));
  }
  auto pg = std::make_unique<PgDb>(db_url);
  if (auto r = pg->connect(); !r) return std::unexpected(r.error());
  return std::unique_ptr<SqlDb>(std::move(pg));
}

}  // namespace hp::server::dash
