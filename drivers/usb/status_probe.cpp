#include "drivers/usb/status_probe.hpp"

#include <algorithm>

namespace hp::usb {

void StatusProbe::answered() {
  failures_ = 0;
  next_at_ = 0;
}

bool StatusProbe::failed(std::int64_t now_ms) {
  if (given_up()) return false;
  ++failures_;
  if (given_up()) return true;
  std::int64_t wait = options_.backoff_ms;
  for (int i = 1; i < failures_ && wait < options_.max_backoff_ms; ++i) wait *= 2;
  next_at_ = now_ms + std::min(wait, options_.max_backoff_ms);
  return false;
}

void StatusProbe::reset() { answered(); }

}  // namespace hp::usb
