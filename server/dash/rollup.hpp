#pragma once
// The overview's rollup (docs/dashboard.md "The rollup"): the kiosks' events and the orders'
// changes folded, by sequence number, into small dash_ tables of sums by VN-local day and
// post office, so the overview reads thousands of rows instead of every event.
//
// Exactly once: each fold reads its watermarks (dash_projection 'rollup_events' over
// events.received_seq, 'rollup_changes' over changes.seq), adds what lies above them and moves
// them on in one transaction. On SQLite that transaction is the only writer (BEGIN
// IMMEDIATE); on PostgreSQL it takes the changes lock every publishing push takes, then
// events in SHARE ROW EXCLUSIVE mode, which waits for pushes still inserting and holds new
// ones back until it commits: no event can then appear below the new watermark, and a second
// folder (another process) waits for the first.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "server/dash/sql.hpp"

namespace hp::server::dash {

// Events folded per transaction: a long backlog is folded in steps, so pushes (which wait for
// a fold's transaction) never wait for more than one step.
inline constexpr std::int64_t kRollupStep = 200000;

struct FoldCount {
  std::int64_t events = 0;   // events read (every kind) above the old watermark
  std::int64_t changes = 0;  // order changes read
};

// Folds everything that arrived since the watermarks, in steps of kRollupStep events.
[[nodiscard]] Result<FoldCount> fold_rollup(SqlDb& db);

// The day number of a UTC instant in Vietnam (days since 1970-01-01, UTC+7), and of the
// first day of its month.
std::int64_t vn_day(std::int64_t utc_ms);
std::int64_t month_start(std::int64_t day);

// Folds on start and then every `every`, on a thread of its own with its own connection, so a
// request rarely finds much to fold. Stops and joins on destruction.
class RollupFolder {
 public:
  RollupFolder(std::unique_ptr<SqlDb> db, std::chrono::milliseconds every, std::ostream& log);
  ~RollupFolder();
  RollupFolder(const RollupFolder&) = delete;
  RollupFolder& operator=(const RollupFolder&) = delete;

 private:
  void run();
  std::unique_ptr<SqlDb> db_;
  std::chrono::milliseconds every_;
  std::ostream& log_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;  // last: started once everything it reads is set
};

}  // namespace hp::server::dash
