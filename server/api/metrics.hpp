#pragma once
// Per-process counters for /metrics (Prometheus text format 0.0.4).
#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace hp::server {

class Metrics {
 public:
  void kiosk_seen(const std::string& kiosk_id, std::int64_t unix_seconds);
  void request(int status, double seconds);
  std::atomic<std::int64_t> events_stored{0};
  std::atomic<std::int64_t> events_duplicate{0};
  std::atomic<std::int64_t> events_refused{0};
  std::atomic<std::int64_t> batches_refused{0};
  std::string render() const;

 private:
  static constexpr std::array<double, 10> kBuckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5};
  mutable std::mutex mutex_;
  std::map<std::string, std::int64_t> last_sync_;
  std::map<int, std::int64_t> by_status_;
  std::array<std::int64_t, kBuckets.size()> buckets_{};
  std::int64_t count_ = 0;
  double sum_ = 0;
};

}  // namespace hp::server
