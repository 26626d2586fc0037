// What a supervisor approves at the drop-off side (docs/clerks.md): a weight typed by hand
// when the scale fails or is missing, a price other than the list's, and a void of a
// confirmed drop-off from Today (a record of its own, never a change to the drop-off). Each
// asks for a supervisor's PIN first (require_approval) and writes an audit entry naming both
// the clerk and the supervisor. Also the farmer's member card, printed again on request.
#include "kiosk/app/ask_store.hpp"
#include "kiosk/app/controller.hpp"
#include "kiosk/store/store.hpp"
#include "shared/text.hpp"

namespace hp::app {

namespace {

// A unit price above this is a typing slip, not a price (per kg or per piece, in đồng).
constexpr Dong kMaxUnitPrice = 10'000'000;

}  // namespace

bool Controller::scale_usable() const {
  dev::Link link = dev::Link::Disconnected;
  if (auto it = state_.devices.find(dev::DeviceKind::Scale); it != state_.devices.end()) link = it->second.status.link;
  if (link == dev::Link::Error) return false;
  // A reading is what proves the scale weighs (a disconnect clears it, on_device).
  const auto& s = state_.scale;
  if (s.has_reading) {
    switch (s.reading.state) {
      case dev::ScaleState::Fault:
      case dev::ScaleState::NeedsCalibration:
      case dev::ScaleState::NeedsRezero: return false;
      default: return true;
    }
  }
  // No reading yet: a scale that is connected will send one; a missing one never will.
  return link == dev::Link::Ready || link == dev::Link::Busy;
}

void Controller::handle(const cmd::EnterWeight& c) {
  auto& d = state_.drop;
  if (d.committing) return;
  // Only when the scale cannot weigh: a working scale's reading is what the farmer sees.
  if (scale_usable()) return notify(Level::Error, "weight.manual_not_allowed");
  const Product* p = d.product_id ? product(*d.product_id) : nullptr;
  if (p && p->unit != PriceUnit::PerKg) return notify(Level::Error, "weight.manual_counted");
  // Everything checked before the supervisor is called over, with the rules Add applies.
  auto it = draft_item(c.gross_mg);
  if (!it) return notify(Level::Error, it.error().code, it.error().detail);
  const std::string subject = it->product_name + " " + format_weight(it->gross_mg);
  require_approval(ApprovalKind::ManualWeight, subject, [gross = c.gross_mg](Controller& self, const Approver& a) {
    auto item = self.draft_item(gross);
    if (!item) return self.notify(Level::Error, item.error().code, item.error().detail);
    item->weight_by = a.clerk_id;
    auto& d = self.state_.drop;
    self.audit("weight.manual", d.farmer ? d.farmer->member_code : std::string(),
               item->product_name + " gross_mg=" + std::to_string(item->gross_mg) + " tare_mg=" +
                   std::to_string(item->tare_mg) + "; approved_by=" + a.clerk_id);
    d.items.push_back(std::move(*item));
    d.pieces = 0;
    self.derive();
    self.notify(Level::Success, "weight.manual_added", d.items.back().product_name);
  });
}

void Controller::handle(const cmd::OverridePrice& c) {
  auto& d = state_.drop;
  if (d.committing) return;
  if (c.index >= d.items.size()) return notify(Level::Error, "price.no_item");
  if (c.unit_price <= 0 || c.unit_price > kMaxUnitPrice) return notify(Level::Error, "price.invalid");
  const DraftItem& it = d.items[c.index];
  if (c.unit_price == it.unit_price) return notify(Level::Error, "price.same");
  const std::string subject =
      it.product_name + " " + format_vnd(it.list_price > 0 ? it.list_price : it.unit_price) + " → " + format_vnd(c.unit_price);
  require_approval(ApprovalKind::PriceOverride, subject, [c](Controller& self, const Approver& a) {
    auto& d = self.state_.drop;
    if (c.index >= d.items.size()) return self.notify(Level::Error, "price.no_item");
    DraftItem& it = d.items[c.index];
    // The list price stays the catalogue's, however often the price is changed.
    if (it.list_price == 0) it.list_price = it.unit_price;
    const Dong before = it.unit_price;
    it.unit_price = c.unit_price;
    it.value = it.unit == PriceUnit::PerKg ? value_by_weight(it.unit_price, it.gross_mg - it.tare_mg)
                                           : it.unit_price * it.pieces;
    it.price_by = a.clerk_id;
    if (it.unit_price == it.list_price) {  // back to the list's: no override left to record
      it.list_price = 0;
      it.price_by.clear();
    }
    self.audit("price.overridden", d.farmer ? d.farmer->member_code : std::string(),
               it.product_name + " list=" + std::to_string(it.list_price > 0 ? it.list_price : it.unit_price) +
                   " from=" + std::to_string(before) + " to=" + std::to_string(it.unit_price) + "; approved_by=" +
                   a.clerk_id);
    self.derive();
    self.notify(Level::Success, "price.overridden", format_vnd(it.unit_price));
  });
}

void Controller::handle(const cmd::VoidDropOff& c) {
  const std::string reason = to_nfc(trim(c.reason));
  if (reason.empty()) return notify(Level::Error, "void.reason_required");
  std::string subject = c.drop_off_id;
  for (const auto& e : state_.today.entries) {
    if (e.kind != store::EntryKind::DropOff || e.id != c.drop_off_id) continue;
    if (e.voided) return notify(Level::Error, "void.already_voided");
    if (!e.number.empty()) subject = e.number;
  }
  cmd::VoidDropOff v{c.drop_off_id, reason};
  require_approval(ApprovalKind::VoidDropOff, subject,
                   [v](Controller& self, const Approver& a) { self.void_drop_off(v, a); });
}

void Controller::void_drop_off(const cmd::VoidDropOff& c, const Approver& approver) {
  const UtcMillis now = clock_.now();
  const DropOffVoid v{.id = ids_.next(), .drop_off_id = c.drop_off_id, .reason = c.reason, .clerk_id = clerk_id(),
                      .approved_by = approver.clerk_id, .voided_at = now};
  ask_store(
      [this, v, approver, event_id = ids_.next(), audit_id = ids_.next(), job_id = ids_.next(),
       to = route(store::PrintKind::VoidSlip)](store::Store& st) -> Result<std::pair<DropOff, store::NewPrintJob>> {
        auto d = st.drop_off_by_id(v.drop_off_id);
        if (!d) return std::unexpected(d.error());
        if (!*d) return fail("void.not_found", v.drop_off_id);
        // The slip is composed before the void is written: one that cannot be printed stops it.
        auto slip = composer_.void_slip(**d, v, approver.name);
        if (!slip) return std::unexpected(slip.error());
        store::NewPrintJob job{job_id, store::PrintKind::VoidSlip, v.id, std::move(*slip), false, to};
        const store::AuditRecord entry{.id = audit_id, .at = v.voided_at, .actor = v.clerk_id, .action = "dropoff.voided",
                                       .subject = (*d)->number.empty() ? v.drop_off_id : (*d)->number,
                                       .detail = "drop-off " + v.drop_off_id + " total=" + std::to_string((*d)->total) +
                                                 " reason=" + v.reason + "; approved_by=" + v.approved_by};
        auto voided = st.void_drop_off(v, event_id, entry, {job});
        if (!voided) return std::unexpected(voided.error());
        return std::pair{std::move(*voided), std::move(job)};
      },
      [](Controller& c, Result<std::pair<DropOff, store::NewPrintJob>> r) {
        if (!r) {
          c.notify_error(r.error());
          return c.refresh_today();
        }
        c.send_jobs({std::move(r->second)});
        c.notify(Level::Success, "void.done", r->first.number.empty() ? r->first.id : r->first.number);
        c.refresh_today();
      });
}

void Controller::handle(const cmd::PrintMemberCard& c) {
  ask_store(
      [this, id = c.farmer_id, job_id = ids_.next(), audit_id = ids_.next(), clerk = clerk_id(), now = clock_.now(),
       to = route(store::PrintKind::MemberCard)](store::Store& st) -> Result<store::NewPrintJob> {
        auto f = st.farmer_by_id(id);
        if (!f) return std::unexpected(f.error());
        if (!*f) return fail("farmer.not_found", id);
        auto card = composer_.member_card(**f);
        if (!card) return std::unexpected(card.error());
        store::NewPrintJob job{job_id, store::PrintKind::MemberCard, (*f)->id, std::move(*card), false, to};
        // A second card for the same code is a second key to the farmer's drop-offs: logged.
        const store::AuditRecord entry{.id = audit_id, .at = now, .actor = clerk, .action = "member_card.reprinted",
                                       .subject = (*f)->member_code, .detail = "farmer " + (*f)->id};
        if (auto saved = st.add_print_job(job, now, entry); !saved) return std::unexpected(saved.error());
        return job;
      },
      [](Controller& c, Result<store::NewPrintJob> job) {
        if (!job) return c.notify_error(job.error());
        c.send_jobs({std::move(*job)});
        c.notify(Level::Success, "member_card.printed");
      });
}

}  // namespace hp::app
