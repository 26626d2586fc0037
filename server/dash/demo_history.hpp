#pragma once
// Two and a half years of seasonal history for `kiosk-server --demo` (docs/forecast.md
// "Demo history"), so the forecasts have seasons to find: drop-offs at every demo post office,
// week by week, with lychee in June, watermelon in May, rice at the two harvests and
// vegetables all year with a winter peak; and orders collected, busiest before Tết; all
// growing a fifth a year. Written once (meta 'demo.history'), through the dashboard's own
// connection, for SQLite and PostgreSQL alike.
#include "server/dash/sql.hpp"
#include "shared/clock.hpp"

namespace hp::server::dash {

inline constexpr const char* kLycheeId = "01924f80-0000-7000-8000-1000000000f1";
// Two years and a half: whatever the day, a forecast as of any day of the last year still has
// more than a season and the back-test's minimum behind it.
inline constexpr int kHistoryWeeks = 130;

struct HistoryCounts {
  int dropoffs = 0;
  int orders = 0;
};

// The weeks before the one holding `now`. Nothing when the history is already there.
Result<HistoryCounts> seed_demo_history(SqlDb& db, UtcMillis now);

}  // namespace hp::server::dash
