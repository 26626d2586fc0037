#pragma once
// Retry timing: exponential backoff with jitter, capped, and the jittered pull interval.
// Pure functions of their inputs (the random draw is passed in), so tests pin them exactly.
#include <cstdint>

namespace hp::sync {

struct BackoffPolicy {
  std::int64_t base_ms = 1'000;
  std::int64_t cap_ms = 5 * 60'000;
};

// The wait before retry number `failures` (1 = after the first failure): "equal jitter", half
// of min(cap, base * 2^(failures-1)) plus a random part of the other half, so a fleet that lost
// the centre together does not come back in step, and no wait is ever 0. `random` is any
// uniformly drawn 64-bit value.
std::int64_t backoff_ms(const BackoffPolicy& p, int failures, std::uint64_t random);

// interval_ms +/- fraction of it, uniformly.
std::int64_t jittered_ms(std::int64_t interval_ms, double fraction, std::uint64_t random);

}  // namespace hp::sync
