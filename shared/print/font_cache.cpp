#include "shared/print/font_cache.hpp"

#include <ft2build.h>
#include FT_FREETYPE_H

#include <algorithm>
#include <array>
#include <filesystem>
#include <unordered_map>

#include "shared/print/utf8.hpp"

namespace hp::print {

FontPaths FontPaths::system_default() {
  const std::string noto = "/usr/share/fonts/truetype/noto/";
  const std::string dejavu = "/usr/share/fonts/truetype/dejavu/";
  return FontPaths{
      {noto + "NotoSans-Regular.ttf", dejavu + "DejaVuSans.ttf"},
      {noto + "NotoSans-Bold.ttf", dejavu + "DejaVuSans-Bold.ttf", noto + "NotoSans-Regular.ttf"},
      {dejavu + "DejaVuSansMono.ttf", noto + "NotoSansMono-Regular.ttf"},
  };
}

struct FontCache::Impl {
  FT_Library library = nullptr;
  std::array<FT_Face, 3> faces{};
  std::array<int, 3> face_px{};
  std::array<std::string, 3> paths;
  std::unordered_map<std::uint64_t, Glyph> glyphs;

  ~Impl() {
    for (auto f : faces) {
      if (f) FT_Done_Face(f);
    }
    if (library) FT_Done_FreeType(library);
  }

  FT_Face sized(FontFace face, int px) {
    const auto i = static_cast<std::size_t>(face);
    if (face_px[i] != px) {
      FT_Set_Pixel_Sizes(faces[i], 0, static_cast<FT_UInt>(px));
      face_px[i] = px;
    }
    return faces[i];
  }
};

FontCache::FontCache(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FontCache::FontCache(FontCache&&) noexcept = default;
FontCache& FontCache::operator=(FontCache&&) noexcept = default;
FontCache::~FontCache() = default;

Result<FontCache> FontCache::open(const FontPaths& paths) {
  auto impl = std::make_unique<Impl>();
  if (FT_Init_FreeType(&impl->library) != 0) {
    return fail("print.font_init", "FreeType could not start");
  }
  const std::array<const std::vector<std::string>*, 3> lists{&paths.regular, &paths.bold,
                                                             &paths.mono};
  for (std::size_t i = 0; i < lists.size(); ++i) {
    for (const auto& candidate : *lists[i]) {
      std::error_code ec;
      if (!std::filesystem::exists(candidate, ec)) continue;
      if (FT_New_Face(impl->library, candidate.c_str(), 0, &impl->faces[i]) == 0) {
        impl->paths[i] = candidate;
        break;
      }
    }
    if (!impl->faces[i]) {
      static constexpr const char* kNames[] = {"regular", "bold", "mono"};
      std::string tried;
      for (const auto& c : *lists[i]) tried += (tried.empty() ? "" : ", ") + c;
      return fail("print.font_missing",
                  std::string("no usable ") + kNames[i] + " font among: " + tried);
    }
  }
  return FontCache(std::move(impl));
}

const FontCache::Glyph& FontCache::glyph(FontFace face, int px, char32_t cp) {
  px = std::clamp(px, 4, 1000);
  const std::uint64_t key = (static_cast<std::uint64_t>(face) << 40) |
                            (static_cast<std::uint64_t>(px) << 24) | (cp & 0xFFFFFF);
  if (auto it = impl_->glyphs.find(key); it != impl_->glyphs.end()) return it->second;
  Glyph g;
  FT_Face f = impl_->sized(face, px);
  if (FT_Load_Char(f, cp, FT_LOAD_RENDER | FT_LOAD_TARGET_LIGHT) == 0) {
    const FT_GlyphSlot slot = f->glyph;
    g.left = slot->bitmap_left;
    g.top = slot->bitmap_top;
    g.advance = static_cast<int>(slot->advance.x);
    g.width = static_cast<int>(slot->bitmap.width);
    g.height = static_cast<int>(slot->bitmap.rows);
    g.coverage.resize(static_cast<std::size_t>(g.width) * g.height);
    for (int y = 0; y < g.height; ++y) {
      const unsigned char* row = slot->bitmap.buffer + static_cast<std::ptrdiff_t>(y) * slot->bitmap.pitch;
      std::copy(row, row + g.width, g.coverage.begin() + static_cast<std::ptrdiff_t>(y) * g.width);
    }
  }
  return impl_->glyphs.emplace(key, std::move(g)).first->second;
}

bool FontCache::has_glyph(FontFace face, char32_t cp) {
  return FT_Get_Char_Index(impl_->faces[static_cast<std::size_t>(face)], cp) != 0;
}

int FontCache::ascender(FontFace face, int px) {
  FT_Face f = impl_->sized(face, px);
  return static_cast<int>(f->size->metrics.ascender >> 6);
}

int FontCache::descender(FontFace face, int px) {
  FT_Face f = impl_->sized(face, px);
  return static_cast<int>(-(f->size->metrics.descender >> 6));
}

int FontCache::text_width(FontFace face, int px, std::string_view utf8) {
  int pen = 0;
  for (std::size_t i = 0; i < utf8.size();) pen += glyph(face, px, next_code_point(utf8, i)).advance;
  return (pen + 32) >> 6;
}

void FontCache::draw_glyph(Bitmap& target, int x, int y, const Glyph& g, Ink ink) {
  const int ox = x + g.left;
  const int oy = y - g.top;
  for (int gy = 0; gy < g.height; ++gy) {
    const int ty = oy + gy;
    if (ty < 0 || ty >= target.height) continue;
    for (int gx = 0; gx < g.width; ++gx) {
      const int tx = ox + gx;
      if (tx < 0 || tx >= target.width) continue;
      const std::uint8_t c = g.coverage[static_cast<std::size_t>(gy) * g.width + gx];
      auto& p = target.pixels[static_cast<std::size_t>(ty) * target.width + tx];
      if (ink == Ink::Black) {
        p = std::min<std::uint8_t>(p, static_cast<std::uint8_t>(255 - c));
      } else {
        p = std::max<std::uint8_t>(p, c);
      }
    }
  }
}

int FontCache::draw_text(Bitmap& target, int x, int y, FontFace face, int px,
                         std::string_view utf8, Ink ink) {
  int pen = x * 64;
  for (std::size_t i = 0; i < utf8.size();) {
    const Glyph& g = glyph(face, px, next_code_point(utf8, i));
    draw_glyph(target, (pen + 32) >> 6, y, g, ink);
    pen += g.advance;
  }
  return (pen + 32) >> 6;
}

std::size_t FontCache::cached_glyphs() const { return impl_->glyphs.size(); }

const std::string& FontCache::path(FontFace face) const {
  return impl_->paths[static_cast<std::size_t>(face)];
}

}  // namespace hp::print
