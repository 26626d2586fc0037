#include "kiosk/app/store_worker.hpp"

namespace hp::app {

StoreWorker::StoreWorker(store::Store store)
    : store_(std::move(store)), thread_([this](std::stop_token st) { run(st); }) {}

StoreWorker::~StoreWorker() {
  // Finish what was accepted: a drop-off the clerk confirmed must reach the disk.
  flush();
  thread_.request_stop();
  cv_.notify_all();
}

void StoreWorker::post(Job job) {
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back(std::move(job));
  }
  cv_.notify_one();
}

std::size_t StoreWorker::pending() const {
  std::lock_guard lock(mutex_);
  return jobs_.size() + running_;
}

void StoreWorker::flush() {
  std::unique_lock lock(mutex_);
  idle_cv_.wait(lock, [this] { return jobs_.empty() && running_ == 0; });
}

void StoreWorker::run(std::stop_token st) {
  store_.adopt_thread();  // from now on only this thread may touch the store
  std::unique_lock lock(mutex_);
  while (true) {
    cv_.wait(lock, st, [this] { return !jobs_.empty(); });
    if (jobs_.empty()) {
      if (st.stop_requested()) return;
      continue;
    }
    Job job = std::move(jobs_.front());
    jobs_.pop_front();
    ++running_;
    lock.unlock();
    job(store_);
    lock.lock();
    --running_;
    if (jobs_.empty() && running_ == 0) idle_cv_.notify_all();
  }
}

}  // namespace hp::app
