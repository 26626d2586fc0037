#pragma once
// Collects device events from driver threads so tests can wait for them without sleeping.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <vector>

#include "drivers/device.hpp"

namespace hp::test {

class EventLog {
 public:
  struct Entry {
    dev::DeviceEvent event;
    std::chrono::steady_clock::time_point when;
  };

  dev::DeviceSink sink() {
    return [this](dev::DeviceEvent ev) {
      std::lock_guard lock(mu_);
      entries_.push_back({std::move(ev), std::chrono::steady_clock::now()});
      cv_.notify_all();
    };
  }

  // Waits until pred(entries) holds; false on timeout.
  bool wait_for(const std::function<bool(const std::vector<Entry>&)>& pred,
                std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return pred(entries_); });
  }

  // Waits until at least n events of type T arrived.
  template <class T>
  bool wait_count(std::size_t n, std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    return wait_for([n](const std::vector<Entry>& es) { return count_in<T>(es) >= n; }, timeout);
  }

  template <class T>
  std::vector<T> all() const {
    std::lock_guard lock(mu_);
    std::vector<T> out;
    for (const auto& e : entries_)
      if (const T* p = std::get_if<T>(&e.event)) out.push_back(*p);
    return out;
  }

  template <class T>
  std::vector<Entry> entries_of() const {
    std::lock_guard lock(mu_);
    std::vector<Entry> out;
    for (const auto& e : entries_)
      if (std::holds_alternative<T>(e.event)) out.push_back(e);
    return out;
  }

  std::size_t size() const {
    std::lock_guard lock(mu_);
    return entries_.size();
  }

  void clear() {
    std::lock_guard lock(mu_);
    entries_.clear();
  }

  template <class T>
  static std::size_t count_in(const std::vector<Entry>& es) {
    std::size_t n = 0;
    for (const auto& e : es) n += std::holds_alternative<T>(e.event) ? 1 : 0;
    return n;
  }

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Entry> entries_;
};

// A clock tests can read and move.
// A clock tests can read and move; read from driver threads, hence atomic.
struct FixedClock {
  std::atomic<UtcMillis> now{1'764'300'000'000};  // 2025-11-28
  Clock clock() {
    return Clock([this] { return now.load(); });
  }
};

}  // namespace hp::test
