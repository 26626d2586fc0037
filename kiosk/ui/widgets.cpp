#include "kiosk/ui/widgets.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>

namespace hp::ui {

namespace {

// Only what a finger could touch now: a control scrolled out of its panel is not registered,
// so a script that taps it fails instead of clicking whatever lies on top. The whole rectangle
// is kept too, so the layout test sees a control its parent cuts.
void register_last(Frame& f, const std::string& id, bool label_clipped = false) {
  if (!ImGui::IsItemVisible()) return;
  const ImVec2 fa = ImGui::GetItemRectMin(), fb = ImGui::GetItemRectMax();
  const ImVec2 ca = ImGui::GetWindowDrawList()->GetClipRectMin();
  const ImVec2 cb = ImGui::GetWindowDrawList()->GetClipRectMax();
  const ImVec2 a(std::max(fa.x, ca.x), std::max(fa.y, ca.y));
  const ImVec2 b(std::min(fb.x, cb.x), std::min(fb.y, cb.y));
  if (b.x - a.x < 8 || b.y - a.y < 8) return;
  f.reg.add(id, a, b, fa, fb, label_clipped);
}

Rgb tone_color(Tone t) {
  switch (t) {
    case Tone::Primary: return palette::kPrimary;
    case Tone::Danger: return palette::kDanger;
    case Tone::Selected: return palette::kSelected;
    case Tone::Normal: break;
  }
  return palette::kButton;
}

ImVec4 vec(Rgb c) { return ImGui::ColorConvertU32ToFloat4(col(c)); }

}  // namespace

bool button(Frame& f, const char* id, const char* label, ImVec2 size, Tone tone, bool enabled) {
  ImGui::PushID(id);
  const Rgb c = tone_color(tone);
  ImGui::PushStyleColor(ImGuiCol_Button, vec(c));
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, vec(scaled(c, kHoverLighten)));
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, vec(scaled(c, kPressDarken)));
  ImGui::PushStyleColor(ImGuiCol_Text, vec(palette::kOnColour));
  if (!enabled) ImGui::PushStyleVar(ImGuiStyleVar_Alpha, 0.45f);
  if (size.y < kTouch) size.y = kTouch;
  const bool pressed = ImGui::Button(label, size);
  if (!enabled) ImGui::PopStyleVar();
  ImGui::PopStyleColor(4);
  ImGui::PopID();
  // A label wider than its button is cut by ImGui without a sign: the registry says so.
  const ImVec2 text = ImGui::CalcTextSize(label, nullptr, true);
  const ImVec2 item = ImGui::GetItemRectSize();
  const bool cut = text.x > item.x - 4 || text.y > item.y;
  register_last(f, id, cut);
  return pressed && enabled;
}

bool text_field(Frame& f, const char* id, const char* hint, std::string& buf, float width, bool numeric) {
  ImGui::PushID(id);
  ImGui::SetNextItemWidth(width);
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(12, (kTouch - ImGui::GetFontSize()) / 2));
  ImGuiInputTextFlags flags = ImGuiInputTextFlags_EnterReturnsTrue;
  if (numeric) flags |= ImGuiInputTextFlags_CharsDecimal;
  const bool enter = ImGui::InputTextWithHint("##f", hint, &buf, flags);
  ImGui::PopStyleVar();
  ImGui::PopID();
  register_last(f, id);
  return enter;
}

bool keypad(Frame& f, const char* id, std::string& target, Keypad kind, float width) {
  // Phone order. The last row: clear (or "000" for money), 0, delete one.
  // Delete-one is drawn (Noto Sans has no arrow glyphs).
  static constexpr const char* kKeys[12] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "C", "0", "##back"};
  const bool cash = kind == Keypad::Cash;
  const float key_w = layout::share(width, 3);
  bool changed = false;
  ImGui::PushID(id);
  ImGui::BeginGroup();  // so the keypad can stand beside other controls
  for (int i = 0; i < 12; ++i) {
    if (i % 3 != 0) ImGui::SameLine();
    const char* label = i == 9 && cash ? "000" : kKeys[i];
    const std::string key_id = std::string(id) + "_" + (i == 9 ? (cash ? "000" : "clear") : i == 11 ? "back" : kKeys[i]);
    const bool pressed = button(f, key_id.c_str(), label, ImVec2(key_w, kTouch));
    if (i == 11) {
      const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
      const ImVec2 c((a.x + b.x) / 2, (a.y + b.y) / 2);
      ImDrawList* dl = ImGui::GetWindowDrawList();
      const ImU32 w = col(palette::kOnColour);
      dl->AddLine(ImVec2(c.x - 14, c.y), ImVec2(c.x + 14, c.y), w, 3);
      dl->AddTriangleFilled(ImVec2(c.x - 18, c.y), ImVec2(c.x - 6, c.y - 9), ImVec2(c.x - 6, c.y + 9), w);
    }
    if (!pressed) continue;
    const std::string before = target;
    if (i == 9 && !cash) target.clear();
    else if (i == 9) { if (!target.empty() && target.size() + 3 <= 12) target += "000"; }
    else if (i == 11) { if (!target.empty()) target.pop_back(); }
    else if (target.size() < 12 && !(target == "0" && i == 10)) target += kKeys[i];
    changed |= target != before;
  }
  ImGui::EndGroup();
  ImGui::PopID();
  return changed;
}

