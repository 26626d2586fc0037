#pragma once
// Product pictures the project draws itself: a small vector icon per product, from ImGui draw
// lists (no image files to ship or license). Unknown products get a plain produce crate.
#include <imgui.h>

#include <string_view>

namespace hp::ui {

// Draws the icon for `sku` in the square at `min`, `size` pixels wide.
void draw_product_icon(ImDrawList* dl, ImVec2 min, float size, std::string_view sku);

}  // namespace hp::ui
