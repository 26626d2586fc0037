#pragma once
// Print jobs as the store keeps them and the controller sends them. A job is written in the
// same transaction as the record it prints, before it is sent (docs/ARCHITECTURE.md, Printing:
// what is and is not guaranteed).
#include <optional>
#include <string>
#include <string_view>

#include "shared/clock.hpp"

namespace hp::store {

// ReturnList and ReturnSlip: the packages going back with the driver (docs/packages.md).
// MemberCard: a farmer's card; VoidSlip: the slip of a voided drop-off (docs/clerks.md).
// PayoutReceipt: a farmer's cash payout (docs/cash.md).
enum class PrintKind {
  DropOffReceipt, Label, PickupReceipt, ShiftReport, ReturnList, ReturnSlip, MemberCard, VoidSlip, PayoutReceipt, AgentSummary,
  QueueTicket  // the self-service kiosk's (docs/self-service.md)
};

// The printer a job was composed for: its bytes are in that printer's language (a ZPL label
// means nothing to a receipt printer), so a job goes only there, however the route is set
// when it is resumed.
enum class PrinterRole { Receipt, Label };

constexpr std::string_view to_string(PrinterRole r) { return r == PrinterRole::Label ? "label" : "receipt"; }
constexpr std::optional<PrinterRole> printer_role_from(std::string_view s) {
  if (s == "receipt") return PrinterRole::Receipt;
  if (s == "label") return PrinterRole::Label;
  return std::nullopt;
}

// queued: stored, never handed to the printer; printed as an original at the next start.
// sent: handed to the printer, not confirmed; it may be on paper, so it is never sent again
//       as an original: the clerk decides (a copy, or "it printed").
// printed: the printer confirmed it (or the clerk did). Final.
// failed: the printer refused it; the clerk may retry (back to queued).
// superseded: a sent job replaced by a copy after a fault. Final.
enum class PrintStatus { Queued, Sent, Printed, Failed, Superseded };

constexpr std::string_view to_string(PrintKind k) {
  switch (k) {
    case PrintKind::DropOffReceipt: return "dropoff_receipt";
    case PrintKind::Label: return "label";
    case PrintKind::PickupReceipt: return "pickup_receipt";
    case PrintKind::ShiftReport: return "shift_report";
    case PrintKind::ReturnList: return "return_list";
    case PrintKind::ReturnSlip: return "return_slip";
    case PrintKind::MemberCard: return "member_card";
    case PrintKind::VoidSlip: return "void_slip";
    case PrintKind::PayoutReceipt: return "payout_receipt";
    case PrintKind::AgentSummary: return "agent_summary";
    case PrintKind::QueueTicket: return "queue_ticket";
  }
  return "?";
}

constexpr std::optional<PrintKind> print_kind_from(std::string_view s) {
  for (auto k : {PrintKind::DropOffReceipt, PrintKind::Label, PrintKind::PickupReceipt, PrintKind::ShiftReport,
                 PrintKind::ReturnList, PrintKind::ReturnSlip,
                 PrintKind::MemberCard, PrintKind::VoidSlip, PrintKind::PayoutReceipt, PrintKind::AgentSummary,
                 PrintKind::QueueTicket})
    if (to_string(k) == s) return k;
  return std::nullopt;
}

constexpr std::string_view to_string(PrintStatus s) {
  switch (s) {
    case PrintStatus::Queued: return "queued";
    case PrintStatus::Sent: return "sent";
    case PrintStatus::Printed: return "printed";
    case PrintStatus::Failed: return "failed";
    case PrintStatus::Superseded: return "superseded";
  }
  return "?";
}

constexpr std::optional<PrintStatus> print_status_from(std::string_view s) {
  for (auto v : {PrintStatus::Queued, PrintStatus::Sent, PrintStatus::Printed, PrintStatus::Failed,
                 PrintStatus::Superseded})
    if (to_string(v) == s) return v;
  return std::nullopt;
}

struct NewPrintJob {
  std::string id;
  PrintKind kind = PrintKind::DropOffReceipt;
  std::string ref_id;   // the drop-off, lot or pickup it prints
  std::string payload;  // bytes for the printer
  bool copy = false;    // a deliberate reprint, printed as "BẢN SAO"
  PrinterRole printer = PrinterRole::Receipt;
};

struct PrintJob {
  std::string id;
  PrintKind kind = PrintKind::DropOffReceipt;
  std::string ref_id;
  std::string payload;
  bool copy = false;
  PrintStatus status = PrintStatus::Queued;
  UtcMillis created_at = 0;
  int attempts = 0;
  PrinterRole printer = PrinterRole::Receipt;
};

}  // namespace hp::store
