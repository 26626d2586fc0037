// Clerks at the counter (docs/clerks.md): sign-in with a PIN (the account chosen from the list
// or by a badge scan), the idle lock, the technician's screen, and a supervisor's PIN asked for
// on the spot. Every PIN is checked on the store worker (Argon2id takes about 0.2 s), never on
// the UI thread; the tries and the lock are counted in the store, so a restart keeps them.
#include <iterator>

#include "kiosk/app/ask_store.hpp"
#include "kiosk/app/controller.hpp"
#include "kiosk/store/store.hpp"
#include "shared/text.hpp"

namespace hp::app {

// Names for the log and the dialog's strings (approval.what.<name>), in ApprovalKind's order.
const char* to_string(ApprovalKind k) {
  static constexpr const char* kNames[] = {"weight.manual",      "price.override",      "dropoff.void", "order.release",
                                           "handover.unchecked", "drawer.open_no_sale", "cash.pay_out", "receipt.reprint",
                                           "cash.in",            "cash.out",            "shift.sign_off",
                                           "lot.out"};
  static_assert(std::size(kNames) == static_cast<std::size_t>(ApprovalKind::LotOut) + 1);
  return kNames[static_cast<std::size_t>(k)];
}

namespace {

const store::Clerk* find_clerk(const std::vector<store::Clerk>& all, std::string_view id) {
  for (const auto& c : all)
    if (c.id == id) return &c;
  return nullptr;
}

}  // namespace

const std::string& Controller::clerk_id() const {
  static const std::string kNobody = "kiosk";  // work with no session: start-up, a print job resumed
  return state_.session ? state_.session->clerk_id : (last_clerk_id_.empty() ? kNobody : last_clerk_id_);
}

void Controller::load_clerks() {
  ask_store([](store::Store& st) { return st.clerks(); },
            [](Controller& c, Result<std::vector<store::Clerk>> r) {
              if (!r) return c.notify_error(r.error());
              c.state_.signin.clerks = std::move(*r);
              c.state_.signin.loaded = true;
              // An account disabled at the centre while signed in ends its session now.
              if (c.state_.session) {
                const auto* me = find_clerk(c.state_.signin.clerks, c.state_.session->clerk_id);
                if (!me || me->disabled) c.lock_screen("account disabled");
              }
            });
}

bool Controller::allowed_now(const cmd::Command& c) const {
  const bool anytime = std::holds_alternative<cmd::SetLanguage>(c) || std::holds_alternative<cmd::DismissNotice>(c);
  if (anytime) return true;
  if (!state_.session)
    return std::holds_alternative<cmd::ChooseClerk>(c) || std::holds_alternative<cmd::SignIn>(c) ||
           std::holds_alternative<cmd::Scan>(c);
  if (state_.approval.open)
    return std::holds_alternative<cmd::ChooseApprover>(c) || std::holds_alternative<cmd::Approve>(c) ||
           std::holds_alternative<cmd::CancelApproval>(c) || std::holds_alternative<cmd::Scan>(c);
  return !std::holds_alternative<cmd::ChooseClerk>(c) && !std::holds_alternative<cmd::SignIn>(c);
}

void Controller::handle(const cmd::ChooseClerk& c) {
  auto& si = state_.signin;
  if (si.checking) return;
  const auto* clerk = find_clerk(si.clerks, c.clerk_id);
  if (!clerk) return notify(Level::Error, "signin.unknown");
  si.chosen_id = clerk->id;
  si.refusal.clear();
  si.locked_until = clerk->locked_until;
  si.tries_left = 0;
  if (clerk->disabled) si.refusal = "signin.disabled";
  else if (clerk->locked_until > clock_.now()) si.refusal = "signin.locked";
}

void Controller::handle(const cmd::SignIn& c) {
  auto& si = state_.signin;
  if (si.checking) return;
  if (si.chosen_id.empty()) return notify(Level::Error, "signin.choose_first");
  if (c.pin.empty()) return notify(Level::Error, "signin.pin_empty");
  si.checking = true;
  si.refusal.clear();
  store::PinAttempt a{.who = si.chosen_id, .pin = c.pin, .now = clock_.now(), .max_tries = config_.pin_max_tries,
                      .lock_ms = UtcMillis{config_.pin_lock_s} * 1000, .approval = false, .audit_id = ids_.next()};
  ask_store([a](store::Store& st) { return st.check_clerk_pin(a); },
            [max = config_.pin_max_tries](Controller& c, Result<store::PinCheck> r) {
              auto& si = c.state_.signin;
              si.checking = false;
              ++si.serial;
              if (!r) return c.notify_error(r.error());
              // The list shows the account as it now stands (its tries and lock).
              for (auto& k : si.clerks)
                if (k.id == r->clerk.id) k = r->clerk;
              si.locked_until = r->clerk.locked_until;
              using O = store::PinCheck::Outcome;
              switch (r->outcome) {
                case O::Ok: return c.start_session(r->clerk);
                case O::Wrong:
                  si.tries_left = r->clerk.locked_until > 0 ? 0 : max - r->clerk.failed;
                  si.refusal = r->clerk.locked_until > 0 ? "signin.locked_now" : "signin.wrong_pin";
                  break;
                case O::Locked: si.refusal = "signin.locked"; break;
                case O::Disabled: si.refusal = "signin.disabled"; break;
                case O::Unknown:
                case O::NotAllowed: si.refusal = "signin.unknown"; break;
              }
              c.cue(Cue::Error);
            });
}

void Controller::start_session(const store::Clerk& clerk) {
  // Another clerk's work waits for them; this clerk's own comes back.
  if (!last_clerk_id_.empty() && last_clerk_id_ != clerk.id) {
    parked_[last_clerk_id_] = Parked{state_.screen, std::move(state_.drop), std::move(state_.pick)};
    state_.drop = DropOffState{};
    state_.pick = PickupState{};
    state_.packages.checkin.pending.reset();  // a package scanned but not shelved: the next clerk scans it again
    state_.screen = Screen::DropOff;
    if (auto it = parked_.find(clerk.id); it != parked_.end()) {
      state_.screen = it->second.screen;
      state_.drop = std::move(it->second.drop);
      state_.pick = std::move(it->second.pick);
      parked_.erase(it);
    }
  }
  state_.session = Session{clerk.id, clerk.name, clerk.role};
  state_.clerk = clerk.name;
  last_clerk_id_ = clerk.id;
  state_.signin.chosen_id.clear();
  state_.signin.refusal.clear();
  if (state_.screen == Screen::Devices && clerk.role != store::ClerkRole::Technician) state_.screen = Screen::DropOff;
  last_activity_ = clock_.now();
  notify(Level::Success, "signin.welcome", clerk.name);
  if (state_.screen == Screen::Today) refresh_today();
  request_reading();
}

void Controller::lock_screen(const char* why) {
  if (!state_.session) return;
  audit("clerk.signed_out", state_.session->name, why);
  state_.session.reset();
  state_.approval = ApprovalState{};
  approved_ = nullptr;
  state_.question = Question{};
  state_.signin.chosen_id.clear();
  state_.signin.refusal.clear();
  load_clerks();
}

void Controller::handle(const cmd::SignOut&) { lock_screen("by hand"); }

// [SECTION] Supervisor approval

void Controller::require_approval(ApprovalKind kind, std::string subject,
                                  std::function<void(Controller&, const Approver&)> then) {
  if (state_.approval.open) return notify(Level::Error, "approval.busy");
  state_.approval = ApprovalState{};
  state_.approval.open = true;
  state_.approval.kind = kind;
  state_.approval.subject = std::move(subject);
  // A supervisor at the counter still types their PIN: the approval is a deliberate act.
  if (state_.session && state_.session->role == store::ClerkRole::Supervisor)
    state_.approval.chosen_id = state_.session->clerk_id;
  approved_ = std::move(then);
}

void Controller::handle(const cmd::ChooseApprover& c) {
  auto& ap = state_.approval;
  if (!ap.open || ap.checking) return;
  const auto* clerk = find_clerk(state_.signin.clerks, c.clerk_id);
  if (!clerk) return notify(Level::Error, "signin.unknown");
  ap.chosen_id = clerk->id;
  ap.refusal.clear();
  ap.locked_until = clerk->locked_until;
  if (clerk->role != store::ClerkRole::Supervisor) ap.refusal = "approval.not_supervisor";
}

void Controller::handle(const cmd::Approve& c) {
  auto& ap = state_.approval;
  if (!ap.open || ap.checking) return;
  if (ap.chosen_id.empty()) return notify(Level::Error, "approval.choose_first");
  if (c.pin.empty()) return notify(Level::Error, "signin.pin_empty");
  ap.checking = true;
  ap.refusal.clear();
  store::PinAttempt a{.who = ap.chosen_id, .pin = c.pin, .now = clock_.now(), .max_tries = config_.pin_max_tries,
                      .lock_ms = UtcMillis{config_.pin_lock_s} * 1000, .approval = true, .audit_id = ids_.next(),
                      .action = std::string(to_string(ap.kind)) + " " + ap.subject};
  ask_store([a](store::Store& st) { return st.check_clerk_pin(a); },
            [](Controller& c, Result<store::PinCheck> r) {
              auto& ap = c.state_.approval;
              if (!ap.open) return;  // the screen locked meanwhile: nothing is approved
              ap.checking = false;
              ++ap.serial;
              if (!r) return c.notify_error(r.error());
              for (auto& k : c.state_.signin.clerks)
                if (k.id == r->clerk.id) k = r->clerk;
              ap.locked_until = r->clerk.locked_until;
              using O = store::PinCheck::Outcome;
              switch (r->outcome) {
                case O::Ok: {
                  auto then = std::exchange(c.approved_, nullptr);
                  c.state_.approval = ApprovalState{};
                  if (then) then(c, Approver{r->clerk.id, r->clerk.name});
                  return;
                }
                case O::Wrong: ap.refusal = r->clerk.locked_until > 0 ? "signin.locked_now" : "signin.wrong_pin"; break;
                case O::Locked: ap.refusal = "signin.locked"; break;
                case O::Disabled: ap.refusal = "signin.disabled"; break;
                case O::NotAllowed: ap.refusal = "approval.not_supervisor"; break;
                case O::Unknown: ap.refusal = "signin.unknown"; break;
              }
              c.cue(Cue::Error);
            });
}

void Controller::handle(const cmd::CancelApproval&) {
  state_.approval = ApprovalState{};
  approved_ = nullptr;
}

void Controller::handle(const cmd::ReleaseOrder&) {
  const auto& p = state_.pick;
  if (!p.order || !p.order->locked || p.committing) return notify(Level::Error, "err.pickup.not_locked");
  require_approval(ApprovalKind::ReleaseOrder, p.order->pickup_code, [](Controller& c, const Approver& a) {
    if (!c.state_.pick.order) return;
    const std::string code = c.state_.pick.order->pickup_code;
    c.ask_store(
        [code, by = a.clerk_id, event = c.ids_.next(), audit = c.ids_.next(), now = c.clock_.now()](store::Store& st) {
          return st.unlock_order(code, event, by, now, audit);
        },
        [code](Controller& c, Result<Order> r) {
          if (!r) return c.notify_error(r.error());
          c.notify(Level::Success, "pickup.released", code);
          c.lookup_pickup(code);
        });
  });
}

void Controller::handle(const cmd::OpenDrawer&) {
  if (!devices_.printer) return notify(Level::Error, "drawer.no_printer");
  require_approval(ApprovalKind::OpenDrawer, "", [](Controller& c, const Approver& a) {
    // Recorded as a drawer_open movement of the shift (docs/cash.md), then the drawer kicks.
    const store::CashMovement mv{c.ids_.next(), std::nullopt,
                                 cash::Movement{cash::MovementKind::DrawerOpen, 0, c.clock_.now(), c.clerk_id(), "no sale", a.clerk_id}};
    const store::AuditRecord entry{.id = c.ids_.next(), .at = mv.m.at, .actor = c.clerk_id(), .action = "cash.drawer_open",
                                   .subject = mv.id, .detail = "no sale; approved_by=" + a.clerk_id};
    c.ask_store([mv, entry](store::Store& st) { return st.record_cash_movement(mv, entry); },
                [by = a.clerk_id](Controller& c, Status r) {
                  if (!r) return c.notify_error(r.error());
                  c.kick_drawer("no sale", "no sale; approved_by=" + by);
                  c.load_shift();
                });
  });
}

}  // namespace hp::app
