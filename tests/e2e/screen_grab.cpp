#include "tests/e2e/screen_grab.hpp"

#include <cstdlib>

#include "tests/e2e/kiosk_process.hpp"

namespace hp::test {

namespace {

std::uint32_t be32(const std::string& d, std::size_t at) {
  auto b = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(d[at + i])); };
  return b(0) << 24 | b(1) << 16 | b(2) << 8 | b(3);
}

int shift_of(std::uint32_t mask) {
  int s = 0;
  while (mask && !(mask & 1)) {
    mask >>= 1;
    ++s;
  }
  return s;
}

}  // namespace

std::optional<Grab> read_xwd(const std::string& path) {
  const std::string d = read_file(path);
  if (d.size() < 100) return std::nullopt;
  const std::uint32_t header = be32(d, 0), w = be32(d, 16), h = be32(d, 20), order = be32(d, 28), bpp = be32(d, 44),
                      bpl = be32(d, 48), rm = be32(d, 56), gm = be32(d, 60), bm = be32(d, 64), ncolors = be32(d, 76);
  if (bpp != 32) return std::nullopt;
  const std::size_t base = header + ncolors * 12;
  if (d.size() < base + static_cast<std::size_t>(bpl) * h) return std::nullopt;
  Grab g{static_cast<int>(w), static_cast<int>(h), {}};
  g.px.reserve(static_cast<std::size_t>(w) * h);
  for (std::uint32_t y = 0; y < h; ++y)
    for (std::uint32_t x = 0; x < w; ++x) {
      const std::size_t at = base + static_cast<std::size_t>(y) * bpl + x * 4;
      auto b = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(d[at + i])); };
      const std::uint32_t v = order == 0 ? b(3) << 24 | b(2) << 16 | b(1) << 8 | b(0) : b(0) << 24 | b(1) << 16 | b(2) << 8 | b(3);
      g.px.push_back({static_cast<std::uint8_t>((v & rm) >> shift_of(rm)), static_cast<std::uint8_t>((v & gm) >> shift_of(gm)),
                      static_cast<std::uint8_t>((v & bm) >> shift_of(bm))});
    }
  return g;
}

std::optional<Grab> read_ppm(const std::string& path) {
  const std::string d = read_file(path);
  std::size_t at = 0;
  // Header: "P6", width, height, maxval, separated by whitespace (and comments), then one
  // whitespace byte and the pixels.
  auto field = [&]() -> std::optional<std::string> {
    while (at < d.size()) {
      if (d[at] == '#') {
        while (at < d.size() && d[at] != '\n') ++at;
      } else if (std::isspace(static_cast<unsigned char>(d[at]))) {
        ++at;
      } else {
        break;
      }
    }
    const std::size_t start = at;
    while (at < d.size() && !std::isspace(static_cast<unsigned char>(d[at]))) ++at;
    if (start == at) return std::nullopt;
    return d.substr(start, at - start);
  };
  const auto magic = field(), ws = field(), hs = field(), maxval = field();
  if (!magic || *magic != "P6" || !ws || !hs || !maxval || *maxval != "255") return std::nullopt;
  ++at;
  Grab g{std::atoi(ws->c_str()), std::atoi(hs->c_str()), {}};
  if (g.w <= 0 || g.h <= 0 || d.size() < at + static_cast<std::size_t>(g.w) * g.h * 3) return std::nullopt;
  g.px.reserve(static_cast<std::size_t>(g.w) * g.h);
  for (std::size_t i = 0; i < static_cast<std::size_t>(g.w) * g.h; ++i, at += 3)
    g.px.push_back({static_cast<std::uint8_t>(d[at]), static_cast<std::uint8_t>(d[at + 1]), static_cast<std::uint8_t>(d[at + 2])});
  return g;
}

bool near(ui::Rgb a, ui::Rgb b, int tol) {
  return std::abs(a.r - b.r) <= tol && std::abs(a.g - b.g) <= tol && std::abs(a.b - b.b) <= tol;
}

std::string rgb(ui::Rgb c) {
  return std::to_string(c.r) + "," + std::to_string(c.g) + "," + std::to_string(c.b);
}

std::vector<std::string> fill_problems(const Grab& grab, const nlohmann::json& dump, int w, int h) {
  std::vector<std::string> out;
  const std::string size = std::to_string(w) + "x" + std::to_string(h);
  if (grab.w != w || grab.h != h) {
    out.push_back("the screen grab is " + std::to_string(grab.w) + "x" + std::to_string(grab.h) + ", not " + size);
    return out;
  }
  if (dump["window"]["w"] != w || dump["window"]["h"] != h)
    out.push_back("the kiosk drew " + std::to_string(dump["window"]["w"].get<int>()) + "x" +
                  std::to_string(dump["window"]["h"].get<int>()) + " on a " + size + " screen");
  // The kiosk's background reaches every corner: no shifted window, no black margin.
  for (auto [x, y] : {std::pair{1, 1}, {w - 2, 1}, {1, h - 2}, {w - 2, h - 2}})
    if (!near(grab.at(x, y), ui::palette::kBackground))
      out.push_back("corner " + std::to_string(x) + "," + std::to_string(y) + " is " + rgb(grab.at(x, y)));
  // The registry's rectangles (the app's coordinates) are where the screen shows them: a
  // shifted or smaller window would put other pixels there. The tabs run along the top from
  // the left, and the language button sits near the right end (the selected tab is drawn in
  // its own colour).
  int seen = 0;
  for (const auto& c : dump["controls"]) {
    const std::string id = c["id"];
    if (!id.starts_with("tab_") && id != "lang") continue;
    ++seen;
    const int x = static_cast<int>(c["full"]["x"].get<float>()) + 6;
    const int y = static_cast<int>(c["full"]["y"].get<float>() + c["full"]["h"].get<float>() / 2);
    if (x < 0 || y < 0 || x >= w || y >= h) {
      out.push_back(id + " lies outside the screen, at " + std::to_string(x) + "," + std::to_string(y));
    } else if (!near(grab.at(x, y), ui::palette::kButton) && !near(grab.at(x, y), ui::palette::kSelected)) {
      out.push_back(id + " at " + std::to_string(x) + "," + std::to_string(y) + " is " + rgb(grab.at(x, y)) + " on the screen");
    }
  }
  if (seen < 5) out.push_back("the dump lacks the tab bar (the tabs and lang)");
  for (const auto& o : dump["overflow"]) out.push_back("panel overflows (the screen would scroll): " + o.get<std::string>());
  for (const auto& c : dump["controls"]) {
    const auto& f = c["full"];
    const float x = f["x"], y = f["y"], cw = f["w"], ch = f["h"];
    if (x < -0.5f || y < -0.5f || x + cw > w + 0.5f || y + ch > h + 0.5f)
      out.push_back("control " + c["id"].get<std::string>() + " lies outside the " + size + " window");
  }
  return out;
}

}  // namespace hp::test
