// [SECTION] Top bar (screens, language, clock), the notice line, and the device bar that is
// always in view. Each lives in its fixed region (app_view.cpp).
#include <algorithm>
#include <cmath>

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
                                  {"tab_shift", "tab.shift", Screen::Shift},
                                  {"tab_devices", "tab.devices", Screen::Devices}};
  const std::string time = format_local_time(f.now);
  const std::string date = format_local_date(f.now);
  ImGui::PushFont(f.fonts.large);
  const float time_w = ImGui::CalcTextSize(time.c_str()).x;
  ImGui::PopFont();
  ImGui::PushFont(f.fonts.small);
  const float clock_w = std::max(time_w, ImGui::CalcTextSize(date.c_str()).x);
  ImGui::PopFont();
  const float lang_w = 160.0f;
  const float avail = ImGui::GetContentRegionAvail().x;
  const float lock_w = 150.0f;
  // Each tab as wide as its label needs (up to 220), shrunk alike when they do not all fit: five
  // tabs (a technician's) share a 1024 px bar.
  const float tabs_room = avail - lang_w - lock_w - clock_w - 3 * layout::kGapX;
  auto shown = [&f](const Tab& t) {
    // Signed out, no screen is reachable; the technician's screen only for a technician.
    return f.s.session && (t.screen != Screen::Devices || app::is_technician(f.s));
  };
  float wanted = 0;
  int n = 0;
  for (const auto& t : kTabs)
    if (shown(t)) {
      wanted += std::min(220.0f, ImGui::CalcTextSize(f.tr(t.key)).x + 40.0f);
      ++n;
    }
  const float fit = n > 0 ? std::min(1.0f, (tabs_room - (n - 1) * layout::kGapX) / std::max(1.0f, wanted)) : 1.0f;
  const float h = layout::kTopBarH;
  for (const auto& t : kTabs) {
    if (!shown(t)) continue;
    const float tab_w = std::floor(std::min(220.0f, ImGui::CalcTextSize(f.tr(t.key)).x + 40.0f) * fit);
    // Packages (check-in, returns) is reached from the Pickup screen and belongs to its tab;
    // Stock, from Today's. Five tabs is what a 1024 px bar holds at a touch target each.
    const bool here = f.s.screen == t.screen || (t.screen == Screen::Pickup && f.s.screen == Screen::Packages) ||
                      (t.screen == Screen::Today && f.s.screen == Screen::Stock);
    if (button(f, t.id, f.tr(t.key), ImVec2(tab_w, h), here ? Tone::Selected : Tone::Normal))
      f.emit(app::cmd::Navigate{t.screen});
    ImGui::SameLine();
  }
  ImGui::SameLine(avail - clock_w - lang_w - lock_w - 2 * layout::kGapX);
  if (f.s.session) {
    if (button(f, "sign_out", f.tr("signin.sign_out"), ImVec2(lock_w, h))) f.emit(app::cmd::SignOut{});
  } else {
    ImGui::Dummy(ImVec2(lock_w, h));
  }
  ImGui::SameLine();
  const bool vi = f.s.language == "vi";
  if (button(f, "lang", vi ? "English" : "Tiếng Việt", ImVec2(lang_w, h))) f.emit(app::cmd::SetLanguage{vi ? "en" : "vi"});
  ImGui::SameLine();
  // The clock: time over date, drawn inside the bar's height.
  const ImVec2 at = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddText(f.fonts.large, layout::kLarge, ImVec2(at.x + clock_w - time_w, at.y), col(palette::kText), time.c_str());
  dl->AddText(f.fonts.small, layout::kSmall, ImVec2(at.x, at.y + h - layout::kSmall - 2), col(palette::kMuted), date.c_str());
  ImGui::Dummy(ImVec2(clock_w, h));
}

