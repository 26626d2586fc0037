#include "drivers/usb/usb_scanner.hpp"

#include <optional>

namespace hp::usb {

std::string clean_scan_text(std::string text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u != 0x7F) out += c;
    else if (u == 0x1D) out += c;
  }
  return out;
}

UsbScanner::UsbScanner(const hid::KeyboardLayout& layout, hid::KeyboardDecoderOptions options, std::int64_t gap_ms,
                       std::function<void(const std::string&)> log)
    : layout_(layout), options_(options), gap_ms_(gap_ms), log_(std::move(log)) {}

std::string UsbScanner::name() const {
  std::lock_guard lock(m_);
  if (sources_.empty()) return "USB scanner";
  return sources_.begin()->second.name;
}

bool UsbScanner::connected() const {
  std::lock_guard lock(m_);
  return !sources_.empty();
}

void UsbScanner::attach(int slot, std::string name, Mode mode, std::string warning) {
  Source s{name, mode, nullptr, nullptr, 0, {}};
  if (mode == Mode::Keyboard) s.keyboard = std::make_unique<hid::KeyboardScanDecoder>(layout_, options_);
  else s.pos = std::make_unique<hid::PosScanAssembler>();
  {
    std::lock_guard lock(m_);
    sources_[slot] = std::move(s);
  }
  out_.emit(dev::DeviceStatus{dev::DeviceKind::Scanner, name, dev::Link::Ready, std::move(warning)});
}

void UsbScanner::detach(int slot, const std::string& reason) {
  std::string name;
  {
    std::lock_guard lock(m_);
    auto it = sources_.find(slot);
    if (it == sources_.end()) return;
    name = it->second.name;
    sources_.erase(it);
  }
  out_.emit(dev::DeviceStatus{dev::DeviceKind::Scanner, name, dev::Link::Disconnected, reason});
}

void UsbScanner::on_report(int slot, std::span<const std::uint8_t> bytes, std::int64_t now_ms) {
  std::optional<dev::Scan> scan;
  std::string bad, bad_detail, name;
  bool recovered = false;
  {
    std::lock_guard lock(m_);
    auto it = sources_.find(slot);
    if (it == sources_.end()) return;
    Source& s = it->second;
    name = s.name;
    std::optional<hid::PosScan> done;
    if (s.keyboard) {
      if (s.keyboard->expire(now_ms))
        log_("scanner: " + s.name + ": keys with no Enter for " + std::to_string(options_.key_timeout_ms) +
             " ms dropped");
      auto r = s.keyboard->feed(bytes, now_ms);
      if (!r) {
        bad = r.error().code;
        bad_detail = r.error().detail;
      } else if (*r) {
        done = hid::split_aim_prefix(std::move(**r));
      }
    } else {
      if (!bytes.empty() && bytes[0] != hid::kPosScannerDataReportId) return;  // status/feature reports
      if (s.last_report_ms && now_ms - s.last_report_ms > gap_ms_) s.pos->reset();
      auto r = s.pos->feed(bytes);
      if (!r) {
        bad = r.error().code;
        bad_detail = r.error().detail;
      } else if (*r) {
        done = std::move(**r);
      }
    }
    s.last_report_ms = now_ms;
    if (!bad.empty()) {
      if (s.bad_code == bad) bad.clear();  // already reported
      else s.bad_code = bad;
    } else if (!s.bad_code.empty()) {
      s.bad_code.clear();
      recovered = true;
    }
    if (done) {
      std::string text = clean_scan_text(std::move(done->text));
      if (!text.empty()) scan = dev::Scan{std::move(text), std::move(done->symbology), s.name};
    }
  }
  if (!bad.empty()) {
    log_("scanner: bad report ignored: " + bad_detail);
    out_.emit(dev::DeviceStatus{dev::DeviceKind::Scanner, name, dev::Link::Error, bad});
  }
  if (recovered) out_.emit(dev::DeviceStatus{dev::DeviceKind::Scanner, name, dev::Link::Ready, {}});
  if (scan) out_.emit(std::move(*scan));
}

}  // namespace hp::usb
