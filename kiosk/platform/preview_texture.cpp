#include "kiosk/platform/preview_texture.hpp"

#include <span>

#include "shared/print/bitmap.hpp"
#include "shared/print/escpos_interpreter.hpp"

namespace hp::platform {

PreviewTexture::~PreviewTexture() { release(); }

void PreviewTexture::release() {
  if (texture_) glDeleteTextures(1, &texture_);
  texture_ = 0;
  image_ = {};
  job_id_.clear();
}

ui::PreviewImage PreviewTexture::update(const std::string& job_id, const std::string& bytes) {
  if (job_id == job_id_) return image_;
  job_id_ = job_id;
  image_ = {};
  if (bytes.empty()) return image_;
  // Raster jobs carry their own pixels; no fonts are needed to show them.
  const auto* data = reinterpret_cast<const std::uint8_t*>(bytes.data());
  const print::Bitmap bmp = print::render_preview(std::span<const std::uint8_t>(data, bytes.size()), profile_, nullptr);
  if (bmp.width <= 0 || bmp.height <= 0) return image_;
  const std::vector<std::uint8_t> rgba = print::to_rgba(bmp);
  if (!texture_) glGenTextures(1, &texture_);
  glBindTexture(GL_TEXTURE_2D, texture_);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, bmp.width, bmp.height, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
  image_ = ui::PreviewImage{reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(texture_)), bmp.width, bmp.height};
  return image_;
}

}  // namespace hp::platform
