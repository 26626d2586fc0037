#pragma once
// Time is stored as UTC milliseconds since the epoch and shown in Asia/Ho_Chi_Minh.
// Vietnam has kept UTC+7 without daylight saving since 1975, so a fixed offset is exact for
// every date this system will ever store; it also avoids depending on the host's tzdata.
#include <cstdint>
#include <functional>
#include <string>

namespace hp {

using UtcMillis = std::int64_t;

inline constexpr std::int64_t kVietnamOffsetMs = 7LL * 3600 * 1000;

// A clock is passed in (never read from a global) so tests and scripted sessions can fix it.
class Clock {
 public:
  using Source = std::function<UtcMillis()>;
  Clock();  // System time.
  explicit Clock(Source source) : source_(std::move(source)) {}
  UtcMillis now() const { return source_(); }

 private:
  Source source_;
};

struct LocalDate {
  int year, month, day;
};

LocalDate local_date(UtcMillis t);
// Start of the local (Vietnam) day containing t, as UTC milliseconds.
UtcMillis local_day_start(UtcMillis t);
// "28/11/2026 14:05"
std::string format_local_datetime(UtcMillis t);
// "28/11/2026"
std::string format_local_date(UtcMillis t);
// "14:05"
std::string format_local_time(UtcMillis t);
// "2026-11-28T07:05:00.000Z", for logs and sync.
std::string format_iso_utc(UtcMillis t);

}  // namespace hp
