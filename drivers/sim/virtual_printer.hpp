#pragma once
// A printer that spools each job's bytes to a folder instead of paper (demo mode, tests, and a
// kiosk without a printer). A job file appears only complete (write .tmp, fsync, rename, fsync
// the folder). Like paper, it does not deduplicate: a job submitted again (a retry, a restart)
// comes out again, as <job_id>.2.bin, <job_id>.3.bin... so tests see every second original
// the kiosk would have printed on a real printer.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <filesystem>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "drivers/device.hpp"
#include "shared/result.hpp"
#include "shared/thread_owner.hpp"

namespace hp::dev {

struct VirtualPrinterOptions {
  std::filesystem::path spool_dir;  // created on first use
  std::string name = "Virtual printer";
  std::size_t history = 8;          // jobs kept in memory for the on-screen preview
  DeviceKind role = DeviceKind::Printer;  // or LabelPrinter
};

class VirtualPrinter final : public Printer {
 public:
  explicit VirtualPrinter(VirtualPrinterOptions options);
  ~VirtualPrinter() override;  // stops (joins) the thread; queued jobs are dropped
  VirtualPrinter(const VirtualPrinter&) = delete;
  VirtualPrinter& operator=(const VirtualPrinter&) = delete;

  std::string name() const override { return options_.name; }
  // Starts the thread; emits DeviceStatus (Ready, Error "printer.paper_out" or Disconnected).
  // Jobs submitted before start() wait for it.
  void start(DeviceSink sink) override;
  // Joins the thread (a job being written is finished first); no event after it returns.
  // Jobs still queued stay queued for a later start(). Must not be called from the sink.
  void stop() override;
  // Queues a job; jobs are spooled in submit order and each gets one PrintDone. Job ids must be
  // file-name safe ([A-Za-z0-9._-], not starting with '.'), else PrintDone{false,
  // "printer.bad_job_id"}.
  void submit(PrintJobBytes job) override;
  // DrawerKicked{true} from the printer's thread, or {false, "printer.unplugged"} while
  // disconnected; counted in drawer_kicks().
  void request_drawer_kick() override;
  std::size_t drawer_kicks() const;

  // While out of paper (or disconnected) jobs wait; they complete when it is fixed.
  void set_paper_out(bool out);
  void set_connected(bool connected);

  // The newest spooled job, for the preview; nullopt before the first. Thread-safe.
  std::optional<PrintJobBytes> last_job() const;
  // Up to `history` spooled jobs, oldest first. Thread-safe.
  std::vector<PrintJobBytes> recent_jobs() const;
  // Jobs submitted and not yet done.
  std::size_t queued() const;
  // Where a job's bytes end up the first time it is printed: <spool_dir>/<job_id>.bin
  std::filesystem::path spool_path(std::string_view job_id) const;

 private:
  void run(std::stop_token st, DeviceSink sink);
  DeviceStatus status_locked() const;
  bool can_print_locked() const { return connected_ && !paper_out_; }
  void emit_locked(DeviceEvent ev);
  // Writes the job under the next free name; true when written.
  Result<bool> spool(const PrintJobBytes& job) const;

  const VirtualPrinterOptions options_;

  mutable std::mutex mu_;
  std::condition_variable_any cv_;
  std::deque<PrintJobBytes> queue_;
  std::deque<DeviceEvent> events_;
  std::deque<PrintJobBytes> history_;
  bool running_ = false;
  bool busy_ = false;
  bool paper_out_ = false;
  bool connected_ = true;
  std::size_t drawer_kicks_ = 0;
  ThreadOwner owner_;  // the printer's thread: spooling (disk writes, fsync) runs there

  std::jthread thread_;  // last member: joined before the state above goes away
};

}  // namespace hp::dev
