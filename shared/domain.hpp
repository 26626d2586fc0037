#pragma once
// The programme's records, as the kiosk, the drivers and the central server all see them.
// Ids are UUIDv7 strings made where the record is born. Money in dong, weight in milligrams,
// text in NFC.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "shared/clock.hpp"
#include "shared/money.hpp"
#include "shared/weight.hpp"

namespace hp {

// Administrative units are data the centre updates: Vietnam's 2025 reform removed the
// district level and merged provinces, so a unit may be retired (active = false) and a
// farmer keeps the names recorded at registration.
struct AdminUnit {
  std::string id;
  std::string kind;  // "province", "district", "commune"
  std::string name;
  std::optional<std::string> parent_id;
  bool active = true;
};

struct Farmer {
  std::string id;
  std::string member_code;  // on the member card (shared/codes/kiosk_codes.hpp)
  std::string name;
  std::string phone;        // digits only, "0912345678"
  std::string commune;
  std::string district;
  std::string branch;       // association branch
  std::string cooperative;  // may be empty
  UtcMillis created_at = 0;
  // Registration (issue 10, item 5). The CCCD number, 12 digits (shared/codes/citizen_id.hpp):
  // personal data, shown only masked; empty when not given. The VietGAP certificate's number,
  // as printed on it; empty when the farmer has none.
  std::string citizen_id = {};
  std::string vietgap = {};
};

enum class PriceUnit { PerKg, PerPiece };

struct GradePrice {
  std::string grade;  // "A", "B", "C" (loại 1, 2, 3)
  Dong price = 0;     // per kg or per piece
};

struct Product {
  std::string id;
  std::string sku;
  std::string name_vi;
  std::string name_en;
  PriceUnit unit = PriceUnit::PerKg;
  std::optional<std::string> gtin;  // 14 digits when the product has one
  std::string image;                // file name under assets/products/, may be empty
  std::vector<GradePrice> prices;   // today's prices
  // Set at the centre (docs/stock.md): sell within this many days of the drop-off, 0 when the
  // product keeps (rice); nullopt when nobody has said, and then no spoilage warning is guessed.
  std::optional<int> shelf_life_days = std::nullopt;
  int shelf_warn_days = 0;  // warn this many days before
};

struct DropOffItem {
  std::string id;
  std::string product_id;
  std::string product_name;  // as shown on the receipt at the time
  std::string grade;
  PriceUnit unit = PriceUnit::PerKg;
  Milligrams gross_mg = 0;
  Milligrams tare_mg = 0;
  Milligrams net_mg = 0;   // gross - tare; 0 for per-piece items
  std::int64_t pieces = 0; // 0 for per-kg items
  Dong unit_price = 0;
  Dong value = 0;
  std::string lot_id;
  std::string lot_code;    // printed on the crate label
  // Supervisor approvals (docs/clerks.md). A weight typed by hand because the scale failed or
  // is missing, and who approved it; a unit price other than the list's (list_price is then
  // the catalogue's, unit_price the one used), and who approved it. 0 / empty: none.
  bool weight_manual = false;
  std::string weight_by = {};
  Dong list_price = 0;
  std::string price_by = {};
};

// A drop-off a sales agent brought for the farmer (docs/agents.md): who, in which visit, and
// the commission recorded at the counter at the rate the centre set.
struct AgentCredit {
  std::string agent_id;
  std::string code;  // "DL-0001", as on the agent's card
  std::string name;
  std::string visit_id;  // the drop-offs of one visit share it
  std::int64_t commission_bp = 0;  // basis points: 500 = 5 %
  Dong commission = 0;
};

struct DropOff {
  std::string id;
  // The short number people say and type: "PN-2026-000042", this kiosk's count of its
  // drop-offs in the local year (docs/store.md, "Short numbers"). Printed beside the kiosk id.
  // Initialised so records built field by field before it existed still say "no number".
  std::string number = {};
  std::string farmer_id;
  std::string farmer_name;
  std::string clerk;
  std::string kiosk_id;
  UtcMillis created_at = 0;
  Dong total = 0;
  std::vector<DropOffItem> items;
  // The signed-in clerk's account id (docs/clerks.md); `clerk` is their name as printed.
  std::string clerk_id = {};
  std::optional<AgentCredit> agent = {};
};

// A drop-off voided at the counter (docs/clerks.md): a record of its own beside the drop-off,
// which stays as it was. Its lots are marked voided; its figures leave the day's totals.
struct DropOffVoid {
  std::string id;           // UUIDv7
  std::string drop_off_id;
  std::string reason;
  std::string clerk_id;     // who asked
  std::string approved_by;  // the supervisor
  UtcMillis voided_at = 0;
};

enum class OrderStatus { Ready, Collected, Cancelled, Returned };
enum class PaymentMethod { Prepaid, Cash, VietQr };

struct OrderItem {
  std::string product_name;
  std::string quantity_text;  // "2,5 kg", "10 quả"
  Dong amount = 0;
};

// One package of an order as the centre sends it (docs/packages.md): its label and which of
// the order's item lines (0-based, in order) it holds. An empty list holds all of them.
struct OrderPackage {
  std::string code;          // UPU S10 ("RR123456785VN") or the kiosk's own crate code (HPL...)
  std::vector<int> items;
};

struct Order {
  std::string id;
  std::string number = {};  // the centre's short number, "DH-2026-000123"; empty until it sends one
  std::string pickup_code;
  std::string buyer_name;
  std::string buyer_phone;  // digits; the buyer proves the last four
  OrderStatus status = OrderStatus::Ready;
  bool cash_on_delivery = false;
  Dong amount_due = 0;      // 0 when prepaid
  Dong total = 0;
  std::string shelf;        // where the parcel waits, "K2-05"
  UtcMillis created_at = 0;
  UtcMillis hold_until = 0; // after this it goes back to the sender
  std::vector<OrderItem> items;
  // The counter's own: wrong tries at the last four phone digits, kept per order so a rescan,
  // a restart or another clerk does not reset them; locked once they reach the limit.
  int phone_attempts = 0;
  bool locked = false;
  // Packages the centre announced; none: the order is handed over as before, nothing to scan.
  std::vector<OrderPackage> packages = {};
};

struct Pickup {
  std::string id;
  std::string order_id;
  std::string pickup_code;
  std::string buyer_name;
  PaymentMethod method = PaymentMethod::Prepaid;
  Dong amount_paid = 0;    // what the counter took: the amount due for cash and VietQR, 0 prepaid
  std::string clerk;
  std::string kiosk_id;
  UtcMillis collected_at = 0;
  Dong cash_tendered = 0;  // cash the buyer handed over (change = tendered - paid); 0 otherwise
  std::string clerk_id = {};  // the signed-in clerk's account id (docs/clerks.md)
};

const char* to_string(PriceUnit u);
const char* to_string(OrderStatus s);
const char* to_string(PaymentMethod m);
std::optional<OrderStatus> order_status_from(std::string_view s);
std::optional<PaymentMethod> payment_method_from(std::string_view s);
std::optional<PriceUnit> price_unit_from(std::string_view s);

}  // namespace hp
