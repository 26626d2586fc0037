#pragma once
// Keeps one asynchronous interrupt IN transfer in flight on an endpoint and hands every
// report to a callback, on the manager's event thread. Shutdown follows libusb's
// dpfp_threaded example: cancel, then handle events until the transfer has come back.
#include <libusb.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "drivers/usb/usb_handle.hpp"

namespace hp::usb {

class InterruptReader {
 public:
  using OnReport = std::function<void(std::span<const std::uint8_t>)>;
  using OnGone = std::function<void(int transfer_status)>;

  InterruptReader(std::shared_ptr<ClaimedInterface> claim, std::uint8_t endpoint, std::size_t length,
                  OnReport on_report, OnGone on_gone);
  ~InterruptReader();
  InterruptReader(const InterruptReader&) = delete;
  InterruptReader& operator=(const InterruptReader&) = delete;

  Status start();
  // Call on the event thread (it pumps libusb events while waiting, up to ~1 s).
  void stop(libusb_context* ctx);
  bool running() const { return in_flight_; }

 private:
  static void LIBUSB_CALL on_transfer(libusb_transfer* t);

  std::shared_ptr<ClaimedInterface> claim_;
  std::uint8_t endpoint_;
  std::vector<std::uint8_t> buffer_;
  OnReport on_report_;
  OnGone on_gone_;
  libusb_transfer* transfer_ = nullptr;
  bool in_flight_ = false;
  bool stopping_ = false;
};

}  // namespace hp::usb
