// Queue tickets (docs/self-service.md): the self-service kiosk takes them, the counter calls
// them. Both are processes on the same kiosk.db, so every step is one transaction and the
// number comes from the table, never from memory.
#include "kiosk/store/store_impl.hpp"

namespace hp::store {
namespace {

constexpr const char* kTicketColumns =
    "SELECT id, number, kind, farmer_id, pickup_code, label, status, created_at, called_at, called_by FROM queue_tickets ";

std::int64_t day_of(UtcMillis t) { return local_day_start(t); }

Result<QueueTicket> read_ticket(const db::Stmt& s) {
  QueueTicket t{.id = s.text(0), .number = static_cast<int>(s.i64(1)), .kind = TicketKind::Pickup,
                .farmer_id = s.text(3), .pickup_code = s.text(4), .label = s.text(5), .status = TicketStatus::Waiting,
                .created_at = s.i64(7), .called_at = s.i64(8), .called_by = s.text(9)};
  const std::string kind = s.text(2), status = s.text(6);
  if (kind == "dropoff") t.kind = TicketKind::DropOff;
  else if (kind != "pickup") return fail("db.corrupt", "queue ticket " + t.id + " has kind '" + kind + "'");
  if (status == "called") t.status = TicketStatus::Called;
  else if (status == "done") t.status = TicketStatus::Done;
  else if (status != "waiting") return fail("db.corrupt", "queue ticket " + t.id + " has status '" + status + "'");
  return t;
}

Result<std::vector<QueueTicket>> tickets(const db::Db& db, const std::string& where, std::int64_t day,
                                         const std::string& arg = {}) {
  auto s = db.prepare(std::string(kTicketColumns) + where);
  if (!s) return std::unexpected(s.error());
  s->bind(1, day);
  if (!arg.empty()) s->bind(2, arg);
  std::vector<QueueTicket> out;
  while (true) {
    auto row = s->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    auto t = read_ticket(*s);
    if (!t) return std::unexpected(t.error());
    out.push_back(std::move(*t));
  }
  return out;
}

Result<int> waiting_before(const db::Db& db, std::int64_t day, int number) {
  auto s = db.prepare("SELECT count(*) FROM queue_tickets WHERE day = ?1 AND status = 'waiting' AND number < ?2");
  if (!s) return std::unexpected(s.error());
  s->bind(1, day);
  s->bind(2, static_cast<std::int64_t>(number));
  auto row = s->step();
  if (!row) return std::unexpected(row.error());
  return static_cast<int>(s->i64(0));
}

}  // namespace

Result<IssuedTicket> Store::issue_ticket(QueueTicket t, UtcMillis now, const TicketPrint& print) {
  impl_->owner.check("Store::issue_ticket");
  const db::Db& db = impl_->db;
  const std::int64_t day = day_of(now);
  if ((t.kind == TicketKind::DropOff) == t.farmer_id.empty() || (t.kind == TicketKind::Pickup) == t.pickup_code.empty())
    return fail("queue.invalid", "a drop-off ticket names a farmer, a pickup ticket an order");
  auto tx = db::Transaction::begin(db);
  if (!tx) return std::unexpected(tx.error());
  // The same farmer or order still in the queue: their ticket, not a second place.
  auto open = t.kind == TicketKind::DropOff
                  ? tickets(db, "WHERE day = ?1 AND status <> 'done' AND farmer_id = ?2", day, t.farmer_id)
                  : tickets(db, "WHERE day = ?1 AND status <> 'done' AND pickup_code = ?2", day, t.pickup_code);
  if (!open) return std::unexpected(open.error());
  if (!open->empty()) {
    auto ahead = waiting_before(db, day, open->front().number);
    if (!ahead) return std::unexpected(ahead.error());
    return IssuedTicket{open->front(), *ahead, true};
  }
  auto last = db.prepare("SELECT coalesce(max(number), 0) FROM queue_tickets WHERE day = ?1");
  if (!last) return std::unexpected(last.error());
  last->bind(1, day);
  if (auto r = last->step(); !r) return std::unexpected(r.error());
  t.number = static_cast<int>(last->i64(0)) + 1;
  t.status = TicketStatus::Waiting;
  t.created_at = now;
  auto ahead = waiting_before(db, day, t.number);
  if (!ahead) return std::unexpected(ahead.error());
  auto ins = db.prepare(
      "INSERT INTO queue_tickets(id, day, number, kind, farmer_id, pickup_code, label, status, created_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'waiting', ?8)");
  if (!ins) return std::unexpected(ins.error());
  ins->bind_all(t.id, day, static_cast<std::int64_t>(t.number), std::string(to_string(t.kind)), t.farmer_id, t.pickup_code,
                t.label, now);
  if (auto r = ins->run(); !r) return std::unexpected(r.error());
  if (print) {
    auto job = print(t, *ahead);
    if (!job) return std::unexpected(job.error());
    if (auto s = append_jobs(impl_->queue, {*job}, now); !s) return std::unexpected(s.error());
  }
  if (auto c = tx->commit(); !c) return std::unexpected(c.error());
  return IssuedTicket{t, *ahead, false};
}

Result<QueueView> Store::queue_today(UtcMillis now) {
  impl_->owner.check("Store::queue_today");
  const std::int64_t day = day_of(now);
  auto waiting = tickets(impl_->db, "WHERE day = ?1 AND status = 'waiting' ORDER BY number", day);
  if (!waiting) return std::unexpected(waiting.error());
  auto called = tickets(impl_->db, "WHERE day = ?1 AND status = 'called' ORDER BY called_at DESC, number DESC LIMIT 1", day);
  if (!called) return std::unexpected(called.error());
  QueueView v{std::move(*waiting), std::nullopt};
  if (!called->empty()) v.serving = called->front();
  return v;
}

Result<std::optional<QueueTicket>> Store::call_next(const std::string& clerk_id, UtcMillis now) {
  impl_->owner.check("Store::call_next");
  const db::Db& db = impl_->db;
  const std::int64_t day = day_of(now);
  auto tx = db::Transaction::begin(db);
  if (!tx) return std::unexpected(tx.error());
  // Yesterday's calls are over too: a ticket never stays "called" past its day.
  auto done = db.prepare("UPDATE queue_tickets SET status = 'done' WHERE status = 'called' AND (called_by = ?1 OR day < ?2)");
  if (!done) return std::unexpected(done.error());
  done->bind(1, clerk_id);
  done->bind(2, day);
  if (auto r = done->run(); !r) return std::unexpected(r.error());
  auto next = tickets(db, "WHERE day = ?1 AND status = 'waiting' ORDER BY number LIMIT 1", day);
  if (!next) return std::unexpected(next.error());
  std::optional<QueueTicket> called;
  if (!next->empty()) {
    called = next->front();
    called->status = TicketStatus::Called;
    called->called_at = now;
    called->called_by = clerk_id;
    auto up = db.prepare("UPDATE queue_tickets SET status = 'called', called_at = ?2, called_by = ?3 WHERE id = ?1");
    if (!up) return std::unexpected(up.error());
    up->bind_all(called->id, now, clerk_id);
    if (auto r = up->run(); !r) return std::unexpected(r.error());
  }
  if (auto c = tx->commit(); !c) return std::unexpected(c.error());
  return called;
}

}  // namespace hp::store
