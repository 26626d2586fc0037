#pragma once
// Where each lot came from: an index of lot code -> drop-off event, kept by the dashboard
// itself (dash_lots), so the public traceability page is one indexed lookup instead of a
// scan of every event. The index catches up from the events table when a lot is not in it:
// at most once a second per process, so unknown lot codes cannot make the server scan.
#include <chrono>
#include <mutex>
#include <optional>
#include <string>

#include "server/dash/sql.hpp"

namespace hp::server::dash {

class LotIndex {
 public:
  explicit LotIndex(SqlDb& db) : db_(db) {}
  // The id of the drop-off event that made the lot, or nullopt.
  Result<std::optional<std::string>> event_of(const std::string& lot_code);
  // Indexes every drop-off event received since the last catch-up.
  Status catch_up();

 private:
  Result<std::optional<std::string>> lookup(const std::string& lot_code);
  SqlDb& db_;
  std::mutex mutex_;
  std::optional<std::chrono::steady_clock::time_point> last_;
};

}  // namespace hp::server::dash
