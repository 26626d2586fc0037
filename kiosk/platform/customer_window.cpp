#include "kiosk/platform/customer_window.hpp"

#include <SDL_opengl.h>
#include <imgui_impl_opengl3.h>

#include "kiosk/platform/frame_capture.hpp"
#include "kiosk/ui/customer_screen.hpp"
#include "kiosk/ui/palette.hpp"
#include "kiosk/ui/theme.hpp"

namespace hp::platform {

std::unique_ptr<CustomerWindow> CustomerWindow::open(SDL_Window* main, SDL_GLContext gl, ImFontAtlas* fonts,
                                                     bool window_anyway, std::string* why) {
  const bool second = SDL_GetNumVideoDisplays() > 1;
  if (!second && !window_anyway) return nullptr;
  SDL_Rect place{SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED, 800, 600};
  Uint32 flags = SDL_WINDOW_OPENGL | SDL_WINDOW_ALLOW_HIGHDPI;
  if (second) {
    SDL_GetDisplayBounds(1, &place);
    flags |= SDL_WINDOW_FULLSCREEN_DESKTOP | SDL_WINDOW_BORDERLESS;
  } else {
    flags |= SDL_WINDOW_RESIZABLE;
  }
  SDL_Window* w = SDL_CreateWindow("Nông sản Hải Phòng — Màn hình khách", place.x, place.y, place.w, place.h, flags);
  if (!w) {
    if (why) *why = SDL_GetError();
    return nullptr;
  }
  ImGuiContext* main_ctx = ImGui::GetCurrentContext();
  ImGuiContext* ctx = ImGui::CreateContext(fonts);
  ImGui::SetCurrentContext(ctx);
  ImGui::GetIO().IniFilename = nullptr;
  ui::apply_style();
  SDL_GL_MakeCurrent(w, gl);
  ImGui_ImplOpenGL3_Init("#version 150");
  SDL_GL_MakeCurrent(main, gl);
  ImGui::SetCurrentContext(main_ctx);
  return std::unique_ptr<CustomerWindow>(new CustomerWindow(main, w, gl, ctx, second));
}

CustomerWindow::~CustomerWindow() {
  ImGuiContext* main_ctx = ImGui::GetCurrentContext();
  ImGui::SetCurrentContext(ctx_);
  SDL_GL_MakeCurrent(window_, gl_);
  ImGui_ImplOpenGL3_Shutdown();
  ImGui::DestroyContext(ctx_);
  SDL_GL_MakeCurrent(main_, gl_);
  ImGui::SetCurrentContext(main_ctx);
  SDL_DestroyWindow(window_);
}

void CustomerWindow::draw(const app::CustomerView& v, const app::Translator& t, const ui::Fonts& fonts,
                          const std::string& screenshot, const std::string& dump) {
  ImGuiContext* main_ctx = ImGui::GetCurrentContext();
  ImGui::SetCurrentContext(ctx_);
  SDL_GL_MakeCurrent(window_, gl_);
  ImGuiIO& io = ImGui::GetIO();
  int ww = 0, wh = 0, dw = 0, dh = 0;
  SDL_GetWindowSize(window_, &ww, &wh);
  SDL_GL_GetDrawableSize(window_, &dw, &dh);
  io.DisplaySize = ImVec2(static_cast<float>(ww), static_cast<float>(wh));
  if (ww > 0 && wh > 0)
    io.DisplayFramebufferScale = ImVec2(static_cast<float>(dw) / static_cast<float>(ww), static_cast<float>(dh) / static_cast<float>(wh));
  const Uint64 now = SDL_GetPerformanceCounter();
  io.DeltaTime = last_frame_ ? static_cast<float>(now - last_frame_) / static_cast<float>(SDL_GetPerformanceFrequency())
                             : 1.0f / 60.0f;
  if (io.DeltaTime <= 0) io.DeltaTime = 1.0f / 60.0f;
  last_frame_ = now;

  ImGui_ImplOpenGL3_NewFrame();
  ImGui::NewFrame();
  registry_.clear();
  ui::draw_customer(v, t, fonts, registry_);
  ImGui::Render();
  glViewport(0, 0, dw, dh);
  constexpr ui::Rgb bg = ui::palette::kBackground;
  glClearColor(bg.r / 255.0f, bg.g / 255.0f, bg.b / 255.0f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  if (!dump.empty()) write_registry(dump, registry_, ww, wh);
  if (!screenshot.empty()) write_framebuffer_png(screenshot, dw, dh);
  SDL_GL_SwapWindow(window_);
  SDL_GL_MakeCurrent(main_, gl_);
  ImGui::SetCurrentContext(main_ctx);
}

}  // namespace hp::platform
