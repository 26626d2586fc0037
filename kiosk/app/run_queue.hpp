#pragma once
// Other threads (devices, the store worker) hand work to the UI thread here. They append a
// closure under a mutex and wake the main loop; the UI thread swaps the list out once per
// frame and runs it outside the lock (Tracy's RunQueue). The UI thread never waits on them.
#include <functional>
#include <mutex>
#include <vector>

namespace hp::app {

class Controller;

class RunQueue {
 public:
  using Task = std::function<void(Controller&)>;
  using Wake = std::function<void()>;

  explicit RunQueue(Wake wake = {}) : wake_(std::move(wake)) {}
  void set_wake(Wake wake) {
    std::lock_guard lock(mutex_);
    wake_ = std::move(wake);
  }

  // Any thread.
  void post(Task t) {
    Wake w;
    {
      std::lock_guard lock(mutex_);
      tasks_.push_back(std::move(t));
      w = wake_;
    }
    if (w) w();
  }

  // UI thread: runs what was queued so far; returns how many tasks ran.
  std::size_t drain(Controller& c) {
    std::vector<Task> batch;
    {
      std::lock_guard lock(mutex_);
      batch.swap(tasks_);
    }
    for (auto& t : batch) t(c);
    return batch.size();
  }

  bool empty() const {
    std::lock_guard lock(mutex_);
    return tasks_.empty();
  }

 private:
  mutable std::mutex mutex_;
  std::vector<Task> tasks_;
  Wake wake_;
};

}  // namespace hp::app
