// [SECTION] The kiosk's one window, in the regions of layout.hpp: top bar, notice line, the
// current screen, device bar. Only the screen's region changes height with the display, so
// nothing moves when a notice comes or goes. A question (state.question) is a modal on top.
#include "kiosk/ui/screens.hpp"
#include "kiosk/ui/widgets.hpp"

namespace hp::ui {

namespace {

void draw_question(Frame& f) {
  const app::Question& q = f.s.question;
  const bool open = ImGui::IsPopupOpen("question");
  if (q.kind != app::QuestionKind::None && !open) ImGui::OpenPopup("question");
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x / 2, vp->Pos.y + vp->Size.y / 2), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(760.0f, vp->Size.x - 4 * layout::kPad), 0));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(3 * layout::kPad, 3 * layout::kPad));
  const bool shown = ImGui::BeginPopupModal("question", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove);
  ImGui::PopStyleVar();
  if (!shown) return;
  if (q.kind == app::QuestionKind::None) {
    ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    return;
  }
  const bool unsent = q.kind == app::QuestionKind::CloseWithUnsent;
  const char* key = q.kind == app::QuestionKind::CancelDropOff        ? "ask.cancel_dropoff"
                    : q.kind == app::QuestionKind::CancelRegistration ? "ask.cancel_registration"
                    : q.kind == app::QuestionKind::CancelPayment      ? "ask.cancel_payment"
                    : unsent                                          ? "ask.close_unsent"
                    : q.kind == app::QuestionKind::NotOldestFirst     ? "ask.not_oldest_first"
                    : q.kind == app::QuestionKind::CancelStockCount   ? "ask.cancel_stock_count"
                                                                      : "ask.replace_pickup";
  // Sending a lot out of order is not throwing work away: its buttons say what they do.
  const bool order = q.kind == app::QuestionKind::NotOldestFirst;
  ImGui::PushFont(f.fonts.large);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(f.t.tr(key, q.arg).c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopFont();
  ImGui::Dummy(ImVec2(0, layout::kGap));
  // "Keep" is the big, safe, first choice; discarding is the deliberate one.
  const float w = layout::share(ImGui::GetContentRegionAvail().x, 2);
  const char* no_key = unsent ? "ask.no_wait" : order ? "ask.no_take_first" : "ask.no_keep";
  const char* yes_key = unsent ? "ask.yes_close" : order ? "ask.yes_send_anyway" : "ask.yes_discard";
  if (button(f, "ask_no", f.tr(no_key), ImVec2(w, layout::kTouchBig), Tone::Primary))
    f.emit(app::cmd::Answer{false});
  ImGui::SameLine();
  if (button(f, "ask_yes", f.tr(yes_key), ImVec2(w, layout::kTouchBig), Tone::Danger))
    f.emit(app::cmd::Answer{true});
  ImGui::EndPopup();
}

}  // namespace

void draw_app(Frame& f) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->Pos);
  ImGui::SetNextWindowSize(vp->Size);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0);
  // No background of its own: the frame is cleared to palette::kBackground (main.cpp), and a
  // full-screen blended fill on top of that doubled the pixels a software renderer shades.
  ImGui::Begin("kiosk", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoBackground);
  f.reg.clear();
  if (f.s.self_service) {
    draw_self_service(f);
    if (ImGui::GetScrollMaxY() > 0.5f || ImGui::GetScrollMaxX() > 0.5f) f.reg.add_overflow("kiosk");
    ImGui::End();
    ImGui::PopStyleVar();
    return;
  }
  begin_panel(f, "top_bar", ImVec2(0, layout::kTopBarH));
  draw_top_bar(f);
  end_panel(f, "top_bar");
  begin_panel(f, "notice", ImVec2(0, layout::kNoticeH));
  draw_notice(f);
  end_panel(f, "notice");
  const float bottom_h = layout::kDeviceBarH + (f.demo.enabled ? layout::kDemoPanelH + layout::kGap : 0.0f);
  begin_panel(f, "main", ImVec2(0, -(bottom_h + layout::kGap)));
  // Signed out (or locked when idle): only the sign-in screen; the work under it waits.
  if (!f.s.session) draw_signin(f);
  else switch (f.s.screen) {
    case app::Screen::DropOff: draw_dropoff(f); break;
    case app::Screen::Pickup: draw_pickup(f); break;
    case app::Screen::Today: draw_today(f); break;
    case app::Screen::Stock: draw_stock(f); break;
    case app::Screen::Devices: draw_devices(f); break;
    case app::Screen::Packages: draw_packages(f); break;
    case app::Screen::Shift: draw_shift(f); break;
  }
  end_panel(f, "main");
  begin_panel(f, "device_bar", ImVec2(0, bottom_h));
  draw_device_bar(f);
  end_panel(f, "device_bar");
  if (ImGui::GetScrollMaxY() > 0.5f || ImGui::GetScrollMaxX() > 0.5f) f.reg.add_overflow("kiosk");
  draw_question(f);
  if (f.s.session) draw_approval(f);
  ImGui::End();
  ImGui::PopStyleVar();
}

}  // namespace hp::ui
