#pragma once
// The customer display's window (issue 10 item 9, docs/customer-display.md): full screen on
// the second display when there is one, otherwise (kiosk.toml customer_display = "window") a
// window of its own. It has its own ImGui context over the main window's font atlas and GL
// context, draws in the main loop's frames only (so it adds no wake-ups), and takes no input.
#include <SDL.h>
#include <imgui.h>

#include <memory>
#include <string>

#include "kiosk/app/customer_view.hpp"
#include "kiosk/app/i18n.hpp"
#include "kiosk/ui/frame.hpp"

namespace hp::platform {

class CustomerWindow {
 public:
  // nullptr when there is no second display and window_anyway is false, or the window cannot
  // be made (the reason in *why). The GL context must be current; it is again on return.
  static std::unique_ptr<CustomerWindow> open(SDL_Window* main, SDL_GLContext gl, ImFontAtlas* fonts,
                                              bool window_anyway, std::string* why);
  ~CustomerWindow();
  CustomerWindow(const CustomerWindow&) = delete;
  CustomerWindow& operator=(const CustomerWindow&) = delete;

  Uint32 window_id() const { return SDL_GetWindowID(window_); }
  bool on_second_display() const { return second_display_; }
  // One frame of v; writes the frame to screenshot (a PNG) when it is not empty. The main
  // window, its GL context and its ImGui context are current again on return.
  void draw(const app::CustomerView& v, const app::Translator& t, const ui::Fonts& fonts, const std::string& screenshot,
            const std::string& dump);

 private:
  CustomerWindow(SDL_Window* main, SDL_Window* window, SDL_GLContext gl, ImGuiContext* ctx, bool second)
      : main_(main), window_(window), gl_(gl), ctx_(ctx), second_display_(second) {}
  SDL_Window* main_;
  SDL_Window* window_;
  SDL_GLContext gl_;
  ImGuiContext* ctx_;
  bool second_display_;
  Uint64 last_frame_ = 0;
  ui::ControlRegistry registry_;
};

}  // namespace hp::platform
