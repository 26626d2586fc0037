#pragma once
// What the sync client tells the rest of the kiosk: its phase, the unsent events and the
// clock. Made on the sync thread, carried to the UI thread by value (through the RunQueue).
#include <cstdint>
#include <optional>
#include <string>

#include "shared/clock.hpp"

namespace hp::sync {

// not_enrolled: no centre to talk to. syncing: a push or pull is under way. up_to_date: the
// last contact succeeded and nothing is unsent. offline: the centre cannot be reached (since
// offline_since); retried with backoff. rejected: the centre refused the kiosk (a revoked or
// unknown credential, the wrong CA): no retry until the technician acts.
enum class SyncPhase { NotEnrolled, Syncing, UpToDate, Offline, Rejected };

inline const char* to_string(SyncPhase p) {
  switch (p) {
    case SyncPhase::NotEnrolled: return "not_enrolled";
    case SyncPhase::Syncing: return "syncing";
    case SyncPhase::UpToDate: return "up_to_date";
    case SyncPhase::Offline: return "offline";
    case SyncPhase::Rejected: return "rejected";
  }
  return "unknown";
}

// More than this between the kiosk's clock and the centre's is warned on screen.
inline constexpr std::int64_t kClockWarnMs = 5LL * 60 * 1000;

struct SyncStatus {
  SyncPhase phase = SyncPhase::NotEnrolled;
  std::int64_t unsent = 0;
  std::optional<UtcMillis> oldest_unsent_at;  // the kiosk's clock when it was recorded
  std::int64_t dead = 0;                      // events the centre refused (dead letters)
  std::int64_t flags = 0;                     // conflicts kept for review
  UtcMillis last_ok_at = 0;                   // last contact the centre answered
  UtcMillis offline_since = 0;                // first failure since then (offline)
  std::string reason_code;                    // offline / rejected: why ("auth.revoked", ...)
  std::string reason_detail;                  // English, for the technician
  std::int64_t clock_offset_ms = 0;           // kiosk minus centre
  bool clock_warning = false;
  std::string server_url, kiosk_id, post_office_id;
  bool operator==(const SyncStatus&) const = default;
};

}  // namespace hp::sync
