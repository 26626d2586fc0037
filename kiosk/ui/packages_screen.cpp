// [SECTION] Packages: check-in of packages from the hub, the handover's package list, refusals
// and signature pad, and the returns list (docs/packages.md).
#include <algorithm>

#include "kiosk/ui/screens.hpp"
#include "kiosk/ui/widgets.hpp"

namespace hp::ui {

namespace {

using app::PackagesMode;
namespace cmd = app::cmd;

void scan_field(Frame& f, const char* hint) {
  const float go_w = 200.0f;
  bool go = text_field(f, "package_code", hint, f.in.package_code,
                       std::min(520.0f, ImGui::GetContentRegionAvail().x - go_w - layout::kGapX));
  ImGui::SameLine();
  go |= button(f, "package_scan", f.tr("packages.scan"), ImVec2(go_w, kTouch), Tone::Primary);
  if (go && !f.in.package_code.empty()) {
    f.emit(cmd::ScanPackage{f.in.package_code});
    f.in.package_code.clear();
  }
}

void check_in(Frame& f) {
  const auto& ci = f.s.packages.checkin;
  text(nullptr, f.tr("checkin.hint"));
  scan_field(f, "RR123456785VN");
  if (ci.pending) {
    const auto& p = *ci.pending;
    // A fresh suggestion fills the field once; what the clerk types then stays.
    if (f.in.shelf_for != p.code) {
      f.in.shelf_for = p.code;
      f.in.shelf = ci.shelf;
    }
    begin_panel(f, "checkin_pending", ImVec2(0, 4 * kTouch + layout::kTouchBig), false, true);
    text(f.fonts.large, p.code + "  ·  " + p.pickup_code + "  ·  " + p.buyer_name);
    ImGui::AlignTextToFramePadding();
    text(nullptr, f.tr("checkin.shelf"));
    ImGui::SameLine();
    if (text_field(f, "shelf", "A-01", f.in.shelf, 240.0f) || ImGui::IsItemEdited()) f.emit(cmd::SetShelf{f.in.shelf});
    text(nullptr, f.t.tr("checkin.hold_until", format_local_date(ci.hold_until)), col(palette::kMuted));
    const float w = layout::share(ImGui::GetContentRegionAvail().x, 2);
    if (button(f, "checkin_confirm", f.tr("checkin.confirm"), ImVec2(w, layout::kTouchBig), Tone::Primary,
               !ci.working && !f.in.shelf.empty())) {
      f.emit(cmd::SetShelf{f.in.shelf});
      f.emit(cmd::ConfirmCheckIn{});
    }
    ImGui::SameLine();
    if (button(f, "checkin_cancel", f.tr("common.cancel"), ImVec2(w, layout::kTouchBig), Tone::Danger, !ci.working))
      f.emit(cmd::CancelCheckIn{});
    end_panel(f, "checkin_pending");
  } else {
    f.in.shelf_for.clear();
  }
  heading(f, f.tr("checkin.recent"));
  begin_panel(f, "checkin_recent", ImVec2(0, 0), true);
  for (const auto& p : ci.recent)
    text(nullptr, p.shelf + "   " + p.code + "   " + p.pickup_code + "   " + p.buyer_name + "   " +
                      f.t.tr("checkin.hold_until", format_local_date(p.hold_until)));
  end_panel(f, "checkin_recent", true);
}

const char* reason_key(const std::string& r) { return r == "refused" ? "returns.reason_refused" : "returns.reason_expired"; }

void returns(Frame& f) {
  const auto& r = f.s.packages.returns;
  text(nullptr, f.tr("returns.hint"));
  scan_field(f, "RR123456785VN / PK...");
  const float w = layout::share(ImGui::GetContentRegionAvail().x, 2);
  if (button(f, "returns_print", f.tr("returns.print"), ImVec2(w, kTouch), Tone::Normal, !r.due.empty()))
    f.emit(cmd::PrintReturnList{});
  ImGui::SameLine();
  if (button(f, "returns_reload", f.tr("returns.reload"), ImVec2(w, kTouch), Tone::Normal, !r.loading))
    f.emit(cmd::SetPackagesMode{PackagesMode::Returns});
  heading(f, f.t.tr("returns.due", std::to_string(r.due.size())).c_str());
  begin_panel(f, "returns_due", ImVec2(0, ImGui::GetContentRegionAvail().y * 0.6f), true);
  for (const auto& e : r.due) {
    std::string line = (e.shelf.empty() ? "-" : e.shelf) + "   " + e.code + "   " + e.buyer_name + "   " + f.tr(reason_key(e.reason));
    if (!e.labelled) line += "   (" + std::string(f.tr("returns.unlabelled")) + ")";
    text(nullptr, line);
  }
  end_panel(f, "returns_due", true);
  heading(f, f.t.tr("returns.out", std::to_string(r.out.size())).c_str());
  begin_panel(f, "returns_out", ImVec2(0, 0), true);
  for (const auto& e : r.out) text(nullptr, "✓ " + e.code + "   " + e.buyer_name, col(palette::kGood));
  end_panel(f, "returns_out", true);
}

}  // namespace

void draw_packages(Frame& f) {
  const auto mode = f.s.packages.mode;
  const float w = std::min(300.0f, layout::share(ImGui::GetContentRegionAvail().x, 3));
  if (button(f, "packages_back", f.tr("packages.back"), ImVec2(w, kTouch))) f.emit(cmd::Navigate{app::Screen::Pickup});
  ImGui::SameLine();
  if (button(f, "mode_checkin", f.tr("packages.checkin"), ImVec2(w, kTouch),
             mode == PackagesMode::CheckIn ? Tone::Selected : Tone::Normal))
    f.emit(cmd::SetPackagesMode{PackagesMode::CheckIn});
  ImGui::SameLine();
  if (button(f, "mode_returns", f.tr("packages.returns"), ImVec2(w, kTouch),
             mode == PackagesMode::Returns ? Tone::Selected : Tone::Normal))
    f.emit(cmd::SetPackagesMode{PackagesMode::Returns});
  if (mode == PackagesMode::CheckIn) check_in(f);
  else returns(f);
}

void draw_handover_packages(Frame& f) {
  const auto& p = f.s.pick;
  if (!p.order) return;
  if (!p.packages.empty()) {
    heading(f, f.t.tr("pickup.packages", std::vector<std::string>{std::to_string(p.packages.size() -
                                                                                  static_cast<std::size_t>(p.packages_left)),
                                                                   std::to_string(p.packages.size())})
                   .c_str());
    // Where to fetch each one, ticked once scanned.
    for (const auto& k : p.packages) {
      const bool got = std::find(p.scanned.begin(), p.scanned.end(), k.code) != p.scanned.end();
      text(nullptr, std::string(got ? "✓ " : "○ ") + (k.shelf.empty() ? "-" : k.shelf) + "   " + k.code,
           col(got ? palette::kGood : palette::kInfo));
    }
  }
  // Items the buyer does not take: a reason each.
  static constexpr std::pair<store::RefusalReason, const char*> kReasons[] = {
      {store::RefusalReason::Damaged, "refusal.damaged"},
      {store::RefusalReason::WrongItem, "refusal.wrong_item"},
      {store::RefusalReason::ChangedMind, "refusal.changed_mind"},
      {store::RefusalReason::Other, "refusal.other"}};
  for (std::size_t i = 0; i < p.order->items.size(); ++i) {
    const int line = static_cast<int>(i);
    const auto refused = std::find_if(p.refusals.begin(), p.refusals.end(), [&](const auto& r) { return r.line == line; });
    const std::string id = "refuse_" + std::to_string(i);
    const std::string label = p.order->items[i].product_name +
                              (refused != p.refusals.end() ? std::string(" — ") + f.tr("pickup.refused") : "");
    if (button(f, id.c_str(), label.c_str(), ImVec2(-1, kTouch), refused != p.refusals.end() ? Tone::Danger : Tone::Normal)) {
      if (refused != p.refusals.end()) f.emit(cmd::UndoRefusal{line});
      else f.in.refusal_line = f.in.refusal_line == line ? -1 : line;
    }
    if (f.in.refusal_line == line && refused == p.refusals.end()) {
      text_field(f, "refusal_note", f.tr("refusal.note"), f.in.refusal_note);
      const float w = layout::share(ImGui::GetContentRegionAvail().x, 4);
      for (std::size_t k = 0; k < 4; ++k) {
        if (k > 0) ImGui::SameLine();
        const std::string rid = "reason_" + std::to_string(k);
        if (button(f, rid.c_str(), f.tr(kReasons[k].second), ImVec2(w, kTouch))) {
          f.emit(cmd::RefuseItem{line, kReasons[k].first, f.in.refusal_note});
          f.in.refusal_line = -1;
          f.in.refusal_note.clear();
        }
      }
    }
  }
}

// The buyer signs with a finger: points go to the controller a stroke at a time.
void draw_signature_pad(Frame& f, float height) {
  const auto& p = f.s.pick;
  text(f.fonts.small, f.tr("pickup.sign_here"), col(palette::kMuted));
  const float w = ImGui::GetContentRegionAvail().x;
  const float h = std::min(height, w / 3.0f);
  const ImVec2 at = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("signature_pad", ImVec2(w, h));
  f.reg.add("signature_pad", at, ImVec2(at.x + w, at.y + h));
  auto* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(at, ImVec2(at.x + w, at.y + h), IM_COL32(255, 255, 255, 255));
  dl->AddRect(at, ImVec2(at.x + w, at.y + h), col(palette::kMuted));
  const float sx = w / app::kSignatureWidth, sy = h / app::kSignatureHeight;
  auto draw = [&](const app::SignatureStroke& s) {
    for (std::size_t i = 1; i < s.size(); ++i)
      dl->AddLine(ImVec2(at.x + s[i - 1].x * sx, at.y + s[i - 1].y * sy), ImVec2(at.x + s[i].x * sx, at.y + s[i].y * sy),
                  IM_COL32(0, 0, 0, 255), 3.0f);
  };
  for (const auto& s : p.signature) draw(s);
  if (ImGui::IsItemActive()) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    const app::SignaturePoint pt{static_cast<int>((m.x - at.x) / sx), static_cast<int>((m.y - at.y) / sy)};
    if (f.in.stroke.empty() || f.in.stroke.back().x != pt.x || f.in.stroke.back().y != pt.y) f.in.stroke.push_back(pt);
  } else if (!f.in.stroke.empty()) {
    f.emit(cmd::AddSignatureStroke{std::move(f.in.stroke)});
    f.in.stroke.clear();
  }
  draw(f.in.stroke);
  if (button(f, "signature_clear", f.tr("pickup.sign_clear"), ImVec2(200.0f, kTouch), Tone::Normal, !p.signature.empty()))
    f.emit(cmd::ClearSignature{});
}

}  // namespace hp::ui
