#pragma once
// What the customer display shows (issue 10 item 9), worked out from the counter's state so
// the customer's screen only draws it: the live weight (a certified scale's weight must be in
// the customer's view), the items and the total, and, when paying, the amount due and the
// VietQR code. It never shows what is the clerk's business (phone checks, notices, menus).
#include <optional>
#include <string>
#include <vector>

#include "kiosk/app/state.hpp"

namespace hp::app {

struct CustomerLine {
  std::string name;      // "Cà chua"
  std::string grade;     // "A"
  std::string quantity;    // "12,500 kg", "2 kg" (as the order says); empty for counted items
  std::int64_t pieces = 0;  // counted items: the screen adds the unit word
  Dong value = 0;
};

struct CustomerView {
  enum class Mode { Welcome, DropOff, Pay, Thanks };
  Mode mode = Mode::Welcome;
  std::string name;  // the farmer's, or the buyer's on the order

  // The scale, whenever it reports: net of the tare the clerk set.
  bool weighing = false;
  std::string weight;  // "12,500 kg"
  bool stable = false;
  std::string product;  // what is on the scale, once chosen

  std::vector<CustomerLine> lines;
  Dong total = 0;  // of the items (drop-off), or the order's (pickup)

  // Pay.
  PaymentMethod method = PaymentMethod::Cash;
  Dong amount_due = 0;
  Dong cash_received = 0;
  Dong change = 0;
  std::string vietqr_payload;  // the QR to scan, when paying by transfer
  bool prepaid = false;
};

CustomerView customer_view(const AppState& s);

}  // namespace hp::app
