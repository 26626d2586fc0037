#pragma once
// config/devices.toml: which USB device gets which driver, and the drivers' settings.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "shared/result.hpp"

namespace hp::usb {

enum class DriverKind { HidScale, KeyboardScanner, HidPosScanner, Printer, LabelPrinter, Ignore };
const char* to_string(DriverKind k);  // "hid_scale", ..., "ignore"
std::optional<DriverKind> driver_kind_from_string(const std::string& s);

struct Pin {
  std::uint16_t vid = 0;
  std::uint16_t pid = 0;
  DriverKind driver = DriverKind::Ignore;
};

struct DevicesConfig {
  std::vector<Pin> pins;
  // Scale
  std::int64_t scale_hold_ms = 500;
  // Scanner
  std::string keyboard_layout = "us";
  bool enter_ends_scan = true;
  bool tab_ends_scan = true;
  // A keyboard the kiosk does not know is taken as a scanner (and so stops typing into the
  // desktop). Turn off on a kiosk with a real keyboard, and pin the scanner instead.
  bool claim_unknown_keyboards = true;
  std::int64_t scan_gap_ms = 1000;    // HID POS: a pause this long drops a half-read scan
  std::int64_t key_timeout_ms = 100;  // keyboard wedge: keys with no Enter for this long are dropped
  // Printer
  std::size_t printer_chunk_bytes = 4096;
  unsigned printer_write_timeout_ms = 5000;
  unsigned printer_status_timeout_ms = 300;
  std::int64_t printer_retry_ms = 500;
  // A status request not answered (or answered with a byte that is no status) is asked again
  // after status_backoff_ms, doubling up to 30 s; after status_attempts such failures in a
  // row, with no good answer between, status checks are given up until the next plug-in.
  std::int64_t printer_status_backoff_ms = 1000;
  int printer_status_attempts = 5;
  // Label printer: ZPL and TSPL printers do not answer ESC/POS status requests (DLE EOT);
  // ask them only of an ESC/POS label model.
  bool label_printer_escpos_status = false;
};

// Errors: "config.devices_toml" (syntax, with line), "config.devices_value" (a bad value).
Result<DevicesConfig> parse_devices_config(const std::string& toml_text);
// A missing file is the default configuration.
Result<DevicesConfig> load_devices_config(const std::string& path);

}  // namespace hp::usb
