#include "drivers/usb/interrupt_reader.hpp"

#include <chrono>

namespace hp::usb {

InterruptReader::InterruptReader(std::shared_ptr<ClaimedInterface> claim, std::uint8_t endpoint, std::size_t length,
                                 OnReport on_report, OnGone on_gone)
    : claim_(std::move(claim)),
      endpoint_(endpoint),
      buffer_(length),
      on_report_(std::move(on_report)),
      on_gone_(std::move(on_gone)),
      transfer_(libusb_alloc_transfer(0)) {}

InterruptReader::~InterruptReader() {
  // A transfer still in flight here could not be cancelled (stop() gave up); freeing it
  // would let libusb write into freed memory, so it is left to the process.
  if (transfer_ && !in_flight_) libusb_free_transfer(transfer_);
}

Status InterruptReader::start() {
  if (!transfer_) return fail("usb.transfer", "out of memory");
  libusb_fill_interrupt_transfer(transfer_, claim_->handle(), endpoint_, buffer_.data(),
                                 static_cast<int>(buffer_.size()), &InterruptReader::on_transfer, this, 0);
  int r = libusb_submit_transfer(transfer_);
  if (r != 0) return fail("usb.transfer", usb_error(r));
  in_flight_ = true;
  return {};
}

void LIBUSB_CALL InterruptReader::on_transfer(libusb_transfer* t) {
  auto* self = static_cast<InterruptReader*>(t->user_data);
  if (t->status == LIBUSB_TRANSFER_COMPLETED && !self->stopping_) {
    self->on_report_(std::span<const std::uint8_t>(t->buffer, static_cast<std::size_t>(t->actual_length)));
    if (!self->stopping_ && libusb_submit_transfer(t) == 0) return;
    self->in_flight_ = false;
    if (!self->stopping_) self->on_gone_(LIBUSB_TRANSFER_NO_DEVICE);
    return;
  }
  self->in_flight_ = false;
  if (!self->stopping_) self->on_gone_(t->status);
}

void InterruptReader::stop(libusb_context* ctx) {
  stopping_ = true;
  if (!in_flight_) return;
  libusb_cancel_transfer(transfer_);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  while (in_flight_ && std::chrono::steady_clock::now() < deadline) {
    timeval tv{0, 10'000};
    libusb_handle_events_timeout_completed(ctx, &tv, nullptr);
  }
}

}  // namespace hp::usb
