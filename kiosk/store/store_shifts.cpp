// Shifts at the drawer, cash movements, farmers' payouts and balances (docs/cash.md). Every
// record is written in one transaction with its outbox event (and its audit entry and print
// job, where it has them).
#include <algorithm>

#include "kiosk/store/store_impl.hpp"

namespace hp::store {
namespace {

using nlohmann::json;

constexpr const char* kShiftColumns =
    "id, clerk_id, clerk, opened_at, float_count, closed_at, closing_count, expected, counted, difference, "
    "coalesce(signed_off_by, ''), coalesce(unsent_at_close, 0), oldest_unsent_at";

json count_json(const cash::CashCount& c) {
  json a = json::array();
  for (auto p : c.pieces) a.push_back(p);
  return a;
}

Result<cash::CashCount> count_from(const std::string& text, const std::string& what) {
  auto j = json::parse(text, nullptr, false);
  cash::CashCount c;
  if (!j.is_array() || j.size() != c.pieces.size()) return fail("db.corrupt", what + ": not a count of nine notes");
  for (std::size_t i = 0; i < c.pieces.size(); ++i) {
    if (!j[i].is_number_integer()) return fail("db.corrupt", what + ": a count that is not a number");
    c.pieces[i] = j[i].get<std::int64_t>();
  }
  return c;
}

Status check_count(const cash::CashCount& c) {
  for (std::size_t i = 0; i < c.pieces.size(); ++i)
    if (c.pieces[i] < 0 || c.pieces[i] > cash::kMaxPieces)
      return fail("cash.pieces", "note " + std::to_string(cash::kDenominations[i]) + ": " + std::to_string(c.pieces[i]));
  return {};
}

Result<Shift> read_shift(const db::Stmt& s) {
  Shift sh;
  sh.id = s.text(0);
  sh.clerk_id = s.text(1);
  sh.clerk = s.text(2);
  sh.opened_at = s.i64(3);
  auto opening = count_from(s.text(4), "shift " + sh.id + " float");
  if (!opening) return std::unexpected(opening.error());
  sh.opening = *opening;
  sh.closed_at = s.opt_i64(5);
  if (sh.closed_at) {
    auto closing = count_from(s.text(6), "shift " + sh.id + " closing count");
    if (!closing) return std::unexpected(closing.error());
    sh.closing = *closing;
    sh.expected = s.i64(7);
    sh.counted = s.i64(8);
    sh.difference = s.i64(9);
  }
  sh.signed_off_by = s.text(10);
  sh.unsent_at_close = s.i64(11);
  sh.oldest_unsent_at = s.opt_i64(12);
  return sh;
}

std::optional<cash::MovementKind> kind_from(std::string_view s) {
  using K = cash::MovementKind;
  for (K k : {K::Float, K::CodCash, K::Payout, K::CashIn, K::CashOut, K::DrawerOpen})
    if (cash::kind_name(k) == s) return k;
  return std::nullopt;
}

json movement_json(const CashMovement& mv) {
  return {{"id", mv.id},
          {"shift_id", mv.shift_id ? json(*mv.shift_id) : json(nullptr)},
          {"kind", cash::kind_name(mv.m.kind)},
          {"amount_vnd", mv.m.amount},
          {"at", mv.m.at},
          {"clerk_id", mv.m.clerk},
          {"ref", mv.m.ref},
          {"approved_by", mv.m.approved_by}};
}

Result<std::optional<Shift>> shift_where(const db::Db& db, const std::string& where, const std::string& arg) {
  auto s = db.prepare(std::string("SELECT ") + kShiftColumns + " FROM shifts WHERE " + where);
  if (!s) return std::unexpected(s.error());
  if (!arg.empty()) s->bind(1, arg);
  auto row = s->step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::optional<Shift>();
  auto sh = read_shift(*s);
  if (!sh) return std::unexpected(sh.error());
  return std::optional<Shift>(std::move(*sh));
}

Result<std::vector<CashMovement>> movements_of(const db::Db& db, const std::string& shift_id) {
  auto s = db.prepare("SELECT id, shift_id, kind, amount, at, clerk_id, ref, approved_by FROM cash_movements "
                      "WHERE shift_id = ?1 ORDER BY at, rowid");
  if (!s) return std::unexpected(s.error());
  s->bind(1, shift_id);
  std::vector<CashMovement> out;
  while (true) {
    auto row = s->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    auto k = kind_from(s->text(2));
    if (!k) return fail("db.corrupt", "cash movement " + s->text(0) + " has unknown kind '" + s->text(2) + "'");
    out.push_back(CashMovement{s->text(0), s->opt_text(1),
                               cash::Movement{*k, s->i64(3), s->i64(4), s->text(5), s->text(6), s->text(7)}});
  }
  return out;
}

// The open shift and its figures against `closing`, inside the caller's transaction (or none).
Result<ShiftFigures> figures_of(const db::Db& db, const cash::CashCount& closing) {
  auto sh = shift_where(db, "closed_at IS NULL", "");
  if (!sh) return std::unexpected(sh.error());
  if (!*sh) return fail("shift.none_open", "no shift is open");
  ShiftFigures f;
  f.shift = std::move(**sh);
  auto mv = movements_of(db, f.shift.id);
  if (!mv) return std::unexpected(mv.error());
  f.movements = std::move(*mv);
  std::vector<cash::Movement> ms;
  for (const auto& m : f.movements)
    if (m.m.kind != cash::MovementKind::Float) ms.push_back(m.m);  // the float is the opening count
  f.balance = cash::reconcile(f.shift.opening, ms, closing);
  auto counts = db.prepare(
      "SELECT count(*), min(o.created_at) FROM outbox o LEFT JOIN outbox_sync s ON s.seq = o.seq WHERE s.seq IS NULL");
  if (!counts) return std::unexpected(counts.error());
  auto row = counts->step();
  if (!row) return std::unexpected(row.error());
  f.unsent = counts->i64(0);
  f.oldest_unsent_at = counts->opt_i64(1);
  return f;
}

Result<std::optional<FarmerBalance>> balance_of(const db::Db& db, std::string_view farmer_id) {
  auto s = db.prepare("SELECT farmer_id, sold_value, paid, balance, as_of, paid_through FROM farmer_balances WHERE farmer_id = ?1");
  if (!s) return std::unexpected(s.error());
  s->bind(1, farmer_id);
  auto row = s->step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::optional<FarmerBalance>();
  FarmerBalance b{s->text(0), s->i64(1), s->i64(2), s->i64(3), s->i64(4), {}};
  auto through = json::parse(s->text(5), nullptr, false);
  if (through.is_object())
    for (auto it = through.begin(); it != through.end(); ++it)
      if (it->is_number_integer()) b.paid_through[it.key()] = it->get<std::int64_t>();
  return std::optional<FarmerBalance>(std::move(b));
}

Result<PayoutRoom> room_of(const db::Db& db, std::string_view farmer_id) {
  PayoutRoom room;
  auto b = balance_of(db, farmer_id);
  if (!b) return std::unexpected(b.error());
  room.pulled = std::move(*b);
  if (!room.pulled) return room;
  // This kiosk's payouts the centre has not counted in the balance yet: those whose outbox
  // event comes after the last one of ours it names (docs/cash.md, Payouts).
  std::string me;
  {
    auto s = db.prepare("SELECT value FROM settings WHERE key = 'sync.kiosk_id'");
    if (!s) return std::unexpected(s.error());
    auto row = s->step();
    if (!row) return std::unexpected(row.error());
    if (*row) me = s->text(0);
  }
  std::int64_t through = 0;
  if (auto it = room.pulled->paid_through.find(me); it != room.pulled->paid_through.end()) through = it->second;
  auto s = db.prepare("SELECT coalesce(sum(p.amount), 0) FROM payouts p JOIN outbox o ON o.id = p.id "
                      "WHERE p.farmer_id = ?1 AND o.seq > ?2");
  if (!s) return std::unexpected(s.error());
  s->bind_all(farmer_id, through);
  auto row = s->step();
  if (!row) return std::unexpected(row.error());
  room.local_since = s->i64(0);
  room.available = std::max<Dong>(0, room.pulled->balance - room.local_since);
  return room;
}

}  // namespace

Status prepare_shift_statements(const db::Db& db, ShiftStmts& s) {
  if (auto r = prepare(db, s.open_id, "SELECT id FROM shifts WHERE closed_at IS NULL"); !r) return r;
  return prepare(db, s.insert_movement,
                 "INSERT INTO cash_movements(id, shift_id, kind, amount, at, clerk_id, ref, approved_by) "
                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
}

Result<std::optional<std::string>> open_shift_id(ShiftStmts& s) {
  Use q(s.open_id);
  auto row = q->step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(q->text(0));
}

Status insert_movement(ShiftStmts& s, const CashMovement& mv) {
  if (trim(mv.id).empty()) return fail("shift.invalid", "a cash movement needs an id");
  if (mv.m.kind != cash::MovementKind::Float)
    if (auto c = cash::check(mv.m); !c) return c;
  if (mv.m.amount < 0) return fail("cash.amount", "a negative amount");
  return run(s.insert_movement, clean(mv.id), mv.shift_id, cash::kind_name(mv.m.kind), mv.m.amount, mv.m.at,
             clean(mv.m.clerk), clean(mv.m.ref), clean(mv.m.approved_by));
}

Status upsert_farmer_balance(const db::Db& db, const FarmerBalance& b, UtcMillis now) {
  const std::string id = clean(b.farmer_id);
  if (id.empty()) return fail("sync.bad_batch", "a farmer balance without a farmer_id");
  // An older balance never replaces a newer one (pages may repeat a record).
  auto s = db.prepare(
      "INSERT INTO farmer_balances(farmer_id, sold_value, paid, balance, as_of, paid_through, pulled_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(farmer_id) DO UPDATE SET sold_value = excluded.sold_value, "
      "paid = excluded.paid, balance = excluded.balance, as_of = excluded.as_of, paid_through = excluded.paid_through, "
      "pulled_at = excluded.pulled_at WHERE excluded.as_of >= farmer_balances.as_of");
  if (!s) return std::unexpected(s.error());
  json through = json::object();
  for (const auto& [k, v] : b.paid_through) through[k] = v;
  s->bind_all(id, b.sold_value, b.paid, b.balance, b.as_of, through.dump(), now);
  return s->run();
}

Result<std::optional<Shift>> Store::current_shift() {
  impl_->owner.check("Store::current_shift");
  return shift_where(impl_->db, "closed_at IS NULL", "");
}

Status Store::open_shift(const Shift& in, const std::string& event_id, const AuditRecord& audit) {
  impl_->owner.check("Store::open_shift");
  Shift s = in;
  s.id = clean(in.id);
  s.clerk_id = clean(in.clerk_id);
  s.clerk = clean(in.clerk);
  if (s.id.empty() || s.clerk_id.empty()) return fail("shift.invalid", "a shift needs an id and a clerk");
  if (auto c = check_count(s.opening); !c) return c;
  auto tx = db::Transaction::begin(impl_->db);
  if (!tx) return std::unexpected(tx.error());
  auto open = open_shift_id(impl_->shifts);
  if (!open) return std::unexpected(open.error());
  if (*open) return fail("shift.already_open", "shift " + **open + " is open");
  auto ins = impl_->db.prepare(
      "INSERT INTO shifts(id, clerk_id, clerk, opened_at, float_count, float_total) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  if (!ins) return std::unexpected(ins.error());
  ins->bind_all(s.id, s.clerk_id, s.clerk, s.opened_at, count_json(s.opening).dump(), s.opening.total());
  if (auto r = ins->run(); !r) return r;
  const CashMovement mv{event_id, s.id, cash::Movement{cash::MovementKind::Float, s.opening.total(), s.opened_at, s.clerk_id, s.id, ""}};
  if (auto r = insert_movement(impl_->shifts, mv); !r) return r;
  const json payload = {{"id", s.id},
                        {"clerk_id", s.clerk_id},
                        {"clerk", s.clerk},
                        {"opened_at", s.opened_at},
                        {"float_count", count_json(s.opening)},
                        {"float_vnd", s.opening.total()}};
  if (auto r = append_event(impl_->queue, event_id, "shift.opened", s.id, payload, s.opened_at); !r) return r;
  if (auto r = append_audit(impl_->audit, impl_->queue, audit); !r) return r;
  return tx->commit();
}

Status Store::record_cash_movement(const CashMovement& in, const AuditRecord& audit) {
  impl_->owner.check("Store::record_cash_movement");
  using K = cash::MovementKind;
  if (in.m.kind != K::CashIn && in.m.kind != K::CashOut && in.m.kind != K::DrawerOpen)
    return fail("shift.invalid", "only cash in, cash out and drawer openings are recorded on their own");
  if (auto c = cash::check(in.m); !c) return c;
  auto tx = db::Transaction::begin(impl_->db);
  if (!tx) return std::unexpected(tx.error());
  auto open = open_shift_id(impl_->shifts);
  if (!open) return std::unexpected(open.error());
  if (!*open && in.m.kind != K::DrawerOpen) return fail("shift.none_open", "cash in or out needs an open shift");
  CashMovement mv = in;
  mv.shift_id = *open;
  if (auto r = insert_movement(impl_->shifts, mv); !r) return r;
  if (auto r = append_event(impl_->queue, mv.id, "cash.moved", clean(mv.id), movement_json(mv), mv.m.at); !r) return r;
  if (auto r = append_audit(impl_->audit, impl_->queue, audit); !r) return r;
  return tx->commit();
}

Result<ShiftFigures> Store::shift_figures(const cash::CashCount& closing) {
  impl_->owner.check("Store::shift_figures");
  return figures_of(impl_->db, closing);
}

Result<Shift> Store::close_shift(const ShiftClose& c) {
  impl_->owner.check("Store::close_shift");
  if (auto r = check_count(c.closing); !r) return std::unexpected(r.error());
  if (clean(c.signed_off_by).empty()) return fail("shift.invalid", "a close needs a supervisor's sign-off");
  auto tx = db::Transaction::begin(impl_->db);
  if (!tx) return std::unexpected(tx.error());
  auto f = figures_of(impl_->db, c.closing);
  if (!f) return std::unexpected(f.error());
  if (f->shift.id != clean(c.shift_id)) return fail("shift.changed", "shift " + c.shift_id + " is not the open one");
  if (f->balance.expected != c.expected)
    return fail("shift.changed", "expected " + std::to_string(f->balance.expected) + ", shown " + std::to_string(c.expected));
  const cash::Balance& b = f->balance;
  auto up = impl_->db.prepare(
      "UPDATE shifts SET closed_at = ?2, closing_count = ?3, expected = ?4, counted = ?5, difference = ?6, "
      "signed_off_by = ?7, unsent_at_close = ?8, oldest_unsent_at = ?9 WHERE id = ?1 AND closed_at IS NULL");
  if (!up) return std::unexpected(up.error());
  const UtcMillis closed_at = std::max(c.closed_at, f->shift.opened_at);
  if (c.unsent < 0) return fail("shift.invalid", "a negative count of unsent events");
  f->unsent = c.unsent;
  f->oldest_unsent_at = c.unsent > 0 ? c.oldest_unsent_at : std::nullopt;
  up->bind_all(f->shift.id, closed_at, count_json(c.closing).dump(), b.expected, b.counted, b.over_short,
               clean(c.signed_off_by), f->unsent, f->oldest_unsent_at);
  if (auto r = up->run(); !r) return std::unexpected(r.error());
  if (impl_->db.changes() != 1) return fail("shift.changed", "shift " + f->shift.id + " closed meanwhile");
  const json payload = {
      {"id", f->shift.id},
      {"kiosk_id", clean(c.kiosk_id)},
      {"clerk_id", f->shift.clerk_id},
      {"clerk", f->shift.clerk},
      {"opened_at", f->shift.opened_at},
      {"closed_at", closed_at},
      {"denominations", cash::kDenominations},
      {"float_count", count_json(f->shift.opening)},
      {"closing_count", count_json(c.closing)},
      {"float_vnd", b.opening_float},
      {"movements",
       {{"count", f->movements.size()},
        {"cod_cash_vnd", b.cod_cash},
        {"payouts_vnd", b.payouts},
        {"cash_in_vnd", b.cash_in},
        {"cash_out_vnd", b.cash_out},
        {"drawer_opens", b.drawer_opens}}},
      {"expected_vnd", b.expected},
      {"counted_vnd", b.counted},
      {"over_short_vnd", b.over_short},
      {"verdict", b.over_short > 0 ? "over" : b.over_short < 0 ? "short" : "exact"},
      {"signed_off_by", clean(c.signed_off_by)},
      {"signed_off_name", clean(c.signed_off_name)},
      {"unsent_events", f->unsent},
      {"oldest_unsent_ms", f->oldest_unsent_at ? json(*f->oldest_unsent_at) : json(nullptr)}};
  if (auto r = append_event(impl_->queue, c.event_id, "shift.closed", f->shift.id, payload, closed_at); !r)
    return std::unexpected(r.error());
  if (auto r = append_audit(impl_->audit, impl_->queue, c.audit); !r) return std::unexpected(r.error());
  if (auto r = append_jobs(impl_->queue, c.jobs, closed_at); !r) return std::unexpected(r.error());
  if (auto r = tx->commit(); !r) return std::unexpected(r.error());
  Shift out = f->shift;
  out.closed_at = closed_at;
  out.closing = c.closing;
  out.expected = b.expected;
  out.counted = b.counted;
  out.difference = b.over_short;
  out.signed_off_by = clean(c.signed_off_by);
  out.signed_off_name = clean(c.signed_off_name);
  out.unsent_at_close = f->unsent;
  out.oldest_unsent_at = f->oldest_unsent_at;
  return out;
}

Result<PayoutRoom> Store::payout_room(std::string_view farmer_id) {
  impl_->owner.check("Store::payout_room");
  return room_of(impl_->db, clean(farmer_id));
}

Status Store::record_payout(const Payout& in, const AuditRecord& audit, const std::vector<NewPrintJob>& jobs) {
  impl_->owner.check("Store::record_payout");
  Payout p = in;
  p.id = clean(in.id);
  p.farmer_id = clean(in.farmer_id);
  p.farmer_name = clean(in.farmer_name);
  p.clerk_id = clean(in.clerk_id);
  p.clerk = clean(in.clerk);
  p.approved_by = clean(in.approved_by);
  if (p.id.empty() || p.farmer_id.empty()) return fail("payout.invalid", "a payout needs an id and a farmer");
  if (p.amount <= 0) return fail("payout.invalid", "a payout pays a positive amount");
  if (p.approved_by.empty()) return fail("payout.invalid", "a payout needs a supervisor's approval");
  auto tx = db::Transaction::begin(impl_->db);
  if (!tx) return std::unexpected(tx.error());
  auto open = open_shift_id(impl_->shifts);
  if (!open) return std::unexpected(open.error());
  if (!*open) return fail("shift.none_open", "a payout needs an open shift");
  // Checked again here, in the write transaction: what the screen showed may be older.
  auto room = room_of(impl_->db, p.farmer_id);
  if (!room) return std::unexpected(room.error());
  if (!room->pulled) return fail("payout.no_balance", "the centre has sent no balance for farmer " + p.farmer_id);
  if (p.amount > room->available)
    return fail("payout.over_balance",
                "farmer " + p.farmer_id + ": " + std::to_string(p.amount) + " asked, " + std::to_string(room->available) + " available");
  p.shift_id = **open;
  p.available_before = room->available;
  const CashMovement mv{p.id, p.shift_id, cash::Movement{cash::MovementKind::Payout, p.amount, p.at, p.clerk_id, p.farmer_id, p.approved_by}};
  if (auto r = insert_movement(impl_->shifts, mv); !r) return r;
  auto ins = impl_->db.prepare(
      "INSERT INTO payouts(id, farmer_id, farmer_name, amount, shift_id, at, clerk_id, clerk, approved_by, "
      "available_before, signature_ref) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
  if (!ins) return std::unexpected(ins.error());
  ins->bind_all(p.id, p.farmer_id, p.farmer_name, p.amount, p.shift_id, p.at, p.clerk_id, p.clerk, p.approved_by,
                p.available_before, clean(p.signature_ref));
  if (auto r = ins->run(); !r) return r;
  const json payload = {{"id", p.id},
                        {"farmer_id", p.farmer_id},
                        {"farmer_name", p.farmer_name},
                        {"amount_vnd", p.amount},
                        {"shift_id", p.shift_id},
                        {"at", p.at},
                        {"clerk_id", p.clerk_id},
                        {"clerk", p.clerk},
                        {"approved_by", p.approved_by},
                        {"available_before_vnd", p.available_before},
                        {"signature_ref", clean(p.signature_ref)}};
  if (auto r = append_event(impl_->queue, p.id, "payout.recorded", p.id, payload, p.at); !r) return r;
  if (auto r = append_audit(impl_->audit, impl_->queue, audit); !r) return r;
  if (auto r = append_jobs(impl_->queue, jobs, p.at); !r) return r;
  return tx->commit();
}

}  // namespace hp::store
