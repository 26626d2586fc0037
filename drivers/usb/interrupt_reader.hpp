#pragma once
// Keeps one asynchronous interrupt IN transfer in flight on an endpoint and hands every
// report to a callback, on the manager's event thread. Shutdown follows libusb's
// dpfp_threaded example: cancel, then handle events until the transfer has come back. The
// reader is never freed while its transfer is in flight (libusb would call back into freed
// memory): stop(), and so the destructor, wait for it however long the cancel takes.
#include <libusb.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "drivers/usb/usb_handle.hpp"
#include "shared/thread_owner.hpp"

namespace hp::usb {

class InterruptReader {
 public:
  using OnReport = std::function<void(std::span<const std::uint8_t>)>;
  using OnGone = std::function<void(int transfer_status)>;
  using Log = std::function<void(const std::string&)>;

  // Made on the thread that handles ctx's events; that thread owns it (stop() runs there).
  InterruptReader(libusb_context* ctx, std::shared_ptr<ClaimedInterface> claim, std::uint8_t endpoint,
                  std::size_t length, OnReport on_report, OnGone on_gone, Log log = {});
  ~InterruptReader();  // stop()
  InterruptReader(const InterruptReader&) = delete;
  InterruptReader& operator=(const InterruptReader&) = delete;

  Status start();
  // Cancels the transfer and handles libusb events until it has come back. The kernel always
  // gives a cancelled transfer back (at the latest when the device goes); a slow one is
  // logged each second. On the owner thread only (aborts otherwise).
  void stop();
  bool running() const { return in_flight_; }

 private:
  static void LIBUSB_CALL on_transfer(libusb_transfer* t);

  libusb_context* ctx_;
  std::shared_ptr<ClaimedInterface> claim_;
  std::uint8_t endpoint_;
  std::vector<std::uint8_t> buffer_;
  OnReport on_report_;
  OnGone on_gone_;
  Log log_;
  ThreadOwner owner_{ThreadOwner::Here{}};
  libusb_transfer* transfer_ = nullptr;
  // Atomic: the callback runs on whichever thread handles events (a synchronous transfer
  // on the printer thread handles them too).
  std::atomic<bool> in_flight_{false};
  std::atomic<bool> stopping_{false};
};

}  // namespace hp::usb
