// The pickup flow: the code, the buyer's last four phone digits (counted per order in the
// store, so a rescan, a restart or another clerk does not reset them), payment (cash counted,
// VietQR confirmed by the clerk, prepaid), handover. The amount stored is only what was taken.
#include "kiosk/app/ask_store.hpp"
#include "kiosk/app/controller.hpp"
#include "kiosk/app/scan_kind.hpp"
#include "kiosk/app/signature.hpp"
#include "kiosk/store/store.hpp"
#include "shared/codes/vietqr.hpp"
#include "shared/text.hpp"

namespace hp::app {

void Controller::handle(const cmd::LookupPickup& c) {
  auto& p = state_.pick;
  if (p.committing || p.checking_phone) return;
  const ScanMeaning m = interpret_scan(c.code, "");
  if (m.kind != ScanMeaning::Kind::Pickup) {
    if (m.kind == ScanMeaning::Kind::Invalid || m.kind == ScanMeaning::Kind::Other)
      return notify(Level::Error, "pickup.code_invalid", trim(c.code));
    return notify(Level::Error, "scan.not_pickup_code");
  }
  // An order being verified or paid is work in progress: another code replaces it only when
  // the clerk says so. The same code again reloads it while verifying (its attempts live in the
  // store) and changes nothing during payment.
  if (p.order && (p.step == PickStep::Verify || p.step == PickStep::Pay)) {
    if (p.order->pickup_code != m.code) return ask(QuestionKind::ReplacePickup, m.code);
    if (p.step == PickStep::Pay) return notify(Level::Info, "pickup.already_open", m.code);
  }
  lookup_pickup(m.code);
}

void Controller::lookup_pickup(const std::string& code) {
  auto& p = state_.pick;
  p = PickupState{};
  p.looking_up = true;
  struct Found {
    Result<std::optional<Order>> order;
    std::optional<Pickup> pickup;  // when it was collected already: when and by whom
    Result<std::vector<store::Package>> packages = std::vector<store::Package>{};  // docs/packages.md
  };
  ask_store([code](store::Store& st) {
              Found out{st.order_by_pickup_code(code), std::nullopt};
              if (out.order && *out.order && (*out.order)->status == OrderStatus::Collected)
                if (auto p = st.pickup_by_order((*out.order)->id); p && *p) out.pickup = std::move(**p);
              if (out.order && *out.order) out.packages = st.packages_of_order((*out.order)->id);
              return out;
            },
            [code](Controller& c, Found f) {
              auto& p = c.state_.pick;
              p.looking_up = false;
              auto& r = f.order;
              if (!r) return c.notify_error(r.error());
              if (!*r) return c.notify(Level::Error, "pickup.not_found", code);
              const Order& o = **r;
              if (o.status == OrderStatus::Collected) {
                if (!f.pickup) return c.notify(Level::Error, "pickup.already_collected", code);
                return c.notify_args(Level::Error, "pickup.already_collected_by",
                                     {code, format_local_datetime(f.pickup->collected_at), f.pickup->clerk,
                                      f.pickup->kiosk_id},
                                     "order " + o.id + ", pickup " + f.pickup->id);
              }
              if (o.status != OrderStatus::Ready) return c.notify(Level::Error, "pickup.not_ready", code);
              if (!f.packages) return c.notify_error(f.packages.error());
              p.order = o;
              p.packages = std::move(*f.packages);
              p.due_before_refusals = o.amount_due;
              p.step = PickStep::Verify;
              if (o.locked) return c.notify(Level::Error, "pickup.locked");
              c.notify(Level::Info, "pickup.check_phone", o.buyer_name);
            });
}

void Controller::handle(const cmd::VerifyPhone& c) {
  auto& p = state_.pick;
  if (!p.order || p.step != PickStep::Verify || p.checking_phone) return;
  if (p.order->locked) return notify(Level::Error, "pickup.locked");
  const std::string digits = digits_only(c.last4);
  // A slip of the finger (too few digits) is not a guess: it costs no attempt.
  if (digits.size() != 4) return notify(Level::Error, "pickup.phone_four_digits");
  p.checking_phone = true;
  ask_store(
      [id = p.order->id, digits, max = config_.max_phone_attempts, now = clock_.now()](store::Store& st) {
        return st.check_pickup_phone(id, digits, max, now);
      },
      [id = p.order->id](Controller& c, Result<store::Store::PhoneCheck> r) {
        auto& p = c.state_.pick;
        p.checking_phone = false;
        if (!p.order || p.order->id != id) return;  // the clerk moved on meanwhile
        if (!r) return c.notify_error(r.error());
        p.order->phone_attempts = r->attempts;
        p.order->locked = r->locked;
        if (r->locked) return c.notify(Level::Error, "pickup.locked");
        if (!r->ok)
          return c.notify(Level::Error, "pickup.phone_mismatch",
                          std::to_string(c.config_.max_phone_attempts - r->attempts));
        p.step = PickStep::Pay;
        if (!p.order->cash_on_delivery) {
          p.method = PaymentMethod::Prepaid;
          c.notify(Level::Success, "pickup.verified_prepaid");
        } else {
          p.method = PaymentMethod::Cash;
          c.notify(Level::Info, "pickup.collect_amount", format_vnd(p.order->amount_due));
          c.offer_shift();
        }
      });
}

void Controller::handle(const cmd::ChoosePayment& c) {
  auto& p = state_.pick;
  if (!p.order || p.step != PickStep::Pay || !p.order->cash_on_delivery || p.committing) return;
  if (c.method == PaymentMethod::Prepaid) return;
  p.method = c.method;
  p.qr_received = false;
  if (c.method == PaymentMethod::Cash) offer_shift();
  if (c.method == PaymentMethod::VietQr) {
    codes::VietQrRequest q;
    q.bank_bin = config_.vietqr_bank_bin;
    q.account = config_.vietqr_account;
    q.amount_vnd = p.order->amount_due;
    q.purpose = "Nhan hang " + p.order->pickup_code;
    auto payload = codes::build_vietqr(q);
    if (!payload) return notify_error(payload.error());
    p.vietqr_payload = *payload;
  }
}

void Controller::handle(const cmd::SetCashReceived& c) {
  if (c.amount < 0 || state_.pick.committing) return;
  state_.pick.cash_received = c.amount;
}

void Controller::handle(const cmd::CashExact&) {
  auto& p = state_.pick;
  if (!p.order || p.step != PickStep::Pay || p.method != PaymentMethod::Cash || p.committing) return;
  p.cash_received = p.order->amount_due;
}

void Controller::handle(const cmd::ConfirmQrReceived&) {
  auto& p = state_.pick;
  if (!p.order || p.step != PickStep::Pay || p.method != PaymentMethod::VietQr || p.committing) return;
  p.qr_received = true;
}

void Controller::refresh_change() {
  auto& p = state_.pick;
  p.cash_enough = p.order && p.cash_received >= p.order->amount_due;
  p.change = p.cash_enough ? p.cash_received - p.order->amount_due : 0;
}

void Controller::handle(const cmd::ConfirmPickup&) {
  auto& p = state_.pick;
  if (p.committing || !p.order || p.step != PickStep::Pay) return;
  // Packages scanned and signed for first (controller_packages.cpp).
  if (!p.blocker.empty()) return notify(Level::Error, p.blocker, std::to_string(p.packages_left));
  const Order o = *p.order;
  store::Handover handover = handover_record();
  // A scribble that is not a signature is not kept (an order with packages cannot get here without one).
  const auto strokes = is_signature(p.signature) ? p.signature : std::vector<SignatureStroke>{};
  Pickup rec;
  rec.id = ids_.next();
  rec.order_id = o.id;
  rec.pickup_code = o.pickup_code;
  rec.buyer_name = o.buyer_name;
  rec.clerk = state_.clerk;
  rec.clerk_id = clerk_id();
  rec.kiosk_id = state_.kiosk_id;
  rec.collected_at = clock_.now();
  if (!o.cash_on_delivery) {
    rec.method = PaymentMethod::Prepaid;
  } else if (p.method == PaymentMethod::Cash) {
    // Cash is counted, never assumed: the amount handed over is keyed in, or "exact amount".
    if (p.cash_received <= 0) return notify(Level::Error, "pickup.enter_cash", format_vnd(o.amount_due));
    if (p.cash_received < o.amount_due)
      return notify(Level::Error, "pickup.cash_short", format_vnd(o.amount_due - p.cash_received));
    rec.method = PaymentMethod::Cash;
    rec.amount_paid = o.amount_due;
    rec.cash_tendered = p.cash_received;
  } else {
    if (!p.qr_received) return notify(Level::Error, "pickup.confirm_qr_first");
    rec.method = PaymentMethod::VietQr;
    rec.amount_paid = o.amount_due;
  }
  p.committing = true;
  struct Recorded {
    Status status;
    std::vector<store::NewPrintJob> jobs;
  };
  // The receipt is composed and rendered on the store worker, not the UI thread.
  ask_store(
      [this, o, rec, handover, strokes, job_id = ids_.next(), event_id = ids_.next(), to = route(store::PrintKind::PickupReceipt)](store::Store& st) mutable {
        if (!strokes.empty()) {
          auto png = signature_png(strokes);
          if (!png) return Recorded{std::unexpected(png.error()), {}};
          handover.signature_png = std::move(*png);
        }
        // The receipt says which items went back (docs/packages.md).
        Order shown = o;
        for (const auto& r : handover.refusals)
          if (r.line >= 0 && static_cast<std::size_t>(r.line) < shown.items.size())
            shown.items[static_cast<std::size_t>(r.line)].quantity_text += " (trả lại)";
        auto receipt = composer_.pickup_receipt(shown, rec, false);
        if (!receipt) return Recorded{std::unexpected(receipt.error()), {}};
        std::vector<store::NewPrintJob> jobs{{job_id, store::PrintKind::PickupReceipt, rec.id, std::move(*receipt), false, to}};
        auto status = st.record_pickup(rec, handover, event_id, jobs);
        return Recorded{std::move(status), std::move(jobs)};
      },
      [rec](Controller& c, Recorded r) {
        auto& p = c.state_.pick;
        p.committing = false;
        if (!r.status) return c.notify_error(r.status.error());
        p.done = rec;
        p.step = PickStep::Done;
        if (p.order) p.order->status = OrderStatus::Collected;
        c.send_jobs(std::move(r.jobs));
        const bool cash = rec.method == PaymentMethod::Cash && rec.amount_paid > 0;
        if (cash) c.kick_drawer(rec.pickup_code);
        c.notify(Level::Success, "pickup.saved", rec.pickup_code);
        if (cash && c.state_.shift.loaded && !c.state_.shift.open) {
          // The sale stands (recorded outside any shift); the clerk is asked to open one.
          c.state_.notice.key = "pickup.saved_no_shift";
          c.state_.notice.action = NoticeAction::OpenShift;
          c.state_.notice.action_key = "shift.open_button";
        }
        if (cash) c.load_shift();
        c.cue(Cue::Completed);
      });
}

void Controller::offer_shift() {
  if (!state_.shift.loaded || state_.shift.open) return;
  // Cash with no shift open: the sale is never refused (it is recorded outside any shift),
  // but the clerk is asked to open one, with a button that goes there. The pickup waits.
  notify(Level::Info, "pickup.open_shift_first", format_vnd(state_.pick.order ? state_.pick.order->amount_due : 0));
  state_.notice.action = NoticeAction::OpenShift;
  state_.notice.action_key = "shift.open_button";
}

void Controller::handle(const cmd::CancelPickup&) {
  auto& p = state_.pick;
  if (p.committing) return;
  // A payment under way (cash counted, a QR shown) is asked about; a code just looked up is not.
  if (p.step == PickStep::Pay && p.order && p.order->cash_on_delivery) return ask(QuestionKind::CancelPayment);
  p = PickupState{};
}

}  // namespace hp::app
