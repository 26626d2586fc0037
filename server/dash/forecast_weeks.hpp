#pragma once
// The forecasts' weekly table (docs/forecast.md "The weekly table"): kg received per week,
// post office and product, and orders collected per week and post office, folded from the
// kiosks' events by their received_seq with a mark in dash_projection ('forecast_weeks').
// The fold and its mark move in one transaction, under an advisory lock on PostgreSQL, so
// several server processes on one database fold each event exactly once.
#include <cstdint>
#include <stop_token>

#include "server/dash/sql.hpp"
#include "shared/clock.hpp"

namespace hp::server::dash {

inline constexpr std::int64_t kWeekMs = 7LL * 24 * 3600 * 1000;
// Weeks are numbered from the Monday, 00:00 in Vietnam (UTC+7), of 1969-12-29: the week of
// an instant is floor((t + kWeekShiftMs) / kWeekMs).
inline constexpr std::int64_t kWeekShiftMs = 3LL * 24 * 3600 * 1000 + 7LL * 3600 * 1000;

std::int64_t week_of(UtcMillis t);
UtcMillis week_start(std::int64_t week);
// "2026-W23": the ISO 8601 week of that Monday.
std::string iso_week(std::int64_t week);

// Folds every event received since the mark, in batches of `batch` sequence numbers per
// transaction (a first fold over millions of events does not hold the write lock for long),
// until caught up or `stop` is requested between two batches. Returns how many batches ran.
Result<int> fold_forecast_weeks(SqlDb& db, std::int64_t batch = 250000, std::stop_token stop = {});

}  // namespace hp::server::dash
