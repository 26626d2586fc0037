#pragma once
// Splitting a line's cells into widths and wrapping cell text, shared by the raster renderer
// (widths in dots) and the text-mode encoder (widths in printer columns).
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "shared/print/document.hpp"

namespace hp::print {

// Widths of the cells of a line that is `total` units wide, separated by `gap` units.
std::vector<int> cell_widths(const std::vector<Cell>& cells, int total, int gap);

using Measure = std::function<int(std::string_view)>;

// Greedy word wrap; a word wider than the width is cut between characters. Never returns
// an empty vector (an empty text is one empty line).
std::vector<std::string> wrap_text(std::string_view text, int width, const Measure& measure);

}  // namespace hp::print
