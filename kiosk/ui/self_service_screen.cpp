// [SECTION] The self-service kiosk (docs/self-service.md): the customers' screen, in big plain
// Vietnamese. Scan, read, take the ticket. No tab, no clerk's button: the controller refuses
// every clerk command here anyway (controller_queue.cpp).
#include "kiosk/ui/screens.hpp"
#include "kiosk/ui/widgets.hpp"

namespace hp::ui {
namespace {

void centred(ImFont* font, const std::string& s, ImU32 color = 0) {
  if (font) ImGui::PushFont(font);
  const float w = ImGui::CalcTextSize(s.c_str()).x;
  const float avail = ImGui::GetContentRegionAvail().x;
  if (w < avail) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (avail - w) / 2);
  if (color) ImGui::PushStyleColor(ImGuiCol_Text, color);
  if (w < avail) ImGui::TextUnformatted(s.c_str());
  else {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(s.c_str());
    ImGui::PopTextWrapPos();
  }
  if (color) ImGui::PopStyleColor();
  if (font) ImGui::PopFont();
}

std::string ticket_number(int n) {
  std::string s = std::to_string(n);
  if (s.size() < 3) s.insert(0, 3 - s.size(), '0');
  return s;
}

void welcome(Frame& f) {
  centred(f.fonts.huge, f.tr("self.welcome"));
  ImGui::Dummy(ImVec2(0, layout::kGap * 2));
  centred(f.fonts.large, f.tr("self.scan_pickup"));
  centred(f.fonts.large, f.tr("self.scan_card"));
  ImGui::Dummy(ImVec2(0, layout::kGap));
  centred(f.fonts.body, f.tr("self.no_code"), col(palette::kMuted));
  if (f.s.self.looking) centred(f.fonts.large, f.tr("self.looking"), col(palette::kInfo));
}

void ticket(Frame& f) {
  const auto& s = f.s.self;
  const auto& t = s.ticket->ticket;
  if (t.kind == store::TicketKind::DropOff) {
    centred(f.fonts.large, f.t.tr("self.hello_farmer", s.farmer_name));
    centred(f.fonts.large, f.tr("self.dropoff_prepared"));
  } else {
    centred(f.fonts.large, f.tr("self.order_ready"), col(palette::kGood));
    if (!s.shelf.empty()) centred(f.fonts.large, f.t.tr("self.order_shelf", s.shelf), col(palette::kInfo));
    if (s.packages > 0) centred(f.fonts.body, f.t.tr("self.order_packages", std::to_string(s.packages)));
    centred(f.fonts.large, f.tr("self.bring_phone"));
  }
  ImGui::Dummy(ImVec2(0, layout::kGap));
  centred(f.fonts.large, f.tr("self.your_number"));
  centred(f.fonts.huge, ticket_number(t.number), col(palette::kSelected));
  centred(f.fonts.large, s.ticket->ahead == 0 ? std::string(f.tr("self.next_you"))
                                              : f.t.tr("self.ahead", std::to_string(s.ticket->ahead)));
  centred(f.fonts.body, s.ticket->again ? f.tr("self.same_ticket") : f.tr("self.take_ticket"));
  centred(f.fonts.body, f.tr("self.wait_area"), col(palette::kMuted));
}

void refused(Frame& f) {
  const auto& s = f.s.self;
  centred(f.fonts.large, f.t.tr(s.refusal, s.refusal_arg), col(palette::kBad));
  ImGui::Dummy(ImVec2(0, layout::kGap));
  centred(f.fonts.large, f.tr("self.ask_counter"));
}

}  // namespace

void draw_self_service(Frame& f) {
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float bar_h = layout::kTouchBig;
  // The post office's name and the language, like a sign above the machine.
  text(f.fonts.large, f.tr("self.title"));
  ImGui::SameLine(avail.x - 200.0f);
  const bool vi = f.s.language == "vi";
  if (button(f, "lang", vi ? "English" : "Tiếng Việt", ImVec2(200.0f, layout::kTouch)))
    f.emit(app::cmd::SetLanguage{vi ? "en" : "vi"});
  const float body_h = ImGui::GetContentRegionAvail().y - bar_h - layout::kTouchBig - 3 * layout::kGap;
  begin_panel(f, "self_body", ImVec2(0, body_h), false, true);
  ImGui::Dummy(ImVec2(0, layout::kGap * 2));
  switch (f.s.self.step) {
    case app::SelfStep::Welcome: welcome(f); break;
    case app::SelfStep::Ticket: ticket(f); break;
    case app::SelfStep::Refused: refused(f); break;
  }
  end_panel(f, "self_body");
  if (f.s.self.step != app::SelfStep::Welcome) {
    if (button(f, "self_done", f.tr("self.done"), ImVec2(-1, layout::kTouchBig), Tone::Primary))
      f.emit(app::cmd::SelfServiceDone{});
  } else {
    ImGui::Dummy(ImVec2(0, layout::kTouchBig));
  }
  // The number now served, for everyone waiting.
  const auto& q = f.s.queue;
  const std::string serving = q.serving ? f.t.tr("self.serving", ticket_number(q.serving->number)) : f.tr("self.serving_none");
  centred(f.fonts.large, serving + "   ·   " + f.t.tr("self.waiting", std::to_string(q.waiting)));
}

void draw_queue_strip(Frame& f) {
  const auto& q = f.s.queue;
  if (!q.shown) return;
  const float call_w = 260.0f;
  std::string line = f.t.tr("queue.waiting", std::to_string(q.waiting));
  if (q.serving) line += "   ·   " + f.t.tr("queue.serving", {std::to_string(q.serving->number), q.serving->label});
  if (button(f, "queue_call", q.calling ? f.tr("queue.calling") : f.tr("queue.call_next"), ImVec2(call_w, layout::kTouch),
             q.waiting > 0 ? Tone::Primary : Tone::Normal))
    f.emit(app::cmd::CallNextTicket{});
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  text(nullptr, line);
}

}  // namespace hp::ui
