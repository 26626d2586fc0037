#pragma once
// The written rule for a kiosk's link state on the operations page (docs/dashboard.md
// "Operations"), computed when read from the last contact, never stored:
//   online   the last contact is at most 1.5 pull intervals old;
//   late     at most 10 pull intervals old;
//   offline  older than that;
//   and "offline long" (an alert) once offline and the last contact is an hour old or more.
// The pull interval is the kiosk's own, from its state report (pull_interval_ms), else the
// protocol's 15 s; it is bounded to 1 s .. 1 h so a wrong report cannot hide a kiosk.
#include <cstdint>
#include <string>

#include "shared/clock.hpp"

namespace hp::server::dash {

inline constexpr std::int64_t kDefaultPullIntervalMs = 15'000;
inline constexpr std::int64_t kMinPullIntervalMs = 1'000;
inline constexpr std::int64_t kMaxPullIntervalMs = 3'600'000;
inline constexpr std::int64_t kOfflineLongMs = 3'600'000;

enum class Link { Online, Late, Offline };

std::int64_t effective_interval_ms(std::int64_t reported_ms);
// now - last_contact against the interval; a contact "in the future" (another process's
// clock slightly ahead) counts as now.
Link link_state(UtcMillis now, UtcMillis last_contact, std::int64_t pull_interval_ms);
bool offline_long(UtcMillis now, UtcMillis last_contact, std::int64_t pull_interval_ms);
const char* to_string(Link l);

}  // namespace hp::server::dash
