#pragma once
// Touch-sized controls (layout::kTouch and up) that register where they were drawn, and the
// panels screens are built from. Colours come from palette.hpp, sizes from layout.hpp.
#include <string>

#include "kiosk/ui/frame.hpp"
#include "kiosk/ui/layout.hpp"
#include "kiosk/ui/palette.hpp"

namespace hp::ui {

inline constexpr float kTouch = layout::kTouch;

enum class Tone { Normal, Primary, Danger, Selected };

inline ImU32 col(Rgb c, float alpha = 1.0f) {
  return IM_COL32(c.r, c.g, c.b, static_cast<int>(alpha * 255.0f));
}

// A button named `id` (the script's "tap id"). Returns true when pressed and enabled.
bool button(Frame& f, const char* id, const char* label, ImVec2 size = {0, kTouch}, Tone tone = Tone::Normal,
            bool enabled = true);
// A one-line text field. Returns true when Enter was pressed in it.
bool text_field(Frame& f, const char* id, const char* hint, std::string& buf, float width = -1, bool numeric = false);

// An on-screen keypad typing into `target`: every key applies at once (there is no "OK" to
// forget). Cash adds a "000" key. Returns true when the target changed. `width` is the whole
// pad's; keys are kTouch tall.
enum class Keypad { Digits, Cash };
bool keypad(Frame& f, const char* id, std::string& target, Keypad kind, float width);
inline float keypad_height() { return 4 * layout::kTouch + 3 * layout::kGap; }

// A child region. A panel that is not `scrolls` must fit: if its content overflows, the
// registry records it and the layout test fails. Controls inside a scrolling panel may be
// partly hidden (the list scrolls) and are marked so.
void begin_panel(Frame& f, const char* id, ImVec2 size, bool scrolls = false, bool border = false);
void end_panel(Frame& f, const char* id, bool scrolls = false);

// Text in a font, optionally coloured.
void text(ImFont* font, const std::string& s, ImU32 color = 0);
void heading(Frame& f, const char* s);
ImU32 level_color(app::Level l);

// A state said by shape as well as by colour and words: a tick, a wave, a warning triangle.
enum class Symbol { Tick, Wave, Warning, Dash };
void symbol(Symbol s, float size, ImU32 color);

// Parses digits of a field into an integer, or -1 when empty/invalid.
std::int64_t parse_int(const std::string& s);

}  // namespace hp::ui
