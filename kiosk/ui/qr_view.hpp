#pragma once
// A QR code drawn with ImGui rectangles (libqrencode makes the symbol), for VietQR payment.
#include <string>

namespace hp::ui {

// Draws the QR code for text at the cursor, `size` pixels square, and advances the cursor.
void draw_qr(const std::string& text, float size);

}  // namespace hp::ui
