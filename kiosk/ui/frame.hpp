#pragma once
// What every screen gets for one frame: the state to draw, the strings, the fonts, and where
// to put the commands it emits. Screens never touch the store or a device.
#include <imgui.h>

#include <array>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/app/commands.hpp"
#include "kiosk/app/i18n.hpp"
#include "kiosk/app/state.hpp"

namespace hp::ui {

struct Fonts {
  ImFont* body = nullptr;   // 24 px
  ImFont* small = nullptr;  // 19 px
  ImFont* large = nullptr;  // 34 px: headings, totals
  ImFont* huge = nullptr;   // 72 px: the weight, for the farmer across the counter
  // The atlas reads the glyph ranges when it is built, after load_fonts returns.
  std::shared_ptr<ImVector<ImWchar>> ranges;
  std::shared_ptr<ImVector<ImWchar>> huge_ranges;
};

// Where each named control was drawn this frame, so a scripted "tap confirm" clicks exactly
// where a clerk's finger would, and a layout test can see what did not fit: each control's
// whole rectangle, the part its parent panel shows, whether that panel is meant to scroll, and
// whether its label was cut; plus every panel that overflowed without being meant to scroll.
class ControlRegistry {
 public:
  struct Rect {
    float x, y, w, h;
  };
  struct Control {
    Rect tap;          // the visible part: where a tap lands
    Rect full;         // the whole control
    bool in_scroll = false;      // inside a panel that scrolls by design (a list)
    bool label_clipped = false;  // its label is wider or taller than the control
  };
  void clear() {
    controls_.clear();
    overflow_.clear();
    scroll_depth_ = 0;
  }
  void add(const std::string& id, ImVec2 min, ImVec2 max) { add(id, min, max, min, max, false); }
  void add(const std::string& id, ImVec2 min, ImVec2 max, ImVec2 full_min, ImVec2 full_max, bool label_clipped) {
    controls_[id] = {{min.x, min.y, max.x - min.x, max.y - min.y},
                     {full_min.x, full_min.y, full_max.x - full_min.x, full_max.y - full_min.y},
                     scroll_depth_ > 0,
                     label_clipped};
  }
  std::optional<Rect> find(const std::string& id) const {
    auto it = controls_.find(id);
    if (it == controls_.end()) return std::nullopt;
    return it->second.tap;
  }
  std::vector<std::string> ids() const {
    std::vector<std::string> v;
    for (const auto& [k, r] : controls_) v.push_back(k);
    return v;
  }
  const std::map<std::string, Control>& controls() const { return controls_; }
  const std::vector<std::string>& overflow() const { return overflow_; }
  void add_overflow(std::string panel) { overflow_.push_back(std::move(panel)); }
  void enter_scroll() { ++scroll_depth_; }
  void leave_scroll() { --scroll_depth_; }
  // {"window":{"w":..,"h":..},"overflow":[..],"controls":[{"id":..,"x":..,...}]} for the layout
  // test (script step "dump").
  std::string to_json(float window_w, float window_h) const;

 private:
  std::map<std::string, Control> controls_;
  std::vector<std::string> overflow_;
  int scroll_depth_ = 0;
};

// Text being typed lives with the UI until the clerk submits it; then it becomes a command.
struct Inputs {
  std::string farmer_query;
  std::string agent_code;  // typed into the agent picker
  std::string reg_name, reg_phone, reg_branch, reg_coop;
  int reg_district = -1, reg_commune = -1, reg_branch_index = -1;
  std::string pieces;
  std::string tare_g;
  std::string pickup_code;
  std::string last4;
  std::string cash;
  std::string today_query;
  // The shift screen: pieces of each banknote (cash::kDenominations' order), cash in or out,
  // a payout's amount. The count clears when the shift changes.
  std::array<std::string, 9> notes;
  std::string cash_move, payout_amount;
  std::string shift_seen;
  std::string stock_shelf;
  int stock_reason = 0;  // index into stock::kLeaveReasons
  std::string sim_scan;
  std::string pin, approve_pin;  // never leave the UI but in cmd::SignIn / cmd::Approve
  std::uint64_t pin_serial = 0, approve_serial = 0;
  std::string sim_grams = "2500";
  std::uint64_t last_notice = 0;
  int last_pick_step = -1;
  int last_drop_step = -1;
  // Packages (packages_screen.cpp, pickup_screen.cpp)
  std::string package_code;
  std::string shelf;
  std::string shelf_for;        // the package whose suggestion `shelf` was filled from
  std::string refusal_note;
  int refusal_line = -1;        // the item whose reasons are shown
  app::SignatureStroke stroke;  // the stroke being drawn, until the finger lifts
  // Approvals at drop-off and registration's new fields (docs/clerks.md, docs/ui.md).
  std::string reg_cccd, reg_vietgap;
  std::string manual_kg;            // a weight typed by hand, "12,5"
  int price_item = -1;              // the item whose price is being changed, or -1
  std::string price_text;
  std::string void_id, void_reason;  // the Today entry being voided
};

// Requests to the simulated devices from the demo panel (demo mode only).
struct DemoRequests {
  bool enabled = false;
  std::vector<std::string> scans;
  std::optional<Milligrams> load;
};

// The last receipt as the printer will print it (rendered by the platform from the job's
// ESC/POS bytes); empty for text jobs, which are shown as text.
struct PreviewImage {
  ImTextureID texture = nullptr;
  int width = 0, height = 0;
};

struct Frame {
  const app::AppState& s;
  const app::Translator& t;
  const Fonts& fonts;
  ControlRegistry& reg;
  Inputs& in;
  std::vector<app::cmd::Command>& out;
  DemoRequests& demo;
  UtcMillis now = 0;
  PreviewImage preview;

  const char* tr(std::string_view key) const { return t.tr(key); }
  void emit(app::cmd::Command c) const { out.push_back(std::move(c)); }
};

// Draws the whole kiosk for one frame.
void draw_app(Frame& f);

}  // namespace hp::ui
