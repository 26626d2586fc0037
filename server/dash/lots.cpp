#include "server/dash/lots.hpp"

#include <algorithm>

namespace hp::server::dash {
namespace {

// Event numbers read per transaction.
constexpr std::int64_t kBatch = 200000;
// On PostgreSQL a push that took its received_seq earlier may commit after one that took a
// later number (BIGSERIAL), so each catch-up looks again at this many numbers below the
// mark; the index ignores lots it already holds. SQLite has one writer: no look-back.
constexpr std::int64_t kPgLookback = 5000;
constexpr auto kMinInterval = std::chrono::seconds(1);

constexpr const char* kIndexSqlite =
    "INSERT INTO dash_lots(lot_code, event_id) SELECT json_extract(j.value, '$.lot_code'), e.id "
    "FROM events e, json_each(e.payload, '$.items') j WHERE e.kind = 'dropoff.committed' AND e.received_seq > ?1 "
    "AND e.received_seq <= ?2 AND json_type(e.payload, '$.items') = 'array' "
    "AND CASE WHEN j.type = 'object' THEN json_type(j.value, '$.lot_code') = 'text' ELSE 0 END ORDER BY e.received_seq ON CONFLICT (lot_code) DO NOTHING";
constexpr const char* kIndexPg =
    "INSERT INTO dash_lots(lot_code, event_id) SELECT it.v ->> 'lot_code', e.id FROM events e "
    "CROSS JOIN LATERAL (SELECT e.payload::jsonb AS j OFFSET 0) p "
    "CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(p.j -> 'items') = 'array' THEN p.j -> 'items' "
    "ELSE '[]'::jsonb END) AS it(v) WHERE e.kind = 'dropoff.committed' AND e.received_seq > ?1 "
    "AND e.received_seq <= ?2 AND jsonb_typeof(it.v -> 'lot_code') = 'string' ORDER BY e.received_seq "
    "ON CONFLICT (lot_code) DO NOTHING";

}  // namespace

Result<std::optional<std::string>> LotIndex::lookup(const std::string& lot_code) {
  auto rows = db_.query("SELECT event_id FROM dash_lots WHERE lot_code = ?1", {lot_code});
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return std::optional<std::string>();
  return std::optional<std::string>(to_text((*rows)[0][0]));
}

Status LotIndex::catch_up() {
  while (true) {
    bool more = false;
    Status s = db_.transaction([&]() -> Status {
      auto mark = db_.query("SELECT seq FROM dash_projection WHERE name = 'lots'");
      if (!mark) return std::unexpected(mark.error());
      const std::int64_t w = mark->empty() ? 0 : to_int((*mark)[0][0]);
      const std::int64_t from = db_.postgres() ? std::max<std::int64_t>(0, w - kPgLookback) : w;
      auto last = db_.query("SELECT coalesce(max(received_seq), 0) FROM events");
      if (!last) return std::unexpected(last.error());
      const std::int64_t newest = to_int((*last)[0][0]);
      const std::int64_t to = std::min(newest, from + kBatch);
      if (to <= w) return {};
      // One statement per step, not a parse per event: the first lot code wins (the earliest
      // event), as lots already held are left alone.
      if (auto x = db_.exec(db_.postgres() ? kIndexPg : kIndexSqlite, {from, to}); !x) return x;
      if (auto x = db_.exec("INSERT INTO dash_projection(name, seq) VALUES ('lots', ?1) "
                            "ON CONFLICT (name) DO UPDATE SET seq = excluded.seq",
                            {to});
          !x)
        return x;
      more = to < newest;
      return {};
    });
    if (!s) return s;
    if (!more) return {};
  }
}

Result<std::optional<std::string>> LotIndex::event_of(const std::string& lot_code) {
  auto found = lookup(lot_code);
  if (!found || *found) return found;
  {
    std::lock_guard lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    if (last_ && now - *last_ < kMinInterval) return std::optional<std::string>();
    if (auto s = catch_up(); !s) return std::unexpected(s.error());
    last_ = std::chrono::steady_clock::now();
  }
  return lookup(lot_code);
}

}  // namespace hp::server::dash
