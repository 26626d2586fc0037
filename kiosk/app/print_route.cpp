#include "kiosk/app/print_route.hpp"

namespace hp::app {

store::PrinterRole print_route(store::PrintKind kind, const KioskConfig& config, PrintersUsable usable) {
  using store::PrinterRole;
  if (config.label_printer.empty()) return PrinterRole::Receipt;
  if (kind == store::PrintKind::Label) {
    // A label on receipt paper is a worse label, but the crate leaves labelled.
    if (!usable.label && usable.receipt && config.label_fallback) return PrinterRole::Receipt;
    return PrinterRole::Label;
  }
  // Only an ESC/POS label printer can print a receipt (config.cpp refuses the rest).
  if (!usable.receipt && usable.label && config.receipt_fallback) return PrinterRole::Label;
  return PrinterRole::Receipt;
}

}  // namespace hp::app