void begin_panel(Frame& f, const char* id, ImVec2 size, bool scrolls, bool border) {
  ImGuiWindowFlags flags = ImGuiWindowFlags_NoScrollWithMouse;
  if (!scrolls) flags |= ImGuiWindowFlags_NoScrollbar;
  else flags = ImGuiWindowFlags_None;
  ImGui::BeginChild(id, size, border, flags);
  if (scrolls) f.reg.enter_scroll();
}

void end_panel(Frame& f, const char* id, bool scrolls) {
  if (scrolls) f.reg.leave_scroll();
  else if (ImGui::GetScrollMaxY() > 0.5f || ImGui::GetScrollMaxX() > 0.5f)
    f.reg.add_overflow(std::string(id) + " by " + std::to_string(static_cast<int>(ImGui::GetScrollMaxX())) + "x" +
                       std::to_string(static_cast<int>(ImGui::GetScrollMaxY())));
  ImGui::EndChild();
}

void text(ImFont* font, const std::string& s, ImU32 color) {
  if (font) ImGui::PushFont(font);
  if (color) ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::TextUnformatted(s.c_str());
  if (color) ImGui::PopStyleColor();
  if (font) ImGui::PopFont();
}

void heading(Frame& f, const char* s) { text(f.fonts.large, s); }

ImU32 level_color(app::Level l) {
  switch (l) {
    case app::Level::Success: return col(palette::kNoticeSuccess);
    case app::Level::Error: return col(palette::kNoticeError);
    case app::Level::Info: break;
  }
  return col(palette::kNoticeInfo);
}

void symbol(Symbol s, float size, ImU32 color) {
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float t = std::max(3.0f, size / 9);
  auto at = [&](float x, float y) { return ImVec2(p.x + x * size, p.y + y * size); };
  switch (s) {
    case Symbol::Tick:
      dl->AddCircle(at(0.5f, 0.5f), size * 0.46f, color, 0, t * 0.7f);
      dl->AddLine(at(0.27f, 0.52f), at(0.44f, 0.68f), color, t);
      dl->AddLine(at(0.44f, 0.68f), at(0.74f, 0.34f), color, t);
      break;
    case Symbol::Wave:  // the needle still swinging
      for (int i = 0; i < 3; ++i) {
        const float y = 0.3f + 0.2f * static_cast<float>(i);
        dl->AddBezierCubic(at(0.08f, y), at(0.3f, y - 0.14f), at(0.7f, y + 0.14f), at(0.92f, y), color, t * 0.8f);
      }
      break;
    case Symbol::Warning:
      dl->AddTriangle(at(0.5f, 0.06f), at(0.96f, 0.92f), at(0.04f, 0.92f), color, t * 0.8f);
      dl->AddLine(at(0.5f, 0.36f), at(0.5f, 0.64f), color, t);
      dl->AddCircleFilled(at(0.5f, 0.78f), t * 0.7f, color);
      break;
    case Symbol::Dash:
      dl->AddLine(at(0.2f, 0.5f), at(0.8f, 0.5f), color, t);
      break;
  }
  ImGui::Dummy(ImVec2(size, size));
}

std::int64_t parse_int(const std::string& s) {
  if (s.empty() || s.size() > 15) return -1;
  std::int64_t v = 0;
  for (char c : s) {
    if (c == '.' || c == ' ') continue;  // "125.000" typed the Vietnamese way
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

}  // namespace hp::ui
