#pragma once
// A shift at the counter's cash drawer, its movements, and farmers' payouts (docs/cash.md).
// The store keeps them; the controller shows them; the end-of-shift report prints them.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "shared/cash/cash.hpp"
#include "shared/clock.hpp"
#include "shared/money.hpp"

namespace hp::store {

// One drawer, one open shift at a time (the drawer's, whoever works it): the clerk who opened
// it owns the report; any signed-in clerk's cash goes into it.
struct Shift {
  std::string id;
  std::string clerk_id, clerk;  // who opened it (the name as the report prints it)
  UtcMillis opened_at = 0;
  cash::CashCount opening;      // the float, counted by banknote
  // Set at the close.
  std::optional<UtcMillis> closed_at;
  cash::CashCount closing;
  Dong expected = 0, counted = 0, difference = 0;  // difference = counted - expected
  std::string signed_off_by, signed_off_name;      // the supervisor
  std::int64_t unsent_at_close = 0;
  std::optional<UtcMillis> oldest_unsent_at;
};

// A movement of the drawer's cash (shared/cash/cash.hpp), with its id. `m.clerk` is the
// clerk's account id.
struct CashMovement {
  std::string id;  // also the id of its outbox event, where it has one of its own
  std::optional<std::string> shift_id;  // none: cash taken while no shift was open
  cash::Movement m;
};

// A shift's figures now: its movements and, against a count, the reconciliation.
struct ShiftFigures {
  Shift shift;
  std::vector<CashMovement> movements;
  cash::Balance balance;
  std::int64_t unsent = 0;  // outbox events not at the centre yet
  std::optional<UtcMillis> oldest_unsent_at;
};

// A farmer's balance as the centre last sent it (pull entity farmer_balance).
struct FarmerBalance {
  std::string farmer_id;
  Dong sold_value = 0, paid = 0, balance = 0;
  UtcMillis as_of = 0;  // the centre's clock
  // Per kiosk id: the outbox seq of that kiosk's last payout the centre counted in `paid`.
  std::map<std::string, std::int64_t> paid_through;
};

// What may be paid out now: the pulled balance less this kiosk's payouts it does not count yet.
struct PayoutRoom {
  std::optional<FarmerBalance> pulled;  // none: the centre sent no balance for this farmer
  Dong local_since = 0;
  Dong available = 0;
};

struct Payout {
  std::string id;  // also its movement's id and its outbox event's
  std::string farmer_id, farmer_name, member_code;
  Dong amount = 0;
  std::string shift_id;
  UtcMillis at = 0;
  std::string clerk_id, clerk;
  std::string approved_by, approved_name;  // the supervisor
  Dong available_before = 0;
  // The farmer's signature on screen, when the pad exists (being built for package handover):
  // a reference to the stored image. Empty today: the receipt's signature line is signed on paper.
  std::string signature_ref;
};

}  // namespace hp::store
