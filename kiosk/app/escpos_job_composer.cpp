#include <mutex>
#include <optional>

#include "kiosk/app/job_composer.hpp"
#include "shared/print/escpos_encoder.hpp"
#include "shared/print/member_card.hpp"
#include "shared/print/payout_receipt.hpp"
#include "shared/print/agent_summary.hpp"
#include "shared/print/void_slip.hpp"
#include "shared/print/produce_label.hpp"
#include "shared/print/receipts.hpp"
#include "shared/print/returns.hpp"

namespace hp::app {

struct EscPosJobComposer::State {
  print::PrintConfig print_config;
  print::PrinterProfile profile;
  std::optional<print::PrinterProfile> label_profile;  // the label printer's, when there is one
  mutable std::mutex mutex;  // FontCache is not thread-safe; composing takes ~2 ms
  mutable print::FontCache fonts;
  Clock clock;
};

namespace {

std::string host_of(const std::string& url) {
  std::string h = url;
  if (auto p = h.find("://"); p != std::string::npos) h = h.substr(p + 3);
  if (auto p = h.find('/'); p != std::string::npos) h = h.substr(0, p);
  return h;
}

}  // namespace

Result<std::unique_ptr<EscPosJobComposer>> EscPosJobComposer::create(const KioskConfig& config) {
  auto profile = print::printer_profile(config.printer_dots == 384 ? "escpos-58" : "escpos-80");
  if (!profile) return std::unexpected(profile.error());
  auto fonts = print::FontCache::open();
  if (!fonts) return std::unexpected(fonts.error());
  std::optional<print::PrinterProfile> label_profile;
  if (!config.label_printer.empty()) {
    auto lp = print::printer_profile(config.label_printer);
    if (!lp) return std::unexpected(lp.error());
    label_profile = std::move(*lp);
  }
  auto s = std::unique_ptr<State>(new State{{}, std::move(*profile), std::move(label_profile), {}, std::move(*fonts), Clock{}});
  s->print_config.post_office_name = config.post_office_name;
  s->print_config.post_office_address = config.post_office_address;
  s->print_config.programme = "Chương trình tiêu thụ nông sản Hải Phòng";
  s->print_config.trace_server = host_of(config.trace_base_url);
  return std::unique_ptr<EscPosJobComposer>(new EscPosJobComposer(std::move(s)));
}

EscPosJobComposer::EscPosJobComposer(std::unique_ptr<State> s) : s_(std::move(s)) {}
EscPosJobComposer::~EscPosJobComposer() = default;

namespace {

Result<std::string> encode(const Result<print::Document>& doc, const print::PrinterProfile& profile, print::FontCache& fonts) {
  if (!doc) return std::unexpected(doc.error());
  auto job = print::encode_escpos(*doc, profile, print::EscPosOptions{}, fonts);
  if (!job) return std::unexpected(job.error());
  return std::string(job->bytes.begin(), job->bytes.end());
}

}  // namespace

Result<std::string> EscPosJobComposer::drop_off_receipt(const DropOff& d, const Farmer& f, bool copy) const {
  std::lock_guard lock(s_->mutex);
  return encode(print::dropoff_receipt(s_->print_config, d, f, print::PrintCopy{copy, copy ? s_->clock.now() : 0}),
                s_->profile, s_->fonts);
}

Result<std::string> EscPosJobComposer::label(const DropOff& d, const DropOffItem& item, const Farmer& f,
                                             const Product& p) const {
  std::lock_guard lock(s_->mutex);
  auto label = print::produce_label(s_->print_config, d, item, f, p);
  if (!label) return std::unexpected(label.error());
  return encode(print::label_document(*label, s_->profile.width_dots), s_->profile, s_->fonts);
}

Result<std::string> EscPosJobComposer::label_printer_label(const DropOff& d, const DropOffItem& item, const Farmer& f,
                                                           const Product& p) const {
  if (!s_->label_profile) return JobComposer::label_printer_label(d, item, f, p);
  std::lock_guard lock(s_->mutex);
  auto label = print::produce_label(s_->print_config, d, item, f, p);
  if (!label) return std::unexpected(label.error());
  const print::PrinterProfile& lp = *s_->label_profile;
  switch (lp.language) {
    case print::PrinterLanguage::Zpl: return print::encode_zpl(*label, lp, s_->fonts);
    case print::PrinterLanguage::Tspl: return print::encode_tspl(*label, lp, s_->fonts);
    case print::PrinterLanguage::EscPos: break;
  }
  return encode(print::label_document(*label, lp.width_dots), lp, s_->fonts);
}

Result<std::string> EscPosJobComposer::pickup_receipt(const Order& o, const Pickup& p, bool copy) const {
  std::lock_guard lock(s_->mutex);
  return encode(print::pickup_receipt(s_->print_config, o, p, print::PrintCopy{copy, copy ? s_->clock.now() : 0}),
                s_->profile, s_->fonts);
}

Result<std::string> EscPosJobComposer::shift_report(const std::string& clerk, const std::string& kiosk_id, UtcMillis from,
                                                    UtcMillis to, const std::vector<DropOff>& drop_offs,
                                                    const std::vector<Pickup>& pickups) const {
  std::lock_guard lock(s_->mutex);
  const print::ShiftSummary summary = print::summarize_shift(clerk, kiosk_id, from, to, drop_offs, pickups);
  return encode(print::shift_report(s_->print_config, summary, to), s_->profile, s_->fonts);
}

namespace {

print::ReturnLine return_line(const store::ReturnEntry& e) {
  return print::ReturnLine{.code = e.code, .labelled = e.labelled,
                           .order_ref = e.order_number.empty() ? e.pickup_code : e.order_number,
                           .buyer_name = e.buyer_name, .shelf = e.shelf, .reason = e.reason, .since = e.since,
                           .items = e.items};
}

}  // namespace

Result<std::string> EscPosJobComposer::return_list(const std::vector<store::ReturnEntry>& entries, const std::string& clerk,
                                                   UtcMillis at) const {
  std::vector<print::ReturnLine> lines;
  for (const auto& e : entries) lines.push_back(return_line(e));
  std::lock_guard lock(s_->mutex);
  return encode(print::return_list(s_->print_config, lines, clerk, at), s_->profile, s_->fonts);
}

Result<std::string> EscPosJobComposer::return_slip(const store::ReturnEntry& e, UtcMillis at) const {
  std::lock_guard lock(s_->mutex);
  return encode(print::return_slip(s_->print_config, return_line(e), at), s_->profile, s_->fonts);
}

Result<std::string> EscPosJobComposer::member_card(const Farmer& f) const {
  std::lock_guard lock(s_->mutex);
  return encode(print::member_card(s_->print_config, f), s_->profile, s_->fonts);
}

Result<std::string> EscPosJobComposer::void_slip(const DropOff& d, const DropOffVoid& v, const std::string& approver) const {
  std::lock_guard lock(s_->mutex);
  return encode(print::void_slip(s_->print_config, d, v, approver), s_->profile, s_->fonts);
}

Result<std::string> EscPosJobComposer::closed_shift_report(const store::Shift& closed, const store::ShiftFigures& f,
                                                           const std::string& kiosk_id, const std::vector<DropOff>& drop_offs,
                                                           const std::vector<Pickup>& pickups) const {
  std::lock_guard lock(s_->mutex);
  print::ShiftSummary summary =
      print::summarize_shift(closed.clerk, kiosk_id, closed.opened_at, closed.closed_at.value_or(closed.opened_at), drop_offs, pickups);
  summary.closing_count = closed.closing;
  summary.balance = f.balance;
  summary.unsent_events = f.unsent;
  summary.oldest_unsent_at = f.oldest_unsent_at;
  summary.signed_off_by = closed.signed_off_name.empty() ? closed.signed_off_by : closed.signed_off_name;
  summary.signed_off_at = closed.closed_at.value_or(closed.opened_at);
  return encode(print::shift_report(s_->print_config, summary, summary.closed_at), s_->profile, s_->fonts);
}

Result<std::string> EscPosJobComposer::payout_receipt(const store::Payout& p, bool copy) const {
  std::lock_guard lock(s_->mutex);
  const print::PayoutSlip slip{.id = p.id, .farmer_name = p.farmer_name, .member_code = p.member_code, .amount = p.amount,
                               .available_before = p.available_before, .at = p.at, .clerk = p.clerk,
                               .approved_name = p.approved_name, .signed_on_screen = !p.signature_ref.empty()};
  return encode(print::payout_receipt(s_->print_config, slip, print::PrintCopy{copy, copy ? s_->clock.now() : 0}),
                s_->profile, s_->fonts);
}

Result<std::string> EscPosJobComposer::agent_summary(const std::vector<DropOff>& drop_offs, UtcMillis at) const {
  std::lock_guard lock(s_->mutex);
  return encode(print::agent_summary(s_->print_config, drop_offs, at), s_->profile, s_->fonts);
}

}  // namespace hp::app

namespace hp::app {

Result<std::string> EscPosJobComposer::queue_ticket(const store::QueueTicket& t, int ahead) const {
  std::lock_guard lock(s_->mutex);
  return encode(print::queue_ticket(s_->print_config, print::QueueTicket{t.number, ticket_service(t), t.created_at, ahead}),
                s_->profile, s_->fonts);
}

}  // namespace hp::app
