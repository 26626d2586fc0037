#include "server/dash/schema.hpp"

#include <string>

#include "server/dash/indicators.hpp"

namespace hp::server::dash {
namespace {

// Written once for both backends: TEXT and BIGINT mean the same to SQLite and PostgreSQL.
constexpr const char* kTables[] = {
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
};

bool is_rollup_sum(const std::string& sql) {
  for (const char* t : {"dash_po_day ", "dash_item_day ", "dash_farmer_day ", "dash_farmer_month ", "dash_registered ",
                        "dash_order_day "})
    if (sql.starts_with(std::string("CREATE TABLE IF NOT EXISTS ") + t)) return true;
  return false;
}

}  // namespace

Status ensure_schema(SqlDb& db) {
  return db.transaction([&]() -> Status {
    // Two processes starting at once must not race on CREATE in PostgreSQL.
    if (db.postgres())
      if (auto r = db.exec("SELECT pg_advisory_xact_lock(8008002)"); !r) return r;
    for (const char* sql : kTables) {
      std::string text = sql;
      // SQLite: the rollup's sums are read by ranges of their primary key; stored in it
      // (WITHOUT ROWID) a range is one ordered read instead of an index walk plus a lookup
      // per row. PostgreSQL has no such option and needs none (its plans differ anyway).
      if (!db.postgres() && is_rollup_sum(text)) text += " WITHOUT ROWID";
      if (auto r = db.exec(text); !r) return r;
    }
    return seed_indicators(db);
  });
}

}  // namespace hp::server::dash
