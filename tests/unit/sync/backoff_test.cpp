// Retry timing: exponential, capped, jittered, never zero.
#include <doctest/doctest.h>

#include <random>

#include "kiosk/sync/backoff.hpp"

using namespace hp::sync;

TEST_CASE("backoff doubles from the base up to the cap, with the jitter in the upper half") {
  const BackoffPolicy p{.base_ms = 1'000, .cap_ms = 60'000};
  // The smallest and largest draws bound each step: [ceiling/2, ceiling].
  CHECK(backoff_ms(p, 1, 0) == 500);
  CHECK(backoff_ms(p, 1, 500) == 1'000);
  CHECK(backoff_ms(p, 2, 0) == 1'000);
  CHECK(backoff_ms(p, 3, 0) == 2'000);
  CHECK(backoff_ms(p, 6, 0) == 16'000);
  CHECK(backoff_ms(p, 7, 0) == 30'000);  // 64 s capped at 60 s
  CHECK(backoff_ms(p, 7, 30'000) == 60'000);
  CHECK(backoff_ms(p, 1'000'000, ~0ULL) <= 60'000);  // no overflow however long it fails
}

TEST_CASE("backoff draws spread a fleet over the whole upper half") {
  const BackoffPolicy p{.base_ms = 1'000, .cap_ms = 300'000};
  std::mt19937_64 rng(7);
  std::int64_t lo = 1 << 30, hi = 0;
  for (int i = 0; i < 2000; ++i) {
    const auto d = backoff_ms(p, 5, rng());
    lo = std::min(lo, d);
    hi = std::max(hi, d);
  }
  CHECK(lo >= 8'000);
  CHECK(lo < 8'200);
  CHECK(hi <= 16'000);
  CHECK(hi > 15'800);
}

TEST_CASE("the pull interval is jittered around 15 s and never below 1 ms") {
  std::mt19937_64 rng(11);
  for (int i = 0; i < 1000; ++i) {
    const auto d = jittered_ms(15'000, 0.2, rng());
    CHECK(d >= 12'000);
    CHECK(d <= 18'000);
  }
  CHECK(jittered_ms(15'000, 0.0, 12345) == 15'000);
  CHECK(jittered_ms(1, 1.0, 0) == 1);
}
