#pragma once
// One line of the Today screen: a drop-off or a pickup of the local day.
#include <string>

#include "shared/clock.hpp"
#include "shared/domain.hpp"
#include "shared/money.hpp"

namespace hp::store {

enum class EntryKind { DropOff, Pickup };

struct TodayEntry {
  EntryKind kind = EntryKind::DropOff;
  std::string id;
  std::string number;       // drop-off "PN-2026-000042", order "DH-2026-000123"; may be empty
  UtcMillis at = 0;
  std::string who;          // farmer or buyer
  int items = 0;            // drop-off: how many items
  std::string pickup_code;  // pickup: the order's code
  PaymentMethod method = PaymentMethod::Prepaid;  // pickup: how it was paid
  Dong amount = 0;          // drop-off: its value; pickup: what was taken at the counter
  bool voided = false;      // drop-off: voided by a supervisor (listed, counted in no total)
};

}  // namespace hp::store
