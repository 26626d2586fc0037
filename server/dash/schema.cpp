#include "server/dash/schema.hpp"

#include <string>

#include "server/dash/indicators.hpp"

namespace hp::server::dash {
namespace {

// Written once for both backends: TEXT and BIGINT mean the same to SQLite and PostgreSQL.
constexpr const char* kTables[] = {
    // The counter's accounts (server/auth/clerks.hpp, docs/clerks.md); the PIN only as Argon2id.
    "CREATE TABLE IF NOT EXISTS counter_clerks ("
    " id TEXT PRIMARY KEY, post_office_id TEXT NOT NULL, name TEXT NOT NULL,"
    " role TEXT NOT NULL CHECK (role IN ('clerk', 'supervisor', 'technician')),"
    " badge TEXT UNIQUE, pin_hash TEXT NOT NULL, disabled BIGINT NOT NULL DEFAULT 0, updated_at BIGINT NOT NULL)",
    // Sales agents (server/dash/agents.hpp, docs/agents.md): the rate in basis points.
    "CREATE TABLE IF NOT EXISTS sales_agents ("
    " id TEXT PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL, phone TEXT NOT NULL,"
    " commission_bp BIGINT NOT NULL CHECK (commission_bp >= 0 AND commission_bp <= 3000),"
    " disabled BIGINT NOT NULL DEFAULT 0, updated_at BIGINT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS dash_staff ("
    " id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL,"
    " role TEXT NOT NULL CHECK (role IN ('city', 'district', 'commune', 'post_office', 'admin', 'technician')),"
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
    // The overview's rollup (server/dash/rollup.hpp): the events folded into sums by VN-local
    // day (days since 1970-01-01 in UTC+7) and post office. Watermarks in dash_projection.
    "CREATE TABLE IF NOT EXISTS dash_po_day (day BIGINT NOT NULL, post_office_id TEXT NOT NULL,"
    " dropoffs BIGINT NOT NULL, payouts_vnd BIGINT NOT NULL, net_mg BIGINT NOT NULL, pieces BIGINT NOT NULL,"
    " PRIMARY KEY (day, post_office_id))",
    // name_key: the zero-padded received_seq and item index before the product's name, so min()
    // picks the name of the earliest item that had one (as the scan did).
    "CREATE TABLE IF NOT EXISTS dash_item_day (day BIGINT NOT NULL, post_office_id TEXT NOT NULL,"
    " product_id TEXT NOT NULL, grade TEXT NOT NULL, items BIGINT NOT NULL, net_mg BIGINT NOT NULL,"
    " pieces BIGINT NOT NULL, value_vnd BIGINT NOT NULL, name_key TEXT,"
    " PRIMARY KEY (day, post_office_id, product_id, grade))",
    // One row per farmer, post office and day (and month, month = the day number of its 1st):
    // distinct farmers of any period are the distinct farmer ids of whole months plus the
    // days at either end. The sums serve the figures by organisation.
    "CREATE TABLE IF NOT EXISTS dash_farmer_day (day BIGINT NOT NULL, post_office_id TEXT NOT NULL,"
    " farmer_id TEXT NOT NULL, dropoffs BIGINT NOT NULL, net_mg BIGINT NOT NULL, payouts_vnd BIGINT NOT NULL,"
    " PRIMARY KEY (day, post_office_id, farmer_id))",
    "CREATE TABLE IF NOT EXISTS dash_farmer_month (month BIGINT NOT NULL, post_office_id TEXT NOT NULL,"
    " farmer_id TEXT NOT NULL, dropoffs BIGINT NOT NULL, net_mg BIGINT NOT NULL, payouts_vnd BIGINT NOT NULL,"
    " PRIMARY KEY (month, post_office_id, farmer_id))",
    "CREATE TABLE IF NOT EXISTS dash_registered (day BIGINT NOT NULL, post_office_id TEXT NOT NULL,"
    " farmer_id TEXT NOT NULL, PRIMARY KEY (day, post_office_id, farmer_id))",
    // Orders: each order's last folded state (so a change can take back what the previous one
    // counted), the sums by day of collection or return, and the ready ones by status.
    "CREATE TABLE IF NOT EXISTS dash_orders (order_id TEXT PRIMARY KEY, post_office_id TEXT NOT NULL,"
    " status TEXT NOT NULL, day BIGINT, sales_vnd BIGINT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS dash_orders_by_status ON dash_orders(status, post_office_id)",
    "CREATE TABLE IF NOT EXISTS dash_order_day (day BIGINT NOT NULL, post_office_id TEXT NOT NULL,"
    " collected BIGINT NOT NULL, returned BIGINT NOT NULL, sales_vnd BIGINT NOT NULL,"
    " PRIMARY KEY (day, post_office_id))",
    // The forecasts' weekly table (server/dash/forecast_weeks.hpp): week number, post
    // office, product ('' for orders), kg in mg, orders collected; and on PostgreSQL the events
    // of the fold's look-back window already folded.
    "CREATE TABLE IF NOT EXISTS dash_forecast_weeks (week BIGINT NOT NULL, post_office_id TEXT NOT NULL,"
    " product_id TEXT NOT NULL, net_mg BIGINT NOT NULL, orders BIGINT NOT NULL,"
    " PRIMARY KEY (week, post_office_id, product_id))",
    "CREATE TABLE IF NOT EXISTS dash_forecast_seen (seq BIGINT PRIMARY KEY, mark BIGINT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS dash_audit ("
    " at BIGINT NOT NULL, staff_id TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL)",
    // Data management (server/dash/indicators.hpp, prices.hpp): indicators as data, and
    // prices waiting for their effective date (applied_at set once applied).
    "CREATE INDEX IF NOT EXISTS dash_audit_by_at ON dash_audit(at)",
    "CREATE TABLE IF NOT EXISTS dash_indicators ("
    " id TEXT PRIMARY KEY, label_vi TEXT NOT NULL, label_en TEXT NOT NULL,"
    " measure TEXT NOT NULL CHECK (measure IN ('farmers_registered', 'farmers_active', 'dropoff_kg', 'dropoffs',"
    " 'orders_collected', 'sales_vnd', 'payouts_vnd')), active_from BIGINT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS dash_price_schedule ("
    " id TEXT PRIMARY KEY, product_id TEXT NOT NULL, grade TEXT NOT NULL, price_vnd BIGINT NOT NULL,"
    " effective_date TEXT NOT NULL, effective_at BIGINT NOT NULL, created_at BIGINT NOT NULL,"
    " created_by TEXT NOT NULL, applied_at BIGINT)",
    "CREATE INDEX IF NOT EXISTS dash_price_schedule_due ON dash_price_schedule(applied_at, effective_at)",
    // Operations (server/dash/fleet.hpp): the dashboard schema's version, and how far each
    // kiosk's audit chain has been checked (server/dash/audit_chain.hpp).
    "CREATE TABLE IF NOT EXISTS dash_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS dash_audit_chains ("
    " kiosk_id TEXT PRIMARY KEY, kiosk_seq BIGINT NOT NULL, seq BIGINT NOT NULL, hash TEXT NOT NULL,"
    " broken_seq BIGINT, reason TEXT, broken_at BIGINT)",
};

bool is_rollup_sum(const std::string& sql) {
  for (const char* t : {"dash_po_day ", "dash_item_day ", "dash_farmer_day ", "dash_farmer_month ", "dash_registered ",
                        "dash_order_day "})
    if (sql.starts_with(std::string("CREATE TABLE IF NOT EXISTS ") + t)) return true;
  return false;
}

// The dashboard schema's versions. 1: the tables above as first shipped (dash_staff's role
// CHECK without 'technician'). 2: the technician role. A database made fresh gets the latest
// CREATE statements and is marked at the latest version; an older one is migrated step by step.
constexpr int kDashSchemaVersion = 2;

// SQLite cannot change a CHECK constraint in place: the table is rebuilt, rows copied.
constexpr const char* kStaffV2Sqlite[] = {
    "CREATE TABLE dash_staff_v2 ("
    " id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL,"
    " role TEXT NOT NULL CHECK (role IN ('city', 'district', 'commune', 'post_office', 'admin', 'technician')),"
    " unit_id TEXT, post_office_id TEXT, password_hash TEXT NOT NULL, created_at BIGINT NOT NULL,"
    " disabled_at BIGINT)",
    "INSERT INTO dash_staff_v2(id, username, display_name, role, unit_id, post_office_id, password_hash, created_at,"
    " disabled_at) SELECT id, username, display_name, role, unit_id, post_office_id, password_hash, created_at,"
    " disabled_at FROM dash_staff",
    "DROP TABLE dash_staff",
    "ALTER TABLE dash_staff_v2 RENAME TO dash_staff",
};
// PostgreSQL names an unnamed column CHECK <table>_<column>_check.
constexpr const char* kStaffV2Pg[] = {
    "ALTER TABLE dash_staff DROP CONSTRAINT IF EXISTS dash_staff_role_check",
    "ALTER TABLE dash_staff ADD CONSTRAINT dash_staff_role_check CHECK (role IN ('city', 'district', 'commune',"
    " 'post_office', 'admin', 'technician'))",
};

Result<bool> table_exists(SqlDb& db, const std::string& name) {
  auto r = db.postgres() ? db.query("SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND "
                                    "table_name = ?1",
                                    {name})
                         : db.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1", {name});
  if (!r) return std::unexpected(r.error());
  return !r->empty();
}

}  // namespace

Status ensure_schema(SqlDb& db) {
  return db.transaction([&]() -> Status {
    // Two processes starting at once must not race on CREATE in PostgreSQL.
    if (db.postgres())
      if (auto r = db.exec("SELECT pg_advisory_xact_lock(8008002)"); !r) return r;
    // Which version the database is at, before the CREATEs below make what is missing.
    auto had_meta = table_exists(db, "dash_meta");
    if (!had_meta) return std::unexpected(had_meta.error());
    auto had_staff = table_exists(db, "dash_staff");
    if (!had_staff) return std::unexpected(had_staff.error());
    for (const char* sql : kTables) {
      std::string text = sql;
      // SQLite: the rollup's sums are read by ranges of their primary key; stored in it
      // (WITHOUT ROWID) a range is one ordered read instead of an index walk plus a lookup
      // per row. PostgreSQL has no such option and needs none (its plans differ anyway).
      if (!db.postgres() && is_rollup_sum(text)) text += " WITHOUT ROWID";
      if (auto r = db.exec(text); !r) return r;
    }
    if (auto r = seed_indicators(db); !r) return r;
    int version = kDashSchemaVersion;  // fresh: made at the latest version
    if (*had_meta) {
      auto v = db.query("SELECT value FROM dash_meta WHERE key = 'schema_version'");
      if (!v) return std::unexpected(v.error());
      version = v->empty() ? 1 : std::stoi(to_text((*v)[0][0]));
    } else if (*had_staff) {
      version = 1;  // made before versions were recorded
    }
    if (version > kDashSchemaVersion)
      return fail("dash.schema_too_new", "the dashboard tables are at version " + std::to_string(version) +
                                             ", newer than this program");
    if (version < 2) {
      if (db.postgres()) {
        for (const char* sql : kStaffV2Pg)
          if (auto r = db.exec(sql); !r) return r;
      } else {
        for (const char* sql : kStaffV2Sqlite)
          if (auto r = db.exec(sql); !r) return r;
      }
    }
    return db.exec("INSERT INTO dash_meta(key, value) VALUES ('schema_version', ?1) ON CONFLICT (key) DO UPDATE SET "
                   "value = excluded.value",
                   {std::to_string(kDashSchemaVersion)});
  });
}

}  // namespace hp::server::dash
