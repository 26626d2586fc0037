#pragma once
// Plays a parsed script against the running kiosk, one step at a time, through the same paths
// a clerk uses: taps land where the control was drawn, typing goes to the focused field, scans
// and weights come from the (simulated) devices. A step starts only when the controller is
// idle and the screen has redrawn, so a script never races the store.
#include <imgui.h>

#include <string>
#include <utility>
#include <vector>

#include "kiosk/app/controller.hpp"
#include "kiosk/app/script.hpp"
#include "kiosk/platform/device_set.hpp"
#include "kiosk/ui/frame.hpp"

namespace hp::platform {

class ScriptPlayer {
 public:
  // devices may be null: a script with "scan" or "weigh" steps then fails at that step.
  ScriptPlayer(std::vector<app::ScriptStep> steps, const ui::ControlRegistry& registry, ScriptDevices* devices);

  bool active() const { return !steps_.empty() && !finished_; }
  bool finished() const { return finished_; }
  const std::string& error() const { return error_; }
  // What the customer display must write this frame (kiosk/platform/customer_window.hpp); the
  // caller takes it, so it is written once.
  std::string take_customer_screenshot() { return std::exchange(customer_screenshot_, {}); }
  std::string take_customer_dump() { return std::exchange(customer_dump_, {}); }

  // Between the backend's NewFrame and ImGui::NewFrame. False when the script failed.
  bool before_frame(const app::Controller& controller, ImGuiIO& io);
  // After rendering, before the swap: takes a pending screenshot or registry dump, and times
  // the frame while measuring.
  void after_render(int width, int height);

 private:
  bool start_step(const app::ScriptStep& s, const app::Controller& controller, ImGuiIO& io);
  void report_measure();
  void time_frame();

  std::vector<app::ScriptStep> steps_;
  const ui::ControlRegistry& registry_;
  ScriptDevices* devices_;
  std::uint64_t scan_from_ = 0;  // when a scan step handed its text to the scanner
  bool report_scan_ = false;     // a timed scan is done: report after this frame is drawn
  std::uint64_t seen_before_ = 0;  // scans or readings already seen when a scan/weigh step began
  std::size_t next_ = 0;
  int phase_ = 0;          // progress within a multi-frame step (tap, key)
  int frames_idle_ = 0;    // frames drawn since the last step ended
  int tries_ = 0;          // frames spent looking for a control
  bool in_step_ = false;
  bool finished_ = false;
  std::uint32_t wait_until_ = 0;
  std::string screenshot_;
  std::string dump_;
  std::string customer_screenshot_;
  std::string customer_dump_;
  std::vector<double> frame_ms_;  // measure: each frame's build + render time
  std::vector<double> gap_ms_;    // measure: from each frame's start to the next one's
  std::vector<double> between_ms_;  // measure: from the end of one frame's render to the next frame's start
  std::uint64_t gap_from_ = 0;
  std::uint64_t render_end_ = 0;
  int measure_left_ = 0;
  bool recording_ = false;  // between "measure begin" and "measure end"
  std::uint64_t frame_start_ns_ = 0;
  std::string error_;
  ImVec2 target_{};
  int key_ = 0;
};

}  // namespace hp::platform
