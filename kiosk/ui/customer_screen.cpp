// The customer display: a second window facing the farmer or the buyer (issue 10 item 9). It
// draws app::customer_view in large Vietnamese text, and takes no input.
#include <imgui.h>

#include <algorithm>

#include "kiosk/ui/customer_screen.hpp"
#include "kiosk/ui/palette.hpp"
#include "kiosk/ui/qr_view.hpp"
#include "kiosk/ui/widgets.hpp"

namespace hp::ui {
namespace {

using app::CustomerView;

// Text at the cursor, registered under id so a layout test can see it fits the window.
void shown(ControlRegistry& reg, const std::string& id, ImFont* font, const std::string& s, ImU32 color = 0) {
  const ImVec2 at = ImGui::GetCursorScreenPos();
  text(font, s, color);
  const ImVec2 size = ImGui::GetItemRectSize();
  reg.add(id, at, {at.x + size.x, at.y + size.y});
}

void pair_row(ControlRegistry& reg, const std::string& id, ImFont* font, const std::string& label,
              const std::string& value, float width, ImU32 color = 0) {
  ImGui::PushFont(font);
  const float value_w = ImGui::CalcTextSize(value.c_str()).x;
  ImGui::PopFont();
  const ImVec2 at = ImGui::GetCursorScreenPos();
  text(font, label, col(palette::kMuted));
  ImGui::SameLine(width - value_w);
  text(font, value, color);
  reg.add(id, at, {at.x + width, ImGui::GetItemRectMax().y});
}

// An amount the customer must read from across the counter: its label, then the figure in
// the weight's size.
void amount(ControlRegistry& reg, const std::string& id, const Fonts& fonts, const std::string& label, Dong value,
            ImU32 color = 0) {
  const ImVec2 at = ImGui::GetCursorScreenPos();
  text(fonts.large, label, col(palette::kMuted));
  text(fonts.huge, format_vnd(value), color);
  const ImVec2 end = ImGui::GetItemRectMax();
  reg.add(id, at, {std::max(end.x, at.x + 1), end.y});
}

std::string quantity(const app::CustomerLine& l, const app::Translator& t) {
  if (!l.quantity.empty()) return l.quantity;
  return std::to_string(l.pieces) + " " + t.tr("unit.pieces");
}

void lines(ControlRegistry& reg, const CustomerView& v, const app::Translator& t, const Fonts& fonts, float width,
           float height) {
  ImGui::BeginChild("##customer_lines", {width, height}, false, ImGuiWindowFlags_NoScrollbar);
  // The newest item last, and always in view: the list keeps to its end.
  for (std::size_t i = 0; i < v.lines.size(); ++i) {
    const auto& l = v.lines[i];
    std::string left = l.name;
    if (!l.grade.empty()) left += " · " + std::string(t.tr("customer.grade")) + " " + l.grade;
    left += "   " + quantity(l, t);
    pair_row(reg, "customer.line." + std::to_string(i), fonts.body, left, format_vnd(l.value), width - 8);
  }
  if (ImGui::GetScrollMaxY() > 0) ImGui::SetScrollY(ImGui::GetScrollMaxY());
  ImGui::EndChild();
}

}  // namespace

void draw_customer(const CustomerView& v, const app::Translator& t, const Fonts& fonts, ControlRegistry& reg) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->Pos);
  ImGui::SetNextWindowSize(vp->Size);
  ImGui::Begin("##customer", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoBackground);
  const float w = ImGui::GetContentRegionAvail().x;
  const float h = ImGui::GetContentRegionAvail().y;
  const ImU32 good = col(palette::kGood);

  switch (v.mode) {
    case CustomerView::Mode::Welcome:
      shown(reg, "customer.title", fonts.large, t.tr("customer.programme"));
      shown(reg, "customer.hello", fonts.large, t.tr("customer.welcome"));
      break;
    case CustomerView::Mode::DropOff:
      shown(reg, "customer.title", fonts.large, t.tr("customer.hello_name", v.name));
      break;
    case CustomerView::Mode::Pay:
      shown(reg, "customer.title", fonts.large, t.tr("customer.hello_name", v.name));
      break;
    case CustomerView::Mode::Thanks:
      shown(reg, "customer.title", fonts.large, t.tr("customer.thanks", v.name));
      break;
  }
  ImGui::Separator();

  if (v.weighing) {
    // The weight as the scale reads it, net of the crate, whether or not it has settled: a
    // certified scale's reading is always the customer's to see.
    shown(reg, "customer.weight_label", fonts.body, v.product.empty() ? t.tr("customer.weight") : v.product,
          col(palette::kMuted));
    shown(reg, "customer.weight", fonts.huge, v.weight, v.stable ? good : 0);
    shown(reg, "customer.weight_state", fonts.body, t.tr(v.stable ? "customer.stable" : "customer.moving"),
          v.stable ? good : col(palette::kMuted));
    ImGui::Separator();
  }

  if (v.mode == CustomerView::Mode::DropOff || v.mode == CustomerView::Mode::Thanks ||
      v.mode == CustomerView::Mode::Pay) {
    const bool qr = v.mode == CustomerView::Mode::Pay && !v.vietqr_payload.empty();
    const float qr_side = qr ? std::min(w * 0.42f, h * 0.62f) : 0.0f;
    const float left_w = qr ? w - qr_side - 24 : w;
    ImGui::BeginGroup();
    const float spacing = ImGui::GetStyle().ItemSpacing.y;
    float footer = fonts.large->FontSize + fonts.huge->FontSize + 4 * spacing;
    if (v.mode == CustomerView::Mode::Pay && v.method == PaymentMethod::Cash && v.cash_received > 0)
      footer += fonts.body->FontSize + fonts.large->FontSize + 2 * spacing;
    if (v.mode == CustomerView::Mode::Thanks) footer += fonts.body->FontSize + spacing;
    const float list_h = std::max(40.0f, ImGui::GetContentRegionAvail().y - footer);
    lines(reg, v, t, fonts, left_w, list_h);
    ImGui::Separator();
    if (v.mode == CustomerView::Mode::Pay) {
      if (v.prepaid) {
        shown(reg, "customer.prepaid", fonts.large, t.tr("customer.prepaid"), good);
      } else {
        amount(reg, "customer.total", fonts, t.tr("customer.amount_due"), v.amount_due);
        if (v.method == PaymentMethod::Cash && v.cash_received > 0) {
          pair_row(reg, "customer.cash", fonts.body, t.tr("customer.cash_received"), format_vnd(v.cash_received),
                   left_w);
          pair_row(reg, "customer.change", fonts.large, t.tr("customer.change"), format_vnd(v.change), left_w, good);
        }
      }
    } else if (v.mode == CustomerView::Mode::Thanks && v.lines.empty()) {
      amount(reg, "customer.total", fonts, t.tr("customer.paid"), v.total, good);
      shown(reg, "customer.receipt", fonts.body, t.tr("customer.receipt"));
    } else {
      amount(reg, "customer.total", fonts, t.tr("customer.total"), v.total);
      if (v.mode == CustomerView::Mode::Thanks) shown(reg, "customer.receipt", fonts.body, t.tr("customer.receipt"));
    }
    ImGui::EndGroup();
    if (qr) {
      ImGui::SameLine(w - qr_side);
      ImGui::BeginGroup();
      shown(reg, "customer.scan_to_pay", fonts.body, t.tr("customer.scan_to_pay"));
      const ImVec2 at = ImGui::GetCursorScreenPos();
      draw_qr(v.vietqr_payload, qr_side - 40);
      reg.add("customer.qr", at, {at.x + qr_side - 40, at.y + qr_side - 40});
      ImGui::EndGroup();
    }
  }
  ImGui::End();
}

}  // namespace hp::ui
