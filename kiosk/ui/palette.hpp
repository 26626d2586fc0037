#pragma once
// Every colour the screens use, as plain sRGB, and every pair in which one is drawn on
// another as text. No ImGui here: tests/unit/ui/palette_test.cpp reads the table and checks
// each pair against WCAG 2.2 contrast (4.5:1, or 3:1 for large text), and docs/ui.md explains
// the roles. A colour never carries meaning alone: states also have words and a symbol.
#include <array>
#include <cstdint>
#include <string_view>

namespace hp::ui {

struct Rgb {
  std::uint8_t r, g, b;
};

namespace palette {
inline constexpr Rgb kBackground{245, 245, 240};  // the window
inline constexpr Rgb kPanel{255, 255, 255};       // input fields, bordered panels, paper
inline constexpr Rgb kText{20, 20, 26};
inline constexpr Rgb kMuted{80, 80, 88};          // hints, gross and tare, secondary lines
inline constexpr Rgb kGood{20, 110, 50};          // stable weight, "prepaid", done titles
inline constexpr Rgb kWarn{150, 78, 0};           // a weight still moving
inline constexpr Rgb kBad{170, 30, 30};           // over capacity, amount due, overdue
inline constexpr Rgb kInfo{25, 80, 150};          // the shelf
inline constexpr Rgb kOnColour{255, 255, 255};    // text on buttons and notices
inline constexpr Rgb kButton{60, 68, 80};
inline constexpr Rgb kPrimary{25, 115, 55};
inline constexpr Rgb kDanger{170, 40, 35};
inline constexpr Rgb kSelected{30, 85, 160};
inline constexpr Rgb kNoticeInfo{30, 85, 160};
inline constexpr Rgb kNoticeSuccess{25, 115, 55};
inline constexpr Rgb kNoticeError{170, 40, 35};
inline constexpr Rgb kScrim{0, 0, 0};             // behind a question (drawn at 45 % alpha)
inline constexpr Rgb kPanelHover{222, 230, 244};  // a field or list entry under the finger
inline constexpr Rgb kTableHeader{220, 222, 228}; // today's and the devices' column heads
inline constexpr Rgb kRowAlt{234, 234, 228};      // every other table row
}  // namespace palette

struct TextPair {
  std::string_view what;
  Rgb fg, bg;
  bool large;  // drawn at 24 px bold or 34 px and up (WCAG "large"), so 3:1 suffices
};

// Every way text meets a background on screen. Hovered and pressed buttons are drawn a
// shade lighter and darker than these; the test checks those shades too.
inline constexpr std::array<TextPair, 26> kTextPairs{{
    {"body text", palette::kText, palette::kBackground, false},
    {"text in a field or panel", palette::kText, palette::kPanel, false},
    {"muted on background", palette::kMuted, palette::kBackground, false},
    {"hint in a field", palette::kMuted, palette::kPanel, false},
    {"stable weight", palette::kGood, palette::kBackground, false},
    {"stable in a panel", palette::kGood, palette::kPanel, false},
    {"moving weight", palette::kWarn, palette::kBackground, false},
    {"moving in a panel", palette::kWarn, palette::kPanel, false},
    {"refused weight", palette::kBad, palette::kBackground, false},
    {"refused in a panel", palette::kBad, palette::kPanel, false},
    {"shelf", palette::kInfo, palette::kBackground, false},
    {"shelf in a panel", palette::kInfo, palette::kPanel, false},
    {"button", palette::kOnColour, palette::kButton, false},
    {"primary button", palette::kOnColour, palette::kPrimary, false},
    {"danger button", palette::kOnColour, palette::kDanger, false},
    {"selected button", palette::kOnColour, palette::kSelected, false},
    {"info notice", palette::kOnColour, palette::kNoticeInfo, false},
    {"success notice", palette::kOnColour, palette::kNoticeSuccess, false},
    {"error notice", palette::kOnColour, palette::kNoticeError, false},
    {"muted in a panel", palette::kMuted, palette::kPanel, false},
    {"receipt preview", palette::kText, palette::kPanel, false},
    {"question", palette::kText, palette::kPanel, false},
    {"field or list entry hovered", palette::kText, palette::kPanelHover, false},
    {"table header", palette::kText, palette::kTableHeader, false},
    {"alternate table row", palette::kText, palette::kRowAlt, false},
    {"muted on a table row", palette::kMuted, palette::kRowAlt, false},
}};

// How much lighter (hovered) and darker (pressed) a button is drawn than its colour.
inline constexpr float kHoverLighten = 1.10f;
inline constexpr float kPressDarken = 0.85f;

inline constexpr Rgb scaled(Rgb c, float k) {
  auto ch = [k](std::uint8_t v) {
    const float x = static_cast<float>(v) * k;
    return static_cast<std::uint8_t>(x > 255.0f ? 255.0f : x);
  };
  return {ch(c.r), ch(c.g), ch(c.b)};
}

}  // namespace hp::ui
