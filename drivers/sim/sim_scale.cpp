#include "drivers/sim/sim_scale.hpp"

#include <algorithm>
#include <utility>

namespace hp::dev {

namespace {
// A visible wobble even when the load barely changed: 2 g is well above the display step of a
// 30 kg counter scale (usually 5-10 g) halved, so the reading does change on screen.
constexpr Milligrams kMinWobbleMg = 2'000;
}  // namespace

SimScale::SimScale(Clock clock, SimScaleOptions options)
    : clock_(std::move(clock)), options_(std::move(options)) {}

SimScale::~SimScale() { stop(); }

void SimScale::start(DeviceSink sink) {
  stop();
  std::lock_guard lock(mu_);
  pending_.clear();
  running_ = true;
  pending_.push_back(DeviceStatus{DeviceKind::Scale, options_.name,
                                  connected_ ? Link::Ready : Link::Disconnected, {}});
  if (connected_) pending_.push_back(reading_locked(shown_, stable_));
  thread_ = std::jthread([this, sink = std::move(sink)](std::stop_token st) { run(st, sink); });
}

void SimScale::stop() {
  if (!thread_.joinable()) return;
  thread_.request_stop();
  thread_.join();
  std::lock_guard lock(mu_);
  running_ = false;
  pending_.clear();
  if (settling_) {  // nobody is watching any more: the load simply comes to rest
    settling_ = false;
    stable_ = true;
    shown_ = gross_;
  }
}

void SimScale::run(std::stop_token st, DeviceSink sink) {
  std::unique_lock lock(mu_);
  while (!st.stop_requested()) {
    wake_ = false;
    if (!pending_.empty()) {
      DeviceEvent ev = std::move(pending_.front());
      pending_.pop_front();
      lock.unlock();
      if (sink) sink(std::move(ev));
      lock.lock();
      continue;
    }
    if (settling_) {
      const auto now = std::chrono::steady_clock::now();
      if (now >= settle_deadline_) {
        settling_ = false;
        stable_ = true;
        shown_ = gross_;
        emit_current_locked();
        continue;
      }
      if (now >= next_tick_) {
        shown_ = wobble_locked();
        ++tick_;
        emit_current_locked();
        next_tick_ += options_.motion_interval;
        if (next_tick_ <= now) next_tick_ = now + options_.motion_interval;  // fell behind
        continue;
      }
      // A copy: std::min returns a reference to a member, which the wait would read unlocked.
      const SteadyTime until = std::min(next_tick_, settle_deadline_);
      cv_.wait_until(lock, st, until, [this] { return wake_; });
    } else {
      cv_.wait(lock, st, [this] { return wake_; });
    }
  }
}

Milligrams SimScale::wobble_locked() const {
  // Halfway from the previous value, then overshoot and ring down around the target, like a
  // load cell under a produce crate set down by hand.
  const Milligrams delta = gross_ - motion_from_;
  Milligrams swing = delta / (Milligrams{2} << std::min(tick_, 40));
  if (swing < 0) swing = -swing;
  swing = std::max(swing, kMinWobbleMg);
  Milligrams v = (tick_ % 2 == 0) ? gross_ - (delta >= 0 ? swing : -swing)
                                  : gross_ + (delta >= 0 ? swing : -swing);
  // Wobble never crosses zero or capacity that the settled load itself does not cross.
  const Milligrams net_target = gross_ - zero_offset_;
  if (net_target >= 0) v = std::max(v, zero_offset_);
  if (net_target <= options_.capacity_mg) v = std::min(v, zero_offset_ + options_.capacity_mg);
  return v;
}

ScaleReading SimScale::reading_locked(Milligrams gross, bool stable) const {
  ScaleReading r;
  r.capacity_mg = options_.capacity_mg;
  r.at = clock_.now();
  const Milligrams net = gross - zero_offset_;
  r.mg = net;
  if (fault_) {
    r.state = ScaleState::Fault;
    r.mg = 0;
  } else if (forced_over_ || net > options_.capacity_mg) {
    r.state = ScaleState::OverCapacity;
  } else if (net < 0) {
    r.state = ScaleState::UnderZero;
  } else if (!stable) {
    r.state = ScaleState::InMotion;
  } else {
    r.state = net == 0 ? ScaleState::Zero : ScaleState::Stable;
  }
  return r;
}

void SimScale::emit_locked(DeviceEvent ev) {
  if (!running_) return;
  pending_.push_back(std::move(ev));
  wake_ = true;
  cv_.notify_all();
}

void SimScale::emit_current_locked() {
  if (connected_) emit_locked(reading_locked(shown_, stable_));
}

void SimScale::set_load(Milligrams gross) {
  std::lock_guard lock(mu_);
  gross_ = gross;
  if (!running_) {  // nobody watching: the load is simply there when the thread starts
    shown_ = gross;
    stable_ = true;
    return;
  }
  motion_from_ = shown_;
  stable_ = false;
  settling_ = true;
  tick_ = 0;
  const auto now = std::chrono::steady_clock::now();
  next_tick_ = now;
  settle_deadline_ = now + options_.settle;
  wake_ = true;
  cv_.notify_all();
}

Status SimScale::set_load_immediately(Milligrams gross, ScaleState state) {
  if (state != ScaleState::Stable && state != ScaleState::InMotion) {
    return fail("scale.bad_state", "set_load_immediately takes Stable or InMotion");
  }
  std::lock_guard lock(mu_);
  settling_ = false;
  gross_ = gross;
  shown_ = gross;
  stable_ = state == ScaleState::Stable;
  emit_current_locked();
  return {};
}

void SimScale::request_zero() {
  std::lock_guard lock(mu_);
  if (fault_ || !connected_) {
    emit_locked(ScaleZeroed{false, fault_ ? "scale.fault" : "scale.unplugged"});
    return;
  }
  zero_offset_ = gross_;
  if (settling_) {  // zeroing a moving platter: it settles at once on the new zero
    settling_ = false;
    shown_ = gross_;
  }
  stable_ = true;
  emit_current_locked();
  emit_locked(ScaleZeroed{true, {}});
}

void SimScale::set_fault(bool fault) {
  std::lock_guard lock(mu_);
  if (fault_ == fault) return;
  fault_ = fault;
  emit_current_locked();
}

void SimScale::set_over_capacity(bool over) {
  std::lock_guard lock(mu_);
  if (forced_over_ == over) return;
  forced_over_ = over;
  emit_current_locked();
}

void SimScale::set_connected(bool connected) {
  std::lock_guard lock(mu_);
  if (connected_ == connected) return;
  connected_ = connected;
  emit_locked(DeviceStatus{DeviceKind::Scale, options_.name,
                           connected ? Link::Ready : Link::Disconnected, {}});
  emit_current_locked();
}

void SimScale::request_reading() {
  std::lock_guard lock(mu_);
  emit_current_locked();
}

ScaleReading SimScale::current() const {
  std::lock_guard lock(mu_);
  return reading_locked(shown_, stable_);
}

}  // namespace hp::dev
