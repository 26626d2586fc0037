// WCAG 2.2 contrast (1.4.3) for every pair of colours the screens draw text in.
#include <doctest/doctest.h>

#include <cmath>

#include "kiosk/ui/palette.hpp"

using namespace hp::ui;

namespace {

// WCAG 2.2 relative luminance of an sRGB colour.
double luminance(Rgb c) {
  auto lin = [](std::uint8_t v) {
    const double s = v / 255.0;
    return s <= 0.04045 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

double contrast(Rgb a, Rgb b) {
  const double la = luminance(a), lb = luminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

}  // namespace

TEST_CASE("the contrast formula matches WCAG's reference values") {
  CHECK(contrast({0, 0, 0}, {255, 255, 255}) == doctest::Approx(21.0));
  CHECK(contrast({255, 255, 255}, {255, 255, 255}) == doctest::Approx(1.0));
  // #767676 on white is the well-known lightest grey that passes 4.5:1.
  CHECK(contrast({0x76, 0x76, 0x76}, {255, 255, 255}) == doctest::Approx(4.54).epsilon(0.01));
  // The colours the issue measured on the old theme fail, so the test can fail.
  CHECK(contrast({40, 170, 80}, {245, 245, 240}) < 3.0);
  CHECK(contrast({220, 150, 30}, {245, 245, 240}) < 3.0);
}

TEST_CASE("every text colour pair in the theme meets WCAG 2.2: 4.5:1, 3:1 for large text") {
  for (const auto& p : kTextPairs) {
    const double need = p.large ? 3.0 : 4.5;
    const double r = contrast(p.fg, p.bg);
    CHECK_MESSAGE(r >= need, p.what << ": " << r << ":1, needs " << need << ":1");
    // Buttons are also drawn hovered (lighter) and pressed (darker).
    if (p.fg.r == 255 && p.fg.g == 255 && p.fg.b == 255) {
      CHECK_MESSAGE(contrast(p.fg, scaled(p.bg, kHoverLighten)) >= need, p.what << " hovered");
      CHECK_MESSAGE(contrast(p.fg, scaled(p.bg, kPressDarken)) >= need, p.what << " pressed");
    }
  }
}
