#pragma once
// FreeType faces and rendered glyphs, owned by the caller (one per printing thread) and kept
// between jobs so repeated receipts only rasterise each glyph once.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "shared/print/bitmap.hpp"
#include "shared/result.hpp"

namespace hp::print {

enum class FontFace { Regular, Bold, Mono };

// Candidate files per face, first existing one wins. Noto Sans (fonts-noto-core) draws every
// Vietnamese letter precomposed; DejaVu is the fallback. Mono is for the interpreter, which
// imitates the printer's own 12x24 font.
struct FontPaths {
  std::vector<std::string> regular;
  std::vector<std::string> bold;
  std::vector<std::string> mono;
  static FontPaths system_default();
};

enum class Ink { Black, White };

class FontCache {
 public:
  static Result<FontCache> open(const FontPaths& paths = FontPaths::system_default());
  FontCache(FontCache&&) noexcept;
  FontCache& operator=(FontCache&&) noexcept;
  ~FontCache();

  struct Glyph {
    int left = 0;     // from pen position to the bitmap's left edge
    int top = 0;      // from baseline up to the bitmap's top edge
    int advance = 0;  // in 1/64 pixel
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> coverage;  // 0 = none, 255 = full ink
  };

  const Glyph& glyph(FontFace face, int px, char32_t cp);
  bool has_glyph(FontFace face, char32_t cp);
  int ascender(FontFace face, int px);
  int descender(FontFace face, int px);  // positive, below the baseline
  int text_width(FontFace face, int px, std::string_view utf8);
  // Draws at pen position x with the baseline at y; returns the pen position after the text.
  int draw_text(Bitmap& target, int x, int y, FontFace face, int px, std::string_view utf8,
                Ink ink = Ink::Black);
  void draw_glyph(Bitmap& target, int x, int y, const Glyph& g, Ink ink = Ink::Black);
  std::size_t cached_glyphs() const;
  const std::string& path(FontFace face) const;

 private:
  struct Impl;
  explicit FontCache(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace hp::print
