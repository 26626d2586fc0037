#include "kiosk/sync/backoff.hpp"

#include <algorithm>

namespace hp::sync {

std::int64_t backoff_ms(const BackoffPolicy& p, int failures, std::uint64_t random) {
  const std::int64_t base = std::max<std::int64_t>(1, p.base_ms);
  const std::int64_t cap = std::max(base, p.cap_ms);
  std::int64_t ceiling = base;
  // Doubling stops at the cap (and long before an overflow).
  for (int i = 1; i < failures && ceiling < cap; ++i) ceiling *= 2;
  ceiling = std::min(ceiling, cap);
  const std::int64_t half = ceiling / 2;
  const std::int64_t spread = ceiling - half;
  return half + static_cast<std::int64_t>(random % static_cast<std::uint64_t>(spread + 1));
}

std::int64_t jittered_ms(std::int64_t interval_ms, double fraction, std::uint64_t random) {
  const auto spread = static_cast<std::int64_t>(static_cast<double>(interval_ms) * std::clamp(fraction, 0.0, 1.0));
  if (spread <= 0) return interval_ms;
  const auto offset = static_cast<std::int64_t>(random % static_cast<std::uint64_t>(2 * spread + 1)) - spread;
  return std::max<std::int64_t>(1, interval_ms + offset);
}

}  // namespace hp::sync
