#pragma once
// The counter's printed documents, built from the programme's records (shared/domain.hpp).
#include <optional>
#include <span>
#include <string>

#include "shared/cash/cash.hpp"
#include "shared/domain.hpp"
#include "shared/print/document.hpp"
#include "shared/print/print_config.hpp"
#include "shared/result.hpp"

namespace hp::print {

// The farmer's receipt: who, what (grade, net weight, unit price, value), total, amount in
// words, the drop-off id as a barcode (and its page as a QR code), and signature lines.
Result<Document> dropoff_receipt(const PrintConfig& cfg, const DropOff& dropoff, const Farmer& farmer,
                                 const PrintCopy& copy = {});

// The drop-off's page on the central server (printed as a QR code on the receipt when
// cfg.trace_server is set): https://<server>/d/<drop-off id>.
std::string dropoff_url(const PrintConfig& cfg, const DropOff& dropoff);

// The buyer's receipt at pickup: the order, its items, how much was paid and how.
Result<Document> pickup_receipt(const PrintConfig& cfg, const Order& order, const Pickup& pickup,
                                const PrintCopy& copy = {});

// A clerk's shift in figures.
struct ShiftSummary {
  std::string clerk;
  std::string kiosk_id;
  UtcMillis opened_at = 0;
  UtcMillis closed_at = 0;
  int dropoffs = 0;
  int dropoff_items = 0;
  Milligrams weight_mg = 0;
  Dong dropoff_value = 0;  // owed to farmers
  int farmers = 0;         // distinct
  int pickups = 0;
  Dong cash_collected = 0;
  Dong vietqr_collected = 0;
  int prepaid_pickups = 0;
  // The drawer, when the shift was opened with a counted float (shared/cash/cash.hpp): the
  // count at the close by banknote, and the reconciliation.
  std::optional<cash::CashCount> closing_count;
  std::optional<cash::Balance> balance;
  // Events not yet at the centre when the report was made: the report says so.
  std::int64_t unsent_events = 0;
  std::optional<UtcMillis> oldest_unsent_at;
  // The supervisor who signed the count off on screen.
  std::string signed_off_by;
  UtcMillis signed_off_at = 0;
};

ShiftSummary summarize_shift(std::string clerk, std::string kiosk_id, UtcMillis opened_at,
                             UtcMillis closed_at, std::span<const DropOff> dropoffs,
                             std::span<const Pickup> pickups);

Result<Document> shift_report(const PrintConfig& cfg, const ShiftSummary& shift, UtcMillis printed_at);

struct QueueTicket {
  int number = 0;
  std::string service;  // "Gửi nông sản", "Nhận hàng"
  UtcMillis issued_at = 0;
  int waiting_ahead = 0;
};

Result<Document> queue_ticket(const PrintConfig& cfg, const QueueTicket& ticket);

// The drop-off id (a UUID) as 40 decimal digits, so its Code 128 (subset C) fits 58 mm paper;
// and back. nullopt when the text is not such a number.
std::optional<std::string> dropoff_barcode_digits(std::string_view uuid);
std::optional<std::string> dropoff_id_from_barcode(std::string_view digits);

}  // namespace hp::print
