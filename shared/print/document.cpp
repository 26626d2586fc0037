#include "shared/print/document.hpp"

namespace hp::print {

Document& Document::text(std::string s, Align a, bool bold, TextSize size) {
  blocks.emplace_back(Line{{Cell{std::move(s), a, 0}}, bold, size, false});
  return *this;
}

Document& Document::pair(std::string left, std::string right, bool bold) {
  blocks.emplace_back(Line{{Cell{std::move(left), Align::Left, 0}, Cell{std::move(right), Align::Right, 45}},
                           bold, TextSize::Normal, false});
  return *this;
}

Document& Document::row(std::vector<Cell> cells, bool bold) {
  blocks.emplace_back(Line{std::move(cells), bold, TextSize::Normal, false});
  return *this;
}

Document& Document::rule(bool dashed) {
  blocks.emplace_back(Rule{dashed});
  return *this;
}

Document& Document::feed(int lines) {
  blocks.emplace_back(Feed{lines});
  return *this;
}

Document& Document::add(Block b) {
  blocks.push_back(std::move(b));
  return *this;
}

}  // namespace hp::print
