#include "server/api/seen.hpp"

#include <iostream>
#include <vector>

namespace hp::server {

void SeenTracker::saw(const std::string& kiosk_id, UtcMillis at) {
  std::lock_guard lock(mutex_);
  auto [it, added] = pending_.try_emplace(kiosk_id, at);
  if (!added && it->second < at) it->second = at;
}

std::size_t SeenTracker::pending() const {
  std::lock_guard lock(mutex_);
  return pending_.size();
}

Status SeenTracker::flush(Storage& storage) {
  std::map<std::string, UtcMillis> taken;
  {
    std::lock_guard lock(mutex_);
    taken.swap(pending_);
  }
  if (taken.empty()) return {};
  std::vector<std::pair<std::string, UtcMillis>> rows(taken.begin(), taken.end());
  if (auto s = storage.record_seen(rows); !s) {
    // Put them back (a later sighting wins) so the next flush writes them.
    for (const auto& [id, at] : rows) saw(id, at);
    return s;
  }
  return {};
}

SeenFlusher::SeenFlusher(SeenTracker& tracker, Storage& storage, std::chrono::milliseconds every)
    : tracker_(tracker), storage_(storage), every_(every) {
  thread_ = std::thread([this] {
    std::unique_lock lock(mutex_);
    while (!stop_) {
      cv_.wait_for(lock, every_, [this] { return stop_; });
      lock.unlock();
      if (auto s = tracker_.flush(storage_); !s)
        std::cerr << "kiosk-server: last-seen flush failed (kept for the next): " << s.error().code << "\n";
      lock.lock();
    }
  });
}

SeenFlusher::~SeenFlusher() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

}  // namespace hp::server
