#pragma once
// Turns records into the bytes a printer gets. The controller composes every job before the
// record is committed, so the job is stored in the same transaction as what it prints.
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "kiosk/app/config.hpp"
#include "kiosk/records/package.hpp"
#include "kiosk/records/queue_ticket.hpp"
#include "kiosk/records/shift.hpp"
#include "shared/domain.hpp"
#include "shared/result.hpp"

namespace hp::app {

// Thread-safe: the UI thread composes new jobs and the store worker composes reprints.
class JobComposer {
 public:
  virtual ~JobComposer() = default;
  virtual Result<std::string> drop_off_receipt(const DropOff& d, const Farmer& f, bool copy) const = 0;
  // A crate label: a reprint is simply another label for the same crate, so it has no copy mark.
  virtual Result<std::string> label(const DropOff& d, const DropOffItem& item, const Farmer& f, const Product& p) const = 0;
  // The same label for the label printer, in its language (config.label_printer: ZPL, TSPL or
  // ESC/POS at its width); "print.no_label_printer" when none is set up.
  virtual Result<std::string> label_printer_label(const DropOff& d, const DropOffItem& item, const Farmer& f,
                                                  const Product& p) const {
    (void)d, (void)item, (void)f, (void)p;
    return fail("print.no_label_printer", "this kiosk composes no jobs for a label printer");
  }
  virtual Result<std::string> pickup_receipt(const Order& o, const Pickup& p, bool copy) const = 0;
  // The clerk's end-of-shift report over [from, to).
  virtual Result<std::string> shift_report(const std::string& clerk, const std::string& kiosk_id, UtcMillis from,
                                           UtcMillis to, const std::vector<DropOff>& drop_offs,
                                           const std::vector<Pickup>& pickups) const = 0;
  // What goes back with the driver (docs/packages.md): the list, and a slip per entry. Plain
  // text unless a composer draws them (text_job_composer.cpp).
  virtual Result<std::string> return_list(const std::vector<store::ReturnEntry>& entries, const std::string& clerk,
                                          UtcMillis at) const;
  virtual Result<std::string> return_slip(const store::ReturnEntry& e, UtcMillis at) const;
  // The farmer's member card (the member code the scanner reads; the CCCD masked).
  virtual Result<std::string> member_card(const Farmer& f) const = 0;
  // The slip a void prints: which drop-off, why, who approved.
  virtual Result<std::string> void_slip(const DropOff& d, const DropOffVoid& v, const std::string& approver) const = 0;
  // The report of a closed shift (docs/cash.md): the work done in it, the drawer's count by
  // banknote and its reconciliation, what was still unsent, the supervisor's sign-off.
  virtual Result<std::string> closed_shift_report(const store::Shift& closed, const store::ShiftFigures& figures,
                                                  const std::string& kiosk_id, const std::vector<DropOff>& drop_offs,
                                                  const std::vector<Pickup>& pickups) const = 0;
  // The farmer's receipt for a cash payout, with the signature line.
  virtual Result<std::string> payout_receipt(const store::Payout& p, bool copy) const = 0;
  // The sales agent's summary of a visit (docs/agents.md): one line per farmer's drop-off,
  // the total and the commission. "print.bad_visit" unless all are of one visit.
  virtual Result<std::string> agent_summary(const std::vector<DropOff>& drop_offs, UtcMillis at) const = 0;
  // The self-service kiosk's queue ticket (docs/self-service.md): the number, the service,
  // how many wait before it.
  virtual Result<std::string> queue_ticket(const store::QueueTicket& t, int ahead) const = 0;
};

// "Gửi nông sản" or "Nhận hàng": what a queue ticket is for, as it prints.
std::string ticket_service(const store::QueueTicket& t);

// Plain UTF-8 text jobs, for a technician's text-only printer and for reading jobs back.
class TextJobComposer final : public JobComposer {
 public:
  explicit TextJobComposer(const KioskConfig& config) : config_(config) {}
  Result<std::string> drop_off_receipt(const DropOff& d, const Farmer& f, bool copy) const override;
  Result<std::string> label(const DropOff& d, const DropOffItem& item, const Farmer& f, const Product& p) const override;
  Result<std::string> pickup_receipt(const Order& o, const Pickup& p, bool copy) const override;
  Result<std::string> shift_report(const std::string& clerk, const std::string& kiosk_id, UtcMillis from, UtcMillis to,
                                   const std::vector<DropOff>& drop_offs, const std::vector<Pickup>& pickups) const override;
  Result<std::string> member_card(const Farmer& f) const override;
  Result<std::string> void_slip(const DropOff& d, const DropOffVoid& v, const std::string& approver) const override;
  Result<std::string> closed_shift_report(const store::Shift& closed, const store::ShiftFigures& figures,
                                          const std::string& kiosk_id, const std::vector<DropOff>& drop_offs,
                                          const std::vector<Pickup>& pickups) const override;
  Result<std::string> payout_receipt(const store::Payout& p, bool copy) const override;
  Result<std::string> agent_summary(const std::vector<DropOff>& drop_offs, UtcMillis at) const override;
  Result<std::string> queue_ticket(const store::QueueTicket& t, int ahead) const override;

 private:
  const KioskConfig& config_;
};

// ESC/POS raster jobs (hp_print): Noto Sans drawn by FreeType, correct on every printer; the
// crate label is printed on the same receipt printer. The kiosk's default.
class EscPosJobComposer final : public JobComposer {
 public:
  // "print.font_missing" / "print.unknown_profile" when the printer cannot be served.
  static Result<std::unique_ptr<EscPosJobComposer>> create(const KioskConfig& config);
  ~EscPosJobComposer() override;
  Result<std::string> drop_off_receipt(const DropOff& d, const Farmer& f, bool copy) const override;
  Result<std::string> label(const DropOff& d, const DropOffItem& item, const Farmer& f, const Product& p) const override;
  Result<std::string> label_printer_label(const DropOff& d, const DropOffItem& item, const Farmer& f,
                                          const Product& p) const override;
  Result<std::string> pickup_receipt(const Order& o, const Pickup& p, bool copy) const override;
  Result<std::string> shift_report(const std::string& clerk, const std::string& kiosk_id, UtcMillis from, UtcMillis to,
                                   const std::vector<DropOff>& drop_offs, const std::vector<Pickup>& pickups) const override;
  Result<std::string> return_list(const std::vector<store::ReturnEntry>& entries, const std::string& clerk,
                                  UtcMillis at) const override;
  Result<std::string> return_slip(const store::ReturnEntry& e, UtcMillis at) const override;
  Result<std::string> member_card(const Farmer& f) const override;
  Result<std::string> void_slip(const DropOff& d, const DropOffVoid& v, const std::string& approver) const override;
  Result<std::string> closed_shift_report(const store::Shift& closed, const store::ShiftFigures& figures,
                                          const std::string& kiosk_id, const std::vector<DropOff>& drop_offs,
                                          const std::vector<Pickup>& pickups) const override;
  Result<std::string> payout_receipt(const store::Payout& p, bool copy) const override;
  Result<std::string> agent_summary(const std::vector<DropOff>& drop_offs, UtcMillis at) const override;
  Result<std::string> queue_ticket(const store::QueueTicket& t, int ahead) const override;

 private:
  struct State;
  explicit EscPosJobComposer(std::unique_ptr<State> s);
  std::unique_ptr<State> s_;
};

}  // namespace hp::app
