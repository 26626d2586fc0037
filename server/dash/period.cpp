#include "server/dash/period.hpp"

#include <charconv>
#include <chrono>
#include <cstdio>

namespace hp::server::dash {

std::optional<UtcMillis> vn_midnight(const std::string& date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return std::nullopt;
  int y = 0;
  unsigned m = 0, d = 0;
  auto num = [&](std::size_t at, std::size_t n, auto& out) {
    auto [p, ec] = std::from_chars(date.data() + at, date.data() + at + n, out);
    return ec == std::errc() && p == date.data() + at + n;
  };
  if (!num(0, 4, y) || !num(5, 2, m) || !num(8, 2, d)) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
  if (!ymd.ok() || y < 2000 || y > 2200) return std::nullopt;
  const auto days = std::chrono::sys_days(ymd).time_since_epoch().count();
  return static_cast<UtcMillis>(days) * 86400000 - kVietnamOffsetMs;
}

std::string vn_date(UtcMillis t) {
  const auto days = std::chrono::floor<std::chrono::days>(std::chrono::milliseconds(t + kVietnamOffsetMs));
  const std::chrono::year_month_day ymd{std::chrono::sys_days(days)};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

Result<Period> make_period(const std::string& from, const std::string& to, UtcMillis now) {
  Period p;
  p.to = to.empty() ? vn_date(now) : to;
  p.from = from.empty() ? p.to.substr(0, 4) + "-01-01" : from;
  auto f = vn_midnight(p.from);
  auto t = vn_midnight(p.to);
  if (!f || !t) return fail("period.invalid", "from and to are dates YYYY-MM-DD");
  if (*f > *t) return fail("period.invalid", "from is after to");
  if (*t - *f > 3660LL * 86400000) return fail("period.invalid", "a period spans at most ten years");
  p.from_ms = *f;
  p.to_ms = *t + 86400000;
  return p;
}

}  // namespace hp::server::dash
