#pragma once
// Purchase prices with effective dates (docs/dashboard.md "Prices with effective dates"). A
// price set for today applies at once; one for a later date waits in dash_price_schedule and
// applies at 00:00 Vietnam time on that date. Applying rewrites the product's record and
// publishes it, so kiosks get the new price with their next pull (docs/PROTOCOL.md 4.2).
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "server/dash/audit.hpp"
#include "server/dash/sql.hpp"
#include "shared/clock.hpp"

namespace hp::server::dash {

inline constexpr std::int64_t kMaxPriceVnd = 100'000'000;

struct PriceChange {
  std::string product_id;
  std::string grade;       // A, B or C
  std::int64_t price_vnd;  // 0: the grade is no longer bought
};

// Errors: prices.invalid (grade, price).
Status check_price(const PriceChange& p);
// Sets the price now: the product's record with the grade's new price, published for every
// kiosk and audited as `action`. Returns the record. Errors: prices.invalid,
// prices.unknown_product.
Result<nlohmann::json> set_price(SqlDb& db, const PriceChange& p, const Actor& who,
                                 const std::string& action = "price.set");
// A price from effective_date (YYYY-MM-DD, today or later in Vietnam): today's applies at
// once. Returns {id, product_id, grade, price_vnd, effective_date, effective_at, applied_at}.
// Errors: prices.invalid (also a past or malformed date), prices.unknown_product.
Result<nlohmann::json> schedule_price(SqlDb& db, const std::string& id, const PriceChange& p,
                                      const std::string& effective_date, const Actor& who);
// Withdraws a price not applied yet. Errors: prices.unknown_schedule, prices.already_applied.
Status cancel_scheduled_price(SqlDb& db, const std::string& id, const Actor& who);
// The pending prices and the last 50 applied, soonest first.
Result<nlohmann::json> price_schedule(SqlDb& db);
// Applies every scheduled price whose time has come, each exactly once, however many
// kiosk-server processes share the database. Returns how many it applied.
Result<int> apply_due_prices(SqlDb& db, UtcMillis now);
// When the next pending price is due, if any.
Result<std::optional<UtcMillis>> next_due_price(SqlDb& db);

// Each kiosk-server process runs one: a thread that applies due prices as their time comes
// (checked at least every kPollMs, so a price another process scheduled is not missed).
class PriceScheduler {
 public:
  static constexpr std::int64_t kPollMs = 30'000;
  PriceScheduler(SqlDb& db, const Clock& clock, std::int64_t poll_ms = kPollMs);
  ~PriceScheduler();
  PriceScheduler(const PriceScheduler&) = delete;
  PriceScheduler& operator=(const PriceScheduler&) = delete;

 private:
  void run();
  SqlDb& db_;
  const Clock& clock_;
  const std::int64_t poll_ms_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace hp::server::dash
