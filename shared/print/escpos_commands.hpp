#pragma once
// ESC/POS command bytes (Epson "ESC/POS Application Programming Guide"; byte values are
// checked against tests/vectors/escpos.json). Each appends to `out`.
#include <cstdint>
#include <string_view>
#include <vector>

#include "shared/print/bitmap.hpp"

namespace hp::print::escpos {

using Bytes = std::vector<std::uint8_t>;

void init(Bytes& out);                        // ESC @
void align(Bytes& out, int n);                // ESC a n: 0 left, 1 centre, 2 right
void bold(Bytes& out, bool on);               // ESC E n
void underline(Bytes& out, int n);            // ESC - n (0, 1, 2 dots)
void font(Bytes& out, int n);                 // ESC M n
void char_size(Bytes& out, int w, int h);     // GS ! ((w-1)<<4 | (h-1)), 1..8
void reverse(Bytes& out, bool on);            // GS B n
void line_spacing_default(Bytes& out);        // ESC 2
void code_page(Bytes& out, int n);            // ESC t n
void feed_lines(Bytes& out, int n);           // ESC d n
void feed_dots(Bytes& out, int n);            // ESC J n (repeated past 255)
void cut_partial_after_feed(Bytes& out, int n);  // GS V 66 n: feed to the cutter + n, partial cut
void cut_partial(Bytes& out);                 // GS V 1
// ESC p m t1 t2 (2 ms units): pin 2 -> m = 0, pin 5 -> m = '1'
void drawer_kick(Bytes& out, int pin, int on_ms, int off_ms);
void drawer_kick_raw(Bytes& out, std::uint8_t m, std::uint8_t t1, std::uint8_t t2);
void status_request(Bytes& out, int n);       // DLE EOT n
void barcode_height(Bytes& out, int dots);    // GS h n
void barcode_width(Bytes& out, int n);        // GS w n
void barcode_hri(Bytes& out, int position);   // GS H n: 0 none, 2 below
// GS k m n d1..dn (function B, m = 65..73)
void barcode(Bytes& out, std::uint8_t m, std::string_view data);
// GS ( k, cn = 49: model (fn 65), module size (67), error correction (69), store (80), print (81)
void qr_model(Bytes& out, int model);         // model 1 or 2
void qr_module_size(Bytes& out, int dots);
void qr_error_correction(Bytes& out, char level);  // 'L', 'M', 'Q', 'H'
void qr_store(Bytes& out, std::string_view data);
void qr_print(Bytes& out);
// GS v 0 0: rows [y0, y0+rows) of the picture, `width_bytes` bytes per row.
void raster(Bytes& out, const Bitmap& b, int y0, int rows, int width_bytes);
void text(Bytes& out, std::string_view bytes);
void lf(Bytes& out);

}  // namespace hp::print::escpos
