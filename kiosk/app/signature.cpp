#include "kiosk/app/signature.hpp"

#include <algorithm>
#include <cmath>

#include "shared/print/bitmap.hpp"

namespace hp::app {

SignatureStroke clean_stroke(const SignatureStroke& raw) {
  SignatureStroke out;
  out.reserve(std::min(raw.size(), kMaxStrokePoints));
  for (const auto& p : raw) {
    if (out.size() >= kMaxStrokePoints) break;
    out.push_back({std::clamp(p.x, 0, kSignatureWidth), std::clamp(p.y, 0, kSignatureHeight)});
  }
  return out;
}

std::int64_t ink_length(const std::vector<SignatureStroke>& strokes) {
  double total = 0;
  for (const auto& s : strokes)
    for (std::size_t i = 1; i < s.size(); ++i) total += std::hypot(s[i].x - s[i - 1].x, s[i].y - s[i - 1].y);
  return static_cast<std::int64_t>(total);
}

std::vector<std::uint8_t> render_signature(const std::vector<SignatureStroke>& strokes, int width, int height, int pen) {
  print::Bitmap b(width, height);
  const double sx = static_cast<double>(width) / kSignatureWidth;
  const double sy = static_cast<double>(height) / kSignatureHeight;
  const int r = std::max(pen, 1);
  auto dab = [&](double x, double y) { b.fill_rect(static_cast<int>(x) - r / 2, static_cast<int>(y) - r / 2, r, r, 0); };
  for (const auto& s : strokes) {
    if (s.size() == 1) dab(s[0].x * sx, s[0].y * sy);
    for (std::size_t i = 1; i < s.size(); ++i) {
      const double x0 = s[i - 1].x * sx, y0 = s[i - 1].y * sy, x1 = s[i].x * sx, y1 = s[i].y * sy;
      // A dab every half pixel along the segment: no gaps whatever the slope.
      const int steps = std::max(1, static_cast<int>(std::ceil(std::hypot(x1 - x0, y1 - y0) * 2)));
      for (int k = 0; k <= steps; ++k) dab(x0 + (x1 - x0) * k / steps, y0 + (y1 - y0) * k / steps);
    }
  }
  return b.pixels;
}

Result<std::string> signature_png(const std::vector<SignatureStroke>& strokes, int width, int height) {
  if (!is_signature(strokes)) return fail("signature.empty", "the strokes are too short to be a signature");
  print::Bitmap b(width, height);
  b.pixels = render_signature(strokes, width, height, std::max(2, width / 150));
  return print::png_bytes(b);
}

}  // namespace hp::app
