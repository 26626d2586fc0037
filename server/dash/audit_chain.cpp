#include "server/dash/audit_chain.hpp"

#include <array>
#include <nlohmann/json.hpp>

#include "shared/audit/audit_chain.hpp"

namespace hp::server::dash {
namespace {

constexpr std::int64_t kBatch = 5000;

struct Progress {
  std::int64_t kiosk_seq = 0;  // the last event read
  std::int64_t seq = 0;        // the last entry that held
  std::string hash = audit::kGenesis;
  bool broken = false;
};

std::optional<audit::Entry> entry_of(const std::string& payload) {
  const auto p = nlohmann::json::parse(payload, nullptr, false);
  if (!p.is_object()) return std::nullopt;
  try {
    return audit::Entry{.seq = p.at("seq").get<std::int64_t>(),
                        .id = p.at("id").get<std::string>(),
                        .at = p.at("at").get<std::int64_t>(),
                        .actor = p.at("actor").get<std::string>(),
                        .action = p.at("action").get<std::string>(),
                        .subject = p.value("subject", std::string()),
                        .detail = p.value("detail", std::string()),
                        .prev_hash = p.at("prev_hash").get<std::string>(),
                        .hash = p.at("hash").get<std::string>()};
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

Status check_one(SqlDb& db, const std::string& kiosk, UtcMillis now) {
  auto row = db.query("SELECT kiosk_seq, seq, hash, broken_seq FROM dash_audit_chains WHERE kiosk_id = ?1", {kiosk});
  if (!row) return std::unexpected(row.error());
  Progress p;
  const bool known = !row->empty();
  if (known) {
    const auto& r = (*row)[0];
    p = {to_int(r[0]), to_int(r[1]), to_text(r[2]), r[3].has_value()};
  }
  if (p.broken) return {};
  const Progress before = p;
  std::optional<std::int64_t> broken_seq;
  std::string reason;
  while (true) {
    auto evs = db.query("SELECT kiosk_seq, payload FROM events WHERE kiosk_id = ?1 AND kind = 'audit.appended' AND "
                        "kiosk_seq > ?2 ORDER BY kiosk_seq LIMIT ?3",
                        {kiosk, p.kiosk_seq, kBatch});
    if (!evs) return std::unexpected(evs.error());
    for (const auto& r : *evs) {
      p.kiosk_seq = to_int(r[0]);
      auto e = entry_of(to_text(r[1]));
      if (!e) {
        broken_seq = p.seq + 1;
        reason = "malformed";
        break;
      }
      const std::array<audit::Entry, 1> one{*e};
      if (auto b = audit::verify(one, p.seq + 1, p.hash)) {
        broken_seq = b->seq;
        reason = b->reason;
        break;
      }
      p.seq = e->seq;
      p.hash = e->hash;
    }
    if (broken_seq || static_cast<std::int64_t>(evs->size()) < kBatch) break;
  }
  if (!broken_seq && known && p.kiosk_seq == before.kiosk_seq) return {};
  if (!broken_seq && !known && p.kiosk_seq == 0) return {};  // no entries yet
  return db.exec("INSERT INTO dash_audit_chains(kiosk_id, kiosk_seq, seq, hash, broken_seq, reason, broken_at) "
                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (kiosk_id) DO UPDATE SET kiosk_seq = excluded.kiosk_seq, "
                 "seq = excluded.seq, hash = excluded.hash, broken_seq = excluded.broken_seq, reason = excluded.reason, "
                 "broken_at = excluded.broken_at",
                 {kiosk, p.kiosk_seq, p.seq, p.hash, broken_seq ? SqlValue(*broken_seq) : SqlValue(),
                  broken_seq ? SqlValue(reason) : SqlValue(), broken_seq ? SqlValue(now) : SqlValue()});
}

}  // namespace

Status check_audit_chains(SqlDb& db, UtcMillis now) {
  return db.transaction([&]() -> Status {
    // One checker at a time across processes sharing PostgreSQL; SQLite has one writer.
    if (db.postgres())
      if (auto r = db.exec("SELECT pg_advisory_xact_lock(8008003)"); !r) return r;
    auto ks = db.query("SELECT id FROM kiosks ORDER BY id");
    if (!ks) return std::unexpected(ks.error());
    for (const auto& k : *ks)
      if (auto s = check_one(db, to_text(k[0]), now); !s) return s;
    return {};
  });
}

Result<std::map<std::string, ChainState>> audit_chains(SqlDb& db) {
  auto rows = db.query("SELECT kiosk_id, seq, broken_seq, reason, broken_at FROM dash_audit_chains");
  if (!rows) return std::unexpected(rows.error());
  std::map<std::string, ChainState> out;
  for (const auto& r : *rows) {
    ChainState c{.entries = to_int(r[1]), .broken_seq = std::nullopt, .reason = to_text(r[3]), .broken_at = to_int(r[4])};
    if (r[2]) c.broken_seq = to_int(r[2]);
    out[to_text(r[0])] = std::move(c);
  }
  return out;
}

}  // namespace hp::server::dash
