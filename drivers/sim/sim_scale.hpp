#pragma once
// A counter scale driven by code (demo mode, scripted sessions, tests). It behaves like the real
// thing: a new load shows a few wobbling InMotion readings and settles to an exact Stable
// reading; it has a capacity, a zero offset, faults and an under-zero state.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>

#include "drivers/device.hpp"
#include "shared/clock.hpp"
#include "shared/result.hpp"
#include "shared/weight.hpp"

namespace hp::dev {

struct SimScaleOptions {
  std::string name = "Simulated scale";
  Milligrams capacity_mg = 30'000'000;                 // 30 kg, a common counter scale
  std::chrono::milliseconds settle{600};               // set_load() -> Stable
  std::chrono::milliseconds motion_interval{100};      // spacing of InMotion readings
};

class SimScale final : public Scale {
 public:
  explicit SimScale(Clock clock, SimScaleOptions options = {});
  ~SimScale() override;  // stops (joins) the thread
  SimScale(const SimScale&) = delete;
  SimScale& operator=(const SimScale&) = delete;

  std::string name() const override { return options_.name; }
  // Starts the thread; emits DeviceStatus (Ready or Disconnected) then the current reading.
  void start(DeviceSink sink) override;
  // Joins the thread; after it returns the sink is never called again. Must not be called from
  // inside the sink.
  void stop() override;
  // Takes the current gross load as the zero offset; the new reading and ScaleZeroed{true}
  // follow from the scale's thread. ScaleZeroed{false, "scale.fault" | "scale.unplugged"}
  // when faulted or disconnected (a real scale refuses then too).
  void request_zero() override;

  // Puts a gross load on the platter: InMotion readings every motion_interval, then one Stable
  // (or Zero / OverCapacity / UnderZero) reading with the exact value after `settle`.
  // Negative loads model a platter lifted below its zero.
  void set_load(Milligrams gross);
  // For scripts ("weigh 12500 stable", "weigh 800 moving"): cancels any settling and emits
  // exactly one reading. `state` is Stable or InMotion; a stable reading of the zero load is
  // reported as Zero, and over capacity / under zero win over both, as on a real scale.
  Status set_load_immediately(Milligrams gross, ScaleState state);
  void set_fault(bool fault);
  // Forces OverCapacity whatever the load (a load above capacity_mg gives it anyway).
  void set_over_capacity(bool over);
  // Emits DeviceStatus Disconnected / Ready; no readings while disconnected.
  void set_connected(bool connected);
  // Re-emits what the scale shows now (a screen opening with a load already on the scale).
  void request_reading() override;

  // What the scale shows now, stamped with the clock.
  ScaleReading current() const;
  Milligrams capacity_mg() const { return options_.capacity_mg; }

 private:
  using SteadyTime = std::chrono::steady_clock::time_point;

  void run(std::stop_token st, DeviceSink sink);
  ScaleReading reading_locked(Milligrams gross, bool stable) const;
  void emit_current_locked();
  void emit_locked(DeviceEvent ev);
  Milligrams wobble_locked() const;

  Clock clock_;
  const SimScaleOptions options_;

  mutable std::mutex mu_;
  std::condition_variable_any cv_;
  std::deque<DeviceEvent> pending_;
  bool running_ = false;
  bool wake_ = false;

  Milligrams gross_ = 0;        // the load on the platter (the target while settling)
  Milligrams shown_ = 0;        // the gross value last shown (differs from gross_ in motion)
  Milligrams zero_offset_ = 0;
  bool stable_ = true;
  bool fault_ = false;
  bool forced_over_ = false;
  bool connected_ = true;

  bool settling_ = false;
  Milligrams motion_from_ = 0;
  int tick_ = 0;
  SteadyTime next_tick_{};
  SteadyTime settle_deadline_{};

  std::jthread thread_;  // last member: joined before the state above goes away
};

}  // namespace hp::dev
