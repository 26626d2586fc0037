// The outbox (events for the centre, in local order) and the print queue. Both are written in
// the transaction of the business record they belong to.
#include "kiosk/store/store_impl.hpp"

namespace hp::store {

Status prepare_queue_statements(const db::Db& db, QueueStmts& s) {
  if (auto r = prepare(db, s.insert_job,
                       "INSERT INTO print_jobs(id, kind, ref_id, payload, copy, status, attempts, created_at, printer) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, 'queued', 0, ?6, ?7)");
      !r)
    return r;
  if (auto r = prepare(db, s.unfinished_jobs,
                       "SELECT id, kind, ref_id, payload, copy, status, created_at, attempts, printer FROM print_jobs "
                       "WHERE status NOT IN ('printed', 'failed', 'superseded') ORDER BY seq");
      !r)
    return r;
  if (auto r = prepare(db, s.job_status, "SELECT status FROM print_jobs WHERE id = ?1"); !r) return r;
  if (auto r = prepare(db, s.update_job,
                       "UPDATE print_jobs SET status = ?2, attempts = attempts + ?3 WHERE id = ?1");
      !r)
    return r;
  if (auto r = prepare(db, s.insert_event,
                       "INSERT INTO outbox(id, kind, entity_id, payload, created_at) VALUES (?1, ?2, ?3, ?4, ?5)");
      !r)
    return r;
  return prepare(db, s.events_after,
                 "SELECT seq, id, kind, entity_id, payload, created_at FROM outbox WHERE seq > ?1 ORDER BY seq LIMIT ?2");
}

Status append_event(QueueStmts& q, const std::string& event_id, std::string_view kind, std::string_view entity_id,
                    const nlohmann::json& payload, UtcMillis at) {
  if (trim(event_id).empty()) return fail("outbox.invalid", "an outbox event needs an id");
  // Replacing (not throwing on) bad UTF-8 keeps a write from failing on text the store already
  // normalised; to_nfc has turned invalid sequences into U+FFFD anyway.
  const std::string json = payload.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return run(q.insert_event, trim(event_id), kind, entity_id, json, at);
}

namespace {

Status insert_job(QueueStmts& q, const NewPrintJob& j, UtcMillis at) {
  if (trim(j.id).empty()) return fail("print.invalid", "a print job needs an id");
  q.insert_job.reset();
  // The payload is printer bytes, stored as they are (no text normalisation).
  q.insert_job.bind_all(trim(j.id), to_string(j.kind), clean(j.ref_id));
  q.insert_job.bind_blob(4, j.payload.data(), j.payload.size());
  q.insert_job.bind(5, j.copy ? 1 : 0).bind(6, at).bind(7, to_string(j.printer));
  return q.insert_job.run();
}

bool allowed(PrintStatus from, PrintStatus to) {
  using S = PrintStatus;
  switch (from) {
    case S::Queued: return to == S::Sent;
    case S::Sent: return to == S::Printed || to == S::Failed || to == S::Superseded;
    case S::Failed: return to == S::Queued || to == S::Printed;
    case S::Printed:
    case S::Superseded: return false;
  }
  return false;
}

Status mark_one(QueueStmts& q, std::string_view id, PrintStatus status) {
  PrintStatus current{};
  {
    Use s(q.job_status);
    s->bind(1, id);
    auto row = s->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return fail("print.not_found", "no print job " + std::string(id));
    auto st = print_status_from(s->text(0));
    if (!st) return fail("db.corrupt", "print job " + std::string(id) + " has unknown status '" + s->text(0) + "'");
    current = *st;
  }
  if (current == status) return {};  // a repeated report changes nothing
  if (!allowed(current, status))
    return fail("print.bad_transition", "print job " + std::string(id) + " cannot go from " +
                                            std::string(to_string(current)) + " to " + std::string(to_string(status)));
  const int attempt = status == PrintStatus::Printed || status == PrintStatus::Failed ? 1 : 0;
  return run(q.update_job, id, to_string(status), attempt);
}

}  // namespace

Status append_jobs(QueueStmts& q, const std::vector<NewPrintJob>& jobs, UtcMillis at) {
  for (const auto& j : jobs)
    if (auto r = insert_job(q, j, at); !r) return r;
  return {};
}

Status Store::add_print_job(const NewPrintJob& j, UtcMillis now) {
  impl_->owner.check("Store::add_print_job");
  return insert_job(impl_->queue, j, now);
}

Status Store::add_print_job(const NewPrintJob& j, UtcMillis now, const AuditRecord& audit) {
  impl_->owner.check("Store::add_print_job");
  auto tx = db::Transaction::begin(impl_->db);
  if (!tx) return std::unexpected(tx.error());
  if (auto s = insert_job(impl_->queue, j, now); !s) return s;
  if (auto s = append_audit(impl_->audit, impl_->queue, audit); !s) return s;
  return tx->commit();
}

// Everything not known to be finished: a status this program does not know (a newer one wrote
// it, or damage) comes back as db.corrupt rather than being skipped, since it may be a receipt
// a farmer is owed.
Result<std::vector<PrintJob>> Store::unfinished_print_jobs() {
  impl_->owner.check("Store::unfinished_print_jobs");
  Use s(impl_->queue.unfinished_jobs);
  std::vector<PrintJob> out;
  while (true) {
    auto row = s->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    auto kind = print_kind_from(s->text(1));
    auto status = print_status_from(s->text(5));
    auto printer = printer_role_from(s->text(8));
    if (!kind || !status || !printer)
      return fail("db.corrupt", "print job " + s->text(0) + " has unknown kind, status or printer '" + s->text(1) +
                                    "', '" + s->text(5) + "', '" + s->text(8) + "'");
    out.push_back(PrintJob{.id = s->text(0),
                           .kind = *kind,
                           .ref_id = s->text(2),
                           .payload = s->blob(3),
                           .copy = s->i64(4) != 0,
                           .status = *status,
                           .created_at = s->i64(6),
                           .attempts = static_cast<int>(s->i64(7)),
                           .printer = *printer});
  }
  return out;
}

Status Store::mark_print_jobs(const std::vector<std::string>& ids, PrintStatus status) {
  impl_->owner.check("Store::mark_print_jobs");
  auto tx = db::Transaction::begin(impl_->db);
  if (!tx) return std::unexpected(tx.error());
  for (const auto& id : ids)
    if (auto r = mark_one(impl_->queue, id, status); !r) return r;
  return tx->commit();
}

Status Store::mark_print_job(std::string_view id, PrintStatus status) {
  impl_->owner.check("Store::mark_print_job");
  return mark_print_jobs({std::string(id)}, status);
}

Status Store::supersede_print_job(std::string_view id, const NewPrintJob& copy, UtcMillis now) {
  impl_->owner.check("Store::supersede_print_job");
  auto tx = db::Transaction::begin(impl_->db);
  if (!tx) return std::unexpected(tx.error());
  if (auto r = mark_one(impl_->queue, id, PrintStatus::Superseded); !r) return r;
  if (auto r = insert_job(impl_->queue, copy, now); !r) return r;
  return tx->commit();
}

Result<std::vector<OutboxEvent>> read_events(db::Stmt& s) {
  std::vector<OutboxEvent> out;
  while (true) {
    auto row = s.step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    out.push_back(OutboxEvent{.seq = s.i64(0),
                              .id = s.text(1),
                              .kind = s.text(2),
                              .entity_id = s.text(3),
                              .payload = s.text(4),
                              .created_at = s.i64(5)});
  }
  return out;
}

Result<std::vector<OutboxEvent>> Store::outbox_after(std::int64_t seq, int limit) {
  impl_->owner.check("Store::outbox_after");
  std::vector<OutboxEvent> out;
  if (limit <= 0) return out;
  Use s(impl_->queue.events_after);
  s->bind_all(seq, limit);
  return read_events(*s);
}

}  // namespace hp::store
