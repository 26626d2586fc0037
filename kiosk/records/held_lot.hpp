#pragma once
// Produce held at the post office (docs/stock.md): a lot still on the shelf, what may happen
// to it, and what a stock count recorded.
#include <string>
#include <string_view>
#include <vector>

#include "shared/clock.hpp"
#include "shared/domain.hpp"
#include "shared/stock/stock.hpp"

namespace hp::store {

struct HeldLot {
  std::string lot_id = {};
  stock::StockLot lot = {};  // code, product, grade, weight, received, shelf
  std::string product_name = {}, farmer_name = {};
  PriceUnit unit = PriceUnit::PerKg;
  Milligrams tare_mg = 0;  // its crate, as weighed at the drop-off: a count weighs the same crate
  bool marked_down = false;
};

// What happens to a lot, appended (never an update): shelved at a place, marked down, or it
// leaves the post office.
enum class LotMoveKind { Shelved, MarkedDown, SentOn, Returned, WrittenOff };
std::string_view lot_move_name(LotMoveKind k);  // "shelved", "marked_down", "sent_on", "returned", "written_off"
inline bool leaves(LotMoveKind k) {
  return k == LotMoveKind::SentOn || k == LotMoveKind::Returned || k == LotMoveKind::WrittenOff;
}

struct LotMove {
  std::string id = {};  // UUIDv7; also its "lot.moved" outbox event's id
  std::string lot_code = {};
  LotMoveKind kind = LotMoveKind::Shelved;
  std::string shelf = {};   // Shelved: the place, "K2-05"
  std::string reason = {};  // Returned, WrittenOff: why
  std::string clerk_id = {};
  std::string approved_by = {};  // WrittenOff, Returned: the supervisor
  UtcMillis at = 0;
  std::string audit_id = {};  // leaving other than sent on is logged (docs/audit.md)
};

struct RecordedDifference {
  stock::Difference difference = {};
  std::string reason = {}, note = {};
};

struct StockCountRecord {
  std::string id = {};  // UUIDv7; also its "stock.counted" outbox event's id
  std::string clerk_id = {};
  UtcMillis at = 0;
  std::int64_t lots_held = 0, lots_counted = 0;
  std::vector<RecordedDifference> differences = {};
  std::vector<std::string> audit_ids = {};  // one per difference
  std::vector<std::string> move_ids = {};   // one per missing lot: it leaves the stock, written off
};

}  // namespace hp::store
