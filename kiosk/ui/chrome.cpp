// [SECTION] Top bar (screens, language, clock), the notice line, and the device bar that is
// always in view.
#include <algorithm>

#include "kiosk/ui/screens.hpp"
#include "kiosk/ui/sync_view.hpp"
#include "kiosk/ui/widgets.hpp"

namespace hp::ui {

void draw_top_bar(Frame& f) {
  using app::Screen;
  struct Tab {
    const char* id;
    const char* key;
    Screen screen;
  };
  static constexpr Tab kTabs[] = {{"tab_dropoff", "tab.dropoff", Screen::DropOff},
                                  {"tab_pickup", "tab.pickup", Screen::Pickup},
                                  {"tab_today", "tab.today", Screen::Today},
                                  {"tab_devices", "tab.devices", Screen::Devices}};
  for (const auto& t : kTabs) {
    if (button(f, t.id, f.tr(t.key), ImVec2(210, 60), f.s.screen == t.screen ? Tone::Selected : Tone::Normal))
      f.emit(app::cmd::Navigate{t.screen});
    ImGui::SameLine();
  }
  const float right = ImGui::GetWindowContentRegionMax().x;
  ImGui::SameLine(right - 330);
  const bool vi = f.s.language == "vi";
  if (button(f, "lang", vi ? "English" : "Tiếng Việt", ImVec2(150, 60)))
    f.emit(app::cmd::SetLanguage{vi ? "en" : "vi"});
  ImGui::SameLine();
  ImGui::BeginGroup();
  text(f.fonts.large, format_local_time(f.now));
  text(f.fonts.small, format_local_date(f.now));
  ImGui::EndGroup();
  ImGui::Separator();
}

void draw_notice(Frame& f) {
  const app::Notice& n = f.s.notice;
  if (n.key.empty()) {
    ImGui::Dummy(ImVec2(0, 48));
    return;
  }
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float w = ImGui::GetContentRegionAvail().x;
  ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + w, p.y + 48), level_color(n.level), 6.0f);
  ImGui::SetCursorScreenPos(ImVec2(p.x + 14, p.y + 8));
  // Only the words: the technical detail is on the Devices screen (AppState::problems).
  const std::string msg = f.t.tr(n.key, n.args);
  text(nullptr, msg, IM_COL32_WHITE);
  if (n.action != app::NoticeAction::None && !n.action_key.empty()) {
    ImGui::SetCursorScreenPos(ImVec2(p.x + w - 60 - 8 - 320, p.y));
    if (button(f, "notice_action", f.tr(n.action_key), ImVec2(320, 48))) f.emit(app::cmd::ActOnNotice{});
  }
  ImGui::SetCursorScreenPos(ImVec2(p.x + w - 60, p.y));
  if (button(f, "dismiss", "X", ImVec2(56, 48))) f.emit(app::cmd::DismissNotice{});
  ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + 54));
}

namespace {

ImU32 link_color(dev::Link l) {
  switch (l) {
    case dev::Link::Ready: return IM_COL32(40, 150, 70, 255);
    case dev::Link::Busy: return IM_COL32(40, 90, 160, 255);
    case dev::Link::Error: return IM_COL32(190, 45, 40, 255);
    case dev::Link::Disconnected: break;
  }
  return IM_COL32(120, 120, 120, 255);
}

}  // namespace

void draw_device_bar(Frame& f) {
  ImGui::Separator();
  if (f.demo.enabled) {
    text(f.fonts.small, f.tr("demo.panel"));
    ImGui::SameLine();
    text_field(f, "sim_scan", f.tr("demo.scan_hint"), f.in.sim_scan, 360);
    ImGui::SameLine();
    if (button(f, "sim_scan_go", f.tr("demo.scan"), ImVec2(120, 56)) && !f.in.sim_scan.empty()) {
      f.demo.scans.push_back(f.in.sim_scan);
      f.in.sim_scan.clear();
    }
    ImGui::SameLine();
    text_field(f, "sim_grams", "g", f.in.sim_grams, 130, true);
    ImGui::SameLine();
    if (button(f, "sim_load", f.tr("demo.put_on_scale"), ImVec2(190, 56))) {
      const auto g = parse_int(f.in.sim_grams);
      if (g >= 0) f.demo.load = g * 1000;
    }
    ImGui::SameLine();
    if (button(f, "sim_unload", f.tr("demo.clear_scale"), ImVec2(150, 56))) f.demo.load = 0;
  }
  for (auto kind : {dev::DeviceKind::Scanner, dev::DeviceKind::Scale, dev::DeviceKind::Printer}) {
    auto it = f.s.devices.find(kind);
    if (it == f.s.devices.end()) continue;
    const auto& st = it->second.status;
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddCircleFilled(ImVec2(p.x + 14, p.y + 22), 11, link_color(st.link));
    ImGui::Dummy(ImVec2(30, 44));
    ImGui::SameLine();
    std::string label = std::string(f.tr(std::string("device.") + dev::to_string(kind))) + ": " +
                        f.tr(std::string("link.") + dev::to_string(st.link));
    if (st.link == dev::Link::Error && !st.reason.empty()) label += " - " + std::string(f.tr("err." + st.reason));
    if (kind == dev::DeviceKind::Printer && f.s.print.queued > 0) label += " (" + std::to_string(f.s.print.queued) + ")";
    text(nullptr, label);
    ImGui::SameLine(0, 40);
  }
  draw_sync_pill(f);
}

void draw_print_preview(Frame& f, float height) {
  ImGui::PushStyleColor(ImGuiCol_ChildBg, IM_COL32(250, 250, 245, 255));
  ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(20, 20, 20, 255));
  ImGui::BeginChild("preview", ImVec2(0, height), true);
  if (f.preview.texture && f.preview.width > 0) {
    // Paper at the printer's own resolution, shrunk only if the panel is narrower.
    const float w = std::min(static_cast<float>(f.preview.width), ImGui::GetContentRegionAvail().x);
    const float h = w * static_cast<float>(f.preview.height) / static_cast<float>(f.preview.width);
    ImGui::Image(f.preview.texture, ImVec2(w, h));
  } else {
    ImGui::PushFont(f.fonts.small);
    ImGui::TextUnformatted(f.s.print.last_payload.c_str());
    ImGui::PopFont();
  }
  ImGui::EndChild();
  ImGui::PopStyleColor(2);
}

void draw_with_preview(Frame& f, const std::function<void()>& left) {
  ImGui::BeginChild("done_left", ImVec2(ImGui::GetContentRegionAvail().x * 0.5f, 0), false);
  left();
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("done_right", ImVec2(0, 0), false);
  text(nullptr, f.tr("print.preview"));
  draw_print_preview(f, -1);
  ImGui::EndChild();
}

}  // namespace hp::ui
