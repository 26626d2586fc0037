#pragma once
// Time-ordered unique ids (UUIDv7, RFC 9562) made on the kiosk for every record and event,
// so records made offline on many kiosks never collide and sort by creation time.
#include <cstdint>
#include <mutex>
#include <random>
#include <string>

#include "shared/clock.hpp"

namespace hp {

class IdGenerator {
 public:
  explicit IdGenerator(const Clock& clock);
  // Thread-safe. Ids from one generator are strictly increasing, even within a millisecond
  // and when the wall clock steps back (the last timestamp is kept until time catches up).
  std::string next();

 private:
  const Clock& clock_;
  std::mutex mutex_;
  std::mt19937_64 rng_;
  std::int64_t last_ms_ = 0;
  std::uint32_t counter_ = 0;  // 12-bit rand_a used as a monotonic counter (RFC 9562 6.2 method 1).
};

bool is_uuid(std::string_view s);

}  // namespace hp
