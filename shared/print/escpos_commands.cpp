#include "shared/print/escpos_commands.hpp"

#include <algorithm>

namespace hp::print::escpos {

namespace {
constexpr std::uint8_t ESC = 0x1B, GS = 0x1D, DLE = 0x10;

void put(Bytes& out, std::initializer_list<int> bytes) {
  for (int b : bytes) out.push_back(static_cast<std::uint8_t>(b));
}
std::uint8_t clamp8(int v) { return static_cast<std::uint8_t>(std::clamp(v, 0, 255)); }
}  // namespace

void init(Bytes& out) { put(out, {ESC, '@'}); }
void align(Bytes& out, int n) { put(out, {ESC, 'a', std::clamp(n, 0, 2)}); }
void bold(Bytes& out, bool on) { put(out, {ESC, 'E', on ? 1 : 0}); }
void underline(Bytes& out, int n) { put(out, {ESC, '-', std::clamp(n, 0, 2)}); }
void font(Bytes& out, int n) { put(out, {ESC, 'M', n}); }
void char_size(Bytes& out, int w, int h) {
  put(out, {GS, '!', ((std::clamp(w, 1, 8) - 1) << 4) | (std::clamp(h, 1, 8) - 1)});
}
void reverse(Bytes& out, bool on) { put(out, {GS, 'B', on ? 1 : 0}); }
void line_spacing_default(Bytes& out) { put(out, {ESC, '2'}); }
void code_page(Bytes& out, int n) { put(out, {ESC, 't', clamp8(n)}); }
void feed_lines(Bytes& out, int n) { put(out, {ESC, 'd', clamp8(n)}); }
void feed_dots(Bytes& out, int n) {
  while (n > 0) {
    const int step = std::min(n, 255);
    put(out, {ESC, 'J', step});
    n -= step;
  }
}
void cut_partial_after_feed(Bytes& out, int n) { put(out, {GS, 'V', 66, clamp8(n)}); }
void cut_partial(Bytes& out) { put(out, {GS, 'V', 1}); }
void drawer_kick(Bytes& out, int pin, int on_ms, int off_ms) {
  drawer_kick_raw(out, pin == 5 ? '1' : 0, clamp8(on_ms / 2), clamp8(off_ms / 2));
}
void drawer_kick_raw(Bytes& out, std::uint8_t m, std::uint8_t t1, std::uint8_t t2) {
  put(out, {ESC, 'p', m, t1, t2});
}
void status_request(Bytes& out, int n) { put(out, {DLE, 0x04, clamp8(n)}); }
void barcode_height(Bytes& out, int dots) { put(out, {GS, 'h', std::clamp(dots, 1, 255)}); }
void barcode_width(Bytes& out, int n) { put(out, {GS, 'w', std::clamp(n, 1, 6)}); }
void barcode_hri(Bytes& out, int position) { put(out, {GS, 'H', std::clamp(position, 0, 3)}); }
void barcode(Bytes& out, std::uint8_t m, std::string_view data) {
  const auto n = std::min<std::size_t>(data.size(), 255);
  put(out, {GS, 'k', m, static_cast<int>(n)});
  out.insert(out.end(), data.begin(), data.begin() + static_cast<std::ptrdiff_t>(n));
}

namespace {
void qr_fn(Bytes& out, int fn, std::string_view params) {
  const std::size_t len = params.size() + 2;
  put(out, {GS, '(', 'k', static_cast<int>(len & 0xFF), static_cast<int>(len >> 8), 49, fn});
  out.insert(out.end(), params.begin(), params.end());
}
}  // namespace

void qr_model(Bytes& out, int model) {
  const char p[2] = {static_cast<char>(model == 1 ? 49 : 50), 0};
  qr_fn(out, 65, std::string_view(p, 2));
}
void qr_module_size(Bytes& out, int dots) {
  const char p[1] = {static_cast<char>(std::clamp(dots, 1, 16))};
  qr_fn(out, 67, std::string_view(p, 1));
}
void qr_error_correction(Bytes& out, char level) {
  const int n = level == 'M' ? 49 : level == 'Q' ? 50 : level == 'H' ? 51 : 48;
  const char p[1] = {static_cast<char>(n)};
  qr_fn(out, 69, std::string_view(p, 1));
}
void qr_store(Bytes& out, std::string_view data) {
  std::string p = "0";  // m = 48
  p.append(data.substr(0, 7089));
  qr_fn(out, 80, p);
}
void qr_print(Bytes& out) { qr_fn(out, 81, "0"); }

void raster(Bytes& out, const Bitmap& b, int y0, int rows, int width_bytes) {
  put(out, {GS, 'v', '0', 0, width_bytes & 0xFF, width_bytes >> 8, rows & 0xFF, rows >> 8});
  const std::size_t at = out.size();
  out.resize(at + static_cast<std::size_t>(width_bytes) * std::max(rows, 0), 0);
  const int xmax = std::min(b.width, width_bytes * 8);
  for (int r = 0; r < rows; ++r) {
    const int y = y0 + r;
    if (y < 0 || y >= b.height) continue;
    const std::uint8_t* src = b.pixels.data() + static_cast<std::size_t>(y) * b.width;
    std::uint8_t* dst = out.data() + at + static_cast<std::size_t>(r) * width_bytes;
    for (int x = 0; x < xmax; ++x) dst[x >> 3] |= static_cast<std::uint8_t>((src[x] < 128) << (7 - (x & 7)));
  }
}

void text(Bytes& out, std::string_view bytes) { out.insert(out.end(), bytes.begin(), bytes.end()); }
void lf(Bytes& out) { out.push_back(0x0A); }

}  // namespace hp::print::escpos
