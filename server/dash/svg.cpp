#include "server/dash/svg.hpp"

#include <algorithm>
#include <cstdio>

namespace hp::server::dash {

std::string xml_escape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string bar_chart_svg(const std::string& title, const std::vector<Bar>& bars) {
  // Narrow enough that the text stays legible when a phone scales the chart to its width.
  constexpr int kWidth = 480, kRow = 28, kTop = 36, kLabel = 170, kValue = 80;
  const int height = kTop + std::max<int>(1, static_cast<int>(bars.size())) * kRow + 10;
  double max = 0;
  for (const auto& b : bars) max = std::max(max, b.value);
  std::string s = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + std::to_string(kWidth) + " " +
                  std::to_string(height) + "\" role=\"img\" aria-label=\"" + xml_escape(title) +
                  "\" font-family=\"Noto Sans, DejaVu Sans, sans-serif\" font-size=\"14\">";
  s += "<title>" + xml_escape(title) + "</title>";
  s += "<text x=\"0\" y=\"18\" font-size=\"15\" font-weight=\"bold\" fill=\"#1a1a1a\">" + xml_escape(title) + "</text>";
  if (bars.empty()) s += "<text x=\"0\" y=\"52\" fill=\"#555\">—</text>";
  int y = kTop;
  for (const auto& b : bars) {
    const double w = max > 0 ? (kWidth - kLabel - kValue) * (b.value / max) : 0;
    char rect[200];
    std::snprintf(rect, sizeof rect, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#1f6f43\"/>", kLabel,
                  y + 4, w, kRow - 8);
    s += "<text x=\"" + std::to_string(kLabel - 8) + "\" y=\"" + std::to_string(y + 17) +
         "\" text-anchor=\"end\" fill=\"#1a1a1a\">" + xml_escape(b.label) + "</text>";
    s += rect;
    char val[64];
    std::snprintf(val, sizeof val, "%.1f", static_cast<double>(kLabel) + w + 6);
    s += "<text x=\"" + std::string(val) + "\" y=\"" + std::to_string(y + 17) + "\" fill=\"#1a1a1a\">" +
         xml_escape(b.value_text) + "</text>";
    y += kRow;
  }
  s += "</svg>";
  return s;
}

}  // namespace hp::server::dash
