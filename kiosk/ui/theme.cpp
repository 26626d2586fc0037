#include "kiosk/ui/theme.hpp"

#include <imgui.h>
#include <imgui_freetype.h>

#include <filesystem>

#include "kiosk/ui/layout.hpp"
#include "kiosk/ui/palette.hpp"

namespace hp::ui {

Result<Fonts> load_fonts(const app::Translator& t) {
  std::string path;
  for (const char* c : kFontCandidates)
    if (std::filesystem::exists(c)) {
      path = c;
      break;
    }
  if (path.empty()) return fail("ui.font_missing", "install fonts-noto-core");

  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
  // Names typed at the counter can hold any Vietnamese letter, so take the whole Vietnamese
  // range rather than only what the UI strings use; ₫ (U+20AB) and — (U+2014) are not in
  // ImGui's Vietnamese ranges.
  ImFontGlyphRangesBuilder b;
  b.AddRanges(io.Fonts->GetGlyphRangesVietnamese());
  static constexpr ImWchar kExtra[] = {0x0020, 0x00FF, 0x0100, 0x017F, 0x01A0, 0x01B0, 0x1EA0, 0x1EF9,
                                       0x2010, 0x2027, 0x20AB, 0x20AB, 0x2190, 0x2193, 0};
  b.AddRanges(kExtra);
  b.AddText(t.all_text().c_str());
  Fonts f;
  f.ranges = std::make_shared<ImVector<ImWchar>>();
  b.BuildRanges(f.ranges.get());
  const ImWchar* ranges = f.ranges->Data;
  // The 72 px font shows weights, amounts, counts and shelves: digits, ASCII and the UI's own
  // words. Rasterising all of Vietnamese at that size would double start-up time.
  ImFontGlyphRangesBuilder hb;
  static constexpr ImWchar kHuge[] = {0x0020, 0x007E, 0x00A0, 0x00A0, 0x2014, 0x2014, 0x20AB, 0x20AB, 0};
  hb.AddRanges(kHuge);
  hb.AddText(t.all_text().c_str());
  f.huge_ranges = std::make_shared<ImVector<ImWchar>>();
  hb.BuildRanges(f.huge_ranges.get());
  ImFontConfig cfg;
  cfg.OversampleH = 1;
  f.body = io.Fonts->AddFontFromFileTTF(path.c_str(), layout::kBody, &cfg, ranges);
  f.small = io.Fonts->AddFontFromFileTTF(path.c_str(), layout::kSmall, &cfg, ranges);
  f.large = io.Fonts->AddFontFromFileTTF(path.c_str(), layout::kLarge, &cfg, ranges);
  f.huge = io.Fonts->AddFontFromFileTTF(path.c_str(), layout::kHuge, &cfg, f.huge_ranges->Data);
  if (!f.body || !f.small || !f.large || !f.huge) return fail("ui.font_missing", "cannot load " + path);
  return f;
}

namespace {

ImVec4 vec(Rgb c, float alpha = 1.0f) { return ImVec4(c.r / 255.0f, c.g / 255.0f, c.b / 255.0f, alpha); }

}  // namespace

void apply_style() {
  using namespace layout;
  ImGuiStyle& s = ImGui::GetStyle();
  ImGui::StyleColorsLight();
  s.WindowPadding = ImVec2(kPad, kPad);
  s.FramePadding = ImVec2(kFramePadX, kFramePadY);
  s.ItemSpacing = ImVec2(kGapX, kGap);
  s.ItemInnerSpacing = ImVec2(10, 8);
  s.FrameRounding = 8;
  s.GrabMinSize = 30;
  s.ScrollbarSize = 28;
  s.TouchExtraPadding = ImVec2(4, 4);
  s.Colors[ImGuiCol_WindowBg] = vec(palette::kBackground);
  s.Colors[ImGuiCol_ChildBg] = vec(palette::kBackground, 0.0f);
  s.Colors[ImGuiCol_PopupBg] = vec(palette::kPanel);
  s.Colors[ImGuiCol_FrameBg] = vec(palette::kPanel);
  s.Colors[ImGuiCol_Text] = vec(palette::kText);
  s.Colors[ImGuiCol_TextDisabled] = vec(palette::kMuted);  // field hints
  s.Colors[ImGuiCol_ModalWindowDimBg] = vec(palette::kScrim, 0.45f);
  // Fields, combos and lists: only colours from the palette's checked pairs.
  for (ImGuiCol c : {ImGuiCol_FrameBgHovered, ImGuiCol_FrameBgActive, ImGuiCol_Header, ImGuiCol_HeaderHovered,
                     ImGuiCol_HeaderActive})
    s.Colors[c] = vec(palette::kPanelHover);
  // The combo's arrow box (its arrow is drawn in text colour); our buttons set their own.
  s.Colors[ImGuiCol_Button] = s.Colors[ImGuiCol_ButtonHovered] = vec(palette::kPanelHover);
  s.Colors[ImGuiCol_TableHeaderBg] = vec(palette::kTableHeader);
  s.Colors[ImGuiCol_TableRowBg] = vec(palette::kBackground, 0.0f);
  s.Colors[ImGuiCol_TableRowBgAlt] = vec(palette::kRowAlt);
}

}  // namespace hp::ui
