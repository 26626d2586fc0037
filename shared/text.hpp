#pragma once
// Everything that enters the system (scans, typing, the database, sync) is normalised to NFC:
// ImGui does no shaping and draws decomposed Vietnamese as '?'.
#include <string>
#include <string_view>

#include "shared/result.hpp"

namespace hp {

// NFC form of UTF-8 text. Invalid UTF-8 sequences become U+FFFD rather than failing.
// "text.normalize" when ICU cannot normalise (its data missing, out of memory).
Result<std::string> normalize_nfc(std::string_view utf8);
// normalize_nfc, or the text as it came when ICU fails: for paths that must not stop. The
// kiosk checks at start that normalisation works (check_text_support) and shows it if not.
std::string to_nfc(std::string_view utf8);
// That ICU normalises a known decomposed sample to NFC: "text.normalize" otherwise.
Status check_text_support();

bool is_nfc(std::string_view utf8);

// Key for accent-insensitive search: NFD, combining marks removed, đ -> d, lower case,
// spaces collapsed. "Nguyễn Thị Hoà" -> "nguyen thi hoa".
std::string search_key(std::string_view utf8);

// Trims ASCII whitespace and control characters at both ends.
std::string trim(std::string_view s);

// Appends the UTF-8 encoding of a code point (no checks: the caller has a valid one).
void append_utf8(std::string& out, char32_t cp);

// Only the characters 0-9 of s.
std::string digits_only(std::string_view s);

}  // namespace hp
