// [SECTION] Pickup: code, the buyer's phone digits, payment, handover.
#include "kiosk/ui/qr_view.hpp"
#include "kiosk/ui/screens.hpp"
#include "kiosk/ui/widgets.hpp"

namespace hp::ui {

namespace {

using app::PickStep;
namespace cmd = app::cmd;

void order_card(Frame& f, const Order& o) {
  text(f.fonts.large, o.buyer_name + "  ·  " + o.pickup_code);
  // Past the hold period the parcel is due back to the sender: the clerk may still hand it
  // over, but should know.
  if (o.hold_until > 0 && f.now > o.hold_until)
    text(nullptr, f.t.tr("pickup.overdue", format_local_date(o.hold_until)), IM_COL32(190, 45, 40, 255));
  else if (o.hold_until > 0)
    text(f.fonts.small, f.t.tr("pickup.hold_until", format_local_date(o.hold_until)));
  text(f.fonts.huge, std::string(f.tr("pickup.shelf")) + " " + o.shelf, IM_COL32(40, 90, 160, 255));
  for (const auto& it : o.items) text(nullptr, "•  " + it.product_name + "   " + it.quantity_text + "   " + format_vnd(it.amount));
  text(nullptr, std::string(f.tr("pickup.total")) + ": " + format_vnd(o.total));
  if (o.cash_on_delivery)
    text(f.fonts.large, std::string(f.tr("pickup.amount_due")) + ": " + format_vnd(o.amount_due), IM_COL32(190, 45, 40, 255));
  else
    text(f.fonts.large, f.tr("pickup.prepaid"), IM_COL32(40, 150, 70, 255));
}

void enter_code(Frame& f) {
  heading(f, f.tr("pickup.title"));
  text(nullptr, f.tr("pickup.hint"));
  if (text_field(f, "pickup_code", "PK...", f.in.pickup_code, 520)) f.emit(cmd::LookupPickup{f.in.pickup_code});
  ImGui::SameLine();
  if (button(f, "pickup_find", f.tr("pickup.find"), ImVec2(200, 0), Tone::Primary, !f.s.pick.looking_up))
    f.emit(cmd::LookupPickup{f.in.pickup_code});
}

// Handover and cancel stay pinned at the bottom of the panel, always reachable.
float actions_height(int buttons_64, int buttons_80) {
  return buttons_64 * 64.0f + buttons_80 * 80.0f + (buttons_64 + buttons_80) * ImGui::GetStyle().ItemSpacing.y;
}

void verify(Frame& f) {
  const auto& p = f.s.pick;
  ImGui::BeginChild("order", ImVec2(ImGui::GetContentRegionAvail().x * 0.55f, 0), false);
  order_card(f, *p.order);
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginGroup();
  ImGui::BeginChild("verify", ImVec2(0, -actions_height(1, 1)), true);
  heading(f, f.tr("pickup.phone_title"));
  if (!f.in.keypad_target) f.in.keypad_target = &f.in.last4;
  bool submit = text_field(f, "last4", "_ _ _ _", f.in.last4, 240, true);
  submit |= keypad(f, "pad", 76, 56);
  ImGui::EndChild();
  const bool locked = p.order->locked;
  if (locked) text(nullptr, f.tr("pickup.locked"), IM_COL32(160, 30, 30, 255));
  submit |= button(f, "verify", f.tr("pickup.verify"), ImVec2(-1, 80), Tone::Primary, !locked && !p.checking_phone);
  submit &= !locked;
  if (submit) {
    f.emit(cmd::VerifyPhone{f.in.last4});
    f.in.last4.clear();
  }
  if (button(f, "pickup_cancel", f.tr("common.cancel"), ImVec2(-1, 64), Tone::Danger)) f.emit(cmd::CancelPickup{});
  ImGui::EndGroup();
}

void pay(Frame& f) {
  const auto& p = f.s.pick;
  const Order& o = *p.order;
  ImGui::BeginChild("order", ImVec2(ImGui::GetContentRegionAvail().x * 0.45f, 0), false);
  order_card(f, o);
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginGroup();
  ImGui::BeginChild("pay", ImVec2(0, -actions_height(1, 1)), true);
  if (o.cash_on_delivery) {
    heading(f, f.tr("pickup.payment"));
    if (button(f, "pay_cash", f.tr("pickup.cash"), ImVec2(200, 0), p.method == PaymentMethod::Cash ? Tone::Selected : Tone::Normal))
      f.emit(cmd::ChoosePayment{PaymentMethod::Cash});
    ImGui::SameLine();
    if (button(f, "pay_vietqr", "VietQR", ImVec2(200, 0), p.method == PaymentMethod::VietQr ? Tone::Selected : Tone::Normal))
      f.emit(cmd::ChoosePayment{PaymentMethod::VietQr});
    if (p.method == PaymentMethod::Cash) {
      ImGui::BeginGroup();
      if (!f.in.keypad_target) f.in.keypad_target = &f.in.cash;
      if (text_field(f, "cash", f.tr("pickup.cash_received"), f.in.cash, 280, true) || ImGui::IsItemEdited())
        f.emit(cmd::SetCashReceived{std::max<std::int64_t>(0, parse_int(f.in.cash))});
      if (p.cash_received > 0) text(nullptr, format_vnd(p.cash_received));
      if (button(f, "cash_exact", f.tr("pickup.cash_exact"), ImVec2(280, 56))) {
        f.emit(cmd::CashExact{});
        f.in.cash = std::to_string(o.amount_due);
      }
      if (p.cash_enough) text(f.fonts.large, std::string(f.tr("pickup.change")) + ":\n" + format_vnd(p.change));
      ImGui::EndGroup();
      ImGui::SameLine();
      if (keypad(f, "pad", 70, 54)) f.emit(cmd::SetCashReceived{std::max<std::int64_t>(0, parse_int(f.in.cash))});
    } else if (!p.vietqr_payload.empty()) {
      draw_qr(p.vietqr_payload, 300);
      text(f.fonts.small, f.tr("pickup.vietqr_hint"));
      if (button(f, "qr_received", p.qr_received ? f.tr("pickup.qr_received_done") : f.tr("pickup.qr_received"),
                 ImVec2(-1, 64), p.qr_received ? Tone::Selected : Tone::Normal))
        f.emit(cmd::ConfirmQrReceived{});
    }
  } else {
    heading(f, f.tr("pickup.prepaid"));
  }
  ImGui::EndChild();
  if (button(f, "handover", p.committing ? f.tr("common.saving") : f.tr("pickup.handover"), ImVec2(-1, 80), Tone::Primary,
             !p.committing))
    f.emit(cmd::ConfirmPickup{});
  if (button(f, "pickup_cancel", f.tr("common.cancel"), ImVec2(-1, 64), Tone::Danger, !p.committing)) f.emit(cmd::CancelPickup{});
  ImGui::EndGroup();
}

void done(Frame& f) {
  const auto& d = *f.s.pick.done;
  draw_with_preview(f, [&] {
    text(f.fonts.large, f.tr("pickup.done_title"), IM_COL32(40, 170, 80, 255));
    text(f.fonts.large, d.buyer_name + "  ·  " + d.pickup_code);
    if (d.amount_paid > 0) text(f.fonts.huge, format_vnd(d.amount_paid));
    if (button(f, "next_pickup", f.tr("pickup.next"), ImVec2(-1, 80), Tone::Primary)) {
      f.emit(cmd::CancelPickup{});
      f.in.pickup_code.clear();
      f.in.cash.clear();
    }
  });
}

}  // namespace

void draw_pickup(Frame& f) {
  const auto& p = f.s.pick;
  const int step = static_cast<int>(p.step);
  if (step != f.in.last_pick_step) {
    f.in.last_pick_step = step;
    f.in.keypad_target = nullptr;
    f.in.last4.clear();
    f.in.cash.clear();
  }
  switch (p.step) {
    case PickStep::EnterCode: enter_code(f); break;
    case PickStep::Verify:
      if (p.order) verify(f);
      break;
    case PickStep::Pay:
      if (p.order) pay(f);
      break;
    case PickStep::Done:
      if (p.done) done(f);
      break;
  }
}

}  // namespace hp::ui
