#include "server/api/metrics.hpp"

#include <sstream>

namespace hp::server {

void Metrics::kiosk_seen(const std::string& kiosk_id, std::int64_t unix_seconds) {
  std::lock_guard lock(mutex_);
  last_sync_[kiosk_id] = unix_seconds;
}

void Metrics::request(int status, double seconds) {
  std::lock_guard lock(mutex_);
  ++by_status_[status];
  for (std::size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++buckets_[i];
  ++count_;
  sum_ += seconds;
}

std::string Metrics::render() const {
  std::lock_guard lock(mutex_);
  std::ostringstream out;
  out << "# HELP hp_kiosks_seen Kiosks that pushed or pulled on this process.\n# TYPE hp_kiosks_seen gauge\n"
      << "hp_kiosks_seen " << last_sync_.size() << "\n";
  out << "# HELP hp_kiosk_last_sync_seconds Unix time of a kiosk's last push or pull.\n"
      << "# TYPE hp_kiosk_last_sync_seconds gauge\n";
  for (const auto& [k, t] : last_sync_) out << "hp_kiosk_last_sync_seconds{kiosk_id=\"" << k << "\"} " << t << "\n";
  auto counter = [&](const char* name, const char* help, std::int64_t v) {
    out << "# HELP " << name << " " << help << "\n# TYPE " << name << " counter\n" << name << " " << v << "\n";
  };
  counter("hp_events_stored_total", "Kiosk events stored.", events_stored.load());
  counter("hp_events_duplicate_total", "Kiosk events already held (acknowledged again).", events_duplicate.load());
  counter("hp_events_refused_total", "Kiosk events refused with a 4xx.", events_refused.load());
  counter("hp_batches_refused_total", "Push batches refused whole.", batches_refused.load());
  out << "# HELP hp_http_requests_total HTTP requests by status.\n# TYPE hp_http_requests_total counter\n";
  for (const auto& [code, n] : by_status_) out << "hp_http_requests_total{code=\"" << code << "\"} " << n << "\n";
  out << "# HELP hp_http_request_duration_seconds Request latency.\n"
      << "# TYPE hp_http_request_duration_seconds histogram\n";
  for (std::size_t i = 0; i < kBuckets.size(); ++i)
    out << "hp_http_request_duration_seconds_bucket{le=\"" << kBuckets[i] << "\"} " << buckets_[i] << "\n";
  out << "hp_http_request_duration_seconds_bucket{le=\"+Inf\"} " << count_ << "\n"
      << "hp_http_request_duration_seconds_sum " << sum_ << "\n"
      << "hp_http_request_duration_seconds_count " << count_ << "\n";
  return out.str();
}

}  // namespace hp::server
