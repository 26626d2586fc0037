#include "shared/cash/cash.hpp"

#include <algorithm>

namespace hp::cash {

Dong CashCount::total() const {
  Dong t = 0;
  for (std::size_t i = 0; i < kDenominations.size(); ++i) t += kDenominations[i] * pieces[i];
  return t;
}

std::int64_t CashCount::notes() const {
  std::int64_t n = 0;
  for (auto p : pieces) n += p;
  return n;
}

Result<CashCount> count_of(std::span<const std::pair<Dong, std::int64_t>> entries) {
  CashCount c;
  std::array<bool, kDenominations.size()> seen{};
  for (const auto& [denomination, pieces] : entries) {
    const auto it = std::find(kDenominations.begin(), kDenominations.end(), denomination);
    if (it == kDenominations.end())
      return fail("cash.denomination", format_vnd(denomination) + " is not a banknote the drawer holds");
    const auto i = static_cast<std::size_t>(it - kDenominations.begin());
    if (seen[i]) return fail("cash.repeated", format_vnd(denomination) + " is counted twice");
    if (pieces < 0 || pieces > kMaxPieces)
      return fail("cash.pieces", "pieces of " + format_vnd(denomination) + ": 0 to " + std::to_string(kMaxPieces));
    seen[i] = true;
    c.pieces[i] = pieces;
  }
  return c;
}

std::string_view kind_name(MovementKind k) {
  switch (k) {
    case MovementKind::Float: return "float";
    case MovementKind::CodCash: return "cod_cash";
    case MovementKind::Payout: return "payout";
    case MovementKind::CashIn: return "cash_in";
    case MovementKind::CashOut: return "cash_out";
    case MovementKind::DrawerOpen: return "drawer_open";
  }
  return "unknown";
}

Status check(const Movement& m) {
  if (m.amount < 0) return fail("cash.amount", "an amount is never negative: the kind says which way it goes");
  if (m.kind == MovementKind::DrawerOpen && m.amount != 0)
    return fail("cash.amount", "opening the drawer without a sale moves no money");
  if (m.kind != MovementKind::DrawerOpen && m.kind != MovementKind::Float && m.amount == 0)
    return fail("cash.amount", std::string(kind_name(m.kind)) + " needs an amount");
  return {};
}

Dong effect(const Movement& m) {
  switch (m.kind) {
    case MovementKind::Float:
    case MovementKind::CodCash:
    case MovementKind::CashIn: return m.amount;
    case MovementKind::Payout:
    case MovementKind::CashOut: return -m.amount;
    case MovementKind::DrawerOpen: return 0;
  }
  return 0;
}

Balance reconcile(const CashCount& opening, std::span<const Movement> movements, const CashCount& closing) {
  Balance b;
  b.opening_float = opening.total();
  for (const auto& m : movements) {
    switch (m.kind) {
      case MovementKind::Float: break;  // the opening count is the float
      case MovementKind::CodCash: b.cod_cash += m.amount; break;
      case MovementKind::Payout: b.payouts += m.amount; break;
      case MovementKind::CashIn: b.cash_in += m.amount; break;
      case MovementKind::CashOut: b.cash_out += m.amount; break;
      case MovementKind::DrawerOpen: ++b.drawer_opens; break;
    }
  }
  b.expected = b.opening_float + b.cod_cash - b.payouts + b.cash_in - b.cash_out;
  b.counted = closing.total();
  b.over_short = b.counted - b.expected;
  return b;
}

Result<Change> change_for(Dong due, Dong tendered) {
  if (due < 0 || tendered < 0) return fail("cash.amount", "amounts are never negative");
  if (tendered < due) return fail("cash.short", "tendered " + format_vnd(tendered) + " is less than " + format_vnd(due));
  Change c;
  c.amount = tendered - due;
  Dong left = c.amount;
  for (std::size_t i = 0; i < kDenominations.size(); ++i) {
    c.notes.pieces[i] = left / kDenominations[i];
    left %= kDenominations[i];
  }
  c.remainder = left;
  return c;
}

}  // namespace hp::cash
