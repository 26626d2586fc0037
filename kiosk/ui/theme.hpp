#pragma once
// Fonts and style for a touch counter: Noto Sans through FreeType in the sizes of layout.hpp,
// with the glyphs Vietnamese, ₫ and — need, and the colours of palette.hpp.
#include <string>

#include "kiosk/app/i18n.hpp"
#include "kiosk/ui/frame.hpp"
#include "shared/result.hpp"

namespace hp::ui {

// The first of these that exists is used (Debian: fonts-noto-core, then DejaVu).
inline constexpr const char* kFontCandidates[] = {
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
};

// Builds the atlas (call before the renderer creates its font texture). "ui.font_missing" when
// no font file exists.
Result<Fonts> load_fonts(const app::Translator& t);
void apply_style();

}  // namespace hp::ui
