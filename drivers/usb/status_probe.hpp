#pragma once
// When to ask a printer for its real-time status again, and when to stop asking. Pure (the
// caller passes the time), so the rules are unit tested without a printer.
//  - A good answer: status is trusted; every job asks first, and idle asks go on as usual.
//  - A failure (no answer in time, or a byte that is no status): ask again after
//    backoff_ms, doubling with each failure in a row up to max_backoff_ms. A good answer in
//    between starts over.
//  - attempts failures in a row: given up until reset() (the next plug-in): the printer is
//    used without status, and the status says so.
#include <cstdint>

namespace hp::usb {

struct StatusProbeOptions {
  std::int64_t backoff_ms = 1000;
  std::int64_t max_backoff_ms = 30'000;
  int attempts = 5;
};

class StatusProbe {
 public:
  explicit StatusProbe(StatusProbeOptions options = {}) : options_(options) {}

  // Whether a status request may be sent now.
  bool due(std::int64_t now_ms) const { return !given_up() && now_ms >= next_at_; }
  void answered();
  // Returns true when this failure is the one that gives up.
  bool failed(std::int64_t now_ms);
  void reset();

  bool given_up() const { return failures_ >= options_.attempts; }
  int failures() const { return failures_; }  // in a row
  // When the next request may go, while failures() > 0 and not given up.
  std::int64_t next_at() const { return next_at_; }

 private:
  StatusProbeOptions options_;
  int failures_ = 0;
  std::int64_t next_at_ = 0;
};

}  // namespace hp::usb
