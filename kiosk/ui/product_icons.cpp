#include "kiosk/ui/product_icons.hpp"

#include <cmath>

namespace hp::ui {

namespace {

constexpr ImU32 kRed = IM_COL32(214, 48, 39, 255);
constexpr ImU32 kLeaf = IM_COL32(56, 150, 60, 255);
constexpr ImU32 kPale = IM_COL32(170, 215, 120, 255);
constexpr ImU32 kBrown = IM_COL32(170, 120, 70, 255);
constexpr ImU32 kOrange = IM_COL32(240, 130, 30, 255);
constexpr ImU32 kCream = IM_COL32(250, 235, 200, 255);
constexpr ImU32 kPink = IM_COL32(225, 60, 140, 255);
constexpr ImU32 kWhite = IM_COL32(255, 255, 255, 255);
constexpr ImU32 kDark = IM_COL32(40, 40, 40, 255);
constexpr ImU32 kOutline = IM_COL32(255, 255, 255, 200);

}  // namespace

void draw_product_icon(ImDrawList* dl, ImVec2 o, float s, std::string_view sku) {
  auto at = [&](float x, float y) { return ImVec2(o.x + x * s, o.y + y * s); };
  const float r = s * 0.5f;
  if (sku == "CA-CHUA") {  // tomato: red fruit, green calyx
    dl->AddCircleFilled(at(0.5f, 0.56f), r * 0.8f, kRed);
    dl->AddTriangleFilled(at(0.5f, 0.18f), at(0.3f, 0.3f), at(0.7f, 0.3f), kLeaf);
    dl->AddLine(at(0.5f, 0.1f), at(0.5f, 0.26f), kLeaf, s * 0.06f);
  } else if (sku == "BAP-CAI") {  // cabbage: layered green head
    dl->AddCircleFilled(at(0.5f, 0.55f), r * 0.85f, kLeaf);
    dl->AddCircleFilled(at(0.5f, 0.55f), r * 0.55f, kPale);
    dl->AddLine(at(0.5f, 0.3f), at(0.5f, 0.8f), kLeaf, s * 0.04f);
  } else if (sku == "SU-HAO") {  // kohlrabi: pale bulb with stalks
    dl->AddCircleFilled(at(0.5f, 0.62f), r * 0.65f, kPale);
    for (float x : {0.3f, 0.5f, 0.7f}) dl->AddLine(at(0.5f, 0.4f), at(x, 0.08f), kLeaf, s * 0.06f);
  } else if (sku == "RAU-MUONG" || sku == "HANH-LA") {  // leafy greens / spring onions
    const bool onion = sku == "HANH-LA";
    for (float x : {0.32f, 0.5f, 0.68f}) dl->AddLine(at(x, 0.9f), at(x + (x - 0.5f) * 0.6f, 0.1f), kLeaf, s * 0.08f);
    if (onion) dl->AddRectFilled(at(0.26f, 0.72f), at(0.74f, 0.94f), kWhite, s * 0.08f);
    else dl->AddCircleFilled(at(0.5f, 0.35f), r * 0.35f, kLeaf);
  } else if (sku == "KHOAI-TAY") {  // potato: brown tuber with eyes
    dl->AddCircleFilled(at(0.5f, 0.55f), r * 0.75f, kBrown, 9);
    dl->AddCircleFilled(at(0.38f, 0.48f), s * 0.03f, kDark);
    dl->AddCircleFilled(at(0.62f, 0.62f), s * 0.03f, kDark);
  } else if (sku == "CA-ROT") {  // carrot: orange root, green top
    dl->AddTriangleFilled(at(0.3f, 0.3f), at(0.7f, 0.3f), at(0.5f, 0.95f), kOrange);
    for (float x : {0.38f, 0.5f, 0.62f}) dl->AddLine(at(0.5f, 0.3f), at(x, 0.05f), kLeaf, s * 0.06f);
  } else if (sku == "DUA-HAU") {  // watermelon: a slice with rind and seeds
    dl->PathArcTo(at(0.5f, 0.35f), r * 0.9f, 0.0f, 3.14159f);
    dl->PathFillConvex(kLeaf);
    dl->PathArcTo(at(0.5f, 0.35f), r * 0.75f, 0.0f, 3.14159f);
    dl->PathFillConvex(kRed);
    for (float x : {0.35f, 0.5f, 0.65f}) dl->AddCircleFilled(at(x, 0.5f), s * 0.03f, kDark);
  } else if (sku == "TRUNG-GA") {  // egg
    dl->PathClear();
    for (int i = 0; i < 24; ++i) {
      const float a = 6.28318f * static_cast<float>(i) / 24;
      const float k = std::sin(a) < 0 ? 0.42f : 0.34f;  // the narrow end on top
      dl->PathLineTo(at(0.5f + 0.3f * std::cos(a), 0.55f + k * std::sin(a)));
    }
    dl->PathFillConvex(kCream);
  } else if (sku == "GAO") {  // rice: a bowl heaped with grains
    dl->AddCircleFilled(at(0.5f, 0.48f), r * 0.55f, kWhite);
    dl->PathArcTo(at(0.5f, 0.5f), r * 0.8f, 0.0f, 3.14159f);
    dl->PathFillConvex(kBrown);
  } else if (sku == "NAM-ROM") {  // mushroom: cap and stem
    dl->AddRectFilled(at(0.4f, 0.45f), at(0.6f, 0.9f), kCream, s * 0.05f);
    dl->PathArcTo(at(0.5f, 0.5f), r * 0.8f, 3.14159f, 6.28318f);
    dl->PathFillConvex(kBrown);
  } else if (sku == "THANH-LONG") {  // dragon fruit: pink with green scales
    dl->AddCircleFilled(at(0.5f, 0.55f), r * 0.75f, kPink);
    for (float x : {0.3f, 0.5f, 0.7f}) dl->AddTriangleFilled(at(x - 0.08f, 0.5f), at(x + 0.08f, 0.5f), at(x, 0.3f), kLeaf);
  } else {  // anything else: a crate
    dl->AddRectFilled(at(0.15f, 0.35f), at(0.85f, 0.85f), kBrown, s * 0.05f);
    dl->AddLine(at(0.15f, 0.6f), at(0.85f, 0.6f), kOutline, s * 0.04f);
    dl->AddCircleFilled(at(0.5f, 0.3f), r * 0.3f, kLeaf);
  }
}

}  // namespace hp::ui
