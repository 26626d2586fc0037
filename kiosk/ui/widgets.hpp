#pragma once
// Touch-sized controls (at least 48 px) that register where they were drawn.
#include <string>

#include "kiosk/ui/frame.hpp"

namespace hp::ui {

inline constexpr float kTouch = 56.0f;

enum class Tone { Normal, Primary, Danger, Selected };

// A button named `id` (the script's "tap id"). Returns true when pressed and enabled.
bool button(Frame& f, const char* id, const char* label, ImVec2 size = {0, kTouch}, Tone tone = Tone::Normal,
            bool enabled = true);
// A one-line text field. Returns true when Enter was pressed in it.
bool text_field(Frame& f, const char* id, const char* hint, std::string& buf, float width = -1, bool numeric = false);
// An on-screen numeric keypad that types into the focused numeric field. Returns true on OK.
bool keypad(Frame& f, const char* id, float key_w = 84, float key_h = 64);
// Text in a font, optionally coloured.
void text(ImFont* font, const std::string& s, ImU32 color = 0);
void heading(Frame& f, const char* s);
ImU32 level_color(app::Level l);
// Parses digits of a field into an integer, or -1 when empty/invalid.
std::int64_t parse_int(const std::string& s);

}  // namespace hp::ui
