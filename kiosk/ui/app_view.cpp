// [SECTION] The kiosk's one window: top bar, notice, the current screen, device bar.
#include "kiosk/ui/screens.hpp"

namespace hp::ui {

void draw_app(Frame& f) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->Pos);
  ImGui::SetNextWindowSize(vp->Size);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0);
  ImGui::Begin("kiosk", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus);
  f.reg.clear();
  draw_top_bar(f);
  draw_notice(f);
  const float bar_h = 64.0f + (f.demo.enabled ? 72.0f : 0.0f);
  ImGui::BeginChild("main", ImVec2(0, -bar_h), false);
  switch (f.s.screen) {
    case app::Screen::DropOff: draw_dropoff(f); break;
    case app::Screen::Pickup: draw_pickup(f); break;
    case app::Screen::Today: draw_today(f); break;
    case app::Screen::Devices: draw_devices(f); break;
  }
  ImGui::EndChild();
  draw_device_bar(f);
  ImGui::End();
  ImGui::PopStyleVar();
}

}  // namespace hp::ui
