#include "server/dash/schema.hpp"

namespace hp::server::dash {
namespace {

// Written once for both backends: TEXT and BIGINT mean the same to SQLite and PostgreSQL.
constexpr const char* kTables[] = {
    // The counter's accounts (server/auth/clerks.hpp, docs/clerks.md); the PIN only as Argon2id.
    "CREATE TABLE IF NOT EXISTS counter_clerks ("
    " id TEXT PRIMARY KEY, post_office_id TEXT NOT NULL, name TEXT NOT NULL,"
    " role TEXT NOT NULL CHECK (role IN ('clerk', 'supervisor', 'technician')),"
    " badge TEXT UNIQUE, pin_hash TEXT NOT NULL, disabled BIGINT NOT NULL DEFAULT 0, updated_at BIGINT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS dash_staff ("
    " id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL,"
    " role TEXT NOT NULL CHECK (role IN ('city', 'district', 'commune', 'post_office', 'admin')),"
    " unit_id TEXT, post_office_id TEXT, password_hash TEXT NOT NULL, created_at BIGINT NOT NULL,"
    " disabled_at BIGINT)",
    // Only the SHA-256 of a session token is kept: a stolen database opens no session.
    "CREATE TABLE IF NOT EXISTS dash_sessions ("
    " token_hash TEXT PRIMARY KEY, staff_id TEXT NOT NULL, csrf TEXT NOT NULL, created_at BIGINT NOT NULL,"
    " expires_at BIGINT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS dash_login_failures (key TEXT NOT NULL, at BIGINT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS dash_login_failures_by_key ON dash_login_failures(key, at)",
    // Administrative units with the dates they were in force (valid_to empty: still in force).
    "CREATE TABLE IF NOT EXISTS dash_units ("
    " id TEXT PRIMARY KEY, code TEXT, kind TEXT NOT NULL, name TEXT NOT NULL, parent_id TEXT,"
    " valid_from TEXT NOT NULL, valid_to TEXT, verified BIGINT NOT NULL)",
    // The reform's mapping: a retired unit (from_id) went wholly or partly into to_id.
    "CREATE TABLE IF NOT EXISTS dash_unit_links (from_id TEXT NOT NULL, to_id TEXT NOT NULL,"
    " PRIMARY KEY (from_id, to_id))",
    "CREATE TABLE IF NOT EXISTS dash_targets ("
    " unit_id TEXT NOT NULL, year BIGINT NOT NULL, indicator TEXT NOT NULL, target BIGINT NOT NULL,"
    " updated_at BIGINT NOT NULL, updated_by TEXT NOT NULL, PRIMARY KEY (unit_id, year, indicator))",
    // Lot code -> the drop-off event that made it (server/dash/lots.hpp), and how far each
    // projection of the events has read.
    "CREATE TABLE IF NOT EXISTS dash_lots (lot_code TEXT PRIMARY KEY, event_id TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS dash_projection (name TEXT PRIMARY KEY, seq BIGINT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS dash_audit ("
    " at BIGINT NOT NULL, staff_id TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL)",
};

}  // namespace

Status ensure_schema(SqlDb& db) {
  return db.transaction([&]() -> Status {
    // Two processes starting at once must not race on CREATE in PostgreSQL.
    if (db.postgres())
      if (auto r = db.exec("SELECT pg_advisory_xact_lock(8008002)"); !r) return r;
    for (const char* sql : kTables)
      if (auto r = db.exec(sql); !r) return r;
    return {};
  });
}

}  // namespace hp::server::dash
