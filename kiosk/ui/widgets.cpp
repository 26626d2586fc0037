#include "kiosk/ui/widgets.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

namespace hp::ui {

namespace {

// Only what a finger could touch now: a control scrolled out of its panel is not registered,
// so a script that taps it fails instead of clicking whatever lies on top.
void register_last(Frame& f, const char* id) {
  if (!ImGui::IsItemVisible()) return;
  ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  const ImVec2 ca = ImGui::GetWindowDrawList()->GetClipRectMin();
  const ImVec2 cb = ImGui::GetWindowDrawList()->GetClipRectMax();
  a = ImVec2(std::max(a.x, ca.x), std::max(a.y, ca.y));
  b = ImVec2(std::min(b.x, cb.x), std::min(b.y, cb.y));
  if (b.x - a.x < 8 || b.y - a.y < 8) return;
  f.reg.add(id, a, b);
}

ImVec4 tone_color(Tone t) {
  switch (t) {
    case Tone::Primary: return ImVec4(0.10f, 0.55f, 0.25f, 1.0f);
    case Tone::Danger: return ImVec4(0.70f, 0.18f, 0.15f, 1.0f);
    case Tone::Selected: return ImVec4(0.15f, 0.40f, 0.75f, 1.0f);
    case Tone::Normal: break;
  }
  return ImVec4(0.26f, 0.30f, 0.36f, 1.0f);
}

}  // namespace

bool button(Frame& f, const char* id, const char* label, ImVec2 size, Tone tone, bool enabled) {
  ImGui::PushID(id);
  const ImVec4 c = tone_color(tone);
  ImGui::PushStyleColor(ImGuiCol_Button, c);
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(c.x * 1.15f, c.y * 1.15f, c.z * 1.15f, 1.0f));
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImVec4(c.x * 0.85f, c.y * 0.85f, c.z * 0.85f, 1.0f));
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
  if (!enabled) ImGui::PushStyleVar(ImGuiStyleVar_Alpha, 0.45f);
  if (size.y < kTouch) size.y = kTouch;
  const bool pressed = ImGui::Button(label, size);
  if (!enabled) ImGui::PopStyleVar();
  ImGui::PopStyleColor(4);
  ImGui::PopID();
  register_last(f, id);
  return pressed && enabled;
}

bool text_field(Frame& f, const char* id, const char* hint, std::string& buf, float width, bool numeric) {
  ImGui::PushID(id);
  ImGui::SetNextItemWidth(width);
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(12, 14));
  ImGuiInputTextFlags flags = ImGuiInputTextFlags_EnterReturnsTrue;
  if (numeric) flags |= ImGuiInputTextFlags_CharsDecimal;
  const bool enter = ImGui::InputTextWithHint("##f", hint, &buf, flags);
  ImGui::PopStyleVar();
  if (numeric && (ImGui::IsItemActivated() || ImGui::IsItemClicked())) f.in.keypad_target = &buf;
  ImGui::PopID();
  register_last(f, id);
  return enter;
}

bool keypad(Frame& f, const char* id, float key_w, float key_h) {
  static constexpr const char* kKeys[12] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "C", "0", "<"};
  bool ok = false;
  ImGui::PushID(id);
  ImGui::BeginGroup();  // so the keypad can stand beside other controls
  for (int i = 0; i < 12; ++i) {
    if (i % 3 != 0) ImGui::SameLine();
    const std::string key_id = std::string(id) + "_" + (i == 9 ? "clear" : i == 11 ? "back" : kKeys[i]);
    if (button(f, key_id.c_str(), kKeys[i], ImVec2(key_w, key_h)) && f.in.keypad_target) {
      std::string& t = *f.in.keypad_target;
      if (i == 9) t.clear();
      else if (i == 11) { if (!t.empty()) t.pop_back(); }
      else if (t.size() < 15) t += kKeys[i];
    }
  }
  const std::string ok_id = std::string(id) + "_ok";
  ok = button(f, ok_id.c_str(), f.tr("keypad.ok"), ImVec2(key_w * 3 + ImGui::GetStyle().ItemSpacing.x * 2, key_h), Tone::Primary);
  ImGui::EndGroup();
  ImGui::PopID();
  return ok;
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
    case app::Level::Success: return IM_COL32(40, 150, 70, 255);
    case app::Level::Error: return IM_COL32(190, 45, 40, 255);
    case app::Level::Info: break;
  }
  return IM_COL32(40, 90, 160, 255);
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
