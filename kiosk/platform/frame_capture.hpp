#pragma once
// What a scripted session writes of a window's frame: the control registry as JSON, and the
// picture as a PNG read back from the current GL framebuffer. Both windows (the counter's and
// the customer display's) use these.
#include <string>

#include "kiosk/ui/frame.hpp"

namespace hp::platform {

void write_registry(const std::string& path, const ui::ControlRegistry& registry, int width, int height);
void write_framebuffer_png(const std::string& path, int width, int height);

}  // namespace hp::platform
