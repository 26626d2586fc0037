#include "shared/stock/stock.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace hp::stock {
namespace {

// When the lot must be gone, or 0 when its product keeps (or is unknown).
UtcMillis sell_by(const StockLot& lot, const ShelfLifeOf& shelf_life) {
  const auto life = shelf_life(lot.product_id);
  if (!life || life->days <= 0) return 0;
  return lot.received_at + life->days * kDayMs;
}

}  // namespace

std::string_view action_name(Action a) {
  switch (a) {
    case Action::Ok: return "ok";
    case Action::SendOn: return "send_on";
    case Action::MarkDown: return "mark_down";
    case Action::Return: return "return";
  }
  return "ok";
}

std::vector<Advice> stock_advice(std::span<const StockLot> lots, const ShelfLifeOf& shelf_life, UtcMillis now) {
  std::vector<Advice> out;
  for (const auto& lot : lots) {
    const auto life = shelf_life(lot.product_id);
    if (!life || life->days <= 0) continue;
    const UtcMillis by = lot.received_at + life->days * kDayMs;
    const UtcMillis left = by - now;
    const UtcMillis window = std::clamp(life->warn_days, 0, life->days) * kDayMs;
    Action a = Action::Ok;
    if (left <= 0)
      a = Action::Return;
    else if (left <= window / 2)
      a = Action::MarkDown;
    else if (left <= window)
      a = Action::SendOn;
    if (a == Action::Ok) continue;
    // Hours rounded down, never below zero: "0 h left" is the last hour.
    out.push_back({lot.lot_code, a, by, std::max<UtcMillis>(left, 0) / 3'600'000});
  }
  std::sort(out.begin(), out.end(), [](const Advice& x, const Advice& y) {
    return x.sell_by != y.sell_by ? x.sell_by < y.sell_by : x.lot_code < y.lot_code;
  });
  return out;
}

std::vector<StockLot> oldest_first(std::span<const StockLot> lots, const ShelfLifeOf& shelf_life,
                                   std::string_view product_id, std::optional<std::string_view> grade) {
  std::vector<StockLot> out;
  for (const auto& lot : lots)
    if (lot.product_id == product_id && (!grade || lot.grade == *grade)) out.push_back(lot);
  // A lot whose product keeps sorts after every lot that spoils (sell-by 0 read as "never").
  const auto key = [&](const StockLot& l) {
    const UtcMillis by = sell_by(l, shelf_life);
    return std::tuple(by == 0 ? INT64_MAX : by, l.received_at, l.lot_code);
  };
  std::stable_sort(out.begin(), out.end(), [&](const StockLot& a, const StockLot& b) { return key(a) < key(b); });
  return out;
}

std::string_view difference_name(DifferenceKind k) {
  switch (k) {
    case DifferenceKind::Missing: return "missing";
    case DifferenceKind::Unexpected: return "unexpected";
    case DifferenceKind::Weight: return "weight";
  }
  return "missing";
}

Result<std::vector<Difference>> count_differences(std::span<const StockLot> held, std::span<const Counted> counted,
                                                  Milligrams tolerance_mg) {
  std::map<std::string, Milligrams> seen;
  for (const auto& c : counted)
    if (!seen.emplace(c.lot_code, c.net_mg).second)
      return fail("stock.counted_twice", "lot " + c.lot_code + " was counted twice");
  std::vector<Difference> out;
  std::set<std::string> known;
  for (const auto& lot : held) {
    known.insert(lot.lot_code);
    const auto it = seen.find(lot.lot_code);
    if (it == seen.end()) {
      out.push_back({lot.lot_code, DifferenceKind::Missing, lot.net_mg, 0});
    } else if (lot.net_mg > 0 && (it->second - lot.net_mg > tolerance_mg || lot.net_mg - it->second > tolerance_mg)) {
      out.push_back({lot.lot_code, DifferenceKind::Weight, lot.net_mg, it->second});
    }
  }
  for (const auto& c : counted)
    if (!known.contains(c.lot_code)) out.push_back({c.lot_code, DifferenceKind::Unexpected, 0, c.net_mg});
  return out;
}

Status check_reason(std::string_view reason, std::string_view note) {
  if (std::find(std::begin(kReasons), std::end(kReasons), reason) == std::end(kReasons))
    return fail("stock.reason", "a difference needs a reason: spoiled, shrinkage, mix_up, sold_unrecorded or other");
  if (reason == "other" && note.find_first_not_of(" \t") == std::string_view::npos)
    return fail("stock.note", "the reason \"other\" needs a note saying what happened");
  return {};
}

Result<std::string> shelf_place(std::string_view typed) {
  while (!typed.empty() && (typed.front() == ' ' || typed.front() == '\t')) typed.remove_prefix(1);
  while (!typed.empty() && (typed.back() == ' ' || typed.back() == '\t')) typed.remove_suffix(1);
  if (typed.empty() || typed.size() > 12)
    return fail("stock.bad_shelf", "a shelf place is 1 to 12 characters, got " + std::to_string(typed.size()));
  std::string out;
  for (char ch : typed) {
    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    if (!((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-'))
      return fail("stock.bad_shelf", "a shelf place has only letters, digits and '-'");
    out += ch;
  }
  return out;
}

}  // namespace hp::stock
