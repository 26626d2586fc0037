#include "drivers/serial/serial_scanner.hpp"

#include "drivers/serial/scale_protocols.hpp"
#include "shared/text.hpp"

namespace hp::dev {

Result<Scan> parse_scanner_line(std::string_view line, std::string_view source) {
  Scan scan;
  scan.source = std::string(source);
  if (line.size() >= 3 && line[0] == ']') {
    scan.symbology = std::string(line.substr(0, 3));
    line.remove_prefix(3);
  }
  // Control characters inside the data are kept: GS1 codes separate fields with GS (0x1d).
  if (line.empty()) return fail("scan.empty", "scanner sent a line without data");
  scan.text = to_nfc(line);
  return scan;
}

SerialScanner::SerialScanner(SerialScannerOptions options)
    : options_(std::move(options)),
      name_(options_.name.empty()
                ? "Serial scanner (" + (options_.path.empty() ? std::string("auto") : options_.path) + ")"
                : options_.name) {}

SerialScanner::~SerialScanner() { stop(); }

void SerialScanner::start(DeviceSink sink) {
  stop();
  wake_.drain();
  thread_ = std::jthread([this, sink = std::move(sink)](std::stop_token st) {
    PortLoop loop{DeviceKind::Scanner, name_,
                  PortSpec{options_.path, options_.settings, options_.reopen_interval}, &wake_, sink, {}};
    run_port_loop(st, loop, [&](SerialPort& port) { session(st, port, sink); });
  });
}

void SerialScanner::stop() {
  if (!thread_.joinable()) return;
  thread_.request_stop();
  wake_.signal();
  thread_.join();
}

void SerialScanner::session(std::stop_token st, SerialPort& port, const DeviceSink& sink) {
  FrameSplitter lines('\0', "\r\n", options_.max_line, false);
  while (!st.stop_requested()) {
    switch (port.wait(wake_.fd(), std::chrono::milliseconds(60'000))) {
      case SerialPort::Wait::Stopped:
        wake_.drain();
        continue;
      case SerialPort::Wait::Gone:
        return;
      case SerialPort::Wait::Timeout:
        continue;
      case SerialPort::Wait::Readable:
        break;
    }
    auto bytes = port.read_available();
    if (!bytes) return;
    for (const auto& line : lines.push(*bytes)) {
      if (auto scan = parse_scanner_line(line, name_); scan && sink) sink(std::move(*scan));
    }
  }
}

}  // namespace hp::dev
