#include "drivers/sim/virtual_printer.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>
#include <utility>

#include "drivers/serial/unique_fd.hpp"

namespace hp::dev {

namespace {

bool safe_job_id(std::string_view id) {
  if (id.empty() || id.size() > 200 || id.front() == '.') return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string errno_text(const char* what, const std::filesystem::path& p) {
  return std::string(what) + " " + p.string() + ": " + std::strerror(errno);
}

Status write_all(int fd, std::string_view bytes, const std::filesystem::path& p) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail("printer.spool_failed", errno_text("write", p));
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return {};
}

}  // namespace

VirtualPrinter::VirtualPrinter(VirtualPrinterOptions options) : Printer(options.role), options_(std::move(options)) {}

VirtualPrinter::~VirtualPrinter() { stop(); }

std::filesystem::path VirtualPrinter::spool_path(std::string_view job_id) const {
  return options_.spool_dir / (std::string(job_id) + ".bin");
}

void VirtualPrinter::start(DeviceSink sink) {
  stop();
  std::lock_guard lock(mu_);
  events_.clear();
  running_ = true;
  busy_ = false;
  events_.push_back(status_locked());
  thread_ = std::jthread([this, sink = std::move(sink)](std::stop_token st) { run(st, sink); });
}

void VirtualPrinter::stop() {
  if (!thread_.joinable()) return;
  thread_.request_stop();
  thread_.join();
  std::lock_guard lock(mu_);
  running_ = false;
  events_.clear();
}

DeviceStatus VirtualPrinter::status_locked() const {
  DeviceStatus s{kind(), options_.name, Link::Ready, {}};
  if (!connected_) {
    s.link = Link::Disconnected;
  } else if (paper_out_) {
    s.link = Link::Error;
    s.reason = "printer.paper_out";
  } else if (busy_) {
    s.link = Link::Busy;
  }
  return s;
}

void VirtualPrinter::emit_locked(DeviceEvent ev) {
  if (!running_) return;
  events_.push_back(std::move(ev));
  cv_.notify_all();
}

void VirtualPrinter::submit(PrintJobBytes job) {
  std::lock_guard lock(mu_);
  queue_.push_back(std::move(job));
  cv_.notify_all();
}

void VirtualPrinter::request_drawer_kick() {
  std::lock_guard lock(mu_);
  if (connected_) ++drawer_kicks_;
  emit_locked(DrawerKicked{connected_, connected_ ? "" : "printer.unplugged"});
}

std::size_t VirtualPrinter::drawer_kicks() const {
  std::lock_guard lock(mu_);
  return drawer_kicks_;
}

void VirtualPrinter::set_paper_out(bool out) {
  std::lock_guard lock(mu_);
  if (paper_out_ == out) return;
  paper_out_ = out;
  emit_locked(status_locked());
}

void VirtualPrinter::set_connected(bool connected) {
  std::lock_guard lock(mu_);
  if (connected_ == connected) return;
  connected_ = connected;
  emit_locked(status_locked());
}

std::optional<PrintJobBytes> VirtualPrinter::last_job() const {
  std::lock_guard lock(mu_);
  if (history_.empty()) return std::nullopt;
  return history_.back();
}

std::vector<PrintJobBytes> VirtualPrinter::recent_jobs() const {
  std::lock_guard lock(mu_);
  return {history_.begin(), history_.end()};
}

std::size_t VirtualPrinter::queued() const {
  std::lock_guard lock(mu_);
  return queue_.size();
}

void VirtualPrinter::run(std::stop_token st, DeviceSink sink) {
  owner_.claim();
  std::unique_lock lock(mu_);
  while (!st.stop_requested()) {
    if (!events_.empty()) {
      DeviceEvent ev = std::move(events_.front());
      events_.pop_front();
      lock.unlock();
      if (sink) sink(std::move(ev));
      lock.lock();
      continue;
    }
    if (!queue_.empty() && can_print_locked()) {
      if (!busy_) {
        busy_ = true;
        events_.push_back(status_locked());
        continue;  // Busy goes out before the job's PrintDone
      }
      PrintJobBytes job = queue_.front();
      lock.unlock();
      const Result<bool> written = spool(job);
      lock.lock();
      queue_.pop_front();
      PrintDone done{job.job_id, written.has_value(), written ? "" : written.error().code, kind()};
      if (written && *written) {
        history_.push_back(std::move(job));
        while (history_.size() > options_.history) history_.pop_front();
      }
      events_.push_back(std::move(done));
      if (queue_.empty()) {
        busy_ = false;
        events_.push_back(status_locked());
      }
      continue;
    }
    if (busy_ && !can_print_locked()) busy_ = false;  // status was already sent by the setter
    cv_.wait(lock, st, [this] { return !events_.empty() || (!queue_.empty() && can_print_locked()); });
  }
}

Result<bool> VirtualPrinter::spool(const PrintJobBytes& job) const {
  owner_.check("VirtualPrinter spool (file writes with fsync)");
  if (!safe_job_id(job.job_id)) {
    return fail("printer.bad_job_id", "job id is not a safe file name: " + job.job_id);
  }
  std::error_code ec;
  std::filesystem::create_directories(options_.spool_dir, ec);
  if (ec) return fail("printer.spool_failed", "spool folder: " + ec.message());

  // The final name exists only after a complete, synced write, so its presence means printed;
  // a job printed before is printed again, under the next number.
  auto final_path = spool_path(job.job_id);
  for (int n = 2; std::filesystem::exists(final_path, ec); ++n)
    final_path = options_.spool_dir / (job.job_id + "." + std::to_string(n) + ".bin");

  const auto tmp_path = options_.spool_dir / (job.job_id + ".bin.tmp");
  {
    UniqueFd fd(::open(tmp_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (!fd) return fail("printer.spool_failed", errno_text("open", tmp_path));
    if (auto st = write_all(fd.get(), job.bytes, tmp_path); !st) return std::unexpected(st.error());
    if (::fsync(fd.get()) != 0) return fail("printer.spool_failed", errno_text("fsync", tmp_path));
  }
  if (::rename(tmp_path.c_str(), final_path.c_str()) != 0) {
    return fail("printer.spool_failed", errno_text("rename", final_path));
  }
  UniqueFd dir(::open(options_.spool_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dir || ::fsync(dir.get()) != 0) {
    return fail("printer.spool_failed", errno_text("fsync", options_.spool_dir));
  }
  return true;
}

}  // namespace hp::dev
