#include "server/dash/rollup.hpp"

#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>

#include "server/dash/period.hpp"

namespace hp::server::dash {
namespace {

using nlohmann::json;

constexpr std::int64_t kDayMs = 86400000;

// The events of one step, pulled out of their JSON once, by set-based SQL (one statement for
// every event of the step, not a parse per event in C++). The staging tables are the
// connection's own (TEMP) and emptied before and after each step.
constexpr const char* kStageTables[] = {
    "CREATE TEMP TABLE IF NOT EXISTS dash_stage_e (seq BIGINT PRIMARY KEY, day BIGINT NOT NULL,"
    " post_office_id TEXT NOT NULL, kind TEXT NOT NULL, farmer_id TEXT NOT NULL, total BIGINT NOT NULL,"
    " net_mg BIGINT NOT NULL DEFAULT 0, pieces BIGINT NOT NULL DEFAULT 0)",
    "CREATE TEMP TABLE IF NOT EXISTS dash_stage_i (seq BIGINT NOT NULL, day BIGINT NOT NULL,"
    " post_office_id TEXT NOT NULL, product_id TEXT NOT NULL, grade TEXT NOT NULL, name_key TEXT,"
    " net_mg BIGINT NOT NULL, pieces BIGINT NOT NULL, value_vnd BIGINT NOT NULL)",
};

// The scan's reading of a payload (overview_direct): a field counts when it is an integer
// (a number for sums) or a string (an id); anything else is 0 or "".
constexpr const char* kStageEventsSqlite =
    "INSERT INTO dash_stage_e(seq, day, post_office_id, kind, farmer_id, total) "
    "SELECT e.received_seq, (e.kiosk_time_ms + 25200000) / 86400000, coalesce(k.post_office_id, ''), e.kind, "
    " CASE WHEN e.kind = 'farmer.registered' THEN e.entity_id"
    "  WHEN json_type(e.payload, '$.farmer_id') = 'text' THEN json_extract(e.payload, '$.farmer_id') ELSE '' END,"
    " CASE WHEN e.kind = 'dropoff.committed' AND json_type(e.payload, '$.total') = 'integer'"
    "  THEN json_extract(e.payload, '$.total') ELSE 0 END "
    "FROM events e LEFT JOIN kiosks k ON k.id = e.kiosk_id "
    "WHERE e.received_seq > ?1 AND e.received_seq <= ?2 AND e.kind IN ('dropoff.committed', 'farmer.registered')"
    " AND e.kiosk_time_ms >= 0 AND CASE WHEN json_valid(e.payload) THEN json_type(e.payload) = 'object' ELSE 0 END";

// Each item's fields by path from the event's payload, not from the item's own text: SQLite
// keeps the last payloads it parsed, so a path costs a lookup where the item's text would be
// parsed again for every field.
constexpr const char* kStageItemsSqlite =
    "INSERT INTO dash_stage_i(seq, day, post_office_id, product_id, grade, name_key, net_mg, pieces, value_vnd) "
    "SELECT seq, day, post_office_id,"
    " CASE WHEN json_type(payload, p || 'product_id') = 'text' THEN json_extract(payload, p || 'product_id') ELSE '' END,"
    " CASE WHEN json_type(payload, p || 'grade') = 'text' THEN json_extract(payload, p || 'grade') ELSE '' END,"
    " CASE WHEN json_type(payload, p || 'product_name') = 'text' AND json_extract(payload, p || 'product_name') <> ''"
    "  THEN printf('%020d%06d', seq, k) || json_extract(payload, p || 'product_name') END,"
    " CASE WHEN json_type(payload, p || 'net_mg') = 'integer' THEN json_extract(payload, p || 'net_mg') ELSE 0 END,"
    " CASE WHEN json_type(payload, p || 'pieces') = 'integer' THEN json_extract(payload, p || 'pieces') ELSE 0 END,"
    " CASE WHEN json_type(payload, p || 'value') = 'integer' THEN json_extract(payload, p || 'value') ELSE 0 END "
    "FROM (SELECT s.seq, s.day, s.post_office_id, e.payload, j.key AS k,"
    "  CASE WHEN j.type = 'object' THEN '$.items[' || j.key || '].' ELSE '$.none.' END AS p"
    " FROM dash_stage_e s JOIN events e ON e.received_seq = s.seq, json_each(e.payload, '$.items') j"
    " WHERE e.received_seq > ?1 AND e.received_seq <= ?2 AND s.kind = 'dropoff.committed'"
    " AND json_type(e.payload, '$.items') = 'array')";

// PostgreSQL: the payload TEXT cast to jsonb once per row (OFFSET 0 keeps the planner from
// repeating the cast at each use); an integer is a JSON number written as digits alone.
constexpr const char* kStageEventsPg =
    "INSERT INTO dash_stage_e(seq, day, post_office_id, kind, farmer_id, total) "
    "SELECT e.received_seq, (e.kiosk_time_ms + 25200000) / 86400000, coalesce(k.post_office_id, ''), e.kind, "
    " CASE WHEN e.kind = 'farmer.registered' THEN e.entity_id"
    "  WHEN jsonb_typeof(p.j -> 'farmer_id') = 'string' THEN p.j ->> 'farmer_id' ELSE '' END,"
    " CASE WHEN e.kind = 'dropoff.committed' AND jsonb_typeof(p.j -> 'total') = 'number'"
    "  AND (p.j ->> 'total') ~ '^-?[0-9]{1,18}$' THEN (p.j ->> 'total')::bigint ELSE 0 END "
    "FROM events e CROSS JOIN LATERAL (SELECT e.payload::jsonb AS j OFFSET 0) p"
    " LEFT JOIN kiosks k ON k.id = e.kiosk_id "
    "WHERE e.received_seq > ?1 AND e.received_seq <= ?2 AND e.kind IN ('dropoff.committed', 'farmer.registered')"
    " AND e.kiosk_time_ms >= 0 AND jsonb_typeof(p.j) = 'object'";

constexpr const char* kStageItemsPg =
    "INSERT INTO dash_stage_i(seq, day, post_office_id, product_id, grade, name_key, net_mg, pieces, value_vnd) "
    "SELECT s.seq, s.day, s.post_office_id,"
    " CASE WHEN jsonb_typeof(it.v -> 'product_id') = 'string' THEN it.v ->> 'product_id' ELSE '' END,"
    " CASE WHEN jsonb_typeof(it.v -> 'grade') = 'string' THEN it.v ->> 'grade' ELSE '' END,"
    " CASE WHEN jsonb_typeof(it.v -> 'product_name') = 'string' AND it.v ->> 'product_name' <> ''"
    "  THEN lpad(s.seq::text, 20, '0') || lpad((it.n - 1)::text, 6, '0') || (it.v ->> 'product_name') END,"
    " CASE WHEN jsonb_typeof(it.v -> 'net_mg') = 'number' AND (it.v ->> 'net_mg') ~ '^-?[0-9]{1,18}$'"
    "  THEN (it.v ->> 'net_mg')::bigint ELSE 0 END,"
    " CASE WHEN jsonb_typeof(it.v -> 'pieces') = 'number' AND (it.v ->> 'pieces') ~ '^-?[0-9]{1,18}$'"
    "  THEN (it.v ->> 'pieces')::bigint ELSE 0 END,"
    " CASE WHEN jsonb_typeof(it.v -> 'value') = 'number' AND (it.v ->> 'value') ~ '^-?[0-9]{1,18}$'"
    "  THEN (it.v ->> 'value')::bigint ELSE 0 END "
    "FROM dash_stage_e s JOIN events e ON e.received_seq = s.seq"
    " CROSS JOIN LATERAL (SELECT e.payload::jsonb AS j OFFSET 0) p"
    " CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(p.j -> 'items') = 'array'"
    "  THEN p.j -> 'items' ELSE '[]'::jsonb END) WITH ORDINALITY AS it(v, n) "
    "WHERE e.received_seq > ?1 AND e.received_seq <= ?2 AND s.kind = 'dropoff.committed'";

// The first day of the day's month, as a day number.
constexpr const char* kMonthSqlite = "CAST(julianday(day * 86400, 'unixepoch', 'start of month') - 2440587.5 AS INTEGER)";
constexpr const char* kMonthPg = "(date_trunc('month', (DATE '1970-01-01' + day::int)::timestamp)::date - DATE '1970-01-01')";

// From the staged rows into the sums: the same SQL on both backends. Each adds to the row it
// meets (ON CONFLICT ... DO UPDATE), so a step only ever adds what it staged.
std::vector<std::string> fold_statements(bool pg) {
  const std::string month = pg ? kMonthPg : kMonthSqlite;
  auto farmer_sums = [](const std::string& table, const std::string& key) {
    return "INSERT INTO " + table + "(" + (table == "dash_farmer_day" ? "day" : "month") +
           ", post_office_id, farmer_id, dropoffs, net_mg, payouts_vnd) "
           "SELECT " + key + ", post_office_id, farmer_id, count(*), sum(net_mg), sum(total) FROM dash_stage_e "
           "WHERE kind = 'dropoff.committed' GROUP BY " + key + ", post_office_id, farmer_id "
           "ON CONFLICT (" + (table == "dash_farmer_day" ? "day" : "month") + ", post_office_id, farmer_id) DO UPDATE SET "
           "dropoffs = " + table + ".dropoffs + excluded.dropoffs, net_mg = " + table + ".net_mg + excluded.net_mg, "
           "payouts_vnd = " + table + ".payouts_vnd + excluded.payouts_vnd";
  };
  return {
      // Each drop-off's kilograms and pieces, from its items.
      "UPDATE dash_stage_e SET net_mg = s.net_mg, pieces = s.pieces FROM (SELECT seq, sum(net_mg) AS net_mg, "
      "sum(pieces) AS pieces FROM dash_stage_i GROUP BY seq) AS s WHERE s.seq = dash_stage_e.seq",
      "INSERT INTO dash_po_day(day, post_office_id, dropoffs, payouts_vnd, net_mg, pieces) "
      "SELECT day, post_office_id, count(*), sum(total), sum(net_mg), sum(pieces) FROM dash_stage_e "
      "WHERE kind = 'dropoff.committed' GROUP BY day, post_office_id "
      "ON CONFLICT (day, post_office_id) DO UPDATE SET dropoffs = dash_po_day.dropoffs + excluded.dropoffs, "
      "payouts_vnd = dash_po_day.payouts_vnd + excluded.payouts_vnd, net_mg = dash_po_day.net_mg + excluded.net_mg, "
      "pieces = dash_po_day.pieces + excluded.pieces",
      "INSERT INTO dash_item_day(day, post_office_id, product_id, grade, items, net_mg, pieces, value_vnd, name_key) "
      "SELECT day, post_office_id, product_id, grade, count(*), sum(net_mg), sum(pieces), sum(value_vnd), "
      "min(name_key) FROM dash_stage_i WHERE true GROUP BY day, post_office_id, product_id, grade "
      "ON CONFLICT (day, post_office_id, product_id, grade) DO UPDATE SET items = dash_item_day.items + excluded.items, "
      "net_mg = dash_item_day.net_mg + excluded.net_mg, pieces = dash_item_day.pieces + excluded.pieces, "
      "value_vnd = dash_item_day.value_vnd + excluded.value_vnd, name_key = CASE "
      "WHEN dash_item_day.name_key IS NULL THEN excluded.name_key WHEN excluded.name_key IS NULL THEN dash_item_day.name_key "
      "WHEN excluded.name_key < dash_item_day.name_key THEN excluded.name_key ELSE dash_item_day.name_key END",
      farmer_sums("dash_farmer_day", "day"),
      farmer_sums("dash_farmer_month", month),
      "INSERT INTO dash_registered(day, post_office_id, farmer_id) SELECT DISTINCT day, post_office_id, farmer_id "
      "FROM dash_stage_e WHERE kind = 'farmer.registered' ON CONFLICT DO NOTHING",
      // Emptied after each step: on PostgreSQL by TRUNCATE, since the dead rows a DELETE
      // leaves are never vacuumed in a temporary table and every later step would read them.
      pg ? "TRUNCATE dash_stage_e, dash_stage_i" : "DELETE FROM dash_stage_e",
      pg ? "SELECT 1" : "DELETE FROM dash_stage_i",
  };
}

Result<std::int64_t> mark(SqlDb& db, const char* name) {
  auto r = db.query("SELECT seq FROM dash_projection WHERE name = ?1", {std::string(name)});
  if (!r) return std::unexpected(r.error());
  return r->empty() ? 0 : to_int((*r)[0][0]);
}

Status set_mark(SqlDb& db, const char* name, std::int64_t seq) {
  return db.exec("INSERT INTO dash_projection(name, seq) VALUES (?1, ?2) "
                 "ON CONFLICT (name) DO UPDATE SET seq = excluded.seq",
                 {std::string(name), seq});
}

Result<std::int64_t> top(SqlDb& db, const char* sql) {
  auto r = db.query(sql);
  if (!r) return std::unexpected(r.error());
  return r->empty() ? 0 : to_int((*r)[0][0]);
}

// What one order, in one state, adds to the sums: collected on its day (with its sales) or
// returned on its day; ready ones are counted from dash_orders by status.
struct OrderState {
  std::string post_office_id, status;
  std::optional<std::int64_t> day;
  std::int64_t sales_vnd = 0;
};

struct OrderSums {
  std::int64_t collected = 0, returned = 0, sales_vnd = 0;
};

void add_state(std::map<std::pair<std::int64_t, std::string>, OrderSums>& sums, const OrderState& s, int sign) {
  if (!s.day) return;
  OrderSums& d = sums[{*s.day, s.post_office_id}];
  if (s.status == "collected") {
    d.collected += sign;
    d.sales_vnd += sign * s.sales_vnd;
  } else if (s.status == "returned") {
    d.returned += sign;
  }
}

std::optional<std::int64_t> int_field(const json& d, const char* key) {
  auto it = d.find(key);
  if (it == d.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<std::int64_t>();
}

// The orders' changes in (from, to]: each changed order's last state replaces what its
// previous state counted. A few hundred changes per step at most in practice; a first fold
// of a large backlog reads the folded states once instead of one by one.
Result<std::int64_t> fold_orders(SqlDb& db, std::int64_t from, std::int64_t to) {
  auto rows = db.query("SELECT c.entity_id, c.data, o.post_office_id FROM changes c JOIN orders o ON o.id = c.entity_id "
                       "WHERE c.entity = 'order' AND c.seq > ?1 AND c.seq <= ?2 ORDER BY c.seq",
                       {from, to});
  if (!rows) return std::unexpected(rows.error());
  std::map<std::string, OrderState> next;
  for (const auto& r : *rows) {
    const json d = json::parse(to_text(r[1]), nullptr, false);
    OrderState s{to_text(r[2]), "", std::nullopt, 0};
    if (d.is_object()) {
      if (auto st = d.find("status"); st != d.end() && st->is_string()) s.status = st->get<std::string>();
      const auto at = int_field(d, s.status == "returned" ? "returned_at" : "collected_at");
      if (at && *at >= 0 && (s.status == "collected" || s.status == "returned")) s.day = vn_day(*at);
      s.sales_vnd = int_field(d, "total_vnd").value_or(0);
    } else {
      s.status = "";  // unreadable: counted nowhere, as the scan skips it
    }
    next[to_text(r[0])] = std::move(s);
  }
  if (next.empty()) return std::int64_t{0};
  std::map<std::string, OrderState> prev;
  auto load = [&](const std::string& where, const std::vector<SqlValue>& params) -> Status {
    auto old = db.query("SELECT order_id, post_office_id, status, day, sales_vnd FROM dash_orders" + where, params);
    if (!old) return std::unexpected(old.error());
    for (const auto& r : *old)
      prev[to_text(r[0])] = {to_text(r[1]), to_text(r[2]), r[3] ? std::optional(to_int(r[3])) : std::nullopt, to_int(r[4])};
    return {};
  };
  if (next.size() > 500) {
    if (auto s = load("", {}); !s) return std::unexpected(s.error());
  } else {
    for (const auto& [id, _] : next)
      if (auto s = load(" WHERE order_id = ?1", {id}); !s) return std::unexpected(s.error());
  }
  std::map<std::pair<std::int64_t, std::string>, OrderSums> delta;
  for (const auto& [id, s] : next) {
    if (auto p = prev.find(id); p != prev.end()) add_state(delta, p->second, -1);
    add_state(delta, s, +1);
    if (auto x = db.exec("INSERT INTO dash_orders(order_id, post_office_id, status, day, sales_vnd) VALUES (?1, ?2, ?3, ?4, ?5) "
                         "ON CONFLICT (order_id) DO UPDATE SET post_office_id = excluded.post_office_id, "
                         "status = excluded.status, day = excluded.day, sales_vnd = excluded.sales_vnd",
                         {id, s.post_office_id, s.status, s.day ? SqlValue(*s.day) : SqlValue(), s.sales_vnd});
        !x)
      return std::unexpected(x.error());
  }
  for (const auto& [key, d] : delta)
    if (auto x = db.exec("INSERT INTO dash_order_day(day, post_office_id, collected, returned, sales_vnd) "
                         "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (day, post_office_id) DO UPDATE SET "
                         "collected = dash_order_day.collected + excluded.collected, "
                         "returned = dash_order_day.returned + excluded.returned, "
                         "sales_vnd = dash_order_day.sales_vnd + excluded.sales_vnd",
                         {key.first, key.second, d.collected, d.returned, d.sales_vnd});
        !x)
      return std::unexpected(x.error());
  return static_cast<std::int64_t>(rows->size());
}

// One step: at most kRollupStep event numbers and every order change, in one transaction with
// the watermarks. `more`: events are left for another step.
Status fold_step(SqlDb& db, FoldCount& count, bool& more) {
  return db.transaction([&]() -> Status {
    if (db.postgres()) {
      // The changes lock first (as every publishing push takes it, before touching events):
      // the same order of locks everywhere, so no deadlock; then no push inserts events until
      // this commits, and none still inserting is left behind below the new watermark.
      if (auto r = db.exec("SELECT pg_advisory_xact_lock(8008001)"); !r) return r;
      if (auto r = db.exec("LOCK TABLE events IN SHARE ROW EXCLUSIVE MODE"); !r) return r;
      // The staging tables' CREATE ... IF NOT EXISTS would say "already exists" in the log at
      // every step.
      if (auto r = db.exec("SET LOCAL client_min_messages = warning"); !r) return r;
    }
    auto we = mark(db, "rollup_events");
    auto wc = mark(db, "rollup_changes");
    auto te = top(db, "SELECT coalesce(max(received_seq), 0) FROM events");
    auto tc = top(db, "SELECT coalesce(max(seq), 0) FROM changes");
    if (!we || !wc || !te || !tc)
      return std::unexpected(!we ? we.error() : !wc ? wc.error() : !te ? te.error() : tc.error());
    const std::int64_t to = std::min(*te, *we + kRollupStep);
    if (to > *we) {
      for (const char* sql : kStageTables)
        if (auto r = db.exec(sql); !r) return r;
      if (auto r = db.exec(db.postgres() ? "TRUNCATE dash_stage_e, dash_stage_i" : "DELETE FROM dash_stage_e"); !r) return r;
      if (auto r = db.exec("DELETE FROM dash_stage_i"); !r) return r;
      if (auto r = db.exec(db.postgres() ? kStageEventsPg : kStageEventsSqlite, {*we, to}); !r) return r;
      // PostgreSQL keeps no statistics of temporary tables by itself: without them it would
      // plan the joins below as if the step were empty or huge.
      if (db.postgres())
        if (auto r = db.exec("ANALYZE dash_stage_e"); !r) return r;
      if (auto r = db.exec(db.postgres() ? kStageItemsPg : kStageItemsSqlite, {*we, to}); !r) return r;
      if (db.postgres())
        if (auto r = db.exec("ANALYZE dash_stage_i"); !r) return r;
      auto staged = top(db, "SELECT count(*) FROM dash_stage_e");
      if (!staged) return std::unexpected(staged.error());
      count.events += *staged;
      for (const auto& sql : fold_statements(db.postgres()))
        if (auto r = db.exec(sql); !r) return r;
      if (auto r = set_mark(db, "rollup_events", to); !r) return r;
    }
    if (*tc > *wc) {
      auto n = fold_orders(db, *wc, *tc);
      if (!n) return std::unexpected(n.error());
      count.changes += *n;
      if (auto r = set_mark(db, "rollup_changes", *tc); !r) return r;
    }
    more = to < *te;
    return {};
  });
}

}  // namespace

std::int64_t vn_day(std::int64_t utc_ms) {
  const std::int64_t t = utc_ms + kVietnamOffsetMs;
  return t >= 0 ? t / kDayMs : -((-t + kDayMs - 1) / kDayMs);
}

std::int64_t month_start(std::int64_t day) {
  const std::chrono::year_month_day ymd{std::chrono::sys_days(std::chrono::days(day))};
  return std::chrono::sys_days(ymd.year() / ymd.month() / 1).time_since_epoch().count();
}

Result<FoldCount> fold_rollup(SqlDb& db) {
  FoldCount count;
  // Nothing above the watermarks: no write transaction (and on PostgreSQL no lock that holds
  // pushes back). An event still being pushed is not visible yet, and cannot land below the
  // watermark (fold_step's locks), so skipping misses nothing stored before this call.
  auto pending = db.query(
      "SELECT (SELECT coalesce(max(received_seq), 0) FROM events) > coalesce((SELECT seq FROM dash_projection "
      "WHERE name = 'rollup_events'), 0) OR (SELECT coalesce(max(seq), 0) FROM changes) > coalesce((SELECT seq "
      "FROM dash_projection WHERE name = 'rollup_changes'), 0)");
  if (!pending) return std::unexpected(pending.error());
  const std::string yes = to_text((*pending)[0][0]);
  if (yes == "0" || yes == "f") return count;
  bool more = true;
  while (more) {
    more = false;
    if (auto s = fold_step(db, count, more); !s) return std::unexpected(s.error());
  }
  return count;
}

RollupFolder::RollupFolder(std::unique_ptr<SqlDb> db, std::chrono::milliseconds every, std::ostream& log)
    : db_(std::move(db)), every_(every), log_(log), thread_([this] { run(); }) {}

RollupFolder::~RollupFolder() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void RollupFolder::run() {
  std::unique_lock lock(mutex_);
  while (!stop_) {
    lock.unlock();
    // A failed fold (the database away for a moment) changed nothing: the next one retries.
    const auto started = std::chrono::steady_clock::now();
    auto n = fold_rollup(*db_);
    if (!n) {
      log_ << "dashboard rollup: " << n.error().code << ": " << n.error().detail << std::endl;
    } else if (n->events > kRollupStep) {
      log_ << "dashboard rollup: folded " << n->events << " events in "
           << std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started).count()
           << " s" << std::endl;
    }
    lock.lock();
    wake_.wait_for(lock, every_, [this] { return stop_; });
  }
}

}  // namespace hp::server::dash
