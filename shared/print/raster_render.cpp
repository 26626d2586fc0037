#include "shared/print/raster_render.hpp"

#include <algorithm>
#include <string>

#include "shared/print/layout.hpp"

namespace hp::print {

RasterStyle RasterStyle::for_width(int width_dots) {
  if (width_dots >= 500) return RasterStyle{24, 8};
  return RasterStyle{22, 4};
}

Result<int> fit_module(int modules, int quiet_modules, int available, int max_module) {
  const int total = modules + 2 * quiet_modules;
  if (total <= 0) return fail("print.symbol_empty", "empty symbol");
  const int k = std::min(max_module, available / total);
  if (k < 1) {
    return fail("print.symbol_too_long", "symbol of " + std::to_string(modules) + " modules does not fit in " +
                                             std::to_string(available) + " dots");
  }
  return k;
}

namespace {

class Canvas {
 public:
  Canvas(Bitmap& target, int width, FontCache& fonts, const RasterStyle& style)
      : bitmap_(target), fonts_(fonts), style_(style) {
    bitmap_.width = width;
    bitmap_.height = 0;
    bitmap_.pixels.clear();  // keeps the capacity of a reused target
  }

  Status add(const Block& block) {
    return std::visit([this](const auto& b) { return this->draw(b); }, block);
  }

 private:
  int inner() const { return bitmap_.width - 2 * style_.margin; }

  int x_for(Align a, int box_x, int box_w, int content_w) const {
    switch (a) {
      case Align::Left: return box_x;
      case Align::Center: return box_x + (box_w - content_w) / 2;
      case Align::Right: return box_x + box_w - content_w;
    }
    return box_x;
  }

  int extend(int h) {
    const int y = bitmap_.height;
    bitmap_.grow_to_height(y + h);
    return y;
  }

  Status draw(const Line& line) {
    const int px = line.size == TextSize::Double ? style_.font_px * 2 : style_.font_px;
    const FontFace face = line.bold ? FontFace::Bold : FontFace::Regular;
    const int gap = px / 2;
    const auto widths = cell_widths(line.cells, inner(), gap);
    const Measure measure = [&](std::string_view s) { return fonts_.text_width(face, px, s); };
    std::vector<std::vector<std::string>> wrapped;
    std::size_t rows = 1;
    for (std::size_t i = 0; i < line.cells.size(); ++i) {
      wrapped.push_back(wrap_text(line.cells[i].text, widths[i], measure));
      rows = std::max(rows, wrapped.back().size());
    }
    const int asc = fonts_.ascender(face, px);
    const int lh = asc + fonts_.descender(face, px) + px / 6;
    const int y0 = extend(static_cast<int>(rows) * lh);
    if (line.inverse) bitmap_.fill_rect(0, y0, bitmap_.width, static_cast<int>(rows) * lh);
    const Ink ink = line.inverse ? Ink::White : Ink::Black;
    int x = style_.margin;
    for (std::size_t i = 0; i < line.cells.size(); ++i) {
      for (std::size_t r = 0; r < wrapped[i].size(); ++r) {
        const int w = measure(wrapped[i][r]);
        fonts_.draw_text(bitmap_, x_for(line.cells[i].align, x, widths[i], w),
                         y0 + static_cast<int>(r) * lh + asc + px / 12, face, px, wrapped[i][r], ink);
      }
      x += widths[i] + gap;
    }
    return {};
  }

  Status draw(const Rule& rule) {
    const int h = style_.font_px / 2;
    const int y = extend(h) + h / 2 - 1;
    if (!rule.dashed) {
      bitmap_.fill_rect(style_.margin, y, inner(), 2);
    } else {
      for (int x = style_.margin; x < style_.margin + inner(); x += 12) {
        bitmap_.fill_rect(x, y, std::min(8, style_.margin + inner() - x), 2);
      }
    }
    return {};
  }

  Status draw(const Barcode& b) {
    auto modules = barcode_modules(b.kind, b.data);
    if (!modules) return std::unexpected(modules.error());
    const int n = static_cast<int>(modules->size());
    const int across = std::min(3, bitmap_.width / (n + 20));
    Bitmap bars;
    if (b.module_dots > 0) {
      // A set X-dimension: exactly that, across the paper, or not at all.
      if ((n + 20) * b.module_dots > bitmap_.width)
        return fail("print.symbol_too_long", "a symbol of " + std::to_string(n) + " modules at " + std::to_string(b.module_dots) +
                                                 " dots a module does not fit across " + std::to_string(bitmap_.width) + " dots");
      bars = barcode_bitmap(*modules, b.module_dots, b.height_dots);
    } else if (across >= 2) {
      bars = barcode_bitmap(*modules, across, b.height_dots);
    } else {
      // Too long to lie across the paper at two dots a module (thinner bars scan badly at
      // 203 dpi): turned to run along the paper, which has no length limit.
      bars = rotated_cw(barcode_bitmap(*modules, 2, std::min(inner(), std::max(b.height_dots, 120))));
    }
    const int y = extend(bars.height + 4);
    bitmap_.draw(bars, (bitmap_.width - bars.width) / 2, y + 2);
    if (!b.caption.empty()) return draw(Line{{Cell{b.caption, Align::Center, 0}}, false, TextSize::Normal, false});
    return {};
  }

  Status draw(const QrCode& q) {
    auto m = qr_matrix(q.data, q.ecc);
    if (!m) return std::unexpected(m.error());
    const int module = std::min(q.module_dots, inner() / (m->size + 8));
    if (module < 2) return fail("print.symbol_too_long", "QR code too large for the paper width");
    const Bitmap img = qr_bitmap(*m, module);
    const int y = extend(img.height);
    bitmap_.draw(img, (bitmap_.width - img.width) / 2, y);
    if (!q.caption.empty()) return draw(Line{{Cell{q.caption, Align::Center, 0}}, false, TextSize::Normal, false});
    return {};
  }

  Status draw(const Picture& p) {
    if (p.image.empty()) return {};
    const int y = extend(p.image.height);
    bitmap_.draw(p.image, x_for(p.align, style_.margin, inner(), std::min(p.image.width, inner())), y);
    return {};
  }

  Status draw(const Feed& f) {
    const int lh = fonts_.ascender(FontFace::Regular, style_.font_px) +
                   fonts_.descender(FontFace::Regular, style_.font_px) + style_.font_px / 6;
    extend(std::clamp(f.lines, 0, 20) * lh);
    return {};
  }

  Bitmap& bitmap_;
  FontCache& fonts_;
  RasterStyle style_;
};

}  // namespace

Status render_blocks_into(Bitmap& target, std::span<const Block> blocks, int width_dots, FontCache& fonts,
                          const RasterStyle& style) {
  if (width_dots < 64 || width_dots > 4096) return fail("print.bad_width", "paper width out of range");
  Canvas canvas(target, width_dots, fonts, style);
  for (const auto& b : blocks) {
    if (auto ok = canvas.add(b); !ok) return ok;
  }
  return {};
}

Result<Bitmap> render_blocks(std::span<const Block> blocks, int width_dots, FontCache& fonts,
                             const RasterStyle& style) {
  Bitmap out;
  if (auto ok = render_blocks_into(out, blocks, width_dots, fonts, style); !ok) return std::unexpected(ok.error());
  return out;
}

Result<Bitmap> render_document(const Document& doc, int width_dots, FontCache& fonts) {
  return render_blocks(doc.blocks, width_dots, fonts, RasterStyle::for_width(width_dots));
}

}  // namespace hp::print
