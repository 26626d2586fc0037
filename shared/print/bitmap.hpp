#pragma once
// A monochrome-printer picture: 8-bit grey, 0 = ink, 255 = paper, rows without padding.
// Anything printed is thresholded at 128; the grey levels only serve on-screen previews.
#include <cstdint>
#include <string>
#include <vector>

#include "shared/result.hpp"

namespace hp::print {

struct Bitmap {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> pixels;

  Bitmap() = default;
  Bitmap(int w, int h);

  bool empty() const { return width <= 0 || height <= 0; }
  std::uint8_t at(int x, int y) const { return pixels[static_cast<std::size_t>(y) * width + x]; }
  bool ink(int x, int y) const { return at(x, y) < 128; }
  // Clipped to the picture; out-of-range parts are ignored.
  void fill_rect(int x, int y, int w, int h, std::uint8_t value = 0);
  // Darkens this picture with src placed at (x, y) (min of both), clipped.
  void draw(const Bitmap& src, int x, int y);
  // Adds paper rows at the bottom.
  void grow_to_height(int h);
  bool row_blank(int y) const;
};

// Each module of src becomes sx by sy pixels.
Bitmap scaled(const Bitmap& src, int sx, int sy);

// Turned a quarter clockwise (for symbols too long to lie across the paper).
Bitmap rotated_cw(const Bitmap& src);

// Packed 1-bit rows, MSB first, 1 = ink (ESC/POS and ZPL polarity). Width rounds up to bytes.
std::vector<std::uint8_t> pack_rows(const Bitmap& b, int y0, int rows, int width_bytes);

// RGBA copy for textures (on-screen preview).
std::vector<std::uint8_t> to_rgba(const Bitmap& b);

Status write_png(const Bitmap& b, const std::string& path);
// The same PNG (8-bit grey) in memory, e.g. a signature kept in the store.
Result<std::string> png_bytes(const Bitmap& b);

}  // namespace hp::print
