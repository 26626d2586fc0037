// [SECTION] Devices: the technician's view of each device, the config, and the last job.
#include "kiosk/ui/screens.hpp"
#include "kiosk/ui/sync_view.hpp"
#include "kiosk/ui/widgets.hpp"

namespace hp::ui {

void draw_devices(Frame& f) {
  heading(f, f.tr("devices.title"));
  if (ImGui::BeginTable("devices", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
    ImGui::TableSetupColumn(f.tr("devices.kind"), ImGuiTableColumnFlags_WidthFixed, 170);
    ImGui::TableSetupColumn(f.tr("devices.name"));
    ImGui::TableSetupColumn(f.tr("devices.state"), ImGuiTableColumnFlags_WidthFixed, 300);
    ImGui::TableSetupColumn(f.tr("devices.last"));
    ImGui::TableHeadersRow();
    for (const auto& [kind, v] : f.s.devices) {
      ImGui::TableNextRow(0, layout::kTouch);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(f.tr(std::string("device.") + dev::to_string(kind)));
      ImGui::TableNextColumn();
      const std::string name_key = app::device_name_key(v.status.name);
      ImGui::TextUnformatted(name_key.empty() ? v.status.name.c_str() : f.tr(name_key));
      ImGui::TableNextColumn();
      std::string st = f.tr(std::string("link.") + dev::to_string(v.status.link));
      if (!v.status.reason.empty()) {
        // The reason in words where there are words for it (warnings too, e.g. a printer that
        // gives no status), else the key for the technician.
        const std::string key = "err." + v.status.reason;
        st += std::string(" (") + f.tr(key) + ")";
      }
      ImGui::TextUnformatted(st.c_str());
      ImGui::TableNextColumn();
      std::string last;
      if (v.last_at) {
        last = format_local_time(v.last_at) + "  " + v.last_event;
        if (!v.last_event_key.empty()) last += std::string("  ") + f.tr(v.last_event_key);
      }
      ImGui::TextUnformatted(last.c_str());
    }
    ImGui::EndTable();
  }
  text(nullptr, std::string(f.tr("devices.kiosk_id")) + ": " + f.s.kiosk_id + "    " + f.tr("devices.clerk") + ": " + f.s.clerk);
  if (!f.s.config_problems.empty()) {
    text(f.fonts.large, f.tr("devices.config_problems"), col(palette::kBad));
    for (const auto& p : f.s.config_problems) text(nullptr, p);
  }
  // The technician's side of the clerk's error messages: the code and the detail.
  if (!f.s.problems.empty()) {
    text(f.fonts.large, f.tr("devices.problems"));
    for (auto it = f.s.problems.rbegin(); it != f.s.problems.rend() && it - f.s.problems.rbegin() < 5; ++it)
      text(f.fonts.small, format_local_time(it->at) + "  " + it->key + (it->detail.empty() ? "" : ": " + it->detail));
  }
  ImGui::Spacing();
  draw_sync_panel(f);
  ImGui::Spacing();
  text(nullptr, f.tr("print.preview"));
  draw_print_preview(f, -1);
}

}  // namespace hp::ui
