#include "drivers/scale_filter.hpp"

#include <cstdlib>

namespace hp::dev {
namespace {

bool settles(ScaleState s) { return s == ScaleState::Stable || s == ScaleState::Zero; }

}  // namespace

void ScaleFilter::reset() {
  seen_ = 0;
  candidate_.reset();
  last_emitted_.reset();
}

void ScaleFilter::invalidate() {
  candidate_.reset();
  last_emitted_.reset();
}

std::optional<ScaleReading> ScaleFilter::emit_if_changed(ScaleReading r) {
  if (last_emitted_ && last_emitted_->state == r.state && last_emitted_->mg == r.mg &&
      last_emitted_->capacity_mg == r.capacity_mg)
    return std::nullopt;
  last_emitted_ = r;
  return r;
}

std::optional<ScaleReading> ScaleFilter::update(const ScaleReading& raw, std::int64_t now) {
  if (seen_ < options_.drop_first) {
    ++seen_;
    return std::nullopt;
  }
  bool same_weight = candidate_ && std::llabs(candidate_->mg - raw.mg) <= options_.tolerance_mg &&
                     settles(candidate_->state) == settles(raw.state);
  if (!same_weight || !settles(raw.state)) candidate_since_ = now;
  candidate_ = raw;
  return tick(now);
}

std::optional<ScaleReading> ScaleFilter::tick(std::int64_t now) {
  if (!candidate_) return std::nullopt;
  ScaleReading r = *candidate_;
  if (settles(r.state) && now - candidate_since_ < options_.hold_ms) r.state = ScaleState::InMotion;
  return emit_if_changed(r);
}

}  // namespace hp::dev