// The notice sits in its own fixed region, shown or not: the screen below never moves.
void draw_notice(Frame& f) {
  const app::Notice& n = f.s.notice;
  if (n.key.empty()) return;
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const ImVec2 size = ImGui::GetContentRegionAvail();
  ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), level_color(n.level), 6.0f);
  // The level by shape too: a tick for success, a triangle for an error.
  ImGui::SetCursorScreenPos(ImVec2(p.x + 10, p.y + (size.y - 28) / 2));
  if (n.level != app::Level::Info) {
    symbol(n.level == app::Level::Error ? Symbol::Warning : Symbol::Tick, 28, col(palette::kOnColour));
    ImGui::SameLine();
  }
  ImGui::SetCursorScreenPos(ImVec2(ImGui::GetCursorScreenPos().x + 4, p.y + (size.y - ImGui::GetFontSize()) / 2));
  // Only the words: the technical detail is on the Devices screen (AppState::problems).
  const std::string msg = f.t.tr(n.key, n.args);
  const bool has_action = n.action != app::NoticeAction::None && !n.action_key.empty();
  const float action_w = has_action ? 320.0f : 0.0f;
  const float right = p.x + size.x - layout::kTouch - layout::kGapX;
  ImGui::PushClipRect(p, ImVec2(right - action_w, p.y + size.y), true);
  text(nullptr, msg, col(palette::kOnColour));
  ImGui::PopClipRect();
  if (has_action) {
    ImGui::SetCursorScreenPos(ImVec2(right - action_w, p.y));
    if (button(f, "notice_action", f.tr(n.action_key), ImVec2(action_w - layout::kGapX, size.y)))
      f.emit(app::cmd::ActOnNotice{});
  }
  ImGui::SetCursorScreenPos(ImVec2(p.x + size.x - layout::kTouch, p.y));
  if (button(f, "dismiss", "X", ImVec2(layout::kTouch, size.y))) f.emit(app::cmd::DismissNotice{});
}

namespace {

Symbol link_symbol(dev::Link l) {
  switch (l) {
    case dev::Link::Ready: return Symbol::Tick;
    case dev::Link::Busy: return Symbol::Wave;
    case dev::Link::Error: return Symbol::Warning;
    case dev::Link::Disconnected: break;
  }
  return Symbol::Dash;
}

ImU32 link_color(dev::Link l) {
  switch (l) {
    case dev::Link::Ready: return col(palette::kGood);
    case dev::Link::Busy: return col(palette::kInfo);
    case dev::Link::Error: return col(palette::kBad);
    case dev::Link::Disconnected: break;
  }
  return col(palette::kMuted);
}

}  // namespace

void draw_device_bar(Frame& f) {
  if (f.demo.enabled) {
    const float w = ImGui::GetContentRegionAvail().x;
    text(f.fonts.small, f.tr("demo.panel"));
    ImGui::SameLine();
    const float unit = (w - ImGui::GetCursorPosX()) / 10;
    text_field(f, "sim_scan", f.tr("demo.scan_hint"), f.in.sim_scan, unit * 3);
    ImGui::SameLine();
    if (button(f, "sim_scan_go", f.tr("demo.scan"), ImVec2(unit * 1.2f, kTouch)) && !f.in.sim_scan.empty()) {
      f.demo.scans.push_back(f.in.sim_scan);
      f.in.sim_scan.clear();
    }
    ImGui::SameLine();
    text_field(f, "sim_grams", "g", f.in.sim_grams, unit * 1.2f, true);
    ImGui::SameLine();
    if (button(f, "sim_load", f.tr("demo.put_on_scale"), ImVec2(unit * 2, kTouch))) {
      const auto g = parse_int(f.in.sim_grams);
      if (g >= 0) f.demo.load = g * 1000;
    }
    ImGui::SameLine();
    if (button(f, "sim_unload", f.tr("demo.clear_scale"), ImVec2(-1, kTouch))) f.demo.load = 0;
  }
  ImGui::SetCursorPosY(ImGui::GetCursorPosY() + (layout::kDeviceBarH - 28) / 2);
  for (auto kind : {dev::DeviceKind::Scanner, dev::DeviceKind::Scale, dev::DeviceKind::Printer,
                    dev::DeviceKind::LabelPrinter}) {
    auto it = f.s.devices.find(kind);
    if (it == f.s.devices.end()) continue;
    const auto& st = it->second.status;
    symbol(link_symbol(st.link), 28, link_color(st.link));
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
  ImGui::PushStyleColor(ImGuiCol_ChildBg, col(palette::kPanel));
  ImGui::PushStyleColor(ImGuiCol_Text, col(palette::kText));
  // Paper is long: the preview scrolls by design.
  begin_panel(f, "preview", ImVec2(0, height), true, true);
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
  end_panel(f, "preview", true);
  ImGui::PopStyleColor(2);
}

void draw_with_preview(Frame& f, const std::function<void()>& left) {
  begin_panel(f, "done_left", ImVec2(layout::share(ImGui::GetContentRegionAvail().x, 2), 0));
  left();
  end_panel(f, "done_left");
  ImGui::SameLine();
  begin_panel(f, "done_right", ImVec2(0, 0));
  text(nullptr, f.tr("print.preview"));
  draw_print_preview(f, -1);
  end_panel(f, "done_right");
}

}  // namespace hp::ui
