#pragma once
// Reporting periods in Vietnam's civil time (UTC+7 all year, no daylight saving).
#include <optional>
#include <string>

#include "shared/clock.hpp"
#include "shared/result.hpp"

namespace hp::server::dash {

inline constexpr std::int64_t kVietnamOffsetMs = 7LL * 3600 * 1000;

struct Period {
  std::string from;  // YYYY-MM-DD, first day
  std::string to;    // YYYY-MM-DD, last day (inclusive)
  UtcMillis from_ms = 0;
  UtcMillis to_ms = 0;  // exclusive: midnight after `to`
};

// The midnight that starts a civil date in Vietnam; nullopt for a malformed date.
std::optional<UtcMillis> vn_midnight(const std::string& date);
std::string vn_date(UtcMillis t);
// Error: period.invalid. Empty from/to default to 1 January of this year and today.
Result<Period> make_period(const std::string& from, const std::string& to, UtcMillis now);

}  // namespace hp::server::dash
