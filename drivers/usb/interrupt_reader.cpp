#include "drivers/usb/interrupt_reader.hpp"

#include <chrono>

namespace hp::usb {

InterruptReader::InterruptReader(libusb_context* ctx, std::shared_ptr<ClaimedInterface> claim, std::uint8_t endpoint,
                                 std::size_t length, OnReport on_report, OnGone on_gone, Log log)
    : ctx_(ctx),
      claim_(std::move(claim)),
      endpoint_(endpoint),
      buffer_(length),
      on_report_(std::move(on_report)),
      on_gone_(std::move(on_gone)),
      log_(std::move(log)),
      transfer_(libusb_alloc_transfer(0)) {}

InterruptReader::~InterruptReader() {
  stop();
  if (transfer_) libusb_free_transfer(transfer_);
}

Status InterruptReader::start() {
  if (!transfer_) return fail("usb.transfer", "out of memory");
  libusb_fill_interrupt_transfer(transfer_, claim_->handle(), endpoint_, buffer_.data(),
                                 static_cast<int>(buffer_.size()), &InterruptReader::on_transfer, this, 0);
  stopping_ = false;
  in_flight_ = true;
  int r = libusb_submit_transfer(transfer_);
  if (r != 0) {
    in_flight_ = false;
    return fail("usb.transfer", usb_error(r));
  }
  return {};
}

void LIBUSB_CALL InterruptReader::on_transfer(libusb_transfer* t) {
  auto* self = static_cast<InterruptReader*>(t->user_data);
  if (t->status == LIBUSB_TRANSFER_COMPLETED && !self->stopping_) {
    self->on_report_(std::span<const std::uint8_t>(t->buffer, static_cast<std::size_t>(t->actual_length)));
    if (!self->stopping_ && libusb_submit_transfer(t) == 0) return;
    if (!self->stopping_) self->on_gone_(LIBUSB_TRANSFER_NO_DEVICE);
  } else if (!self->stopping_) {
    self->on_gone_(t->status);
  }
  // The last touch of *self: once in_flight_ is false, stop() may return and the reader go.
  self->in_flight_ = false;
}

void InterruptReader::stop() {
  stopping_ = true;
  if (!in_flight_) return;
  owner_.check("InterruptReader::stop (handles libusb events until its transfer is back)");
  int r = libusb_cancel_transfer(transfer_);
  // NOT_FOUND: already completing; its callback is on the way all the same.
  if (r != 0 && r != LIBUSB_ERROR_NOT_FOUND && log_)
    log_("cancel of the transfer on endpoint " + std::to_string(endpoint_) + ": " + usb_error(r));
  auto started = std::chrono::steady_clock::now();
  auto next_note = started + std::chrono::seconds(1);
  while (in_flight_) {
    timeval tv{0, 10'000};
    libusb_handle_events_timeout_completed(ctx_, &tv, nullptr);
    auto now = std::chrono::steady_clock::now();
    if (now >= next_note && in_flight_) {
      next_note = now + std::chrono::seconds(1);
      if (log_)
        log_("still waiting for the cancelled transfer on endpoint " + std::to_string(endpoint_) + " (" +
             std::to_string(std::chrono::duration_cast<std::chrono::seconds>(now - started).count()) + " s)");
    }
  }
}

}  // namespace hp::usb
