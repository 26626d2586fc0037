#include "shared/print/bitmap.hpp"

#include <stb_image_write.h>

#include <algorithm>

namespace hp::print {

Bitmap::Bitmap(int w, int h)
    : width(std::max(w, 0)), height(std::max(h, 0)),
      pixels(static_cast<std::size_t>(std::max(w, 0)) * std::max(h, 0), 255) {}

void Bitmap::fill_rect(int x, int y, int w, int h, std::uint8_t value) {
  const int x0 = std::max(x, 0), y0 = std::max(y, 0);
  const int x1 = std::min(x + w, width), y1 = std::min(y + h, height);
  for (int yy = y0; yy < y1; ++yy) {
    std::fill(pixels.begin() + static_cast<std::ptrdiff_t>(yy) * width + x0,
              pixels.begin() + static_cast<std::ptrdiff_t>(yy) * width + x1, value);
  }
}

void Bitmap::draw(const Bitmap& src, int x, int y) {
  for (int sy = 0; sy < src.height; ++sy) {
    const int ty = y + sy;
    if (ty < 0 || ty >= height) continue;
    for (int sx = 0; sx < src.width; ++sx) {
      const int tx = x + sx;
      if (tx < 0 || tx >= width) continue;
      auto& p = pixels[static_cast<std::size_t>(ty) * width + tx];
      p = std::min(p, src.at(sx, sy));
    }
  }
}

void Bitmap::grow_to_height(int h) {
  if (h <= height) return;
  pixels.resize(static_cast<std::size_t>(width) * h, 255);
  height = h;
}

bool Bitmap::row_blank(int y) const {
  const auto* row = pixels.data() + static_cast<std::size_t>(y) * width;
  return std::all_of(row, row + width, [](std::uint8_t p) { return p >= 128; });
}

Bitmap scaled(const Bitmap& src, int sx, int sy) {
  Bitmap out(src.width * sx, src.height * sy);
  for (int y = 0; y < out.height; ++y) {
    for (int x = 0; x < out.width; ++x) {
      out.pixels[static_cast<std::size_t>(y) * out.width + x] = src.at(x / sx, y / sy);
    }
  }
  return out;
}

Bitmap rotated_cw(const Bitmap& src) {
  Bitmap out(src.height, src.width);
  for (int y = 0; y < src.height; ++y) {
    for (int x = 0; x < src.width; ++x) {
      out.pixels[static_cast<std::size_t>(x) * out.width + (src.height - 1 - y)] = src.at(x, y);
    }
  }
  return out;
}

std::vector<std::uint8_t> pack_rows(const Bitmap& b, int y0, int rows, int width_bytes) {
  std::vector<std::uint8_t> out(static_cast<std::size_t>(width_bytes) * std::max(rows, 0), 0);
  const int xmax = std::min(b.width, width_bytes * 8);
  for (int r = 0; r < rows; ++r) {
    const int y = y0 + r;
    if (y < 0 || y >= b.height) continue;
    const std::uint8_t* src = b.pixels.data() + static_cast<std::size_t>(y) * b.width;
    std::uint8_t* dst = out.data() + static_cast<std::size_t>(r) * width_bytes;
    for (int x = 0; x < xmax; ++x) {
      dst[x >> 3] |= static_cast<std::uint8_t>((src[x] < 128) << (7 - (x & 7)));
    }
  }
  return out;
}

std::vector<std::uint8_t> to_rgba(const Bitmap& b) {
  std::vector<std::uint8_t> out(b.pixels.size() * 4);
  for (std::size_t i = 0; i < b.pixels.size(); ++i) {
    out[4 * i] = out[4 * i + 1] = out[4 * i + 2] = b.pixels[i];
    out[4 * i + 3] = 255;
  }
  return out;
}

Status write_png(const Bitmap& b, const std::string& path) {
  if (b.empty()) return fail("print.empty_image", "nothing to write to " + path);
  if (stbi_write_png(path.c_str(), b.width, b.height, 1, b.pixels.data(), b.width) == 0) {
    return fail("print.write_failed", "could not write " + path);
  }
  return {};
}

Result<std::string> png_bytes(const Bitmap& b) {
  if (b.empty()) return fail("print.empty_image", "nothing to encode");
  std::string out;
  auto append = [](void* ctx, void* data, int size) {
    static_cast<std::string*>(ctx)->append(static_cast<const char*>(data), static_cast<std::size_t>(size));
  };
  if (stbi_write_png_to_func(append, &out, b.width, b.height, 1, b.pixels.data(), b.width) == 0)
    return fail("print.write_failed", "could not encode the PNG");
  return out;
}

}  // namespace hp::print
