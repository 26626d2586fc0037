#pragma once
// Emulated counter devices on top of FakeDevice: a HID POS scale, a keyboard-wedge scanner,
// a HID POS barcode scanner and an ESC/POS receipt printer.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "tests/usb/fake_usb.hpp"

namespace hp::usbtest {

// Holds a device's answer until opened (or a timeout), so a test can see what the host does
// while a transfer is outstanding.
struct Gate {
  void open() {
    std::lock_guard lock(m);
    opened = true;
    cv.notify_all();
  }
  // On the emulator's thread: waits up to ms for open().
  void pass(int ms = 3000) {
    std::unique_lock lock(m);
    waiting = true;
    cv.notify_all();
    cv.wait_for(lock, std::chrono::milliseconds(ms), [&] { return opened; });
  }
  // Whether a transfer reached the gate, within ms.
  bool reached(int ms = 2000) {
    std::unique_lock lock(m);
    return cv.wait_for(lock, std::chrono::milliseconds(ms), [&] { return waiting; });
  }
  std::mutex m;
  std::condition_variable cv;
  bool opened = false;
  bool waiting = false;
};

struct ScaleModel {
  std::uint16_t vid = 0x0922, pid = 0x8003;  // DYMO M10
  std::string kernel_driver = "usbhid";
  bool zero_control = true;  // declares the HID POS "Zero Scale" output report
  std::string product = "M10 10 kg Digital Postal Scale";
  bool refuse_claim = false;
  std::shared_ptr<Gate> zero_gate = nullptr;  // when set, SET_REPORT (zero) is answered once it opens
};

struct FakeScale {
  std::shared_ptr<FakeDevice> dev;
  std::shared_ptr<std::atomic<int>> zero_requests = std::make_shared<std::atomic<int>>(0);
  // The report the scale sends again and again (as real scales do while powered).
  void send_continuously(const std::vector<std::uint8_t>& report) { dev->set_in_default(0x82, report); }
  void send_once(const std::vector<std::uint8_t>& report) { dev->queue_in(0x82, report); }
};
FakeScale add_scale(UMockdevTestbed* tb, const std::string& sysname, int devnum, ScaleModel model = {});

struct FakeKeyboardScanner {
  std::shared_ptr<FakeDevice> dev;
  void send(const std::vector<std::uint8_t>& report) { dev->queue_in(0x81, report); }
  // Types ASCII text (US layout) followed by Enter.
  void type(const std::string& text);
};
struct KeyboardModel {
  // Scanners that answer SET_PROTOCOL (boot) or SET_IDLE with a STALL.
  bool stall_set_protocol = false;
  bool stall_set_idle = false;
};
// An unknown VID:PID (1eab:1a03): matched as a boot keyboard, usbhid bound.
FakeKeyboardScanner add_keyboard_scanner(UMockdevTestbed* tb, const std::string& sysname, int devnum,
                                         KeyboardModel model = {});

struct FakePosScanner {
  std::shared_ptr<FakeDevice> dev;
  // Sends code in 56-byte chunks with the AIM identifier ("E0", without ']').
  void scan(const std::string& aim, const std::string& code);
};
// An unknown VID:PID (0c2e:0b87) found by its usage page 0x8C; no kernel driver bound.
FakePosScanner add_pos_scanner(UMockdevTestbed* tb, const std::string& sysname, int devnum);

struct PrinterState {
  std::atomic<std::uint8_t> printer{0x12}, offline_cause{0x12}, error_cause{0x12}, paper{0x12};
  std::atomic<bool> answers{true};
  std::atomic<int> status_requests{0};
  // The next `silent` status requests get no answer (the host's read times out); the next
  // `garbled` answers are 0xFF, which has the fixed bits of no status byte.
  std::atomic<int> silent{0};
  std::atomic<int> garbled{0};
};

struct PrinterModel {
  bool bidirectional = true;  // false: bulk OUT only (printer protocol 1), no status at all
  std::uint16_t vid = 0x04b8, pid = 0x0e15;  // EPSON TM-T20
  std::string manufacturer = "EPSON", product = "TM-T20";
  std::string device_id = "MFG:EPSON;CMD:ESC/POS;MDL:TM-T20;CLS:PRINTER;DES:TM-T20;";  // IEEE 1284
};
// A Zebra label printer speaking ZPL (Zebra's vendor id, 0a5f), for the two-printer counter.
PrinterModel zebra_label_printer();

struct FakePrinter {
  std::shared_ptr<FakeDevice> dev;
  std::shared_ptr<PrinterState> state;
  // Bytes received on the bulk OUT endpoint, without the DLE EOT status requests.
  std::vector<std::uint8_t> printed();
  void set_online() { state->printer = 0x12; state->offline_cause = 0x12; state->paper = 0x12; }
  void set_cover_open() { state->printer = 0x1A; state->offline_cause = 0x16; }
  void set_paper_out() { state->printer = 0x1A; state->offline_cause = 0x32; state->paper = 0x72; }
  void set_offline() { state->printer = 0x1A; state->offline_cause = 0x12; }
};
// EPSON TM-T20 (04b8:0e15), printer class, bulk OUT 0x01, bulk IN 0x82.
FakePrinter add_printer(UMockdevTestbed* tb, const std::string& sysname, int devnum,
                        std::shared_ptr<PrinterState> state = std::make_shared<PrinterState>(),
                        PrinterModel model = {});

// Removes DLE EOT n sequences from a captured stream.
std::vector<std::uint8_t> strip_status_requests(const std::vector<std::uint8_t>& bytes);

}  // namespace hp::usbtest
