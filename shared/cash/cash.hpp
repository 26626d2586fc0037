#pragma once
// The cash drawer in a shift: counts by VND banknote, the movements that change what the
// drawer should hold, and the reconciliation the end-of-shift report prints (issue 10,
// docs/cash.md). Pure functions: the kiosk's store records, the report prints.
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "shared/clock.hpp"
#include "shared/money.hpp"
#include "shared/result.hpp"

namespace hp::cash {

// The banknotes a counter's drawer holds, largest first. Smaller notes (500, 200, 100 đ) are
// out of everyday use and prices at the counter are whole thousands.
inline constexpr std::array<Dong, 9> kDenominations{500000, 200000, 100000, 50000, 20000, 10000, 5000, 2000, 1000};
inline constexpr std::int64_t kMaxPieces = 100000;  // of one note in one drawer: a typo, not cash

struct CashCount {
  std::array<std::int64_t, kDenominations.size()> pieces{};  // per kDenominations
  Dong total() const;
  std::int64_t notes() const;
  bool operator==(const CashCount&) const = default;
};

// From (denomination, pieces) pairs, as a clerk enters them. Errors: cash.denomination (not a
// banknote), cash.pieces (negative, or more than kMaxPieces), cash.repeated (a note twice).
Result<CashCount> count_of(std::span<const std::pair<Dong, std::int64_t>> entries);

// What changes the cash the drawer should hold.
enum class MovementKind {
  Float,       // the opening float, counted (one per shift, first)
  CodCash,     // a cash-on-delivery order paid in cash: the amount due stays in the drawer
  Payout,      // cash paid out to a farmer
  CashIn,      // cash added during the shift (from the safe)
  CashOut,     // cash taken out during the shift (to the safe, a bank deposit)
  DrawerOpen,  // the drawer opened without a sale: no amount, but recorded and approved
};
std::string_view kind_name(MovementKind k);  // "float", "cod_cash", "payout", "cash_in", "cash_out", "drawer_open"

struct Movement {
  MovementKind kind = MovementKind::CodCash;
  Dong amount = 0;  // >= 0; its sign comes from the kind
  UtcMillis at = 0;
  std::string clerk;
  std::string ref;          // the pickup, payout or order it belongs to
  std::string approved_by;  // the supervisor, for the movements that need one
};
// Errors: cash.amount (negative; non-zero for DrawerOpen; zero where money moves).
Status check(const Movement& m);
// What the movement does to the drawer: +amount, -amount or 0.
Dong effect(const Movement& m);

// The reconciliation of a shift.
struct Balance {
  Dong opening_float = 0;
  Dong cod_cash = 0;
  Dong payouts = 0;
  Dong cash_in = 0;
  Dong cash_out = 0;
  int drawer_opens = 0;  // without a sale
  Dong expected = 0;     // what the drawer should hold at the close
  Dong counted = 0;      // what was counted
  Dong over_short = 0;   // counted - expected: over when positive, short when negative
};
Balance reconcile(const CashCount& opening, std::span<const Movement> movements, const CashCount& closing);

// Change for a cash payment: tendered - due, in the fewest notes (largest first); below
// 1.000 đ no note makes it, so it is left as `remainder` for the clerk to settle (coins, or
// rounding in the buyer's favour). Errors: cash.short (tendered below due), cash.amount
// (negative).
struct Change {
  Dong amount = 0;
  CashCount notes;
  Dong remainder = 0;
};
Result<Change> change_for(Dong due, Dong tendered);

}  // namespace hp::cash
