// Printing, at least once and never two originals. A job is stored as queued with the record
// it prints. Before its bytes go to the printer it is marked sent; the printer's PrintDone
// marks it printed. At the next start a queued job (it never reached the printer) is printed
// as the original; a sent job (it may be on paper) is replaced by a copy marked BẢN SAO. A
// mark that does not reach the store is retried with backoff and shown, and while a "sent"
// mark is missing the job is not handed to the printer.
#include <algorithm>

#include "kiosk/app/ask_store.hpp"
#include "kiosk/app/controller.hpp"
#include "kiosk/store/store.hpp"

namespace hp::app {

namespace {

constexpr UtcMillis kFirstRetryMs = 500;
constexpr UtcMillis kMaxRetryMs = 30'000;

UtcMillis backoff(int attempt) {
  UtcMillis d = kFirstRetryMs;
  for (int i = 0; i < attempt && d < kMaxRetryMs; ++i) d *= 2;
  return std::min(d, kMaxRetryMs);
}

}  // namespace

store::PrinterRole Controller::route(store::PrintKind kind) const {
  auto usable = [&](dev::DeviceKind k) {
    auto it = state_.devices.find(k);
    return it != state_.devices.end() &&
           (it->second.status.link == dev::Link::Ready || it->second.status.link == dev::Link::Busy);
  };
  return print_route(kind, config_,
                     {.receipt = usable(dev::DeviceKind::Printer) && devices_.printer,
                      .label = usable(dev::DeviceKind::LabelPrinter) && devices_.label_printer});
}

dev::Printer* Controller::printer_for(store::PrinterRole role) const {
  return role == store::PrinterRole::Label ? devices_.label_printer : devices_.printer;
}

void Controller::send_jobs(std::vector<store::NewPrintJob> jobs) {
  for (const auto& j : jobs) {
    if (j.kind != store::PrintKind::Label) {
      state_.print.last_job_id = j.id;
      state_.print.last_payload = j.payload;
    }
  }
  // A job whose printer this counter does not have stays queued in the store, an original for
  // when one is attached.
  std::erase_if(jobs, [&](const store::NewPrintJob& j) { return printer_for(j.printer) == nullptr; });
  if (jobs.empty()) return;
  std::vector<std::string> ids;
  for (const auto& j : jobs) ids.push_back(j.id);
  mark_jobs(std::move(ids), store::PrintStatus::Sent, std::move(jobs), 0);
}

void Controller::mark_jobs(std::vector<std::string> ids, store::PrintStatus status,
                           std::vector<store::NewPrintJob> then_send, int attempt) {
  if (attempt == 0) ++state_.print.marks_pending;
  ask_store([ids, status](store::Store& st) { return st.mark_print_jobs(ids, status); },
            [ids, status, then_send = std::move(then_send), attempt](Controller& c, Status r) mutable {
              if (!r && r.error().code != "print.bad_transition" && r.error().code != "print.not_found") {
                // The disk is full or locked: keep the mark (and the jobs waiting on it) and
                // try again; the clerk sees why the printer waits.
                if (attempt == 0) c.notify(Level::Error, "print.mark_failed", {}, r.error().code + ": " + r.error().detail);
                const UtcMillis due = c.clock_.now() + backoff(attempt);
                c.retries_.push_back({due, [ids, status, then_send, attempt](Controller& cc) {
                                        cc.mark_jobs(ids, status, then_send, attempt + 1);
                                      }});
                return;
              }
              c.state_.print.marks_pending = std::max(0, c.state_.print.marks_pending - 1);
              if (!r) c.notify_error(r.error());  // a programmer error: the job is already past this
              if (!r) return;
              for (auto& j : then_send) {
                dev::Printer* printer = c.printer_for(j.printer);
                if (!printer) continue;
                ++c.printing_;
                printer->submit(dev::PrintJobBytes{j.id, std::string(store::to_string(j.kind)), std::move(j.payload)});
              }
              c.state_.print.queued = c.printing_;
            });
}

void Controller::run_due_retries() {
  if (retries_.empty()) return;
  const UtcMillis now = clock_.now();
  std::vector<Retry> due;
  auto split = std::stable_partition(retries_.begin(), retries_.end(), [&](const Retry& r) { return r.due > now; });
  due.assign(std::make_move_iterator(split), std::make_move_iterator(retries_.end()));
  retries_.erase(split, retries_.end());
  for (auto& r : due) r.run(*this);
}

void Controller::on_print_done(const dev::PrintDone& d) {
  if (printing_ > 0) --printing_;
  state_.print.queued = printing_;
  auto& v = state_.devices[d.device];
  v.last_event = d.job_id.substr(0, 8) + (d.ok || d.reason.empty() ? "" : " " + d.reason);
  v.last_event_key = d.ok ? "devices.job_printed" : "devices.job_failed";
  v.last_at = clock_.now();
  if (!d.ok) {
    // It stays "sent": part of it may be on paper, so the next start prints a copy, never a
    // second original.
    notify(Level::Error, "err." + (d.reason.empty() ? std::string("printer.failed") : d.reason), {}, "job " + d.job_id);
    return;
  }
  mark_jobs({d.job_id}, store::PrintStatus::Printed, {}, 0);
}

void Controller::resume_print_jobs(std::vector<store::PrintJob> unfinished) {
  std::vector<store::NewPrintJob> originals;
  std::vector<store::PrintJob> uncertain;
  for (auto& j : unfinished) {
    if (j.status == store::PrintStatus::Queued)
      originals.push_back({j.id, j.kind, j.ref_id, std::move(j.payload), j.copy, j.printer});
    else
      uncertain.push_back(std::move(j));
  }
  if (!originals.empty()) {
    notify(Level::Info, "print.resumed", std::to_string(originals.size()));
    send_jobs(std::move(originals));
  }
  if (uncertain.empty()) return;
  // Composed on the store worker: a copy of a receipt is rendered again from its record with
  // the copy mark; a label or a shift report is the same paper again.
  ask_store(
      [this, uncertain = std::move(uncertain)](store::Store& st) {
        std::vector<store::NewPrintJob> copies;
        Status status;
        for (const auto& j : uncertain) {
          Result<std::string> bytes = j.payload;
          if (j.kind == store::PrintKind::DropOffReceipt) {
            auto d = st.drop_off_by_id(j.ref_id);
            std::optional<Farmer> f;
            if (d && *d) {
              auto ff = st.farmer_by_id((*d)->farmer_id);
              if (ff && *ff) f = **ff;
            }
            bytes = d && *d && f ? composer_.drop_off_receipt(**d, *f, true) : fail("print.reprint_not_found", j.ref_id);
          } else if (j.kind == store::PrintKind::PickupReceipt) {
            auto p = st.pickup_by_id(j.ref_id);
            std::optional<Order> o;
            if (p && *p) {
              auto oo = st.order_by_id((*p)->order_id);
              if (oo && *oo) o = **oo;
            }
            bytes = p && *p && o ? composer_.pickup_receipt(*o, **p, true) : fail("print.reprint_not_found", j.ref_id);
          }
          if (!bytes) {
            status = std::unexpected(bytes.error());
            continue;
          }
          store::NewPrintJob copy{ids_.next(), j.kind, j.ref_id, std::move(*bytes), true, j.printer};
          if (auto r = st.supersede_print_job(j.id, copy, clock_.now()); !r) {
            status = r;
            continue;
          }
          copies.push_back(std::move(copy));
        }
        return std::make_pair(std::move(copies), std::move(status));
      },
      [](Controller& c, std::pair<std::vector<store::NewPrintJob>, Status> r) {
        if (!r.second) c.notify_error(r.second.error());
        if (r.first.empty()) return;
        c.notify(Level::Info, "print.resumed_copies", std::to_string(r.first.size()));
        c.send_jobs(std::move(r.first));
      });
}

}  // namespace hp::app
