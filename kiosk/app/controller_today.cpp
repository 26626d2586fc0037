// The Today screen: the day's entries and totals by method, reprints, the end-of-shift report.
#include <algorithm>
#include <map>

#include "kiosk/app/ask_store.hpp"
#include "kiosk/app/controller.hpp"
#include "kiosk/store/store.hpp"
#include "shared/text.hpp"

namespace hp::app {

namespace {

// The day's drop-offs summed by product, largest value first (money compares kg with pieces).
std::vector<ProductDay> by_product(const std::vector<DropOff>& drop_offs) {
  std::vector<ProductDay> out;
  std::map<std::string, std::size_t> at;
  for (const auto& d : drop_offs)
    for (const auto& it : d.items) {
      auto [pos, fresh] = at.try_emplace(it.product_id, out.size());
      if (fresh) out.push_back(ProductDay{.name = it.product_name, .unit = it.unit});
      ProductDay& p = out[pos->second];
      p.net_mg += it.net_mg;
      p.pieces += it.pieces;
      p.value += it.value;
    }
  std::stable_sort(out.begin(), out.end(), [](const ProductDay& a, const ProductDay& b) { return a.value > b.value; });
  return out;
}

}  // namespace

void Controller::refresh_today() {
  struct Day {
    Result<std::vector<store::TodayEntry>> entries;
    Result<std::vector<ProductDay>> products;
  };
  const UtcMillis now = clock_.now();
  ask_store([q = state_.today.query, start = local_day_start(now), now](store::Store& st) {
              Day day{st.today(start, q, 500), std::vector<ProductDay>{}};
              auto a = st.activity(start, now + 1);
              if (a) day.products = by_product(a->drop_offs);
              else day.products = std::unexpected(a.error());
              return day;
            },
            [q = state_.today.query](Controller& c, Day day) {
              if (!day.entries) return c.notify_error(day.entries.error());
              if (!day.products) return c.notify_error(day.products.error());
              if (q != c.state_.today.query) return;
              auto& t = c.state_.today;
              t = TodayState{.query = t.query, .by_product = std::move(*day.products), .entries = std::move(*day.entries)};
              for (const auto& e : t.entries) {
                if (e.kind == store::EntryKind::DropOff && e.voided) {
                  ++t.voided;  // listed, marked, counted in no total (docs/clerks.md)
                  continue;
                }
                if (e.kind == store::EntryKind::DropOff) {
                  ++t.dropoffs;
                  t.dropoff_total += e.amount;
                  continue;
                }
                ++t.pickups;
                // Only money actually taken counts, by how it was taken.
                if (e.method == PaymentMethod::Cash) t.cash_total += e.amount;
                if (e.method == PaymentMethod::VietQr) t.vietqr_total += e.amount;
                if (e.method == PaymentMethod::Prepaid) ++t.prepaid_pickups;
                t.collected_total += e.amount;
              }
            });
}

void Controller::handle(const cmd::SearchToday& c) {
  state_.today.query = to_nfc(trim(c.query));
  refresh_today();
}

void Controller::handle(const cmd::Reprint& c) {
  if (c.kind != store::PrintKind::DropOffReceipt) return notify(Level::Error, "print.reprint_unsupported");
  // A copy of a receipt is money on paper a second time: a supervisor approves it.
  require_approval(ApprovalKind::Reprint, c.ref_id, [c](Controller& self, const Approver& a) { self.reprint(c, a); });
}

void Controller::reprint(const cmd::Reprint& c, const Approver& approver) {
  ask_store(
      [this, ref = c.ref_id, clerk = clerk_id(), by = approver.clerk_id, to = route(store::PrintKind::DropOffReceipt)](
          store::Store& st) -> Result<store::NewPrintJob> {
        auto d = st.drop_off_by_id(ref);
        if (!d) return std::unexpected(d.error());
        if (!*d) return fail("print.reprint_not_found", ref);
        auto farmer = st.farmer_by_id((*d)->farmer_id);
        if (!farmer) return std::unexpected(farmer.error());
        if (!*farmer) return fail("print.reprint_not_found", ref);
        auto bytes = composer_.drop_off_receipt(**d, **farmer, true);
        if (!bytes) return std::unexpected(bytes.error());
        store::NewPrintJob job{ids_.next(), store::PrintKind::DropOffReceipt, ref, std::move(*bytes), true, to};
        // The log says who asked for it and who approved it.
        const store::AuditRecord entry{.id = ids_.next(), .at = clock_.now(), .actor = clerk,
                                       .action = "receipt.reprinted", .subject = (*d)->number.empty() ? ref : (*d)->number,
                                       .detail = "drop-off " + ref + "; approved_by=" + by};
        if (auto saved = st.add_print_job(job, clock_.now(), entry); !saved) return std::unexpected(saved.error());
        return job;
      },
      [](Controller& c, Result<store::NewPrintJob> job) {
        if (!job) return c.notify_error(job.error());
        c.send_jobs({std::move(*job)});
        c.notify(Level::Success, "print.reprinted");
      });
}

void Controller::handle(const cmd::PrintShiftReport&) {
  const UtcMillis to = clock_.now();
  ask_store(
      [this, from = local_day_start(to), to, clerk = state_.clerk, kiosk = state_.kiosk_id,
       printer = route(store::PrintKind::ShiftReport)](
          store::Store& st) -> Result<store::NewPrintJob> {
        auto a = st.activity(from, to + 1);  // up to and including this millisecond
        if (!a) return std::unexpected(a.error());
        auto bytes = composer_.shift_report(clerk, kiosk, from, to, a->drop_offs, a->pickups);
        if (!bytes) return std::unexpected(bytes.error());
        store::NewPrintJob job{ids_.next(), store::PrintKind::ShiftReport, kiosk, std::move(*bytes), false, printer};
        if (auto saved = st.add_print_job(job, to); !saved) return std::unexpected(saved.error());
        return job;
      },
      [](Controller& c, Result<store::NewPrintJob> job) {
        if (!job) return c.notify_error(job.error());
        c.send_jobs({std::move(*job)});
        c.notify(Level::Success, "print.shift_report_sent");
      });
}

}  // namespace hp::app
