// Packages (docs/packages.md): check-in of what arrives from the hub (label scanned, a shelf
// place suggested, a hold period), the handover's scan of every package with refusals and
// the buyer's signature, and the returns list scanned out to the driver. The pickup's commit
// stays in controller_pickup.cpp; this file only adds what it hands the store.
#include <algorithm>

#include "kiosk/app/ask_store.hpp"
#include "kiosk/app/controller.hpp"
#include "kiosk/app/scan_kind.hpp"
#include "kiosk/app/signature.hpp"
#include "kiosk/store/store.hpp"
#include "shared/codes/package_label.hpp"
#include "shared/text.hpp"

namespace hp::app {

namespace {

// The text a scanner sent, without an AIM symbology prefix ("]C0..."), for the label reader.
std::string without_aim(std::string_view text) {
  std::string t = trim(text);
  if (t.size() > 3 && t[0] == ']') t = t.substr(3);
  return t;
}

constexpr UtcMillis kDayMs = 24LL * 3600 * 1000;

}  // namespace

// [SECTION] Routing

bool Controller::route_package_scan(const cmd::Scan& c) {
  const ScanMeaning m = interpret_scan(c.text, c.symbology);
  using K = ScanMeaning::Kind;
  const bool s10 = m.raw_kind == "s10";  // valid or with a bad check digit: the label reader says which
  const bool label = s10 || m.kind == K::Lot;
  const std::string text = m.kind == K::Lot || m.kind == K::Pickup ? m.code : without_aim(c.text);
  if (state_.screen == Screen::Packages) {
    const bool returns = state_.packages.mode == PackagesMode::Returns;
    if (!label && !(returns && m.kind == K::Pickup)) return false;
    handle(cmd::ScanPackage{text});
    return true;
  }
  const auto& p = state_.pick;
  if (state_.screen == Screen::Pickup && p.step == PickStep::Pay && !p.packages.empty() && label) {
    handle(cmd::ScanPackage{text});
    return true;
  }
  return false;
}

void Controller::handle(const cmd::ScanPackage& c) {
  if (state_.screen == Screen::Packages) {
    if (state_.packages.mode == PackagesMode::Returns) return return_scan(c.text);
    return check_in_scan(c.text);
  }
  if (state_.screen == Screen::Pickup) return handover_scan(c.text);
  notify(Level::Error, "packages.open_screen");
}

void Controller::handle(const cmd::SetPackagesMode& c) {
  state_.screen = Screen::Packages;
  state_.packages.mode = c.mode;
  if (c.mode == PackagesMode::Returns) load_returns();
}

// [SECTION] Check-in

void Controller::check_in_scan(const std::string& text) {
  auto& ci = state_.packages.checkin;
  if (ci.working) return;
  auto label = codes::package_label(text);
  if (!label) {
    if (label.error().code == "s10.bad_check_digit")
      return notify(Level::Error, "checkin.bad_check_digit", trim(text), label.error().detail);
    return notify(Level::Error, "checkin.not_a_label", trim(text), label.error().detail);
  }
  if (ci.pending) {
    if (ci.pending->code == *label) return notify(Level::Info, "checkin.confirm_place", ci.pending->code);
    return notify(Level::Error, "checkin.confirm_first", ci.pending->code);
  }
  ci.working = true;
  struct Found {
    Result<std::optional<store::Package>> package;
    std::string shelf;
  };
  ask_store(
      [code = *label, per_row = config_.shelf_places_per_row](store::Store& st) {
        Found f{st.package_by_code(code), {}};
        if (f.package && *f.package && (*f.package)->status == store::PackageStatus::Expected)
          if (auto s = st.suggest_shelf((*f.package)->order_id, per_row)) f.shelf = *s;
        return f;
      },
      [code = *label](Controller& c, Found f) {
        auto& ci = c.state_.packages.checkin;
        ci.working = false;
        if (!f.package) return c.notify_error(f.package.error());
        if (!*f.package) return c.notify(Level::Error, "checkin.unknown", code);
        const store::Package& p = **f.package;
        if (p.status != store::PackageStatus::Expected)
          return c.notify_args(Level::Error, "checkin.already",
                               {p.code, p.shelf.empty() ? "-" : p.shelf, format_local_datetime(p.checked_in_at)},
                               "package " + p.code + " is " + std::string(store::to_string(p.status)));
        ci.pending = p;
        ci.shelf = f.shelf;
        ci.hold_until = c.clock_.now() + UtcMillis{c.config_.hold_days} * kDayMs;
        c.notify_args(Level::Info, "checkin.place", {p.code, p.pickup_code, ci.shelf.empty() ? "?" : ci.shelf});
      });
}

void Controller::handle(const cmd::SetShelf& c) {
  auto& ci = state_.packages.checkin;
  if (!ci.pending || ci.working) return;
  std::string s = trim(c.shelf);
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
  ci.shelf = s;
}

void Controller::handle(const cmd::ConfirmCheckIn&) {
  auto& ci = state_.packages.checkin;
  if (!ci.pending || ci.working) return;
  if (ci.shelf.empty()) return notify(Level::Error, "checkin.shelf_needed", ci.pending->code);
  ci.working = true;
  store::CheckIn in{.code = ci.pending->code, .shelf = ci.shelf, .hold_until = ci.hold_until, .now = clock_.now(),
                    .clerk_id = clerk_id(), .event_id = ids_.next()};
  ask_store([in](store::Store& st) { return st.check_in_package(in); },
            [](Controller& c, Result<store::Package> r) {
              auto& ci = c.state_.packages.checkin;
              ci.working = false;
              if (!r) return c.notify_error(r.error());
              ci.pending.reset();
              ci.shelf.clear();
              ci.recent.insert(ci.recent.begin(), *r);
              if (ci.recent.size() > 20) ci.recent.pop_back();
              c.notify_args(Level::Success, "checkin.done", {r->code, r->shelf, format_local_datetime(r->hold_until)});
              c.cue(Cue::Completed);
            });
}

void Controller::handle(const cmd::CancelCheckIn&) {
  auto& ci = state_.packages.checkin;
  if (ci.working) return;
  ci.pending.reset();
  ci.shelf.clear();
}

// [SECTION] Handover

void Controller::handover_scan(const std::string& text) {
  auto& p = state_.pick;
  if (!p.order || p.step != PickStep::Pay || p.committing) return notify(Level::Error, "pickup.verify_first");
  if (p.packages.empty()) return notify(Level::Info, "pickup.no_packages");
  auto label = codes::package_label(text);
  if (!label) return notify(Level::Error, "pickup.package_label_bad", trim(text), label.error().detail);
  if (std::find(p.scanned.begin(), p.scanned.end(), *label) != p.scanned.end())
    return notify(Level::Error, "pickup.package_repeated", *label);
  const auto it = std::find_if(p.packages.begin(), p.packages.end(), [&](const auto& k) { return k.code == *label; });
  if (it == p.packages.end()) {
    // Not this order's: say whose it is, so the clerk puts it back in its place.
    ask_store([code = *label](store::Store& st) { return st.package_by_code(code); },
              [code = *label, order = p.order->id](Controller& c, Result<std::optional<store::Package>> r) {
                if (!r) return c.notify_error(r.error());
                if (!*r) return c.notify(Level::Error, "pickup.package_unknown", code);
                c.notify_args(Level::Error, "pickup.package_other_order",
                              {code, (*r)->pickup_code, (*r)->shelf.empty() ? "-" : (*r)->shelf},
                              "package of order " + (*r)->order_id + ", not " + order);
              });
    return;
  }
  if (it->status != store::PackageStatus::CheckedIn)
    return notify(Level::Error, "pickup.package_not_checked_in", *label);
  p.scanned.push_back(*label);
  refresh_handover();
  notify_args(Level::Success, "pickup.package_ok",
              {*label, std::to_string(p.scanned.size()), std::to_string(p.packages.size())});
}

void Controller::handle(const cmd::RefuseItem& c) {
  auto& p = state_.pick;
  if (!p.order || p.step != PickStep::Pay || p.committing) return;
  if (c.line < 0 || static_cast<std::size_t>(c.line) >= p.order->items.size()) return;
  if (c.reason == store::RefusalReason::Other && trim(c.note).empty())
    return notify(Level::Error, "pickup.refusal_note_needed");
  std::erase_if(p.refusals, [&](const store::Refusal& r) { return r.line == c.line; });
  if (p.refusals.size() + 1 >= p.order->items.size()) return notify(Level::Error, "pickup.refuse_all");
  p.refusals.push_back({c.line, c.reason, to_nfc(trim(c.note))});
  std::sort(p.refusals.begin(), p.refusals.end(), [](const auto& a, const auto& b) { return a.line < b.line; });
  refresh_handover();
  notify(Level::Info, "pickup.item_refused", p.order->items[static_cast<std::size_t>(c.line)].product_name);
}

void Controller::handle(const cmd::UndoRefusal& c) {
  auto& p = state_.pick;
  if (!p.order || p.step != PickStep::Pay || p.committing) return;
  std::erase_if(p.refusals, [&](const store::Refusal& r) { return r.line == c.line; });
  refresh_handover();
}

void Controller::handle(const cmd::AddSignatureStroke& c) {
  auto& p = state_.pick;
  if (!p.order || p.step != PickStep::Pay || p.committing) return;
  auto stroke = clean_stroke(c.points);
  if (stroke.empty()) return;
  constexpr std::size_t kMaxStrokes = 200;
  if (p.signature.size() >= kMaxStrokes) return notify(Level::Error, "pickup.signature_full");
  p.signature.push_back(std::move(stroke));
}

void Controller::handle(const cmd::ClearSignature&) {
  auto& p = state_.pick;
  if (p.committing) return;
  p.signature.clear();
}

void Controller::handle(const cmd::HandoverWithoutPhone&) {
  const auto& p = state_.pick;
  if (!p.order || p.step != PickStep::Verify || p.committing || p.checking_phone) return;
  require_approval(ApprovalKind::HandoverUnchecked, p.order->pickup_code, [](Controller& c, const Approver& a) {
    auto& p = c.state_.pick;
    if (!p.order || p.step != PickStep::Verify) return;
    p.phone_checked = false;
    p.approved_by = a.clerk_id;
    p.step = PickStep::Pay;
    if (!p.order->cash_on_delivery) {
      p.method = PaymentMethod::Prepaid;
    } else {
      p.method = PaymentMethod::Cash;
    }
    c.notify(Level::Info, "pickup.released_unchecked", a.name);
  });
}

void Controller::refresh_handover() {
  auto& p = state_.pick;
  p.blocker.clear();
  p.packages_left = 0;
  if (!p.order) return;
  // What is due is the order's amount less what the buyer does not take, never below zero.
  Dong refused = 0;
  for (const auto& r : p.refusals)
    if (r.line >= 0 && static_cast<std::size_t>(r.line) < p.order->items.size())
      refused += p.order->items[static_cast<std::size_t>(r.line)].amount;
  const Dong due = p.order->cash_on_delivery ? std::max<Dong>(0, p.due_before_refusals - refused) : 0;
  if (due != p.order->amount_due) {
    p.order->amount_due = due;
    // A QR for the old amount is not shown any more: a new one for what is due now.
    if (p.method == PaymentMethod::VietQr && p.step == PickStep::Pay) handle(cmd::ChoosePayment{PaymentMethod::VietQr});
  }
  for (const auto& k : p.packages)
    if (std::find(p.scanned.begin(), p.scanned.end(), k.code) == p.scanned.end()) ++p.packages_left;
  if (p.packages_left > 0) p.blocker = "pickup.scan_all_packages";
  else if (!p.packages.empty() && !is_signature(p.signature)) p.blocker = "pickup.sign_first";
}

store::Handover Controller::handover_record() {
  const auto& p = state_.pick;
  store::Handover h;
  h.scanned = p.scanned;
  h.refusals = p.refusals;
  h.phone_checked = p.phone_checked;
  h.approved_by = p.approved_by;
  const std::size_t entries = p.refusals.size() + (p.phone_checked ? 0 : 1);
  for (std::size_t i = 0; i < entries; ++i) h.audit_ids.push_back(ids_.next());
  return h;
}

// [SECTION] Returns

void Controller::load_returns() {
  auto& r = state_.packages.returns;
  if (r.loading) return;
  r.loading = true;
  ask_store([now = clock_.now()](store::Store& st) { return st.returns_due(now); },
            [](Controller& c, Result<std::vector<store::ReturnEntry>> due) {
              auto& r = c.state_.packages.returns;
              r.loading = false;
              if (!due) return c.notify_error(due.error());
              r.due = std::move(*due);
            });
}

void Controller::return_scan(const std::string& text) {
  auto& r = state_.packages.returns;
  if (r.working) return;
  r.working = true;
  ask_store(
      [code = trim(text), now = clock_.now(), clerk = clerk_id(), event = ids_.next(), order_event = ids_.next()](
          store::Store& st) { return st.return_out(code, now, clerk, event, order_event); },
      [code = trim(text)](Controller& c, Result<store::ReturnEntry> e) {
        auto& r = c.state_.packages.returns;
        r.working = false;
        if (!e) {
          if (e.error().code == "return.not_listed") return c.notify(Level::Error, "returns.not_listed", code, e.error().detail);
          return c.notify_error(e.error());
        }
        std::erase_if(r.due, [&](const store::ReturnEntry& d) { return d.code == e->code; });
        r.out.insert(r.out.begin(), *e);
        c.notify_args(Level::Success, "returns.scanned_out", {e->code, std::to_string(r.due.size())});
        c.cue(Cue::Completed);
      });
}

void Controller::handle(const cmd::PrintReturnList&) {
  const auto& r = state_.packages.returns;
  if (r.due.empty()) return notify(Level::Error, "returns.nothing");
  struct Jobs {
    Status status;
    std::vector<store::NewPrintJob> jobs;
  };
  std::vector<std::string> ids;
  for (std::size_t i = 0; i <= r.due.size(); ++i) ids.push_back(ids_.next());
  ask_store(
      [this, due = r.due, ids, now = clock_.now(), clerk = state_.clerk, kiosk = state_.kiosk_id,
       list_to = route(store::PrintKind::ReturnList), slip_to = route(store::PrintKind::ReturnSlip)](store::Store& st) {
        Jobs out;
        auto list = composer_.return_list(due, clerk, now);
        if (!list) return Jobs{std::unexpected(list.error()), {}};
        out.jobs.push_back({ids[0], store::PrintKind::ReturnList, kiosk, std::move(*list), false, list_to});
        for (std::size_t i = 0; i < due.size(); ++i) {
          auto slip = composer_.return_slip(due[i], now);
          if (!slip) return Jobs{std::unexpected(slip.error()), {}};
          out.jobs.push_back({ids[i + 1], store::PrintKind::ReturnSlip, due[i].code, std::move(*slip), false, slip_to});
        }
        // One transaction would be nicer; each job is stored before it is sent, and a list
        // printed twice changes nothing (it is not a record).
        for (const auto& j : out.jobs)
          if (auto s = st.add_print_job(j, now); !s) return Jobs{std::unexpected(s.error()), {}};
        return out;
      },
      [](Controller& c, Jobs j) {
        if (!j.status) return c.notify_error(j.status.error());
        const std::size_t slips = j.jobs.size() - 1;
        c.send_jobs(std::move(j.jobs));
        c.notify(Level::Success, "returns.printed", std::to_string(slips));
      });
}

}  // namespace hp::app
