#pragma once
// Which printer a new job goes to, on a counter with a receipt printer and perhaps a label
// printer beside it (docs/printing.md, "Two printers"). Decided when the job is made, since its
// bytes are composed in that printer's language; the job then waits for that printer only.
#include "kiosk/app/config.hpp"
#include "kiosk/records/print_job.hpp"

namespace hp::app {

struct PrintersUsable {
  bool receipt = false;  // connected and not in error (paper out, cover open)
  bool label = false;
};

[[nodiscard]] store::PrinterRole print_route(store::PrintKind kind, const KioskConfig& config, PrintersUsable usable);

}  // namespace hp::app
