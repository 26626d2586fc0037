// The drawer's shift (docs/cash.md): open with a float counted by banknote; cash in and out
// with a supervisor's PIN; the close counted by banknote, expected against counted shown
// before the supervisor signs off, then the end-of-shift report printed from the store; and a
// farmer's cash payout, never more than the balance the centre sent less what this kiosk paid
// since. Every record goes through the store worker in one transaction with its event.
#include "kiosk/app/ask_store.hpp"
#include "kiosk/app/controller.hpp"
#include "kiosk/store/store.hpp"
#include "shared/text.hpp"

namespace hp::app {

namespace {

std::string verdict(const cash::Balance& b) {
  const Dong d = b.over_short < 0 ? -b.over_short : b.over_short;
  return (b.over_short > 0 ? "THỪA " : b.over_short < 0 ? "THIẾU " : "KHỚP ") + format_vnd(d);
}

}  // namespace

void Controller::load_shift() {
  struct Loaded {
    Result<std::optional<store::Shift>> shift;
    std::optional<store::ShiftFigures> figures;
  };
  ask_store(
      [](store::Store& st) {
        Loaded l{st.current_shift(), std::nullopt};
        if (l.shift && *l.shift) {
          auto f = st.shift_figures(cash::CashCount{});
          if (!f) l.shift = std::unexpected(f.error());
          else l.figures = std::move(*f);
        }
        return l;
      },
      [](Controller& c, Loaded l) {
        if (!l.shift) return c.notify_error(l.shift.error());
        auto& sh = c.state_.shift;
        sh.loaded = true;
        sh.open = std::move(*l.shift);
        sh.so_far = l.figures ? l.figures->balance : cash::Balance{};
        sh.movements = l.figures ? static_cast<int>(l.figures->movements.size()) : 0;
        if (!sh.open) sh.closing.reset();
      });
}

void Controller::handle(const cmd::OpenShift& c) {
  auto& sh = state_.shift;
  if (sh.committing) return;
  if (sh.open) return notify(Level::Error, "shift.already_open");
  auto count = cash::count_of(c.notes);
  if (!count) return notify_error(count.error());
  store::Shift s;
  s.id = ids_.next();
  s.clerk_id = clerk_id();
  s.clerk = state_.clerk;
  s.opened_at = clock_.now();
  s.opening = *count;
  const store::AuditRecord entry{.id = ids_.next(), .at = s.opened_at, .actor = clerk_id(), .action = "shift.opened",
                                 .subject = s.id, .detail = "float=" + std::to_string(count->total())};
  sh.committing = true;
  ask_store([s, entry, event = ids_.next()](store::Store& st) { return st.open_shift(s, event, entry); },
            [total = count->total()](Controller& c, Status r) {
              c.state_.shift.committing = false;
              if (!r) {
                c.notify_error(r.error());
                return c.load_shift();
              }
              c.notify(Level::Success, "shift.opened", format_vnd(total));
              c.kick_drawer("shift float", "the float goes in");
              c.load_shift();
            });
}

void Controller::handle(const cmd::CashIn& c) {
  if (!state_.shift.open) return notify(Level::Error, "shift.open_first");
  if (c.amount <= 0) return notify(Level::Error, "shift.amount_positive");
  require_approval(ApprovalKind::CashIn, format_vnd(c.amount), [c](Controller& self, const Approver& a) {
    self.cash_movement(cash::MovementKind::CashIn, c.amount, c.note, a);
  });
}

void Controller::handle(const cmd::CashOut& c) {
  if (!state_.shift.open) return notify(Level::Error, "shift.open_first");
  if (c.amount <= 0) return notify(Level::Error, "shift.amount_positive");
  // The drawer cannot give what it does not hold.
  if (c.amount > state_.shift.so_far.expected)
    return notify(Level::Error, "shift.cash_out_over", format_vnd(state_.shift.so_far.expected));
  require_approval(ApprovalKind::CashOut, format_vnd(c.amount), [c](Controller& self, const Approver& a) {
    self.cash_movement(cash::MovementKind::CashOut, c.amount, c.note, a);
  });
}

void Controller::cash_movement(cash::MovementKind kind, Dong amount, std::string note, const Approver& a) {
  const store::CashMovement mv{ids_.next(), std::nullopt,
                               cash::Movement{kind, amount, clock_.now(), clerk_id(), to_nfc(trim(note)), a.clerk_id}};
  const store::AuditRecord entry{.id = ids_.next(), .at = mv.m.at, .actor = clerk_id(),
                                 .action = std::string("cash.") + std::string(cash::kind_name(kind)),
                                 .subject = mv.id,
                                 .detail = "amount=" + std::to_string(amount) + "; approved_by=" + a.clerk_id +
                                           (mv.m.ref.empty() ? "" : "; note=" + mv.m.ref)};
  state_.shift.committing = true;
  ask_store([mv, entry](store::Store& st) { return st.record_cash_movement(mv, entry); },
            [kind, amount](Controller& c, Status r) {
              c.state_.shift.committing = false;
              if (!r) return c.notify_error(r.error());
              using K = cash::MovementKind;
              if (kind == K::DrawerOpen) c.kick_drawer("no sale", "no sale");
              else {
                c.notify(Level::Success, kind == K::CashIn ? "shift.cash_in_saved" : "shift.cash_out_saved", format_vnd(amount));
                c.kick_drawer(kind == K::CashIn ? "cash in" : "cash out");
              }
              c.load_shift();
            });
}

void Controller::handle(const cmd::CountClose& c) {
  auto& sh = state_.shift;
  if (!sh.open) return notify(Level::Error, "shift.open_first");
  if (sh.committing) return;
  auto count = cash::count_of(c.notes);
  if (!count) return notify_error(count.error());
  ask_store([count = *count](store::Store& st) { return st.shift_figures(count); },
            [count = *count](Controller& c, Result<store::ShiftFigures> f) {
              if (!f) return c.notify_error(f.error());
              c.state_.shift.closing = ShiftState::Close{count, f->balance, f->unsent, f->oldest_unsent_at};
              c.notify(f->balance.over_short == 0 ? Level::Success : Level::Error, "shift.count_result", verdict(f->balance));
            });
}

void Controller::handle(const cmd::ConfirmClose&) {
  const auto& sh = state_.shift;
  if (!sh.open || !sh.closing) return notify(Level::Error, "shift.count_first");
  if (sh.committing) return;
  // Events still waiting for the centre: the clerk says whether to close anyway (the report
  // prints how many and since when).
  if (sh.closing->unsent > 0) return ask(QuestionKind::CloseWithUnsent, std::to_string(sh.closing->unsent));
  sign_off_close();
}

void Controller::sign_off_close() {
  const auto& sh = state_.shift;
  if (!sh.open || !sh.closing) return;
  require_approval(ApprovalKind::ShiftSignOff, verdict(sh.closing->balance),
                   [](Controller& c, const Approver& a) { c.close_shift(a); });
}

void Controller::close_shift(const Approver& a) {
  auto& sh = state_.shift;
  if (!sh.open || !sh.closing || sh.committing) return;
  sh.committing = true;
  store::Store::ShiftClose close{.shift_id = sh.open->id, .closing = sh.closing->count, .closed_at = clock_.now(),
                                 .expected = sh.closing->balance.expected, .signed_off_by = a.clerk_id,
                                 .signed_off_name = a.name, .unsent = sh.closing->unsent,
                                 .oldest_unsent_at = sh.closing->oldest_unsent_at, .kiosk_id = state_.kiosk_id,
                                 .event_id = ids_.next(),
                                 .audit = {}, .jobs = {}};
  close.audit = store::AuditRecord{.id = ids_.next(), .at = close.closed_at, .actor = clerk_id(), .action = "shift.closed",
                                   .subject = close.shift_id,
                                   .detail = "expected=" + std::to_string(close.expected) + "; counted=" +
                                             std::to_string(sh.closing->balance.counted) + "; signed_off_by=" + a.clerk_id};
  struct Closed {
    Result<store::Shift> shift;
    std::vector<store::NewPrintJob> jobs;
  };
  ask_store(
      [this, close, job_id = ids_.next(), printer = route(store::PrintKind::ShiftReport)](store::Store& st) mutable -> Closed {
        // The report is made from the store's figures, then stored with the close.
        auto f = st.shift_figures(close.closing);
        if (!f) return {std::unexpected(f.error()), {}};
        if (f->balance.expected != close.expected)
          return {fail("shift.changed", "the drawer's figures changed since they were shown"), {}};
        f->unsent = close.unsent;  // what the clerk was shown and answered about
        f->oldest_unsent_at = close.oldest_unsent_at;
        store::Shift closed = f->shift;
        closed.closed_at = std::max(close.closed_at, closed.opened_at);
        closed.closing = close.closing;
        closed.signed_off_by = close.signed_off_by;
        closed.signed_off_name = close.signed_off_name;
        auto a = st.activity(closed.opened_at, *closed.closed_at + 1);
        if (!a) return {std::unexpected(a.error()), {}};
        auto bytes = composer_.closed_shift_report(closed, *f, close.kiosk_id, a->drop_offs, a->pickups);
        if (!bytes) return {std::unexpected(bytes.error()), {}};
        close.jobs = {{job_id, store::PrintKind::ShiftReport, closed.id, std::move(*bytes), false, printer}};
        auto done = st.close_shift(close);
        return {std::move(done), std::move(close.jobs)};
      },
      [](Controller& c, Closed r) {
        auto& sh = c.state_.shift;
        sh.committing = false;
        if (!r.shift) {
          // A figure moved (a pickup landed): count again against the new figures.
          if (r.shift.error().code == "shift.changed") sh.closing.reset();
          c.notify_error(r.shift.error());
          return c.load_shift();
        }
        cash::Balance b;
        b.over_short = r.shift->difference;
        sh.last_closed = *r.shift;
        sh.open.reset();
        sh.closing.reset();
        sh.so_far = cash::Balance{};
        c.send_jobs(std::move(r.jobs));
        c.notify(Level::Success, "shift.closed", verdict(b));
        c.cue(Cue::Completed);
        c.load_shift();
      });
}

void Controller::handle(const cmd::CancelClose&) {
  if (state_.shift.committing) return;
  state_.shift.closing.reset();
}

// [SECTION] Payouts

void Controller::handle(const cmd::StartPayout&) {
  const auto& d = state_.drop;
  if (!d.farmer) return notify(Level::Error, "payout.choose_farmer");
  if (state_.payout.committing) return;
  state_.payout = PayoutState{.farmer = *d.farmer, .loading = true, .room = std::nullopt, .committing = false, .done = std::nullopt};
  state_.screen = Screen::Shift;
  load_shift();
  ask_store([id = d.farmer->id](store::Store& st) { return st.payout_room(id); },
            [id = d.farmer->id](Controller& c, Result<store::PayoutRoom> r) {
              auto& p = c.state_.payout;
              if (!p.farmer || p.farmer->id != id) return;
              p.loading = false;
              if (!r) return c.notify_error(r.error());
              p.room = std::move(*r);
              if (!p.room->pulled) c.notify(Level::Error, "payout.no_balance", p.farmer->name);
            });
}

void Controller::handle(const cmd::PayOut& c) {
  auto& p = state_.payout;
  if (!p.farmer || !p.room || p.committing) return notify(Level::Error, "payout.choose_farmer");
  if (c.amount <= 0) return notify(Level::Error, "shift.amount_positive");
  if (!state_.shift.open) return notify(Level::Error, "shift.open_first");
  if (!p.room->pulled) return notify(Level::Error, "payout.no_balance", p.farmer->name);
  if (c.amount > p.room->available) return notify(Level::Error, "payout.over_balance", format_vnd(p.room->available));
  if (c.amount > state_.shift.so_far.expected)
    return notify(Level::Error, "shift.cash_out_over", format_vnd(state_.shift.so_far.expected));
  require_approval(ApprovalKind::PayOut, p.farmer->name + " " + format_vnd(c.amount),
                   [amount = c.amount](Controller& self, const Approver& a) { self.pay_out(amount, a); });
}

void Controller::pay_out(Dong amount, const Approver& a) {
  auto& ps = state_.payout;
  if (!ps.farmer || ps.committing) return;
  store::Payout p{.id = ids_.next(), .farmer_id = ps.farmer->id, .farmer_name = ps.farmer->name,
                  .member_code = ps.farmer->member_code, .amount = amount, .shift_id = {}, .at = clock_.now(),
                  .clerk_id = clerk_id(), .clerk = state_.clerk, .approved_by = a.clerk_id, .approved_name = a.name,
                  .available_before = 0, .signature_ref = {}};
  const store::AuditRecord entry{.id = ids_.next(), .at = p.at, .actor = clerk_id(), .action = "payout.paid",
                                 .subject = p.member_code.empty() ? p.farmer_id : p.member_code,
                                 .detail = "payout " + p.id + "; amount=" + std::to_string(amount) + "; approved_by=" + a.clerk_id};
  ps.committing = true;
  struct Paid {
    Status status;
    store::Payout payout;
    std::vector<store::NewPrintJob> jobs;
  };
  ask_store(
      [this, p, entry, job_id = ids_.next(), printer = route(store::PrintKind::PayoutReceipt)](store::Store& st) mutable -> Paid {
        // The receipt prints the balance the store holds now (record_payout checks it again).
        auto room = st.payout_room(p.farmer_id);
        if (!room) return {std::unexpected(room.error()), p, {}};
        if (!room->pulled) return {fail("payout.no_balance", "no balance for farmer " + p.farmer_id), p, {}};
        if (p.amount > room->available)
          return {fail("payout.over_balance", std::to_string(p.amount) + " > " + std::to_string(room->available)), p, {}};
        p.available_before = room->available;
        auto bytes = composer_.payout_receipt(p, false);
        if (!bytes) return {std::unexpected(bytes.error()), p, {}};
        std::vector<store::NewPrintJob> jobs{{job_id, store::PrintKind::PayoutReceipt, p.id, std::move(*bytes), false, printer}};
        auto status = st.record_payout(p, entry, jobs);
        return {std::move(status), p, std::move(jobs)};
      },
      [](Controller& c, Paid r) {
        auto& ps = c.state_.payout;
        ps.committing = false;
        if (!r.status) {
          c.notify_error(r.status.error());
          if (r.status.error().code == "payout.over_balance" && ps.farmer) c.handle(cmd::StartPayout{});
          return;
        }
        ps.done = r.payout;
        if (ps.room) {
          ps.room->local_since += r.payout.amount;
          ps.room->available = r.payout.available_before - r.payout.amount;
        }
        c.send_jobs(std::move(r.jobs));
        c.kick_drawer(r.payout.member_code, "payout " + r.payout.id);
        c.notify(Level::Success, "payout.saved", format_vnd(r.payout.amount));
        c.cue(Cue::Completed);
        c.load_shift();
      });
}

void Controller::handle(const cmd::CancelPayout&) {
  if (state_.payout.committing) return;
  state_.payout = PayoutState{};
}

}  // namespace hp::app
