#include "server/dash/fleet_rule.hpp"

#include <algorithm>

namespace hp::server::dash {

std::int64_t effective_interval_ms(std::int64_t reported_ms) {
  if (reported_ms <= 0) return kDefaultPullIntervalMs;
  return std::clamp(reported_ms, kMinPullIntervalMs, kMaxPullIntervalMs);
}

Link link_state(UtcMillis now, UtcMillis last_contact, std::int64_t pull_interval_ms) {
  const std::int64_t interval = effective_interval_ms(pull_interval_ms);
  const std::int64_t age = std::max<std::int64_t>(0, now - last_contact);
  // Integer arithmetic: age <= 1.5 * interval is 2 * age <= 3 * interval.
  if (2 * age <= 3 * interval) return Link::Online;
  if (age <= 10 * interval) return Link::Late;
  return Link::Offline;
}

bool offline_long(UtcMillis now, UtcMillis last_contact, std::int64_t pull_interval_ms) {
  return link_state(now, last_contact, pull_interval_ms) == Link::Offline && now - last_contact >= kOfflineLongMs;
}

const char* to_string(Link l) {
  switch (l) {
    case Link::Online: return "online";
    case Link::Late: return "late";
    case Link::Offline: return "offline";
  }
  return "offline";
}

}  // namespace hp::server::dash
