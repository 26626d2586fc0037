#pragma once
// Server-rendered charts: plain SVG that needs no script and prints as it shows.
#include <cstdint>
#include <string>
#include <vector>

namespace hp::server::dash {

struct Bar {
  std::string label;
  double value = 0;
  std::string value_text;  // as printed beside the bar
};

std::string xml_escape(const std::string& s);
// Horizontal bars, longest first as given, scaled to the largest value.
std::string bar_chart_svg(const std::string& title, const std::vector<Bar>& bars);

}  // namespace hp::server::dash
