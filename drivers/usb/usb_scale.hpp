#pragma once
// The kiosk's scale over USB HID POS. One logical scale; the manager binds whichever
// physical scale is plugged in. Readings go through dev::ScaleFilter.
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

namespace hp::usb {

class UsbScale final : public dev::Scale {
 public:
  UsbScale(const Clock& clock, dev::ScaleFilterOptions filter, std::function<void(const std::string&)> log);

  std::string name() const override;
  void start(dev::DeviceSink sink) override { out_.set(std::move(sink)); }
  void stop() override { out_.clear(); }
  // Sends the HID POS "Zero Scale" control report when the scale declares one; false
  // otherwise (the kiosk then tares in software).
  bool zero() override;
  // Re-emits the last reading (with the current time), for a screen that opens with a
  // weight already on the scale. False when there is none yet.
  bool refresh();
  void request_reading() override { refresh(); }
  bool connected() const;

  // Manager side (event thread).
  void attach(std::shared_ptr<ClaimedInterface> claim, std::string name, std::optional<std::uint8_t> zero_report_id,
              bool zero_is_feature);
  void detach(const std::string& reason);
  void on_report(std::span<const std::uint8_t> bytes, std::int64_t now_ms);
  void tick(std::int64_t now_ms);

 private:
  void emit_status(dev::Link link, std::string reason);

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
};

}  // namespace hp::usb
