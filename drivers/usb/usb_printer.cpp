#include "drivers/usb/usb_printer.hpp"

#include <pthread.h>

#include <chrono>

namespace hp::usb {

UsbPrinter::UsbPrinter(PrinterOptions options, std::function<void(const std::string&)> log)
    : options_(options), log_(std::move(log)) {
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
    queue_.push_back(Job{std::move(job), false, 0, 0});
  }
  cv_.notify_all();
}

void UsbPrinter::open_drawer() {
  {
    std::lock_guard lock(m_);
    queue_.push_back(Job{dev::PrintJobBytes{"", "drawer", drawer_kick_command()}, true, 0, 0});
  }
  cv_.notify_all();
}

void UsbPrinter::attach(std::shared_ptr<ClaimedInterface> claim, std::uint8_t out_ep, std::uint8_t in_ep,
                        std::string name) {
  {
    std::lock_guard lock(m_);
    link_ = Link{std::move(claim), out_ep, in_ep, ++sessions_};
    name_ = std::move(name);
    status_.reset();
    status_unsupported_ = in_ep == 0;
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
  out_.emit(dev::DeviceStatus{dev::DeviceKind::Printer, name, link, reason});
}

void UsbPrinter::wait_for(std::int64_t ms) {
  std::unique_lock lock(m_);
  std::uint64_t session = link_ ? link_->session : 0;
  cv_.wait_for(lock, std::chrono::milliseconds(ms),
               [&] { return stopping_ || (link_ ? link_->session : 0) != session; });
}

Result<std::optional<PrinterStatus>> UsbPrinter::query_status(const Link& link) {
  if (link.in_ep == 0) return std::optional<PrinterStatus>{};
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
    int r = libusb_bulk_transfer(h, link.out_ep, ask, sizeof ask, &sent, options_.status_timeout_ms);
    if (r == LIBUSB_ERROR_NO_DEVICE) return fail("printer.unplugged", usb_error(r));
    if (r != 0 || sent != 3) return fail("printer.not_responding", "status request: " + usb_error(r ? r : LIBUSB_ERROR_IO));
    got = 0;
    r = libusb_bulk_transfer(h, link.in_ep, buf, sizeof buf, &got, options_.status_timeout_ms);
    if (r == LIBUSB_ERROR_NO_DEVICE) return fail("printer.unplugged", usb_error(r));
    if (r == LIBUSB_ERROR_TIMEOUT || got == 0) return std::optional<PrinterStatus>{};  // no status support
    if (r != 0) return fail("printer.not_responding", "status answer: " + usb_error(r));
    if (auto s = apply_status_answer(st, q, std::span<const std::uint8_t>(buf, static_cast<std::size_t>(got))); !s) {
      log_("printer: " + s.error().detail);
      return std::optional<PrinterStatus>{};
    }
  }
  return std::optional<PrinterStatus>{st};
}

UsbPrinter::Outcome UsbPrinter::print(const Link& link, Job& job) {
  bool ask_status;
  {
    std::lock_guard lock(m_);
    ask_status = !status_unsupported_;
  }
  if (ask_status) {
    auto st = query_status(link);
    if (!st) {
      if (st.error().code == "printer.unplugged") return Outcome::Gone;
      log_("printer: " + st.error().detail);
      report(dev::Link::Error, st.error().code);
      return Outcome::Wait;
    }
    {
      std::lock_guard lock(m_);
      if (*st) status_ = **st;
      else if (!status_unsupported_) {
        status_unsupported_ = true;
        log_("printer: no answer to DLE EOT; printing without status");
      }
    }
    if (*st && !(*st)->blocking_reason().empty()) {
      report(dev::Link::Error, (*st)->blocking_reason());
      return Outcome::Wait;
    }
  }
  report(dev::Link::Busy, {});
  auto* h = link.claim->handle();
  auto* data = reinterpret_cast<unsigned char*>(job.job.bytes.data());
  while (job.sent < job.job.bytes.size()) {
    std::size_t n = std::min(options_.chunk_bytes, job.job.bytes.size() - job.sent);
    int transferred = 0;
    int r = libusb_bulk_transfer(h, link.out_ep, data + job.sent, static_cast<int>(n), &transferred,
                                 options_.write_timeout_ms);
    job.sent += static_cast<std::size_t>(std::max(transferred, 0));
    if (r == 0) continue;
    if (r == LIBUSB_ERROR_NO_DEVICE) return Outcome::Gone;
    if (r == LIBUSB_ERROR_PIPE) {
      libusb_clear_halt(h, link.out_ep);
      continue;
    }
    // Timeout or I/O error: the printer stopped taking data. Ask why; keep the job.
    log_("printer: write stopped after " + std::to_string(job.sent) + " bytes: " + usb_error(r));
    auto st = query_status(link);
    if (!st && st.error().code == "printer.unplugged") return Outcome::Gone;
    std::string why = (st && *st && !(*st)->blocking_reason().empty()) ? (*st)->blocking_reason()
                                                                        : std::string("printer.not_responding");
    report(dev::Link::Error, why);
    return Outcome::Wait;
  }
  return Outcome::Done;
}

void UsbPrinter::run() {
  pthread_setname_np(pthread_self(), "hp-usb-printer");
  auto last_idle_status = std::chrono::steady_clock::now();
  for (;;) {
    std::optional<Link> link;
    std::optional<Job> job;
    {
      std::unique_lock lock(m_);
      cv_.wait_for(lock, std::chrono::milliseconds(options_.idle_status_ms),
                   [&] { return stopping_ || (link_ && !queue_.empty()); });
      if (stopping_) return;
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
      }
    }
    if (!job) {
      // Idle: keep the status fresh so the counter sees paper out before the next receipt.
      auto now = std::chrono::steady_clock::now();
      if (now - last_idle_status < std::chrono::milliseconds(options_.idle_status_ms)) continue;
      last_idle_status = now;
      bool ask;
      {
        std::lock_guard lock(m_);
        ask = !status_unsupported_;
      }
      if (!ask) continue;
      auto st = query_status(*link);
      if (st && *st) {
        {
          std::lock_guard lock(m_);
          status_ = **st;
        }
        auto why = (*st)->blocking_reason();
        if (!why.empty()) report(dev::Link::Error, why);
        else report(dev::Link::Ready, (*st)->paper_near_end ? "printer.paper_near_end" : "");
      }
      continue;
    }
    Outcome outcome = print(*link, *job);
    if (outcome == Outcome::Done) {
      if (!job->internal) out_.emit(dev::PrintDone{job->job.job_id, true, {}});
      std::size_t left;
      {
        std::lock_guard lock(m_);
        job_in_hand_ = false;
        left = queue_.size();
      }
      bool near_end;
      {
        std::lock_guard lock(m_);
        near_end = status_ && status_->paper_near_end;
      }
      // Ready with a reason is a warning: change the roll soon.
      if (left == 0) report(dev::Link::Ready, near_end ? "printer.paper_near_end" : "");
      continue;
    }
    {
      std::lock_guard lock(m_);
      queue_.push_front(std::move(*job));
      job_in_hand_ = false;
    }
    if (outcome == Outcome::Wait) wait_for(options_.retry_ms);
    else wait_for(options_.retry_ms);  // Gone: the manager's detach follows; wait for a new link
  }
}

}  // namespace hp::usb
