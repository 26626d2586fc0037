// The audit log: append-only, hash-chained (docs/audit.md). Every entry also goes up to the
// centre as an "audit.appended" event, where the chain is checked again.
#include "kiosk/store/store_impl.hpp"

namespace hp::store {

Status prepare_audit_statements(const db::Db& db, AuditStmts& s) {
  if (auto r = prepare(db, s.last, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"); !r) return r;
  if (auto r = prepare(db, s.insert,
                       "INSERT INTO audit_log(seq, id, at, actor, action, subject, detail, prev_hash, hash) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
      !r)
    return r;
  return prepare(db, s.after,
                 "SELECT seq, id, at, actor, action, subject, detail, prev_hash, hash FROM audit_log "
                 "WHERE seq > ?1 ORDER BY seq LIMIT ?2");
}

Status append_audit(AuditStmts& a, QueueStmts& q, const AuditRecord& r) {
  audit::Entry e{.seq = 1, .id = clean(r.id), .at = r.at, .actor = clean(r.actor), .action = clean(r.action),
                 .subject = clean(r.subject), .detail = clean(r.detail), .prev_hash = audit::kGenesis, .hash = {}};
  if (e.id.empty() || e.actor.empty() || e.action.empty())
    return fail("audit.invalid", "an audit entry needs an id, an actor and an action");
  {
    Use last(a.last);
    auto row = last->step();
    if (!row) return std::unexpected(row.error());
    if (*row) {
      e.seq = last->i64(0) + 1;
      e.prev_hash = last->text(1);
    }
  }
  e.hash = audit::entry_hash(e);
  if (auto s = run(a.insert, e.seq, e.id, e.at, e.actor, e.action, e.subject, e.detail, e.prev_hash, e.hash); !s) return s;
  const nlohmann::json payload = {{"seq", e.seq},       {"id", e.id},         {"at", e.at},
                                  {"actor", e.actor},   {"action", e.action}, {"subject", e.subject},
                                  {"detail", e.detail}, {"prev_hash", e.prev_hash}, {"hash", e.hash}};
  return append_event(q, e.id, "audit.appended", e.id, payload, e.at);
}

Status Store::audit(const AuditRecord& r) {
  impl_->owner.check("Store::audit");
  auto tx = db::Transaction::begin(impl_->db);
  if (!tx) return std::unexpected(tx.error());
  if (auto s = append_audit(impl_->audit, impl_->queue, r); !s) return s;
  return tx->commit();
}

Result<std::vector<audit::Entry>> Store::audit_entries(std::int64_t after_seq, int limit) {
  impl_->owner.check("Store::audit_entries");
  std::vector<audit::Entry> out;
  Use s(impl_->audit.after);
  s->bind(1, after_seq);
  s->bind(2, limit);
  while (true) {
    auto row = s->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    out.push_back(audit::Entry{.seq = s->i64(0), .id = s->text(1), .at = s->i64(2), .actor = s->text(3),
                               .action = s->text(4), .subject = s->text(5), .detail = s->text(6),
                               .prev_hash = s->text(7), .hash = s->text(8)});
  }
  return out;
}

}  // namespace hp::store
