#pragma once
// The kiosk's settings, from config/kiosk.toml (or --config). A bad file never stops the
// counter: the kiosk starts with defaults and shows the technician what was wrong.
#include <cstdint>
#include <string>
#include <vector>

#include "shared/result.hpp"
#include "shared/weight.hpp"

namespace hp::app {

struct KioskConfig {
  std::string kiosk_id = "HP-KIOSK-01";
  std::string post_office_name = "Bưu điện Thành phố Hải Phòng";
  std::string post_office_address = "05 Nguyễn Tri Phương, Hồng Bàng, Hải Phòng";
  std::string clerk = "Giao dịch viên";
  std::string language = "vi";          // "vi" or "en"
  std::string trace_base_url = "https://nongsan.haiphong.example/t/";
  int printer_dots = 576;                // 80 mm; 384 for 58 mm
  std::string print_format = "escpos";   // "escpos" (raster, any ESC/POS printer) or "text"
  // A label printer beside the receipt printer (docs/printing.md, "Two printers"): its
  // profile, "zpl", "tspl", "escpos-80" or "escpos-58"; empty: none, labels print on the
  // receipt printer. Crate labels go to it; receipts and reports to the receipt printer.
  std::string label_printer;
  // When the printer for a job's kind is not connected as the job is made: a label goes to
  // the receipt printer (label_fallback), a receipt to an ESC/POS label printer
  // (receipt_fallback). Otherwise the job waits, queued, for its own printer.
  bool label_fallback = true;
  bool receipt_fallback = false;
  int scale_settle_ms = 600;             // how long a value must hold to count as stable
  // A serial counter scale (USB serial adapter or CDC-ACM) instead of a USB HID scale: a
  // /dev/serial/by-id/ path, or "auto" to find /dev/ttyUSB* and /dev/ttyACM*; empty: none.
  std::string serial_scale_port;
  std::string serial_scale_protocol = "toledo8217";  // drivers/serial/scale_protocols.cpp keys
  Milligrams scale_capacity_mg = 30'000'000;
  int max_phone_attempts = 3;            // wrong last-4 tries before the order is locked
  // VietQR receiving account for cash-on-delivery payments.
  std::string vietqr_bank_bin = "970415";
  std::string vietqr_account = "113366668888";
  // Short tones for a good scan, an error and a completed transaction (kiosk/platform/sound).
  bool sound = true;
  // The customer display (docs/customer-display.md): "auto" on a second display when there is
  // one, "window" also in a window of its own when there is none, "off" never.
  std::string customer_display = "auto";
  // How often an enrolled kiosk asks the centre for changes (docs/sync.md); jittered.
  int sync_pull_interval_s = 15;
  // Sync with the centre: how long a connection or an answer may take before a round counts
  // as failed, and the longest wait between retries (docs/sync.md). A slow rural link may need
  // a longer timeout; fault tests use short ones.
  int sync_timeout_ms = 20'000;
  int sync_retry_max_ms = 5 * 60'000;
  // Clerks (docs/clerks.md): the screen locks after this long without a touch or a scan (0:
  // never); an account locks for pin_lock_s after pin_max_tries wrong PINs in a row.
  int idle_lock_s = 300;
  int pin_max_tries = 5;
  int pin_lock_s = 300;
  // Packages (docs/packages.md): how long a package checked in waits for its buyer before it
  // is listed for return, and how many shelf places each lettered row has (A-01..A-NN).
  int hold_days = 7;
  int shelf_places_per_row = 20;
  // The self-service kiosk (docs/self-service.md): "counter", or "self-service" for the
  // customers' kiosk (set by --mode). queue_poll_s: how often a counter that has one beside it
  // looks at the queue (0: it has none, and shows no queue); the self-service kiosk itself
  // looks every self_poll_s, and goes back to its welcome screen self_reset_s after a ticket.
  std::string mode = "counter";
  int queue_poll_s = 0;
  int self_poll_s = 3;
  int self_reset_s = 20;
};

struct LoadedConfig {
  KioskConfig config;
  std::vector<std::string> problems;  // one line per rejected value, for the technician
};

// Reads a TOML file. A missing file gives defaults with no problems; a malformed file or a
// bad value gives defaults for what was bad and a problem line saying where and why.
LoadedConfig load_config(const std::string& path);

}  // namespace hp::app
