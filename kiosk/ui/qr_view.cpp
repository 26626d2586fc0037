#include "kiosk/ui/qr_view.hpp"

#include <imgui.h>
#include <qrencode.h>

#include <memory>

namespace hp::ui {

void draw_qr(const std::string& text, float size) {
  std::unique_ptr<QRcode, decltype(&QRcode_free)> qr(
      QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M), &QRcode_free);
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(size, size));
  if (!qr) return;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const int quiet = 4;
  const int n = qr->width + 2 * quiet;
  const float m = size / static_cast<float>(n);
  dl->AddRectFilled(p, ImVec2(p.x + size, p.y + size), IM_COL32_WHITE);
  for (int y = 0; y < qr->width; ++y)
    for (int x = 0; x < qr->width; ++x)
      if (qr->data[y * qr->width + x] & 1) {
        const ImVec2 a(p.x + (x + quiet) * m, p.y + (y + quiet) * m);
        dl->AddRectFilled(a, ImVec2(a.x + m, a.y + m), IM_COL32_BLACK);
      }
}

}  // namespace hp::ui
