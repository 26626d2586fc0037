#include "drivers/usb/usb_scale.hpp"

#include "drivers/hid/scale_report.hpp"

namespace hp::usb {

UsbScale::UsbScale(const Clock& clock, dev::ScaleFilterOptions filter, std::function<void(const std::string&)> log,
                   const ThreadOwner& event_thread)
    : clock_(clock), log_(std::move(log)), filter_(filter), event_thread_(event_thread) {}

std::string UsbScale::name() const {
  std::lock_guard lock(m_);
  return name_;
}

bool UsbScale::connected() const {
  std::lock_guard lock(m_);
  return claim_ != nullptr;
}

void UsbScale::emit_status(dev::Link link, std::string reason) {
  out_.emit(dev::DeviceStatus{dev::DeviceKind::Scale, name(), link, std::move(reason)});
}

void UsbScale::attach(std::shared_ptr<ClaimedInterface> claim, std::string name,
                      std::optional<std::uint8_t> zero_report_id, bool zero_is_feature) {
  {
    std::lock_guard lock(m_);
    claim_ = std::move(claim);
    name_ = std::move(name);
    zero_report_id_ = zero_report_id;
    zero_is_feature_ = zero_is_feature;
    filter_.reset();
    bad_code_.clear();
  }
  emit_status(dev::Link::Ready, {});
}

void UsbScale::detach(const std::string& reason) {
  {
    std::lock_guard lock(m_);
    if (!claim_) return;
    claim_.reset();
    filter_.reset();
  }
  emit_status(dev::Link::Disconnected, reason);
}

void UsbScale::on_report(std::span<const std::uint8_t> bytes, std::int64_t now_ms) {
  auto parsed = hid::parse_scale_report(bytes);
  std::optional<dev::ScaleReading> out;
  std::string newly_bad;
  bool recovered = false;
  {
    std::lock_guard lock(m_);
    if (!parsed && parsed.error().code == "scale.report_id") return;  // another report of the scale
    if (parsed && !parsed->mg && parsed->unit == hid::ScaleUnit::Unknown &&
        (parsed->state == dev::ScaleState::Stable || parsed->state == dev::ScaleState::InMotion ||
         parsed->state == dev::ScaleState::Zero)) {
      parsed = fail("scale.unit", "unknown weight unit " + std::to_string(parsed->unit_byte));
    }
    if (!parsed) {
      filter_.invalidate();
      if (bad_code_ != parsed.error().code) newly_bad = bad_code_ = parsed.error().code;
    } else {
      recovered = !bad_code_.empty();
      bad_code_.clear();
      dev::ScaleReading r{parsed->state, parsed->mg.value_or(0), 0, clock_.now()};
      out = filter_.update(r, now_ms);
    }
  }
  if (!newly_bad.empty()) {
    log_("scale: bad report ignored: " + parsed.error().detail);
    emit_status(dev::Link::Error, newly_bad);
  }
  if (recovered) emit_status(dev::Link::Ready, {});
  if (out) out_.emit(*out);
}

void UsbScale::tick(std::int64_t now_ms) {
  std::optional<dev::ScaleReading> out;
  {
    std::lock_guard lock(m_);
    if (!claim_) return;
    out = filter_.tick(now_ms);
    if (out) out->at = clock_.now();
  }
  if (out) out_.emit(*out);
}

bool UsbScale::refresh() {
  std::optional<dev::ScaleReading> last;
  {
    std::lock_guard lock(m_);
    if (!claim_) return false;
    last = filter_.last();
  }
  if (!last) return false;
  last->at = clock_.now();
  out_.emit(*last);
  return true;
}

void UsbScale::set_wake(std::function<void()> wake) {
  std::lock_guard lock(m_);
  wake_ = std::move(wake);
}

void UsbScale::request_zero() {
  std::lock_guard lock(m_);
  ++zero_requests_;
  // Under the lock: stop() clears wake_ before the context goes. It only writes to libusb's
  // event fd, so it never blocks.
  if (wake_) wake_();
}

void UsbScale::run_requests() {
  event_thread_.check("UsbScale::run_requests (control transfers)");
  for (;;) {
    {
      std::lock_guard lock(m_);
      if (zero_requests_ == 0) return;
      --zero_requests_;
    }
    out_.emit(send_zero());
  }
}

dev::ScaleZeroed UsbScale::send_zero() {
  event_thread_.check("UsbScale zero (control transfer)");
  std::shared_ptr<ClaimedInterface> claim;
  std::uint8_t id = 0;
  bool feature = false;
  {
    std::lock_guard lock(m_);
    if (!claim_) return {false, "scale.unplugged"};
    if (!zero_report_id_) return {false, "scale.zero_unsupported"};
    claim = claim_;
    id = *zero_report_id_;
    feature = zero_is_feature_;
  }
  // HID SET_REPORT (class request to the interface): bit 1 of the control report is Zero Scale.
  unsigned char data[2] = {id, hid::kScaleControlZero};
  std::uint16_t value = static_cast<std::uint16_t>(((feature ? 3 : 2) << 8) | id);
  int r = libusb_control_transfer(claim->handle(), 0x21, 0x09, value, claim->interface(), data, sizeof data, 500);
  if (r != static_cast<int>(sizeof data)) {
    log_("scale: zero request failed: " + usb_error(r < 0 ? r : LIBUSB_ERROR_IO));
    return {false, r == LIBUSB_ERROR_NO_DEVICE ? "scale.unplugged" : "scale.zero_failed"};
  }
  return {true, {}};
}

}  // namespace hp::usb
