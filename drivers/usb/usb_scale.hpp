#pragma once
// The kiosk's scale over USB HID POS. One logical scale; the manager binds whichever
// physical scale is plugged in. Readings go through dev::ScaleFilter. Requests (zero) are
// queued and carried out on the manager's event thread, which owns the control transfers.
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>

#include "drivers/device.hpp"
#include "drivers/scale_filter.hpp"
#include "drivers/usb/event_out.hpp"
#include "drivers/usb/usb_handle.hpp"
#include "shared/clock.hpp"
#include "shared/thread_owner.hpp"

namespace hp::usb {

class UsbScale final : public dev::Scale {
 public:
  // event_thread: the manager's event thread, which runs the scale's control transfers.
  UsbScale(const Clock& clock, dev::ScaleFilterOptions filter, std::function<void(const std::string&)> log,
           const ThreadOwner& event_thread);

  std::string name() const override;
  void start(dev::DeviceSink sink) override { out_.set(std::move(sink)); }
  void stop() override { out_.clear(); }
  // Queues a zero and wakes the event thread, which sends the HID POS "Zero Scale" control
  // report when the scale declares one and answers ScaleZeroed: {false,
  // "scale.zero_unsupported"} when it does not (the kiosk then tares in software),
  // "scale.unplugged" with no scale, "scale.zero_failed" when the scale refused.
  void request_zero() override;
  // Re-emits the last reading (with the current time), for a screen that opens with a
  // weight already on the scale. False when there is none yet. Never blocks.
  bool refresh();
  void request_reading() override { refresh(); }
  bool connected() const;

  // Manager side (event thread).
  // How request_zero() wakes the event thread (libusb_interrupt_event_handler).
  void set_wake(std::function<void()> wake);
  // Carries out queued requests: the blocking part (a control transfer, 500 ms timeout).
  // On the event thread only: aborts on any other (see shared/thread_owner.hpp).
  void run_requests();
  void attach(std::shared_ptr<ClaimedInterface> claim, std::string name, std::optional<std::uint8_t> zero_report_id,
              bool zero_is_feature);
  void detach(const std::string& reason);
  void on_report(std::span<const std::uint8_t> bytes, std::int64_t now_ms);
  void tick(std::int64_t now_ms);

 private:
  void emit_status(dev::Link link, std::string reason);
  dev::ScaleZeroed send_zero();

  const Clock& clock_;
  std::function<void(const std::string&)> log_;
  EventOut out_;
  mutable std::mutex m_;
  std::shared_ptr<ClaimedInterface> claim_;
  std::string name_ = "USB scale";
  std::optional<std::uint8_t> zero_report_id_;
  bool zero_is_feature_ = false;
  dev::ScaleFilter filter_;
  std::string bad_code_;  // the last bad-report error, empty while reports are good
  int zero_requests_ = 0;  // queued, each answered by one ScaleZeroed
  std::function<void()> wake_;
  const ThreadOwner& event_thread_;
};

}  // namespace hp::usb
