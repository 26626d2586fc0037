#include "drivers/usb/usb_printer.hpp"

#include <pthread.h>

#include <algorithm>
#include <chrono>

namespace hp::usb {

namespace {

std::int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

bool status_failure(const Error& e) { return e.code == "printer.status_timeout" || e.code == "printer.status_byte"; }

}  // namespace

UsbPrinter::UsbPrinter(PrinterOptions options, std::function<void(const std::string&)> log)
    : dev::Printer(options.role), options_(options), log_(std::move(log)), probe_(options.status_probe) {
  worker_ = std::thread([this] { run(); });
}

UsbPrinter::~UsbPrinter() { shutdown(); }

void UsbPrinter::shutdown() {
  {
    std::lock_guard lock(m_);
    stopping_ = true;
    link_.reset();
  }
  cv_.notify_all();
  if (worker_.joinable()) worker_.join();
}

std::string UsbPrinter::name() const {
  std::lock_guard lock(m_);
  return name_;
}

void UsbPrinter::start(dev::DeviceSink sink) { out_.set(std::move(sink)); }
void UsbPrinter::stop() { out_.clear(); }

bool UsbPrinter::connected() const {
  std::lock_guard lock(m_);
  return link_.has_value();
}

std::size_t UsbPrinter::queued() const {
  std::lock_guard lock(m_);
  return queue_.size() + (job_in_hand_ ? 1 : 0);
}

std::optional<PrinterStatus> UsbPrinter::last_status() const {
  std::lock_guard lock(m_);
  return status_;
}

void UsbPrinter::submit(dev::PrintJobBytes job) {
  {
    std::lock_guard lock(m_);
    if (!known_ids_.insert(job.job_id).second) {
      log_("printer: job " + job.job_id + " was already submitted; not printed again");
      return;
    }
    queue_.push_back(Job{std::move(job), 0, 0});
  }
  cv_.notify_all();
}

void UsbPrinter::request_drawer_kick() {
  {
    std::lock_guard lock(m_);
    ++kicks_;
  }
  cv_.notify_all();
}

void UsbPrinter::attach(std::shared_ptr<ClaimedInterface> claim, std::uint8_t out_ep, std::uint8_t in_ep,
                        std::string name) {
  {
    std::lock_guard lock(m_);
    link_ = Link{std::move(claim), out_ep, options_.escpos_status ? in_ep : std::uint8_t{0}, ++sessions_};
    name_ = std::move(name);
    status_.reset();
    probe_.reset();  // a new connection: whatever made status fail may be gone
    last_probe_ms_ = steady_ms();
  }
  report(dev::Link::Ready, {});
  cv_.notify_all();
}

void UsbPrinter::detach(const std::string& reason) {
  {
    std::lock_guard lock(m_);
    if (!link_) return;
    link_.reset();
  }
  report(dev::Link::Disconnected, reason);
  cv_.notify_all();
}

void UsbPrinter::report(dev::Link link, const std::string& reason) {
  std::string name;
  {
    std::lock_guard lock(m_);
    if (reported_.first == link && reported_.second == reason) return;
    reported_ = {link, reason};
    name = name_;
  }
  out_.emit(dev::DeviceStatus{kind(), name, link, reason});
}

void UsbPrinter::wait_for(std::int64_t ms) {
  std::unique_lock lock(m_);
  std::uint64_t session = link_ ? link_->session : 0;
  cv_.wait_for(lock, std::chrono::milliseconds(ms),
               [&] { return stopping_ || kicks_ > 0 || (link_ ? link_->session : 0) != session; });
}

dev::DrawerKicked UsbPrinter::kick_drawer(const std::optional<Link>& link) {
  if (!link) return {false, "printer.unplugged"};
  std::string kick = drawer_kick_command();
  int sent = 0;
  int r = bulk_out(*link, reinterpret_cast<unsigned char*>(kick.data()), static_cast<int>(kick.size()), &sent,
                   options_.write_timeout_ms);
  if (r == 0 && sent == static_cast<int>(kick.size())) return {true, {}};
  log_("printer: drawer kick not taken: " + usb_error(r ? r : LIBUSB_ERROR_IO));
  if (r == LIBUSB_ERROR_NO_DEVICE) return {false, "printer.unplugged"};
  if (r == LIBUSB_ERROR_PIPE) return {false, "printer.stalled"};
  return {false, "printer.not_responding"};
}

std::string UsbPrinter::ready_reason_locked() const {
  // Ready with a reason is a warning the Devices screen shows.
  if (link_ && link_->in_ep && probe_.given_up()) return "printer.status_unavailable";
  if (status_ && status_->paper_near_end) return "printer.paper_near_end";
  return {};
}

std::optional<std::int64_t> UsbPrinter::next_idle_probe_locked() const {
  if (!link_ || link_->in_ep == 0 || probe_.given_up()) return std::nullopt;
  if (probe_.failures() > 0) return probe_.next_at();
  return last_probe_ms_ + options_.idle_status_ms;
}

int UsbPrinter::bulk_out(const Link& link, unsigned char* data, int length, int* transferred, unsigned timeout_ms) {
  owner_.check("UsbPrinter bulk OUT transfer");
  auto* h = link.claim->handle();
  *transferred = 0;
  for (int halts = 0;; ++halts) {
    int got = 0;
    int r = libusb_bulk_transfer(h, link.out_ep, data + *transferred, length - *transferred, &got, timeout_ms);
    *transferred += std::max(got, 0);
    if (r != LIBUSB_ERROR_PIPE) return r;
    if (halts >= options_.max_clear_halts) {
      log_("printer: OUT endpoint still stalls after " + std::to_string(halts) + " CLEAR_HALT");
      return r;
    }
    if (int c = libusb_clear_halt(h, link.out_ep); c != 0) {
      log_("printer: CLEAR_HALT failed: " + usb_error(c));
      return c == LIBUSB_ERROR_NO_DEVICE ? c : r;
    }
  }
}

Result<PrinterStatus> UsbPrinter::query_status(const Link& link) {
  owner_.check("UsbPrinter status request (bulk transfers)");
  auto* h = link.claim->handle();
  unsigned char buf[64];
  int got = 0;
  // Drop answers that came too late for an earlier question.
  for (int i = 0; i < 4 && libusb_bulk_transfer(h, link.in_ep, buf, sizeof buf, &got, 1) == 0 && got > 0; ++i) {
  }
  PrinterStatus st;
  for (auto q : {StatusQuery::Printer, StatusQuery::OfflineCause, StatusQuery::PaperSensor}) {
    unsigned char ask[3] = {kDle, kEot, static_cast<unsigned char>(q)};
    int sent = 0;
    int r = bulk_out(link, ask, sizeof ask, &sent, options_.status_timeout_ms);
    if (r == LIBUSB_ERROR_NO_DEVICE) return fail("printer.unplugged", usb_error(r));
    if (r == LIBUSB_ERROR_PIPE) return fail("printer.stalled", "status request: " + usb_error(r));
    if (r != 0 || sent != 3) return fail("printer.not_responding", "status request: " + usb_error(r ? r : LIBUSB_ERROR_IO));
    got = 0;
    r = libusb_bulk_transfer(h, link.in_ep, buf, sizeof buf, &got, options_.status_timeout_ms);
    if (r == LIBUSB_ERROR_NO_DEVICE) return fail("printer.unplugged", usb_error(r));
    if (r == LIBUSB_ERROR_TIMEOUT || (r == 0 && got == 0))
      return fail("printer.status_timeout", "no answer to DLE EOT " + std::to_string(static_cast<int>(q)) + " within " +
                                                std::to_string(options_.status_timeout_ms) + " ms");
    if (r != 0) return fail("printer.not_responding", "status answer: " + usb_error(r));
    if (auto s = apply_status_answer(st, q, std::span<const std::uint8_t>(buf, static_cast<std::size_t>(got))); !s)
      return std::unexpected(s.error());
  }
  return st;
}

Result<std::optional<PrinterStatus>> UsbPrinter::probe(const Link& link) {
  if (link.in_ep == 0) return std::optional<PrinterStatus>{};
  const auto now = steady_ms();
  {
    std::lock_guard lock(m_);
    if (!probe_.due(now)) return std::optional<PrinterStatus>{};
    last_probe_ms_ = now;
  }
  auto st = query_status(link);
  if (st) {
    std::lock_guard lock(m_);
    if (probe_.failures() > 0) log_("printer: status answers again");
    probe_.answered();
    status_ = *st;
    return std::optional<PrinterStatus>{*st};
  }
  if (!status_failure(st.error())) return std::unexpected(st.error());
  bool gave_up;
  std::int64_t again_ms;
  int failures;
  {
    std::lock_guard lock(m_);
    gave_up = probe_.failed(now);
    again_ms = probe_.next_at() - now;
    failures = probe_.failures();
  }
  if (gave_up)
    log_("printer: " + st.error().detail + "; " + std::to_string(failures) +
         " status requests in a row failed: printing without status checks (paper out is not detected) until the "
         "printer is plugged in again");
  else
    log_("printer: " + st.error().detail + "; asking for status again in " + std::to_string(again_ms) + " ms");
  return std::optional<PrinterStatus>{};
}

UsbPrinter::Outcome UsbPrinter::print(const Link& link, Job& job) {
  auto st = probe(link);
  if (!st) {
    if (st.error().code == "printer.unplugged") return Outcome::Gone;
    log_("printer: " + st.error().detail);
    report(dev::Link::Error, st.error().code);
    return Outcome::Wait;
  }
  if (*st && !(*st)->blocking_reason().empty()) {
    report(dev::Link::Error, (*st)->blocking_reason());
    return Outcome::Wait;
  }
  report(dev::Link::Busy, {});
  auto* data = reinterpret_cast<unsigned char*>(job.job.bytes.data());
  while (job.sent < job.job.bytes.size()) {
    std::size_t n = std::min(options_.chunk_bytes, job.job.bytes.size() - job.sent);
    int transferred = 0;
    int r = bulk_out(link, data + job.sent, static_cast<int>(n), &transferred, options_.write_timeout_ms);
    job.sent += static_cast<std::size_t>(transferred);
    if (r == 0) continue;
    if (r == LIBUSB_ERROR_NO_DEVICE) return Outcome::Gone;
    if (r == LIBUSB_ERROR_PIPE) {
      // Cleared and written again max_clear_halts times, and still stalling: the printer
      // refuses data. Say so and keep the job; it is tried again after retry_ms.
      log_("printer: write stopped after " + std::to_string(job.sent) + " bytes: the printer keeps stalling (" +
           usb_error(r) + ")");
      report(dev::Link::Error, "printer.stalled");
      return Outcome::Wait;
    }
    // Timeout or I/O error: the printer stopped taking data. Ask why; keep the job.
    log_("printer: write stopped after " + std::to_string(job.sent) + " bytes: " + usb_error(r));
    std::string why = "printer.not_responding";
    bool ask;
    {
      std::lock_guard lock(m_);
      ask = link.in_ep && !probe_.given_up();
    }
    if (ask) {
      auto why_st = query_status(link);
      if (!why_st && why_st.error().code == "printer.unplugged") return Outcome::Gone;
      if (why_st) {
        std::lock_guard lock(m_);
        status_ = *why_st;
        probe_.answered();
        if (!why_st->blocking_reason().empty()) why = why_st->blocking_reason();
      }
    }
    report(dev::Link::Error, why);
    return Outcome::Wait;
  }
  return Outcome::Done;
}

void UsbPrinter::run() {
  pthread_setname_np(pthread_self(), "hp-usb-printer");
  owner_.claim();
  for (;;) {
    std::optional<Link> link;
    std::optional<Job> job;
    bool idle_probe = false;
    bool kick = false;
    {
      std::unique_lock lock(m_);
      std::int64_t wait_ms = options_.idle_status_ms;
      if (auto next = next_idle_probe_locked()) wait_ms = std::clamp<std::int64_t>(*next - steady_ms(), 0, wait_ms);
      cv_.wait_for(lock, std::chrono::milliseconds(wait_ms),
                   [&] { return stopping_ || kicks_ > 0 || (link_ && !queue_.empty()); });
      if (stopping_) return;
      if (kicks_ > 0) {
        --kicks_;
        kick = true;
        link = link_;
      }
    }
    if (kick) {
      // Ahead of any job, and answered now even without a printer.
      out_.emit(kick_drawer(link));
      continue;
    }
    {
      std::unique_lock lock(m_);
      if (!link_) continue;
      link = link_;
      if (!queue_.empty()) {
        job = std::move(queue_.front());
        queue_.pop_front();
        job_in_hand_ = true;
        if (job->session != link->session) {
          job->sent = 0;  // a new connection: the printer lost whatever it had of this job
          job->session = link->session;
        }
      } else {
        auto next = next_idle_probe_locked();
        idle_probe = next && steady_ms() >= *next;
      }
    }
    if (!job) {
      // Idle: keep the status fresh so the counter sees paper out before the next receipt.
      if (!idle_probe) continue;
      auto st = probe(*link);
      std::string ready;
      {
        std::lock_guard lock(m_);
        ready = ready_reason_locked();
      }
      if (!st) {
        if (st.error().code != "printer.unplugged") {
          log_("printer: " + st.error().detail);
          report(dev::Link::Error, st.error().code);
        }
      } else if (*st) {
        auto why = (*st)->blocking_reason();
        if (!why.empty()) report(dev::Link::Error, why);
        else report(dev::Link::Ready, ready);
      } else if (ready == "printer.status_unavailable") {
        report(dev::Link::Ready, ready);
      }
      continue;
    }
    Outcome outcome = print(*link, *job);
    if (outcome == Outcome::Done) {
      out_.emit(dev::PrintDone{job->job.job_id, true, {}, kind()});
      std::size_t left;
      std::string ready;
      {
        std::lock_guard lock(m_);
        job_in_hand_ = false;
        left = queue_.size();
        ready = ready_reason_locked();
      }
      if (left == 0) report(dev::Link::Ready, ready);
      continue;
    }
    {
      std::lock_guard lock(m_);
      queue_.push_front(std::move(*job));
      job_in_hand_ = false;
    }
    // Wait: the printer said why and is asked again; Gone: the manager's detach follows.
    wait_for(options_.retry_ms);
  }
}

}  // namespace hp::usb
