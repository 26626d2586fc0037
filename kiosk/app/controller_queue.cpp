// The self-service kiosk and the queue (docs/self-service.md). In --mode self-service the
// controller takes scans and two buttons only: a buyer's pickup code shows whether the order
// is ready and where its parcels wait, a farmer's member card, and either gives a queue
// ticket. The counter calls the next number, and the drop-off or the order is ready on its
// screen. Both kiosks share kiosk.db; each looks at the queue on a timer of its own.
#include "kiosk/app/ask_store.hpp"
#include "kiosk/app/controller.hpp"
#include "kiosk/store/store.hpp"
#include "shared/text.hpp"

namespace hp::app {

bool Controller::self_service_allows(const cmd::Command& c) const {
  return std::holds_alternative<cmd::Scan>(c) || std::holds_alternative<cmd::SelfServiceDone>(c) ||
         std::holds_alternative<cmd::SetLanguage>(c) || std::holds_alternative<cmd::DismissNotice>(c);
}

void Controller::handle(const cmd::SelfServiceDone&) {
  if (!state_.self_service) return;
  state_.self = SelfServiceState{};
}

int Controller::queue_poll_ms() const {
  if (state_.self_service) return config_.self_poll_s * 1000;
  return config_.queue_poll_s * 1000;
}

void Controller::refresh_queue() {
  if (!state_.queue.shown || state_.queue.polling) return;
  state_.queue.polling = true;
  ask_store([at = clock_.now()](store::Store& st) { return st.queue_today(at); },
            [](Controller& c, Result<store::QueueView> v) {
              auto& q = c.state_.queue;
              q.polling = false;
              if (!v) return c.notify_error(v.error());
              q.waiting = static_cast<int>(v->waiting.size());
              q.serving = std::move(v->serving);
            });
}

void Controller::self_refuse(std::string key, std::string arg) {
  auto& s = state_.self;
  s = SelfServiceState{};
  s.step = SelfStep::Refused;
  s.refusal = std::move(key);
  s.refusal_arg = std::move(arg);
  s.shown_at = clock_.now();
  cue(Cue::Error);
}

namespace {

// What a scan at the self-service kiosk came to, on the store worker: a refusal (a message
// key and its argument), or the ticket taken with its print job, and what the screen shows.
struct Taken {
  Result<store::IssuedTicket> ticket = fail("queue.invalid", "no ticket taken");
  std::optional<store::NewPrintJob> job;  // as stored, to send
  std::string refusal, arg, name, shelf;
  int packages = 0;
};

Taken refused(std::string key, std::string arg = {}) {
  Taken t;
  t.refusal = std::move(key);
  t.arg = std::move(arg);
  return t;
}

Taken failed(const Error& e) {
  Taken t;
  t.ticket = std::unexpected(e);
  return t;
}

// Fills the ticket for the farmer with this member card: the drop-off the clerk will open.
std::optional<Taken> for_farmer(store::Store& st, const std::string& code, store::QueueTicket& t, Taken& out) {
  auto f = st.farmer_by_member_code(code);
  if (!f) return failed(f.error());
  if (!*f) return refused("self.unknown_card", code);
  t.kind = store::TicketKind::DropOff;
  t.farmer_id = (*f)->id;
  t.label = (*f)->name;
  out.name = (*f)->name;
  return std::nullopt;
}

// Fills the ticket for the order with this pickup code, if it is ready and all its parcels
// are here: the buyer is told otherwise, not queued for nothing.
std::optional<Taken> for_order(store::Store& st, const std::string& code, store::QueueTicket& t, Taken& out) {
  auto o = st.order_by_pickup_code(code);
  if (!o) return failed(o.error());
  if (!*o) return refused("self.unknown_order", code);
  const Order& order = **o;
  if (order.status == OrderStatus::Collected) return refused("self.order_collected", code);
  if (order.status == OrderStatus::Cancelled) return refused("self.order_cancelled", code);
  if (order.status == OrderStatus::Returned) return refused("self.order_returned", code);
  auto pk = st.packages_of_order(order.id);
  if (!pk) return failed(pk.error());
  std::size_t here = 0;
  for (const auto& p : *pk) {
    if (p.status == store::PackageStatus::CheckedIn) ++here;
    if (!p.shelf.empty() && out.shelf.empty()) out.shelf = p.shelf;
  }
  if (here < pk->size()) return refused("self.order_not_here", std::to_string(here) + "/" + std::to_string(pk->size()));
  if (out.shelf.empty()) out.shelf = order.shelf;
  out.packages = static_cast<int>(pk->size());
  t.kind = store::TicketKind::Pickup;
  t.pickup_code = order.pickup_code;
  t.label = order.pickup_code;
  return std::nullopt;
}

}  // namespace

void Controller::self_scan(const std::string& text) {
  auto& s = state_.self;
  if (s.looking) return;  // one customer at a time: the second scan waits for the first answer
  const std::string code(trim(text));
  auto parsed = codes::parse_kiosk_code(code);
  if (!parsed || parsed->kind == codes::KioskCodeKind::lot) return self_refuse("self.scan_unknown");
  s = SelfServiceState{};
  s.looking = true;
  // Looked up and the ticket taken in one store job: nothing the customer sees is half done.
  const bool farmer = parsed->kind == codes::KioskCodeKind::member;
  ask_store(
      [this, farmer, code = parsed->code, id = ids_.next(), job_id = ids_.next(), at = clock_.now(),
       to = route(store::PrintKind::QueueTicket)](store::Store& st) {
        Taken out;
        store::QueueTicket t{.id = id, .number = 0, .kind = store::TicketKind::Pickup, .farmer_id = {}, .pickup_code = {},
                             .label = {}, .status = store::TicketStatus::Waiting, .created_at = at, .called_at = 0,
                             .called_by = {}};
        if (auto done = farmer ? for_farmer(st, code, t, out) : for_order(st, code, t, out)) return std::move(*done);
        out.ticket = st.issue_ticket(t, at, [&](const store::QueueTicket& n, int ahead) -> Result<store::NewPrintJob> {
          auto bytes = composer_.queue_ticket(n, ahead);
          if (!bytes) return std::unexpected(bytes.error());
          out.job = store::NewPrintJob{job_id, store::PrintKind::QueueTicket, n.id, std::move(*bytes), false, to};
          return *out.job;
        });
        return out;
      },
      [](Controller& c, Taken t) {
        auto& s = c.state_.self;
        s.looking = false;
        if (!t.refusal.empty()) return c.self_refuse(t.refusal, t.arg);
        if (!t.ticket) {
          c.self_refuse("self.try_counter");
          return c.notify_error(t.ticket.error());
        }
        s.step = SelfStep::Ticket;
        s.shown_at = c.clock_.now();
        s.farmer_name = t.name;
        s.order_code = t.ticket->ticket.pickup_code;
        s.shelf = t.shelf;
        s.packages = t.packages;
        // A second scan while waiting shows the same ticket and prints nothing new.
        if (!t.ticket->again && t.job) c.send_jobs({std::move(*t.job)});
        s.ticket = std::move(*t.ticket);
        c.cue(Cue::Completed);
        c.refresh_queue();
      });
}

void Controller::handle(const cmd::CallNextTicket&) {
  auto& q = state_.queue;
  if (q.calling || !state_.session) return;
  // The farmer or buyer now at the counter is served first: the next waits for the clerk.
  if (!state_.drop.items.empty() || state_.drop.committing || state_.pick.committing)
    return notify(Level::Error, "queue.finish_first");
  q.calling = true;
  struct Called {
    Result<std::optional<store::QueueTicket>> ticket;
    std::optional<Farmer> farmer;
  };
  ask_store(
      [clerk = state_.session->clerk_id, at = clock_.now()](store::Store& st) {
        Called out{st.call_next(clerk, at), std::nullopt};
        if (out.ticket && *out.ticket && (*out.ticket)->kind == store::TicketKind::DropOff)
          if (auto f = st.farmer_by_id((*out.ticket)->farmer_id); f && *f) out.farmer = std::move(**f);
        return out;
      },
      [](Controller& c, Called r) {
        c.state_.queue.calling = false;
        if (!r.ticket) return c.notify_error(r.ticket.error());
        c.refresh_queue();
        if (!*r.ticket) return c.notify(Level::Info, "queue.empty");
        const store::QueueTicket& t = **r.ticket;
        c.state_.queue.serving = t;
        // The drop-off prepared for the clerk: the farmer is chosen, the scale is next. The
        // number called is the notice; the strip above keeps it in view after (the order's
        // lookup says "check the phone" when it lands).
        if (t.kind == store::TicketKind::DropOff) {
          c.state_.screen = Screen::DropOff;
          if (r.farmer && c.state_.drop.items.empty()) {
            c.state_.drop = DropOffState{};
            c.select_farmer(*r.farmer);
          }
        } else {
          c.state_.screen = Screen::Pickup;
          if (!c.state_.pick.committing) c.lookup_pickup(t.pickup_code);
        }
        c.notify_args(Level::Success, "queue.called", {std::to_string(t.number), t.label});
      });
}

void Controller::tick_queue(UtcMillis now) {
  const int period = queue_poll_ms();
  if (state_.queue.shown && period > 0 && now >= next_poll_) {
    next_poll_ = now + period;
    refresh_queue();
  }
  auto& s = state_.self;
  if (state_.self_service && s.step != SelfStep::Welcome && !s.looking &&
      now - s.shown_at >= UtcMillis{config_.self_reset_s} * 1000)
    s = SelfServiceState{};
}

UtcMillis Controller::queue_deadline() const {
  UtcMillis next = 0;
  if (state_.queue.shown && queue_poll_ms() > 0) next = next_poll_;
  const auto& s = state_.self;
  if (state_.self_service && s.step != SelfStep::Welcome) {
    const UtcMillis back = s.shown_at + UtcMillis{config_.self_reset_s} * 1000;
    if (next == 0 || back < next) next = back;
  }
  return next;
}

}  // namespace hp::app
