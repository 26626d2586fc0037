#pragma once
// The kiosk's barcode scanners over USB: keyboard-wedge (boot keyboard reports, decoded
// with the configured layout) and HID POS (usage page 0x8C). Several may be plugged in;
// each scan names its source.
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>

#include "drivers/device.hpp"
#include "drivers/hid/keyboard_decoder.hpp"
#include "drivers/hid/pos_scanner_report.hpp"
#include "drivers/usb/event_out.hpp"

namespace hp::usb {

class UsbScanner final : public dev::Scanner {
 public:
  enum class Mode { Keyboard, HidPos };
  UsbScanner(const hid::KeyboardLayout& layout, hid::KeyboardDecoderOptions options, std::int64_t gap_ms,
             std::function<void(const std::string&)> log);

  std::string name() const override;
  void start(dev::DeviceSink sink) override { out_.set(std::move(sink)); }
  void stop() override { out_.clear(); }
  bool connected() const;

  // Manager side (event thread). slot identifies one physical scanner. A warning (a reason
  // key such as "scanner.set_protocol") goes out with its Ready status.
  void attach(int slot, std::string name, Mode mode, std::string warning = {});
  void detach(int slot, const std::string& reason);
  void on_report(int slot, std::span<const std::uint8_t> bytes, std::int64_t now_ms);

 private:
  struct Source {
    std::string name;
    Mode mode;
    std::unique_ptr<hid::KeyboardScanDecoder> keyboard;
    std::unique_ptr<hid::PosScanAssembler> pos;
    std::int64_t last_report_ms = 0;
    std::string bad_code;
  };

  const hid::KeyboardLayout& layout_;
  hid::KeyboardDecoderOptions options_;
  std::int64_t gap_ms_;
  std::function<void(const std::string&)> log_;
  EventOut out_;
  mutable std::mutex m_;
  std::map<int, Source> sources_;
};

// Drops control characters a scanner may add (CR/LF suffixes, stray escapes) but keeps GS,
// the GS1 separator.
std::string clean_scan_text(std::string text);

}  // namespace hp::usb
