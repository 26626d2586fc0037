#include <cstdio>

#include "kiosk/ui/frame.hpp"

namespace hp::ui {

namespace {

void append_rect(std::string& out, const char* name, const ControlRegistry::Rect& r) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "\"%s\":{\"x\":%.1f,\"y\":%.1f,\"w\":%.1f,\"h\":%.1f}", name, r.x, r.y, r.w, r.h);
  out += buf;
}

// Control and panel ids are ASCII names the screens make; escape anyway, so a product sku
// with a quote cannot break the file.
void append_string(std::string& out, const std::string& s) {
  out += '"';
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) >= 0x20) out += c;
  }
  out += '"';
}

}  // namespace

std::string ControlRegistry::to_json(float window_w, float window_h) const {
  std::string out = "{\"window\":{\"w\":" + std::to_string(static_cast<int>(window_w)) +
                    ",\"h\":" + std::to_string(static_cast<int>(window_h)) + "},\"overflow\":[";
  for (std::size_t i = 0; i < overflow_.size(); ++i) {
    if (i) out += ',';
    append_string(out, overflow_[i]);
  }
  out += "],\"controls\":[";
  bool first = true;
  for (const auto& [id, c] : controls_) {
    if (!first) out += ',';
    first = false;
    out += "{\"id\":";
    append_string(out, id);
    out += ',';
    append_rect(out, "tap", c.tap);
    out += ',';
    append_rect(out, "full", c.full);
    out += std::string(",\"in_scroll\":") + (c.in_scroll ? "true" : "false") +
           ",\"label_clipped\":" + (c.label_clipped ? "true" : "false") + "}";
  }
  out += "]}\n";
  return out;
}

}  // namespace hp::ui
