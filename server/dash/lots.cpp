#include "server/dash/lots.hpp"

#include <nlohmann/json.hpp>

namespace hp::server::dash {
namespace {

constexpr int kBatch = 5000;
// On PostgreSQL a push that took its received_seq earlier may commit after one that took a
// later number (BIGSERIAL), so each catch-up looks again at this many numbers below the
// mark; the index ignores lots it already holds. SQLite has one writer: no look-back.
constexpr std::int64_t kPgLookback = 5000;
constexpr auto kMinInterval = std::chrono::seconds(1);

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
      auto rows = db_.query("SELECT received_seq, id, payload FROM events WHERE kind = 'dropoff.committed' AND "
                            "received_seq > ?1 ORDER BY received_seq LIMIT ?2",
                            {from, std::int64_t{kBatch}});
      if (!rows) return std::unexpected(rows.error());
      std::int64_t top = w;
      for (const auto& r : *rows) {
        top = std::max(top, to_int(r[0]));
        const auto p = nlohmann::json::parse(to_text(r[2]), nullptr, false);
        if (!p.is_object() || !p.contains("items") || !p["items"].is_array()) continue;
        for (const auto& it : p["items"]) {
          if (!it.is_object() || !it.contains("lot_code") || !it["lot_code"].is_string()) continue;
          if (auto x = db_.exec("INSERT INTO dash_lots(lot_code, event_id) VALUES (?1, ?2) ON CONFLICT (lot_code) DO NOTHING",
                                {it["lot_code"].get<std::string>(), to_text(r[1])});
              !x)
            return x;
        }
      }
      if (top != w)
        if (auto x = db_.exec("INSERT INTO dash_projection(name, seq) VALUES ('lots', ?1) "
                              "ON CONFLICT (name) DO UPDATE SET seq = excluded.seq",
                              {top});
            !x)
          return x;
      more = static_cast<int>(rows->size()) == kBatch && top > w;
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
