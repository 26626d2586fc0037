#pragma once
// hp::usb::DeviceManager: the kiosk's USB devices. Owns (or borrows) one libusb context and
// runs one event thread. Devices are found by hotplug where libusb supports it, otherwise
// by polling the bus; each is given to the first driver that serves it (see
// device_match.hpp) and its interface is claimed with the kernel driver detached.
//
//   hp::usb::DeviceManager usb(sink, {.config = *hp::usb::load_devices_config(path)});
//   usb.start();
//   usb.scale().request_zero();          // hp::dev::Scale: a ScaleZeroed follows
//   usb.printer().submit(job);           // hp::dev::Printer: a PrintDone follows
//   usb.printer().request_drawer_kick(); // a DrawerKicked follows
//   usb.stop();                          // or let it go out of scope
//
// Events (DeviceStatus, ScaleReading, Scan, PrintDone, ScaleZeroed, DrawerKicked) reach the
// sink from the manager's threads; the sink must be thread safe and must not block. Requests
// return at once from any thread; the transfers they need run on the event thread (scale,
// claims, descriptors) or the printer's thread, which check they are that thread.
#include <libusb.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "drivers/device.hpp"
#include "drivers/usb/device_match.hpp"
#include "drivers/usb/devices_config.hpp"
#include "drivers/usb/interrupt_reader.hpp"
#include "drivers/usb/usb_handle.hpp"
#include "drivers/usb/usb_printer.hpp"
#include "drivers/usb/usb_scale.hpp"
#include "drivers/usb/usb_scanner.hpp"
#include "shared/clock.hpp"
#include "shared/thread_owner.hpp"

namespace hp::usb {

struct ManagerOptions {
  DevicesConfig config;
  libusb_context* context = nullptr;  // borrowed when set (tests); otherwise the manager makes one
  const Clock* clock = nullptr;       // for reading timestamps; system time when null
  bool force_polling = false;         // ignore hotplug support (tests of the fallback)
  int poll_interval_ms = 500;
  std::function<void(const std::string&)> log = {};  // stderr when empty
};

struct DeviceInfo {
  std::uint16_t vid = 0, pid = 0;
  std::uint8_t bus = 0, address = 0;
  std::string name;
  std::string driver;  // "hid_scale", ..., or "" when no driver serves it
  std::string state;   // "ready", "standby" (same kind already bound), "unclaimed", "error: <key>"
};

class DeviceManager {
 public:
  DeviceManager(dev::DeviceSink sink, ManagerOptions options = {});
  ~DeviceManager();
  DeviceManager(const DeviceManager&) = delete;
  DeviceManager& operator=(const DeviceManager&) = delete;

  // Errors: "usb.init". Devices already plugged in are reported right after. A manager is
  // started once: after stop() (which gives every interface back to its kernel driver)
  // make a new one.
  Status start();
  void stop();

  UsbScale& scale() { return *scale_; }
  UsbScanner& scanner() { return *scanner_; }
  UsbPrinter& printer() { return *printer_; }
  UsbPrinter& label_printer() { return *label_printer_; }

  std::vector<DeviceInfo> devices() const;
  bool hotplug() const { return hotplug_handle_.has_value(); }

 private:
  struct Record;
  static int LIBUSB_CALL on_hotplug(libusb_context*, libusb_device*, libusb_hotplug_event, void*);
  void run();
  void arrive(libusb_device* dev, bool retry = false);
  void leave(libusb_device* dev);
  void close_record(Record& r, const std::string& reason);
  void poll_bus();
  void retry_claims(std::int64_t now);
  void process_pending();
  void log(const std::string& line) const;
  std::int64_t now_ms() const;

  ManagerOptions options_;
  dev::DeviceSink sink_;
  Clock system_clock_;
  const Clock* clock_;
  std::unique_ptr<UsbContext> owned_;
  libusb_context* ctx_ = nullptr;
  ThreadOwner event_thread_;  // hp-usb-events, from run(): every control transfer runs there
  const hid::KeyboardLayout* layout_;
  std::unique_ptr<UsbScale> scale_;
  std::unique_ptr<UsbScanner> scanner_;
  std::unique_ptr<UsbPrinter> printer_;
  std::unique_ptr<UsbPrinter> label_printer_;  // beside the receipt printer, when one is plugged in

  mutable std::mutex m_;  // records_ (for devices()) and pending_
  std::vector<std::unique_ptr<Record>> records_;
  std::vector<std::pair<libusb_device*, bool>> pending_;  // (device, arrived), each holding a ref
  std::optional<libusb_hotplug_callback_handle> hotplug_handle_;
  std::atomic<bool> running_{false};
  std::thread thread_;
  int next_slot_ = 1;
};

}  // namespace hp::usb
