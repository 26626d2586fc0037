#include "kiosk/platform/frame_capture.hpp"

#include <SDL_opengl.h>
#include <stb_image_write.h>

#include <cstdio>
#include <vector>

namespace hp::platform {

void write_registry(const std::string& path, const ui::ControlRegistry& registry, int width, int height) {
  // Written beside and renamed into place: a test that waits for the file must never read
  // it half written.
  const std::string partial = path + ".partial";
  std::FILE* out = std::fopen(partial.c_str(), "w");
  if (!out) {
    std::fprintf(stderr, "kiosk: cannot write %s\n", partial.c_str());
    return;
  }
  const std::string json = registry.to_json(static_cast<float>(width), static_cast<float>(height));
  const bool written = std::fwrite(json.data(), 1, json.size(), out) == json.size();
  if (std::fclose(out) != 0 || !written || std::rename(partial.c_str(), path.c_str()) != 0)
    std::fprintf(stderr, "kiosk: cannot write %s\n", path.c_str());
}

void write_framebuffer_png(const std::string& path, int width, int height) {
  std::vector<unsigned char> px(static_cast<std::size_t>(width) * height * 3);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, px.data());
  stbi_flip_vertically_on_write(1);
  const std::string partial = path + ".partial";
  if (!stbi_write_png(partial.c_str(), width, height, 3, px.data(), width * 3) ||
      std::rename(partial.c_str(), path.c_str()) != 0)
    std::fprintf(stderr, "kiosk: cannot write screenshot %s\n", path.c_str());
}

}  // namespace hp::platform
