#pragma once
// The kiosk's receipt/label printer over the USB printer class (ESC/POS).
// A job is kept until every byte has been accepted by the printer: across paper out, cover
// open, offline and unplug the job waits (DeviceStatus says why), then completes once,
// and PrintDone is emitted exactly once per job id.
//  - Paper out / cover open / a slow printer: the printer stops accepting bytes; the job
//    resumes from the first byte it did not accept, so nothing is printed twice.
//  - Unplug: a printer that lost power lost its buffer and its mode settings, so an
//    unfinished job is sent again from its first byte on the next connection. (A job that
//    was wholly accepted before the unplug is done and never sent again.)
// Transfers are synchronous on the printer's own worker thread (it owns them: a transfer
// from any other thread aborts, see shared/thread_owner.hpp); the manager's event thread
// handles libusb events for it.
// Status (DLE EOT) is asked before each job and while idle. A request not answered in time,
// or answered with a byte that is no status, is asked again after a backoff (StatusProbe);
// only after several such failures in a row is the printer used without status, reported as
// DeviceStatus{Ready, "printer.status_unavailable"} until it is plugged in again.
// A bulk OUT endpoint that stalls (LIBUSB_ERROR_PIPE) is cleared and written again at most
// max_clear_halts times; then DeviceStatus{Error, "printer.stalled"}, and the job waits.
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>

#include "drivers/device.hpp"
#include "drivers/usb/event_out.hpp"
#include "drivers/usb/printer_protocol.hpp"
#include "drivers/usb/status_probe.hpp"
#include "drivers/usb/usb_handle.hpp"
#include "shared/thread_owner.hpp"

namespace hp::usb {

struct PrinterOptions {
  std::size_t chunk_bytes = 4096;
  unsigned write_timeout_ms = 5000;
  unsigned status_timeout_ms = 300;
  std::int64_t retry_ms = 500;
  std::int64_t idle_status_ms = 2000;  // how often an idle printer is asked for its status
  StatusProbeOptions status_probe;     // asking again after failed status requests
  int max_clear_halts = 3;             // per write, for an OUT endpoint that stalls
  dev::DeviceKind role = dev::DeviceKind::Printer;  // or LabelPrinter
  // ESC/POS status requests (DLE EOT); off for ZPL and TSPL printers, which do not answer
  // them. Without them paper out is not detected.
  bool escpos_status = true;
};

class UsbPrinter final : public dev::Printer {
 public:
  UsbPrinter(PrinterOptions options, std::function<void(const std::string&)> log);
  ~UsbPrinter() override;

  std::string name() const override;
  void start(dev::DeviceSink sink) override;
  void stop() override;
  void submit(dev::PrintJobBytes job) override;
  // Pulses the cash drawer (ESC p, pin 2). Sent by the printer's thread ahead of queued jobs,
  // once: DrawerKicked{true} when the printer took it, {false, reason} when it is unplugged or
  // did not take it within write_timeout_ms (never kept for later).
  void request_drawer_kick() override;
  bool connected() const;
  // Jobs not yet done, the one being printed included.
  std::size_t queued() const;
  std::optional<PrinterStatus> last_status() const;

  // Manager side.
  void attach(std::shared_ptr<ClaimedInterface> claim, std::uint8_t out_ep, std::uint8_t in_ep, std::string name);
  void detach(const std::string& reason);
  // Stops the worker thread; the manager calls it before its event thread ends.
  void shutdown();

 private:
  struct Job {
    dev::PrintJobBytes job;
    std::size_t sent = 0;
    std::uint64_t session = 0;
  };
  struct Link {
    std::shared_ptr<ClaimedInterface> claim;
    std::uint8_t out_ep = 0, in_ep = 0;
    std::uint64_t session = 0;
  };
  enum class Outcome { Done, Wait, Gone };

  void run();
  Outcome print(const Link& link, Job& job);
  dev::DrawerKicked kick_drawer(const std::optional<Link>& link);
  // Asks DLE EOT 1, 2, 4. Errors: "printer.unplugged", "printer.not_responding" (the request
  // could not be sent), "printer.stalled", "printer.status_timeout" (no answer in time),
  // "printer.status_byte" (an answer that is no status byte).
  Result<PrinterStatus> query_status(const Link& link);
  // query_status when the StatusProbe says it is due, and what follows from the answer:
  // nullopt when not asked or not usable (printing goes on without), an error when printing
  // cannot go on (unplugged, not_responding, stalled).
  Result<std::optional<PrinterStatus>> probe(const Link& link);
  // libusb_bulk_transfer on the OUT endpoint, clearing a halt and going on at most
  // max_clear_halts times. Returns the libusb result; transferred counts every write.
  int bulk_out(const Link& link, unsigned char* data, int length, int* transferred, unsigned timeout_ms);
  std::string ready_reason_locked() const;
  std::optional<std::int64_t> next_idle_probe_locked() const;
  void report(dev::Link link, const std::string& reason);
  void wait_for(std::int64_t ms);

  PrinterOptions options_;
  std::function<void(const std::string&)> log_;
  EventOut out_;
  mutable std::mutex m_;
  std::condition_variable cv_;
  std::deque<Job> queue_;
  int kicks_ = 0;  // drawer kicks asked for and not yet answered
  std::set<std::string> known_ids_;  // queued or done: a job id is printed once
  std::optional<Link> link_;
  std::uint64_t sessions_ = 0;
  std::string name_ = "USB printer";
  std::optional<PrinterStatus> status_;
  StatusProbe probe_;
  std::int64_t last_probe_ms_ = 0;
  std::pair<dev::Link, std::string> reported_{dev::Link::Disconnected, "printer.unplugged"};
  bool stopping_ = false;
  bool job_in_hand_ = false;  // the worker holds a job outside queue_
  ThreadOwner owner_;         // the worker thread: every transfer runs there
  std::thread worker_;
};

}  // namespace hp::usb
