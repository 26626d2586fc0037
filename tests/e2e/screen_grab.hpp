#pragma once
// A picture of the whole screen taken from outside the kiosk (xwd -root on X, grim on
// Wayland), and the checks that the kiosk fills it: its background in every corner, and its
// tab bar where its own control registry (a `dump` step) says it drew it.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "kiosk/ui/palette.hpp"

namespace hp::test {

struct Grab {
  int w = 0, h = 0;
  std::vector<ui::Rgb> px;
  ui::Rgb at(int x, int y) const { return px[static_cast<std::size_t>(y) * w + x]; }
};

// An X window dump (xwd -root -silent), 32 bits per pixel.
std::optional<Grab> read_xwd(const std::string& path);
// A binary PPM (P6, maxval 255), as grim -t ppm writes it.
std::optional<Grab> read_ppm(const std::string& path);

bool near(ui::Rgb a, ui::Rgb b, int tol = 4);
std::string rgb(ui::Rgb c);

// What is wrong with the grab as a picture of a kiosk that fills a w x h screen, given the
// registry the kiosk dumped for that frame: empty when nothing is.
std::vector<std::string> fill_problems(const Grab& grab, const nlohmann::json& dump, int w, int h);

}  // namespace hp::test
