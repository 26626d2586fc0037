#pragma once
// Draws documents into printer-resolution pictures with FreeType (Noto Sans): every
// Vietnamese letter prints right on every printer, whatever its code pages.
#include <span>

#include "shared/print/document.hpp"
#include "shared/print/font_cache.hpp"
#include "shared/result.hpp"

namespace hp::print {

struct RasterStyle {
  int font_px = 24;  // normal text; double size is twice this
  int margin = 8;    // dots left and right
  static RasterStyle for_width(int width_dots);
};

Result<Bitmap> render_blocks(std::span<const Block> blocks, int width_dots, FontCache& fonts,
                             const RasterStyle& style);
// Same, into a caller's picture whose memory is reused (its contents are replaced).
Status render_blocks_into(Bitmap& target, std::span<const Block> blocks, int width_dots, FontCache& fonts,
                          const RasterStyle& style);
Result<Bitmap> render_document(const Document& doc, int width_dots, FontCache& fonts);

// Module size for a linear symbol of `modules` modules (plus quiet zones) in `available` dots,
// as large as fits up to `max_module`; an error when even one dot per module does not fit.
Result<int> fit_module(int modules, int quiet_modules, int available, int max_module);

}  // namespace hp::print
