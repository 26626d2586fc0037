#include "server/dash/forecast_weeks.hpp"

#include <algorithm>

#include "server/dash/period.hpp"

namespace hp::server::dash {
namespace {

// On PostgreSQL an event may commit after one with a later received_seq (BIGSERIAL numbers are
// taken before commit), so each fold looks again this far below its mark. Events in that
// window are remembered in dash_forecast_seen, so none is counted twice; SQLite has one
// writer and numbers in commit order, so it needs neither.
constexpr std::int64_t kPgLookback = 5000;
constexpr const char* kPgLock = "SELECT pg_advisory_xact_lock(8008003)";

// The set-based fold: one INSERT ... SELECT ... GROUP BY per kind, the JSON read by the
// database. `events` is the FROM clause naming the events to fold as `e`.
std::string dropoffs_sql(bool pg, const std::string& events, const std::string& where) {
  const std::string week = "(e.kiosk_time_ms + " + std::to_string(kWeekShiftMs) + ") / " + std::to_string(kWeekMs);
  if (pg)
    return "INSERT INTO dash_forecast_weeks(week, post_office_id, product_id, net_mg, orders) "
           "SELECT " + week + ", k.post_office_id, it->>'product_id', sum(round((it->>'net_mg')::numeric))::bigint, 0 "
           "FROM " + events + " JOIN kiosks k ON k.id = e.kiosk_id "
           "CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(e.payload::jsonb -> 'items') = 'array' "
           "THEN e.payload::jsonb -> 'items' ELSE '[]'::jsonb END) it "
           "WHERE e.kind = 'dropoff.committed' AND e.kiosk_time_ms >= 0 AND " + where +
           " AND jsonb_typeof(it -> 'product_id') = 'string' AND jsonb_typeof(it -> 'net_mg') = 'number' "
           "GROUP BY 1, 2, 3 ON CONFLICT (week, post_office_id, product_id) DO UPDATE SET "
           "net_mg = dash_forecast_weeks.net_mg + excluded.net_mg";
  return "INSERT INTO dash_forecast_weeks(week, post_office_id, product_id, net_mg, orders) "
         "SELECT " + week + ", k.post_office_id, json_extract(it.value, '$.product_id'), "
         "sum(json_extract(it.value, '$.net_mg')), 0 "
         "FROM " + events + " JOIN kiosks k ON k.id = e.kiosk_id, json_each(e.payload, '$.items') it "
         "WHERE e.kind = 'dropoff.committed' AND e.kiosk_time_ms >= 0 AND " + where +
         " AND json_valid(e.payload) AND json_type(e.payload, '$.items') = 'array' AND json_type(it.value, '$.product_id') = 'text' "
         "AND json_type(it.value, '$.net_mg') = 'integer' "
         "GROUP BY 1, 2, 3 ON CONFLICT (week, post_office_id, product_id) DO UPDATE SET "
         "net_mg = dash_forecast_weeks.net_mg + excluded.net_mg";
}

// Orders collected: one pickup.recorded each. Orders name their items but carry no product
// id, so they count under product '' (all products).
std::string orders_sql(const std::string& events, const std::string& where) {
  const std::string week = "(e.kiosk_time_ms + " + std::to_string(kWeekShiftMs) + ") / " + std::to_string(kWeekMs);
  return "INSERT INTO dash_forecast_weeks(week, post_office_id, product_id, net_mg, orders) "
         "SELECT " + week + ", k.post_office_id, '', 0, count(*) "
         "FROM " + events + " JOIN kiosks k ON k.id = e.kiosk_id "
         "WHERE e.kind = 'pickup.recorded' AND e.kiosk_time_ms >= 0 AND " + where +
         " GROUP BY 1, 2 ON CONFLICT (week, post_office_id, product_id) DO UPDATE SET "
         "orders = dash_forecast_weeks.orders + excluded.orders";
}

}  // namespace

std::int64_t week_of(UtcMillis t) {
  const std::int64_t x = t + kWeekShiftMs;
  return x >= 0 ? x / kWeekMs : -((-x + kWeekMs - 1) / kWeekMs);
}

UtcMillis week_start(std::int64_t week) { return week * kWeekMs - kWeekShiftMs; }

std::string iso_week(std::int64_t week) {
  // The ISO year is the year of the week's Thursday.
  const std::string thursday = vn_date(week_start(week) + 3 * 24 * 3600 * 1000LL);
  const std::string year = thursday.substr(0, 4);
  const std::int64_t first = week_of(*vn_midnight(year + "-01-04"));  // 4 January is in week 1
  char buf[48];
  std::snprintf(buf, sizeof buf, "%s-W%02lld", year.c_str(), static_cast<long long>(week - first + 1));
  return buf;
}

Result<int> fold_forecast_weeks(SqlDb& db, std::int64_t batch, std::stop_token stop) {
  const bool pg = db.postgres();
  int batches = 0;
  while (true) {
    bool more = false;
    Status s = db.transaction([&]() -> Status {
      if (pg)
        if (auto r = db.exec(kPgLock); !r) return r;
      auto mark = db.query("SELECT seq FROM dash_projection WHERE name = 'forecast_weeks'");
      auto top_rows = db.query("SELECT coalesce(max(received_seq), 0) FROM events");
      if (!mark) return std::unexpected(mark.error());
      if (!top_rows) return std::unexpected(top_rows.error());
      const std::int64_t w = mark->empty() ? 0 : to_int((*mark)[0][0]);
      const std::int64_t top = to_int((*top_rows)[0][0]);
      const std::int64_t hi = std::min(top, w + batch);
      if (hi <= w && !pg) return {};
      if (pg) {
        // The events of (lo, hi] not folded yet are noted under a new mark, then folded by
        // that note: what is noted is exactly what is folded, whatever commits meanwhile.
        const std::int64_t lo = std::max<std::int64_t>(0, w - kPgLookback);
        auto next = db.query("SELECT coalesce(max(mark), 0) + 1 FROM dash_forecast_seen");
        if (!next) return std::unexpected(next.error());
        const std::int64_t m = to_int((*next)[0][0]);
        if (auto r = db.exec("INSERT INTO dash_forecast_seen(seq, mark) SELECT e.received_seq, CAST(?3 AS BIGINT) FROM events e "
                             "WHERE e.received_seq > ?1 AND e.received_seq <= ?2 AND "
                             "e.kind IN ('dropoff.committed', 'pickup.recorded') AND NOT EXISTS "
                             "(SELECT 1 FROM dash_forecast_seen s WHERE s.seq = e.received_seq)",
                             {lo, hi, m});
            !r)
          return r;
        const std::string events = "dash_forecast_seen s JOIN events e ON e.received_seq = s.seq";
        if (auto r = db.exec(dropoffs_sql(true, events, "s.mark = ?1"), {m}); !r) return r;
        if (auto r = db.exec(orders_sql(events, "s.mark = ?1"), {m}); !r) return r;
        // Below hi - lookback no fold looks again.
        if (auto r = db.exec("DELETE FROM dash_forecast_seen WHERE seq <= ?1", {hi - kPgLookback}); !r) return r;
      } else {
        const std::string where = "e.received_seq > ?1 AND e.received_seq <= ?2";
        if (auto r = db.exec(dropoffs_sql(false, "events e", where), {w, hi}); !r) return r;
        if (auto r = db.exec(orders_sql("events e", where), {w, hi}); !r) return r;
      }
      if (hi != w)
        if (auto r = db.exec("INSERT INTO dash_projection(name, seq) VALUES ('forecast_weeks', ?1) "
                             "ON CONFLICT (name) DO UPDATE SET seq = excluded.seq",
                             {hi});
            !r)
          return r;
      ++batches;
      more = hi < top;
      return {};
    });
    if (!s) return std::unexpected(s.error());
    if (!more || stop.stop_requested()) return batches;
  }
}

}  // namespace hp::server::dash
