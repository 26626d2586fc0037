#include "shared/print/layout.hpp"

#include <algorithm>

#include "shared/print/utf8.hpp"

namespace hp::print {

std::vector<int> cell_widths(const std::vector<Cell>& cells, int total, int gap) {
  std::vector<int> w(cells.size(), 0);
  if (cells.empty()) return w;
  const int usable = std::max(0, total - gap * static_cast<int>(cells.size() - 1));
  int fixed = 0;
  int flexible = 0;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (cells[i].width_pct > 0) {
      w[i] = usable * std::min(cells[i].width_pct, 100) / 100;
      fixed += w[i];
    } else {
      ++flexible;
    }
  }
  if (flexible > 0) {
    const int rest = std::max(0, usable - fixed);
    for (std::size_t i = 0, k = 0; i < cells.size(); ++i) {
      if (cells[i].width_pct <= 0) {
        w[i] = rest / flexible + (static_cast<int>(k) < rest % flexible ? 1 : 0);
        ++k;
      }
    }
  }
  return w;
}

namespace {

// Cuts a word into pieces that fit, at code point boundaries (marks stay with their base).
void cut_word(std::string_view word, int width, const Measure& measure, std::vector<std::string>& out,
              std::string& current) {
  std::size_t start = 0;
  std::size_t i = 0;
  while (i < word.size()) {
    std::size_t k = i;
    next_code_point(word, k);
    while (k < word.size()) {
      std::size_t m = k;
      if (!is_combining(next_code_point(word, m))) break;
      k = m;
    }
    if (i > start && measure(word.substr(start, k - start)) > width) {
      out.emplace_back(word.substr(start, i - start));
      start = i;
    }
    i = k;
  }
  current = std::string(word.substr(start));
}

}  // namespace

std::vector<std::string> wrap_text(std::string_view text, int width, const Measure& measure) {
  std::vector<std::string> out;
  std::string current;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto space = text.find(' ', i);
    const auto end = space == std::string_view::npos ? text.size() : space;
    const std::string_view word = text.substr(i, end - i);
    i = space == std::string_view::npos ? text.size() : space + 1;
    if (word.empty() && !current.empty()) {
      current += ' ';
      continue;
    }
    const std::string candidate = current.empty() ? std::string(word) : current + " " + std::string(word);
    if (measure(candidate) <= width || width <= 0) {
      current = candidate;
      continue;
    }
    if (!current.empty()) {
      out.push_back(current);
      current.clear();
    }
    if (measure(word) <= width) {
      current = std::string(word);
    } else {
      cut_word(word, width, measure, out, current);
    }
  }
  out.push_back(current);
  return out;
}

}  // namespace hp::print
