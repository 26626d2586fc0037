#include "kiosk/platform/script_player.hpp"

#include <SDL.h>
#include <SDL_opengl.h>
#include <stb_image_write.h>

#include <cstdio>
#include <vector>

namespace hp::platform {

namespace {
// A tapped control may appear a few frames late (after a lookup returns); give up after ~5 s.
constexpr int kMaxTries = 300;
}  // namespace

ScriptPlayer::ScriptPlayer(std::vector<app::ScriptStep> steps, const ui::ControlRegistry& registry,
                           ScriptDevices* devices)
    : steps_(std::move(steps)), registry_(registry), devices_(devices) {}

bool ScriptPlayer::before_frame(const app::Controller& controller, ImGuiIO& io) {
  if (!active()) return true;
  using K = app::ScriptStep::Kind;
  if (!in_step_) {
    if (next_ >= steps_.size()) {
      finished_ = true;
      return true;
    }
    if (controller.busy() || ++frames_idle_ < 3) return true;
    in_step_ = true;
    phase_ = 0;
    tries_ = 0;
    if (!start_step(steps_[next_], controller, io)) return false;
  }
  const auto& s = steps_[next_];
  bool done = true;
  switch (s.kind) {
    case K::Tap:
      if (phase_ == 0) {
        auto r = registry_.find(s.arg);
        if (!r) {
          if (++tries_ > kMaxTries) {
            error_ = "line " + std::to_string(s.line) + ": no control '" + s.arg + "' on screen";
            return false;
          }
          done = false;
          break;
        }
        target_ = ImVec2(r->x + r->w / 2, r->y + r->h / 2);
      }
      io.MousePos = target_;
      io.MouseDown[0] = phase_ == 1;
      done = ++phase_ > 2;
      break;
    case K::Key:
      io.KeysDown[key_] = phase_ == 0;
      done = ++phase_ > 1;
      break;
    case K::Wait:
      done = SDL_TICKS_PASSED(SDL_GetTicks(), wait_until_);
      break;
    case K::Scan:
    case K::Weigh: {
      // Done when the device's event has reached the controller: real devices deliver it
      // asynchronously, through libusb and the device thread.
      const auto& st = controller.state();
      // A stable weight is done when the scale has settled on it (a USB scale reports "in
      // motion" until the value held), or reports a state such as over capacity instead.
      const auto state = st.scale.reading.state;
      done = (s.kind == K::Scan ? st.scans_seen : st.readings_seen) > seen_before_ &&
             (s.kind == K::Scan || !s.stable ||
              (state != dev::ScaleState::InMotion && (state != dev::ScaleState::Stable || st.scale.reading.mg == s.mg)));
      if (!done && SDL_TICKS_PASSED(SDL_GetTicks(), wait_until_)) {
        error_ = "line " + std::to_string(s.line) + ": the " + (s.kind == K::Scan ? "scan" : "weight") + " never arrived";
        return false;
      }
      break;
    }
    default:
      break;
  }
  if (done) {
    in_step_ = false;
    frames_idle_ = 0;
    ++next_;
  }
  return true;
}

bool ScriptPlayer::start_step(const app::ScriptStep& s, const app::Controller& controller, ImGuiIO& io) {
  using K = app::ScriptStep::Kind;
  switch (s.kind) {
    case K::Scan:
    case K::Weigh: {
      if (!devices_) {
        error_ = "line " + std::to_string(s.line) + ": these devices cannot be driven by a script";
        return false;
      }
      seen_before_ = s.kind == K::Scan ? controller.state().scans_seen : controller.state().readings_seen;
      wait_until_ = SDL_GetTicks() + 5000;
      // The scale itself reports under zero or over capacity for such loads, as a real one does.
      auto r = s.kind == K::Scan ? devices_->scan(s.arg) : devices_->weigh(s.mg, s.stable);
      if (!r) {
        error_ = "line " + std::to_string(s.line) + ": " + r.error().detail;
        return false;
      }
      break;
    }
    case K::Type:
      io.AddInputCharactersUTF8(s.arg.c_str());
      break;
    case K::Key:
      key_ = s.arg == "enter" ? SDL_SCANCODE_RETURN
             : s.arg == "tab" ? SDL_SCANCODE_TAB
             : s.arg == "backspace" ? SDL_SCANCODE_BACKSPACE
                                    : SDL_SCANCODE_ESCAPE;
      break;
    case K::Wait:
      wait_until_ = SDL_GetTicks() + static_cast<std::uint32_t>(s.wait_ms);
      break;
    case K::Screenshot:
      screenshot_ = s.arg;
      break;
    case K::Quit:
      finished_ = true;
      break;
    case K::Tap:
      break;
  }
  return true;
}

void ScriptPlayer::after_render(int width, int height) {
  if (screenshot_.empty()) return;
  std::vector<unsigned char> px(static_cast<std::size_t>(width) * height * 3);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, px.data());
  stbi_flip_vertically_on_write(1);
  if (!stbi_write_png(screenshot_.c_str(), width, height, 3, px.data(), width * 3))
    std::fprintf(stderr, "kiosk: cannot write screenshot %s\n", screenshot_.c_str());
  screenshot_.clear();
}

}  // namespace hp::platform
