#pragma once
// A barcode scanner in USB serial (CDC-ACM) or RS-232 mode: one code per line, ended by CR
// and/or LF, optionally led by an AIM symbology identifier ("]E0"). Serial mode is preferred
// over keyboard mode: no keyboard layout guessing, and the code never lands in a text field.
#include <string>
#include <string_view>
#include <thread>

#include "drivers/device.hpp"
#include "drivers/serial/port_loop.hpp"
#include "drivers/serial/serial_port.hpp"
#include "shared/result.hpp"

namespace hp::dev {

// One line (without its CR/LF) to a Scan: the AIM prefix "]" + 2 characters moves to
// symbology, the text is NFC. "scan.empty" for a line with no data.
Result<Scan> parse_scanner_line(std::string_view line, std::string_view source);

struct SerialScannerOptions {
  std::string path;                                  // /dev/serial/by-id/... or empty / "auto"
  SerialSettings settings{9600, 8, Parity::None, 1}; // CDC-ACM ignores it; RS-232 needs it
  std::string name;                                  // default "Serial scanner (<path>)"
  std::size_t max_line = 4096;                       // longer lines are noise, dropped
  std::chrono::milliseconds reopen_interval{1000};
};

class SerialScanner final : public Scanner {
 public:
  explicit SerialScanner(SerialScannerOptions options);
  ~SerialScanner() override;
  SerialScanner(const SerialScanner&) = delete;
  SerialScanner& operator=(const SerialScanner&) = delete;

  std::string name() const override { return name_; }
  void start(DeviceSink sink) override;
  void stop() override;

 private:
  void session(std::stop_token st, SerialPort& port, const DeviceSink& sink);

  SerialScannerOptions options_;
  std::string name_;
  WakeFd wake_;
  std::jthread thread_;  // last member
};

}  // namespace hp::dev
