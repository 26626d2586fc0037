#pragma once
// The one thread that owns the kiosk's Store. The UI posts jobs; each job runs against the
// store here and posts its result back through the RunQueue, so the UI thread never waits
// on the disk.
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include "kiosk/store/store.hpp"

namespace hp::app {

class StoreWorker {
 public:
  using Job = std::function<void(store::Store&)>;

  explicit StoreWorker(store::Store store);
  ~StoreWorker();
  StoreWorker(const StoreWorker&) = delete;
  StoreWorker& operator=(const StoreWorker&) = delete;

  void post(Job job);
  // Jobs queued or running. Scripted sessions wait for 0 before their next step.
  std::size_t pending() const;
  // Blocks the caller until every job posted so far has run. Tests and shutdown only.
  void flush();

 private:
  void run(std::stop_token st);

  store::Store store_;
  mutable std::mutex mutex_;
  std::condition_variable_any cv_;
  std::condition_variable idle_cv_;
  std::deque<Job> jobs_;
  std::size_t running_ = 0;
  std::jthread thread_;
};

}  // namespace hp::app
