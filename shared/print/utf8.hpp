#pragma once
// Minimal UTF-8 walking for layout and code-page conversion. Invalid sequences decode as
// U+FFFD one byte at a time, so a bad byte never stalls or overruns the loop.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "shared/text.hpp"

namespace hp::print {

// Decodes the code point at s[i] and advances i past it. Requires i < s.size().
char32_t next_code_point(std::string_view s, std::size_t& i);

std::vector<char32_t> decode_utf8(std::string_view s);
using hp::append_utf8;  // shared/text.hpp

// Vietnamese tone marks and other combining marks (U+0300-U+036F) take no column.
bool is_combining(char32_t cp);

// Columns a string takes on a fixed-pitch printer font: one per character, none for marks.
int display_columns(std::string_view utf8);

}  // namespace hp::print
