#pragma once
// Produce held at the post office (issue 10 item 7, docs/stock.md): which lot leaves first,
// what will spoil and what to do about it, and a stock count's differences. Pure functions:
// the kiosk's store has the lots, the centre sets each product's shelf life.
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "shared/clock.hpp"
#include "shared/result.hpp"
#include "shared/weight.hpp"

namespace hp::stock {

struct StockLot {
  std::string lot_code;
  std::string product_id;
  std::string grade;
  Milligrams net_mg = 0;
  std::int64_t pieces = 0;
  UtcMillis received_at = 0;
  std::string shelf;  // "K2-05"; empty: not shelved yet
};

// How long a product keeps at the counter (set per product at the centre).
struct ShelfLife {
  int days = 0;       // sell within this many days of the drop-off; 0: keeps (rice, dried goods)
  int warn_days = 0;  // warn this many days before
};
using ShelfLifeOf = std::function<std::optional<ShelfLife>(std::string_view product_id)>;

inline constexpr UtcMillis kDayMs = 86'400'000;

// What to do with a lot, by the time left before it spoils:
//   ok         more than warn_days left;
//   send_on    in the first half of the warning window: time enough to sell it at the hub;
//   mark_down  in the second half: sell it here, cheaper;
//   return     past its time: back to the farmer, or written off, never sold.
enum class Action { Ok, SendOn, MarkDown, Return };
std::string_view action_name(Action a);  // "ok", "send_on", "mark_down", "return"

struct Advice {
  std::string lot_code;
  Action action = Action::Ok;
  UtcMillis sell_by = 0;  // 0 when the product keeps
  std::int64_t hours_left = 0;
};
// One entry per lot that needs something done (Ok lots are left out), most urgent first.
// Lots of products with no shelf life known are left out.
std::vector<Advice> stock_advice(std::span<const StockLot> lots, const ShelfLifeOf& shelf_life, UtcMillis now);

// The lots of a product (and grade, when given) in the order they should leave the shelf:
// the soonest to spoil first, then the oldest (first in, first out).
std::vector<StockLot> oldest_first(std::span<const StockLot> lots, const ShelfLifeOf& shelf_life,
                                   std::string_view product_id, std::optional<std::string_view> grade = std::nullopt);

// A stock count: every lot on the shelf scanned and its crate weighed.
struct Counted {
  std::string lot_code;
  Milligrams net_mg = 0;
};
enum class DifferenceKind { Missing, Unexpected, Weight };
std::string_view difference_name(DifferenceKind k);  // "missing", "unexpected", "weight"
struct Difference {
  std::string lot_code;
  DifferenceKind kind = DifferenceKind::Missing;
  Milligrams expected_mg = 0;
  Milligrams counted_mg = 0;
};
// Differences between what the store holds and what was counted; weights within tolerance_mg
// (a crate dries out a little) are no difference. A lot counted twice is refused:
// stock.counted_twice.
Result<std::vector<Difference>> count_differences(std::span<const StockLot> held, std::span<const Counted> counted,
                                                  Milligrams tolerance_mg);

// Why a lot is returned to its farmer or written off.
inline constexpr std::string_view kLeaveReasons[] = {"spoiled", "expired", "damaged", "farmer_took_back", "other"};

// A shelf place as typed ("k2-05 "): trimmed and upper-cased, 1 to 12 of A-Z, 0-9 and '-'.
// Errors: stock.bad_shelf.
Result<std::string> shelf_place(std::string_view typed);

// Every difference is recorded with one of these reasons, never silently.
inline constexpr std::string_view kReasons[] = {"spoiled", "shrinkage", "mix_up", "sold_unrecorded", "other"};
// Errors: stock.reason (not one of kReasons), stock.note (reason "other" needs a note).
Status check_reason(std::string_view reason, std::string_view note);

}  // namespace hp::stock
