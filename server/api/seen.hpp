#pragma once
// Kiosks' last contact without a database write per request (docs/dashboard.md
// "Operations"): each process keeps the latest time it saw each kiosk in memory and writes
// them every few seconds in one transaction. The stored seen_at only ever moves forward
// (Storage::record_seen takes the later time), so several kiosk-server processes on one
// PostgreSQL database may flush in any order.
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "server/storage/storage.hpp"

namespace hp::server {

class SeenTracker {
 public:
  void saw(const std::string& kiosk_id, UtcMillis at);
  // Writes what was seen since the last flush; on failure keeps it for the next one.
  Status flush(Storage& storage);
  std::size_t pending() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, UtcMillis> pending_;
};

// Flushes a tracker every `every`, and once more when destroyed (a stopping server loses
// nothing it saw).
class SeenFlusher {
 public:
  SeenFlusher(SeenTracker& tracker, Storage& storage, std::chrono::milliseconds every);
  ~SeenFlusher();
  SeenFlusher(const SeenFlusher&) = delete;
  SeenFlusher& operator=(const SeenFlusher&) = delete;

 private:
  SeenTracker& tracker_;
  Storage& storage_;
  std::chrono::milliseconds every_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace hp::server
