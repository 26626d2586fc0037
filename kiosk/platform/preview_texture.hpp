#pragma once
// The last receipt as a GL texture: the job's ESC/POS bytes rendered by the same interpreter
// the tests use, so the clerk sees exactly what the printer gets. Re-rendered only when the
// job changes (about 2 ms for a receipt).
#include <SDL_opengl.h>

#include <string>

#include "kiosk/ui/frame.hpp"
#include "shared/print/printer_profile.hpp"

namespace hp::platform {

class PreviewTexture {
 public:
  explicit PreviewTexture(print::PrinterProfile profile) : profile_(std::move(profile)) {}
  ~PreviewTexture();
  PreviewTexture(const PreviewTexture&) = delete;
  PreviewTexture& operator=(const PreviewTexture&) = delete;

  // Call on the UI thread with the GL context current.
  ui::PreviewImage update(const std::string& job_id, const std::string& escpos_bytes);
  // Frees the texture; call before the GL context goes away.
  void release();

 private:
  print::PrinterProfile profile_;
  std::string job_id_;
  GLuint texture_ = 0;
  ui::PreviewImage image_;
};

}  // namespace hp::platform
