#include "kiosk/platform/script_player.hpp"

#include "kiosk/platform/frame_capture.hpp"

#include <SDL.h>
#include <SDL_opengl.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <vector>

namespace hp::platform {

namespace {
// A tapped control may appear a few frames late (after a lookup returns); give up after ~5 s.
constexpr int kMaxTries = 300;

double ticks_ms(std::uint64_t ticks) {
  return static_cast<double>(ticks) * 1000.0 / static_cast<double>(SDL_GetPerformanceFrequency());
}
}  // namespace

ScriptPlayer::ScriptPlayer(std::vector<app::ScriptStep> steps, const ui::ControlRegistry& registry,
                           ScriptDevices* devices)
    : steps_(std::move(steps)), registry_(registry), devices_(devices) {}

void ScriptPlayer::time_frame() {
  // The gap from one frame's start to the next is everything the UI thread did in between
  // (events, the queue, the controller, the swap): a thread that blocks shows up here.
  const std::uint64_t now = SDL_GetPerformanceCounter();
  if (gap_from_ != 0) gap_ms_.push_back(ticks_ms(now - gap_from_));
  // The part of the gap outside building and rendering (the swap, events, the queue, the
  // controller): where a wait on another thread would be, apart from a CPU-starved draw.
  if (render_end_ != 0) between_ms_.push_back(ticks_ms(now - render_end_));
  gap_from_ = now;
  render_end_ = 0;
  frame_start_ns_ = now;
}

bool ScriptPlayer::before_frame(const app::Controller& controller, ImGuiIO& io) {
  if (recording_ || measure_left_ > 0) time_frame();
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
    case K::Await: {
      // Another process (a test changing the display from outside) says when to go on.
      std::error_code ec;
      done = std::filesystem::exists(s.arg, ec);
      if (!done && SDL_TICKS_PASSED(SDL_GetTicks(), wait_until_)) {
        error_ = "line " + std::to_string(s.line) + ": " + s.arg + " did not appear within 60 s";
        return false;
      }
      break;
    }
    case K::Measure:
      if (!s.arg.empty()) break;  // begin / end: done at once; the frames go on being timed
      if (frame_start_ns_ == 0) time_frame();  // the step's first frame
      done = measure_left_ == 0;
      if (done) report_measure();
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
      // A timed scan also waits for what the scan started (a lookup in the store): the frame
      // about to be drawn is the first that shows its outcome, and after_render reports it.
      if (done && s.timed) {
        done = !controller.busy();
        if (done) report_scan_ = true;
      }
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
      scan_from_ = SDL_GetPerformanceCounter();
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
    case K::Await:
      wait_until_ = SDL_GetTicks() + 60'000;
      break;
    case K::Screenshot:
      screenshot_ = s.arg;
      break;
    case K::Dump:
      dump_ = s.arg;
      break;
    case K::CustomerScreenshot:
      customer_screenshot_ = s.arg;
      break;
    case K::CustomerDump:
      customer_dump_ = s.arg;
      break;
    case K::Measure:
      if (s.arg == "end") {
        recording_ = false;
        report_measure();
        break;
      }
      recording_ = s.arg == "begin";
      measure_left_ = s.wait_ms;
      frame_ms_.clear();
      gap_ms_.clear();
      between_ms_.clear();
      gap_from_ = 0;
      render_end_ = 0;
      frame_start_ns_ = 0;
      break;
    case K::Quit:
      finished_ = true;
      break;
    case K::Tap:
      break;
  }
  return true;
}

void ScriptPlayer::report_measure() {
  if (frame_ms_.empty()) return;
  auto sorted = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  auto at = [](const std::vector<double>& v, std::size_t pct) { return v.empty() ? 0.0 : v[std::min(v.size() - 1, v.size() * pct / 100)]; };
  const std::vector<double> v = sorted(frame_ms_);
  const std::vector<double> g = sorted(gap_ms_);
  const std::vector<double> b = sorted(between_ms_);
  double sum = 0;
  for (double x : v) sum += x;
  std::printf(
      "frame_ms frames=%zu mean=%.2f median=%.2f p95=%.2f p99=%.2f max=%.2f gap_p99=%.2f gap_max=%.2f between_p99=%.2f "
      "between_max=%.2f\n",
      v.size(), sum / static_cast<double>(v.size()), v[v.size() / 2], at(v, 95), at(v, 99), v.back(), at(g, 99),
      g.empty() ? 0.0 : g.back(), at(b, 99), b.empty() ? 0.0 : b.back());
  std::fflush(stdout);
  frame_ms_.clear();
  gap_ms_.clear();
  between_ms_.clear();
}

void ScriptPlayer::after_render(int width, int height) {
  if (report_scan_) {
    glFinish();  // on screen, not only queued
    std::printf("scan_to_screen_ms=%.3f\n", ticks_ms(SDL_GetPerformanceCounter() - scan_from_));
    std::fflush(stdout);
    report_scan_ = false;
  }
  if ((measure_left_ > 0 || recording_) && frame_start_ns_ != 0) {
    glFinish();  // the GPU's part of the frame too, not only the commands queued
    render_end_ = SDL_GetPerformanceCounter();
    frame_ms_.push_back(ticks_ms(render_end_ - frame_start_ns_));
    if (measure_left_ > 0) --measure_left_;
    frame_start_ns_ = 0;
  }
  if (!dump_.empty()) {
    // The registry as this frame drew it, beside the window's size.
    write_registry(dump_, registry_, width, height);
    dump_.clear();
  }
  if (screenshot_.empty()) return;
  write_framebuffer_png(screenshot_, width, height);
  screenshot_.clear();
}

}  // namespace hp::platform
