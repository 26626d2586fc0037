#pragma once
// The layout rules every screen draws with (docs/ui.md): fixed regions from top to bottom, a
// type scale of four sizes, one spacing unit, and touch targets of at least 56 px. Screens take
// sizes from here and from the space ImGui says is left, never their own pixel constants.
#include <algorithm>

namespace hp::ui::layout {

// Touch and spacing.
inline constexpr float kTouch = 56.0f;        // the smallest thing a finger is asked to hit
inline constexpr float kTouchBig = 64.0f;     // the action that ends a step ("Confirm", "Hand over")
inline constexpr float kGap = 10.0f;          // between rows (ImGui ItemSpacing.y)
inline constexpr float kGapX = 12.0f;         // between controls on a row
inline constexpr float kPad = 8.0f;           // inside the window and panels
inline constexpr float kFramePadX = 14.0f, kFramePadY = 12.0f;

// Type scale (px). "Huge" is for the figures a farmer reads across the counter: the net
// weight, the value, the amount due, the shelf.
inline constexpr float kSmall = 19.0f;
inline constexpr float kBody = 24.0f;
inline constexpr float kLarge = 34.0f;
inline constexpr float kHuge = 72.0f;

// Regions, top to bottom: top bar, notice line, the screen, device bar (+ demo panel).
// Only the screen's own region changes with the display; the others keep their height so
// nothing moves when a notice comes or goes.
inline constexpr float kTopBarH = 60.0f;
inline constexpr float kNoticeH = kTouch;  // its dismiss button is a touch target
inline constexpr float kDeviceBarH = 44.0f;
inline constexpr float kDemoPanelH = kTouch;

// Splits: the drop-off's product side and the pickup's order card, as shares of the width.
inline constexpr float kDropLeftShare = 0.57f;
inline constexpr float kOrderShare = 0.45f;

// A product tile is at least this wide, and wide enough for its picture and the longest name
// in small type; the grid takes as many columns as fit (2 to 6) and as many rows as it needs.
inline constexpr float kTileMinW = 170.0f;
inline constexpr int grid_columns(float width, float tile_w = kTileMinW) {
  return std::clamp(static_cast<int>((width + kGapX) / (std::max(tile_w, kTileMinW) + kGapX)), 2, 6);
}
// Width of each of n controls sharing `width` on one row.
inline constexpr float share(float width, int n) { return (width - kGapX * static_cast<float>(n - 1)) / static_cast<float>(n); }

}  // namespace hp::ui::layout
