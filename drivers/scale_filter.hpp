#pragma once
// Turns raw scale readings into what the counter may trust. Every scale driver (USB HID,
// serial) feeds its readings through one of these. Pure and clock-injected.
//  - The first reading after connect is dropped: scales send a stale value from before the
//    last power-down or movement (odoo PR#46411, qzind/tray PR#25).
//  - "Stable" (and "zero") are passed on only when the device says so AND the same weight
//    has been reported for hold_ms; until then the reading goes out as in motion.
//  - Only changes are emitted, but the last reading is kept so a screen that opens with a
//    weight already on the scale can ask for it (last()).
#include <optional>

#include "drivers/device.hpp"

namespace hp::dev {

struct ScaleFilterOptions {
  std::int64_t hold_ms = 500;
  int drop_first = 1;  // readings ignored after connect
  Milligrams tolerance_mg = 0;  // a change up to this much does not restart the hold
};

class ScaleFilter {
 public:
  explicit ScaleFilter(ScaleFilterOptions options = {}) : options_(options) {}

  // A new device reading taken at `now` (ms, any monotonic or UTC clock). Returns the
  // reading to emit when it differs from the last one emitted.
  std::optional<ScaleReading> update(const ScaleReading& raw, std::int64_t now);
  // Call periodically (or with each reading): turns a held reading stable once hold_ms
  // has passed even if the scale only reports on change.
  std::optional<ScaleReading> tick(std::int64_t now);
  // The last reading emitted, if any since connect.
  const std::optional<ScaleReading>& last() const { return last_emitted_; }
  // A new connection: forget everything.
  void reset();
  // The device sent something unusable: forget the weight being held and what was last
  // emitted, so the next good reading is held again and emitted even if unchanged.
  void invalidate();

 private:
  std::optional<ScaleReading> emit_if_changed(ScaleReading r);

  ScaleFilterOptions options_;
  int seen_ = 0;
  std::optional<ScaleReading> candidate_;  // the device's latest reading
  std::int64_t candidate_since_ = 0;       // when its weight was first seen
  std::optional<ScaleReading> last_emitted_;
};

}  // namespace hp::dev
