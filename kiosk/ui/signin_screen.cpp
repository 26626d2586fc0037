// [SECTION] Sign-in (docs/clerks.md): the accounts of this post office on the left, a big PIN
// pad on the right. Two touches and the PIN, or a badge scan and the PIN. A locked account
// says so plainly, with the time left. The supervisor's PIN dialog (approval) is the same pad
// in a modal, over the screen whose action it approves.
#include <algorithm>

#include "kiosk/ui/screens.hpp"
#include "kiosk/ui/widgets.hpp"

namespace hp::ui {
namespace {

std::string minutes_left(UtcMillis until, UtcMillis now) {
  const UtcMillis ms = std::max<UtcMillis>(0, until - now);
  return std::to_string((ms + 59'999) / 60'000);
}

const char* role_key(store::ClerkRole r) {
  switch (r) {
    case store::ClerkRole::Clerk: return "signin.role.clerk";
    case store::ClerkRole::Supervisor: return "signin.role.supervisor";
    case store::ClerkRole::Technician: return "signin.role.technician";
  }
  return "signin.role.clerk";
}

// The PIN as dots, the refusal or lock under it, and the pad. `prefix` names the pad's keys
// ("pad" on the sign-in screen, "sup_pad" in the dialog).
void pin_pad(Frame& f, const char* prefix, std::string& pin, const std::string& refusal, UtcMillis locked_until,
             int tries_left, float width) {
  // The PIN as dots drawn, one per digit (no glyph the fonts might lack), or the hint.
  if (pin.empty()) {
    text(f.fonts.large, f.tr("signin.pin_hint"), col(palette::kMuted));
  } else {
    const ImVec2 at = ImGui::GetCursorScreenPos();
    constexpr float r = 9.0f;
    for (std::size_t i = 0; i < pin.size(); ++i)
      ImGui::GetWindowDrawList()->AddCircleFilled(ImVec2(at.x + r + static_cast<float>(i) * (2 * r + 12), at.y + layout::kLarge / 2),
                                                  r, col(palette::kText));
    ImGui::Dummy(ImVec2(width, layout::kLarge));
  }
  if (!refusal.empty()) {
    std::string msg;
    if (refusal == "signin.locked" || refusal == "signin.locked_now")
      msg = f.t.tr(refusal, {minutes_left(locked_until, f.now), format_local_time(locked_until)});
    else if (refusal == "signin.wrong_pin")
      msg = f.t.tr(refusal, std::to_string(tries_left));
    else
      msg = f.tr(refusal);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    text(nullptr, msg, col(palette::kBad));
    ImGui::PopTextWrapPos();
  } else {
    ImGui::Dummy(ImVec2(0, ImGui::GetFontSize()));
  }
  if (pin.size() > 8) pin.resize(8);
  keypad(f, prefix, pin, Keypad::Digits, width);
}

}  // namespace

void draw_signin(Frame& f) {
  const auto& si = f.s.signin;
  if (f.in.pin_serial != si.serial) {
    f.in.pin.clear();  // a PIN once checked is gone, right or wrong
    f.in.pin_serial = si.serial;
  }
  const float avail_w = ImGui::GetContentRegionAvail().x;
  const float avail_h = ImGui::GetContentRegionAvail().y;
  const float left_w = layout::share(avail_w, 2);
  begin_panel(f, "signin_accounts", ImVec2(left_w, avail_h));
  heading(f, f.tr("signin.title"));
  text(f.fonts.small, f.tr("signin.hint_badge"), col(palette::kMuted));
  begin_panel(f, "signin_list", ImVec2(0, 0), true);
  int n = 0;
  bool any = false;
  for (const auto& c : si.clerks) {
    if (c.disabled) continue;
    any = true;
    const std::string id = "clerk_" + std::to_string(n++);
    const std::string label = c.name + "  ·  " + f.tr(role_key(c.role));
    const bool chosen = si.chosen_id == c.id;
    if (button(f, id.c_str(), label.c_str(), ImVec2(-1, kTouch), chosen ? Tone::Selected : Tone::Normal, !si.checking))
      f.emit(app::cmd::ChooseClerk{c.id});
    // A script's "sign_in NAME PIN" taps the account by its name or its badge (docs/scripts.md).
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    f.reg.add("signin_as:" + c.name, a, b);
    if (!c.badge.empty()) f.reg.add("signin_as:" + c.badge, a, b);
  }
  if (!any) text(nullptr, f.tr(si.loaded ? "signin.no_accounts" : "signin.loading"), col(palette::kMuted));
  end_panel(f, "signin_list", true);
  end_panel(f, "signin_accounts");
  ImGui::SameLine();
  begin_panel(f, "signin_pin", ImVec2(0, avail_h));
  const float pad_w = std::min(ImGui::GetContentRegionAvail().x, 420.0f);
  std::string who;
  for (const auto& c : si.clerks)
    if (c.id == si.chosen_id) who = c.name;
  text(f.fonts.large, who.empty() ? f.tr("signin.choose") : who);
  pin_pad(f, "pad", f.in.pin, si.refusal, si.locked_until, si.tries_left, pad_w);
  ImGui::Dummy(ImVec2(0, layout::kGap));
  const bool can = !si.chosen_id.empty() && !f.in.pin.empty() && !si.checking;
  if (button(f, "signin_go", f.tr(si.checking ? "signin.checking" : "signin.go"), ImVec2(pad_w, layout::kTouchBig),
             Tone::Primary, can))
    f.emit(app::cmd::SignIn{f.in.pin});
  end_panel(f, "signin_pin");
}

void draw_approval(Frame& f) {
  const auto& ap = f.s.approval;
  const bool open = ImGui::IsPopupOpen("approval");
  if (ap.open && !open) {
    ImGui::OpenPopup("approval");
    f.in.approve_pin.clear();
  }
  if (f.in.approve_serial != ap.serial) {
    f.in.approve_pin.clear();
    f.in.approve_serial = ap.serial;
  }
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x / 2, vp->Pos.y + vp->Size.y / 2), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(900.0f, vp->Size.x - 4 * layout::kPad), 0));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(3 * layout::kPad, 3 * layout::kPad));
  const bool shown = ImGui::BeginPopupModal("approval", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove);
  ImGui::PopStyleVar();
  if (!shown) return;
  if (!ap.open) {
    ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    return;
  }
  ImGui::PushFont(f.fonts.large);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(f.t.tr(std::string("approval.what.") + app::to_string(ap.kind), ap.subject).c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopFont();
  text(f.fonts.small, f.tr("approval.hint"), col(palette::kMuted));
  const float w = layout::share(ImGui::GetContentRegionAvail().x, 2);
  ImGui::BeginGroup();
  int n = 0;
  for (const auto& c : f.s.signin.clerks) {
    if (c.disabled || c.role != store::ClerkRole::Supervisor) continue;
    const std::string id = "approver_" + std::to_string(n++);
    if (button(f, id.c_str(), c.name.c_str(), ImVec2(w, kTouch), ap.chosen_id == c.id ? Tone::Selected : Tone::Normal,
               !ap.checking))
      f.emit(app::cmd::ChooseApprover{c.id});
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    f.reg.add("approver_as:" + c.name, a, b);
    if (!c.badge.empty()) f.reg.add("approver_as:" + c.badge, a, b);
  }
  if (n == 0) text(nullptr, f.tr("approval.no_supervisors"), col(palette::kMuted));
  ImGui::Dummy(ImVec2(0, layout::kGap));
  if (button(f, "approve_cancel", f.tr("approval.cancel"), ImVec2(w, layout::kTouchBig))) f.emit(app::cmd::CancelApproval{});
  ImGui::EndGroup();
  ImGui::SameLine();
  ImGui::BeginGroup();
  pin_pad(f, "sup_pad", f.in.approve_pin, ap.refusal, ap.locked_until, 0, w - layout::kGapX);
  ImGui::Dummy(ImVec2(0, layout::kGap));
  const bool can = !ap.chosen_id.empty() && !f.in.approve_pin.empty() && !ap.checking;
  if (button(f, "approve", f.tr(ap.checking ? "signin.checking" : "approval.go"), ImVec2(w - layout::kGapX, layout::kTouchBig),
             Tone::Primary, can))
    f.emit(app::cmd::Approve{f.in.approve_pin});
  ImGui::EndGroup();
  ImGui::EndPopup();
}

}  // namespace hp::ui
