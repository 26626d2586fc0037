#include "shared/clock.hpp"

#include <chrono>
#include <cstdio>

namespace hp {

Clock::Clock()
    : source_([] {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
      }) {}

namespace {

struct Civil {
  int y, m, d, hh, mm, ss, ms;
};

// Howard Hinnant's days-from-civil inverse; exact for the proleptic Gregorian calendar.
Civil to_civil(std::int64_t ms_since_epoch) {
  std::int64_t days = ms_since_epoch / 86'400'000;
  std::int64_t rem = ms_since_epoch % 86'400'000;
  if (rem < 0) {
    rem += 86'400'000;
    --days;
  }
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const std::int64_t doe = days - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = yoe + era * 400;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
  return Civil{static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d),
               static_cast<int>(rem / 3'600'000), static_cast<int>(rem / 60'000 % 60),
               static_cast<int>(rem / 1000 % 60), static_cast<int>(rem % 1000)};
}

}  // namespace

LocalDate local_date(UtcMillis t) {
  const Civil c = to_civil(t + kVietnamOffsetMs);
  return {c.y, c.m, c.d};
}

UtcMillis local_day_start(UtcMillis t) {
  std::int64_t local = t + kVietnamOffsetMs;
  std::int64_t rem = local % 86'400'000;
  if (rem < 0) rem += 86'400'000;
  return local - rem - kVietnamOffsetMs;
}

std::string format_local_datetime(UtcMillis t) {
  const Civil c = to_civil(t + kVietnamOffsetMs);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d/%02d/%04d %02d:%02d", c.d, c.m, c.y, c.hh, c.mm);
  return buf;
}

std::string format_local_date(UtcMillis t) {
  const Civil c = to_civil(t + kVietnamOffsetMs);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", c.d, c.m, c.y);
  return buf;
}

std::string format_local_time(UtcMillis t) {
  const Civil c = to_civil(t + kVietnamOffsetMs);
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", c.hh, c.mm);
  return buf;
}

std::string format_iso_utc(UtcMillis t) {
  const Civil c = to_civil(t);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", c.y, c.m, c.d, c.hh, c.mm, c.ss, c.ms);
  return buf;
}

}  // namespace hp
