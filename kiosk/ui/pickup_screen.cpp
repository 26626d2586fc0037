// [SECTION] Pickup: code, the buyer's phone digits, payment, handover.
#include "kiosk/ui/qr_view.hpp"
#include "kiosk/ui/screens.hpp"
#include "kiosk/ui/widgets.hpp"

namespace hp::ui {

namespace {

using app::PickStep;
namespace cmd = app::cmd;

// The figures first (shelf, amount due), then the items, which scroll in their own panel.
void order_card(Frame& f, const Order& o, bool offer_unchecked = false) {
  text(f.fonts.large, o.buyer_name + "  ·  " + o.pickup_code);
  // Past the hold period the parcel is due back to the sender: the clerk may still hand it
  // over, but should know.
  if (o.hold_until > 0 && f.now > o.hold_until)
    text(nullptr, f.t.tr("pickup.overdue", format_local_date(o.hold_until)), col(palette::kBad));
  else if (o.hold_until > 0)
    text(f.fonts.small, f.t.tr("pickup.hold_until", format_local_date(o.hold_until)), col(palette::kMuted));
  text(f.fonts.huge, std::string(f.tr("pickup.shelf")) + " " + o.shelf, col(palette::kInfo));
  if (o.cash_on_delivery)
    text(f.fonts.large, std::string(f.tr("pickup.amount_due")) + ": " + format_vnd(o.amount_due), col(palette::kBad));
  else
    text(f.fonts.large, f.tr("pickup.prepaid"), col(palette::kGood));
  text(nullptr, std::string(f.tr("pickup.total")) + ": " + format_vnd(o.total));
  // A buyer without the phone (docs/packages.md): a supervisor may release it; it is logged.
  if (offer_unchecked && button(f, "handover_unchecked", f.tr("pickup.handover_unchecked"), ImVec2(-1, kTouch)))
    f.emit(cmd::HandoverWithoutPhone{});
  begin_panel(f, "order_items", ImVec2(0, 0), true);
  for (const auto& it : o.items) text(nullptr, "•  " + it.product_name + "   " + it.quantity_text + "   " + format_vnd(it.amount));
  end_panel(f, "order_items", true);
}

void enter_code(Frame& f) {
  heading(f, f.tr("pickup.title"));
  draw_queue_strip(f);
  text(nullptr, f.tr("pickup.hint"));
  const float find_w = 200.0f;
  if (text_field(f, "pickup_code", "PK...", f.in.pickup_code,
                 std::min(520.0f, ImGui::GetContentRegionAvail().x - find_w - layout::kGapX)))
    f.emit(cmd::LookupPickup{f.in.pickup_code});
  ImGui::SameLine();
  if (button(f, "pickup_find", f.tr("pickup.find"), ImVec2(find_w, kTouch), Tone::Primary, !f.s.pick.looking_up))
    f.emit(cmd::LookupPickup{f.in.pickup_code});
  // The packages' own work (docs/packages.md): checking in what arrived, returns to the driver.
  const float pw = std::min(300.0f, layout::share(ImGui::GetContentRegionAvail().x, 2));
  if (button(f, "open_checkin", f.tr("packages.checkin"), ImVec2(pw, kTouch)))
    f.emit(cmd::SetPackagesMode{app::PackagesMode::CheckIn});
  ImGui::SameLine();
  if (button(f, "open_returns", f.tr("packages.returns"), ImVec2(pw, kTouch)))
    f.emit(cmd::SetPackagesMode{app::PackagesMode::Returns});
}

// The step's own action and cancel, side by side at the bottom, always in view.
constexpr float kActionsH = layout::kTouchBig + layout::kGap;

bool cancel_button(Frame& f, float w, bool enabled) {
  return button(f, "pickup_cancel", f.tr("common.cancel"), ImVec2(w, layout::kTouchBig), Tone::Danger, enabled);
}

void verify(Frame& f) {
  const auto& p = f.s.pick;
  begin_panel(f, "order", ImVec2(ImGui::GetContentRegionAvail().x * 0.55f, 0));
  order_card(f, *p.order, !p.packages.empty() && !p.order->locked);
  end_panel(f, "order");
  ImGui::SameLine();
  ImGui::BeginGroup();
  begin_panel(f, "verify", ImVec2(0, -kActionsH), false, true);
  heading(f, f.tr("pickup.phone_title"));
  const float w = ImGui::GetContentRegionAvail().x;
  const float pad_w = std::min(w, 3 * 90.0f);
  bool submit = text_field(f, "last4", "_ _ _ _", f.in.last4, pad_w, true);
  keypad(f, "pad", f.in.last4, Keypad::Digits, pad_w);
  const bool locked = p.order->locked;
  if (locked) text(nullptr, f.tr("pickup.locked"), col(palette::kBad));
  end_panel(f, "verify");
  const float cw = ImGui::GetContentRegionAvail().x;
  const float cancel_w = cw * 0.34f;
  // A locked order is released on the spot by a supervisor's PIN, in the verify button's place.
  if (locked) {
    if (button(f, "release_order", f.tr("pickup.release"), ImVec2(cw - cancel_w - layout::kGapX, layout::kTouchBig)))
      f.emit(cmd::ReleaseOrder{});
  } else {
    submit |= button(f, "verify", f.tr("pickup.verify"), ImVec2(cw - cancel_w - layout::kGapX, layout::kTouchBig),
                     Tone::Primary, !p.checking_phone);
  }
  submit &= !locked;
  if (submit) {
    f.emit(cmd::VerifyPhone{f.in.last4});
    f.in.last4.clear();
  }
  ImGui::SameLine();
  if (cancel_button(f, cancel_w, true)) f.emit(cmd::CancelPickup{});
  ImGui::EndGroup();
}

void cash_entry(Frame& f, const Order& o) {
  const auto& p = f.s.pick;
  const float w = ImGui::GetContentRegionAvail().x;
  const float pad_w = std::min(3 * 84.0f, w * 0.55f);
  const float quick_w = w - pad_w - layout::kGapX;
  auto set = [&](Dong amount) {
    f.in.cash = std::to_string(amount);
    f.emit(cmd::SetCashReceived{amount});
  };
  ImGui::AlignTextToFramePadding();
  text(nullptr, f.tr("pickup.cash_received"));
  ImGui::SameLine();
  if (text_field(f, "cash", "0", f.in.cash, -1, true) || ImGui::IsItemEdited())
    f.emit(cmd::SetCashReceived{std::max<std::int64_t>(0, parse_int(f.in.cash))});
  // Notes a buyer hands over, and the exact amount: one tap each.
  ImGui::BeginGroup();
  if (button(f, "cash_exact", f.tr("pickup.cash_exact"), ImVec2(quick_w, kTouch))) {
    f.emit(cmd::CashExact{});
    f.in.cash = std::to_string(o.amount_due);
  }
  for (Dong note : {100'000, 200'000, 500'000}) {
    const std::string id = "cash_" + std::to_string(note / 1000) + "k";
    if (button(f, id.c_str(), format_vnd(note).c_str(), ImVec2(quick_w, kTouch))) set(note);
  }
  ImGui::EndGroup();
  ImGui::SameLine();
  if (keypad(f, "pad", f.in.cash, Keypad::Cash, pad_w))
    f.emit(cmd::SetCashReceived{std::max<std::int64_t>(0, parse_int(f.in.cash))});
  // The change, or what is still missing, always in view.
  if (p.cash_enough)
    text(f.fonts.large, std::string(f.tr("pickup.change")) + ": " + format_vnd(p.change), col(palette::kGood));
  else if (p.cash_received > 0)
    text(f.fonts.large, std::string(f.tr("pickup.short_by")) + ": " + format_vnd(o.amount_due - p.cash_received), col(palette::kBad));
  else
    text(f.fonts.large, std::string(f.tr("pickup.change")) + ": —", col(palette::kMuted));
}

void pay(Frame& f) {
  const auto& p = f.s.pick;
  const Order& o = *p.order;
  begin_panel(f, "order", ImVec2(ImGui::GetContentRegionAvail().x * layout::kOrderShare, 0));
  order_card(f, o);
  end_panel(f, "order");
  ImGui::SameLine();
  ImGui::BeginGroup();
  // With packages the panel holds their list, the refusals and the signature pad: it scrolls.
  const bool parcels = !p.packages.empty();
  begin_panel(f, "pay", ImVec2(0, -kActionsH), parcels, true);
  if (parcels) {
    draw_handover_packages(f);
    draw_signature_pad(f, 160.0f);
  }
  if (o.cash_on_delivery) {
    const float mw = layout::share(ImGui::GetContentRegionAvail().x, 2);
    if (button(f, "pay_cash", f.tr("pickup.cash"), ImVec2(mw, kTouch), p.method == PaymentMethod::Cash ? Tone::Selected : Tone::Normal))
      f.emit(cmd::ChoosePayment{PaymentMethod::Cash});
    ImGui::SameLine();
    if (button(f, "pay_vietqr", "VietQR", ImVec2(mw, kTouch), p.method == PaymentMethod::VietQr ? Tone::Selected : Tone::Normal))
      f.emit(cmd::ChoosePayment{PaymentMethod::VietQr});
    if (p.method == PaymentMethod::Cash) {
      cash_entry(f, o);
    } else if (!p.vietqr_payload.empty()) {
      // The code as large as the panel allows, with the hint and the button below it.
      const float below = layout::kSmall + layout::kTouch + 3 * layout::kGap;
      const float side = std::min({300.0f, ImGui::GetContentRegionAvail().x, ImGui::GetContentRegionAvail().y - below});
      draw_qr(p.vietqr_payload, side);
      text(f.fonts.small, f.tr("pickup.vietqr_hint"), col(palette::kMuted));
      if (button(f, "qr_received", p.qr_received ? f.tr("pickup.qr_received_done") : f.tr("pickup.qr_received"),
                 ImVec2(-1, kTouch), p.qr_received ? Tone::Selected : Tone::Normal))
        f.emit(cmd::ConfirmQrReceived{});
    }
  } else {
    heading(f, f.tr("pickup.prepaid"));
  }
  end_panel(f, "pay", parcels);
  const float cw = ImGui::GetContentRegionAvail().x;
  const float cancel_w = cw * 0.34f;
  // Not before every package is scanned and the buyer signed (p.blocker says what is missing).
  if (button(f, "handover", p.committing ? f.tr("common.saving") : f.tr("pickup.handover"),
             ImVec2(cw - cancel_w - layout::kGapX, layout::kTouchBig), Tone::Primary, !p.committing && p.blocker.empty()))
    f.emit(cmd::ConfirmPickup{});
  ImGui::SameLine();
  if (cancel_button(f, cancel_w, !p.committing)) f.emit(cmd::CancelPickup{});
  ImGui::EndGroup();
}

void done(Frame& f) {
  const auto& d = *f.s.pick.done;
  draw_with_preview(f, [&] {
    symbol(Symbol::Tick, layout::kLarge, col(palette::kGood));
    ImGui::SameLine();
    text(f.fonts.large, f.tr("pickup.done_title"), col(palette::kGood));
    text(f.fonts.large, d.buyer_name + "  ·  " + d.pickup_code);
    if (d.amount_paid > 0) text(f.fonts.huge, format_vnd(d.amount_paid));
    if (button(f, "next_pickup", f.tr("pickup.next"), ImVec2(-1, layout::kTouchBig), Tone::Primary)) f.emit(cmd::CancelPickup{});
  });
}

}  // namespace

void draw_pickup(Frame& f) {
  const auto& p = f.s.pick;
  const int step = static_cast<int>(p.step);
  if (step != f.in.last_pick_step) {
    // A flow that ended leaves no typing behind: the next code starts in an empty field.
    if (p.step == PickStep::EnterCode || p.step == PickStep::Done) f.in.pickup_code.clear();
    f.in.last_pick_step = step;
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
