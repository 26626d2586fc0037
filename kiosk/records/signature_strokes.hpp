#pragma once
// A signature as the touch screen collects it (kiosk/app/signature.hpp renders it): strokes of
// points on a fixed logical canvas, whatever its size on screen.
#include <vector>

namespace hp::app {

// 3 to 1, like the line on a paper form.
inline constexpr int kSignatureWidth = 600;
inline constexpr int kSignatureHeight = 200;

struct SignaturePoint {
  int x = 0;  // 0..kSignatureWidth
  int y = 0;  // 0..kSignatureHeight
};
using SignatureStroke = std::vector<SignaturePoint>;

}  // namespace hp::app
