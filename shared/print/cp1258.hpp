#pragma once
// Windows-1258 (Vietnamese), as Epson's ESC t 52 and clones' equivalents print it.
// CP1258 holds the letters with circumflex, breve and horn (â ê ô ă ơ ư đ) but only a few
// letters with a tone mark (à á è é í ó ù ú...); every other toned letter is sent as its
// base letter followed by one of the five combining tone marks, which the printer overlays.
#include <string>
#include <string_view>

namespace hp::print {

struct Cp1258Text {
  std::string bytes;
  int unmappable = 0;  // characters sent as '?'
};

// Text is normalised to NFC first, then each character goes out precomposed when CP1258 has
// it, otherwise as base + tone mark.
Cp1258Text utf8_to_cp1258(std::string_view utf8);

// Byte by byte, combining marks kept as separate code points (apply hp::to_nfc to compare).
// Bytes CP1258 leaves undefined decode as U+FFFD.
std::string cp1258_to_utf8(std::string_view bytes);

char32_t cp1258_code_point(unsigned char byte);

}  // namespace hp::print
