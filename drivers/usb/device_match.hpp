#pragma once
// Which driver serves a USB device. Pure: the manager fills UsbIdentity from libusb.
// Order (Odoo's "first supported driver wins", libfprint's id tables):
//   1. a pin in config/devices.toml;
//   2. the table of known VID:PID;
//   3. class: HID usage page 0x8D = scale, 0x8C = barcode scanner, boot keyboard =
//      keyboard-wedge scanner (when allowed), interface class 7 = printer (the label printer
//      for Zebra's and TSC's vendor ids).
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "drivers/hid/report_descriptor.hpp"
#include "drivers/usb/devices_config.hpp"

namespace hp::usb {

inline constexpr std::uint8_t kClassHid = 3;
inline constexpr std::uint8_t kClassPrinter = 7;

struct InterfaceInfo {
  std::uint8_t number = 0;
  std::uint8_t cls = 0, subclass = 0, protocol = 0;
  std::uint8_t in_ep = 0, out_ep = 0;  // first interrupt/bulk IN and OUT endpoints, 0 if none
  std::uint16_t in_max_packet = 0;
  std::optional<hid::HidDescriptorSummary> hid;  // filled when the report descriptor was read
  bool boot_keyboard() const { return cls == kClassHid && subclass == 1 && protocol == 1; }
};

struct UsbIdentity {
  std::uint16_t vid = 0, pid = 0;
  std::vector<InterfaceInfo> interfaces;
};

struct KnownDevice {
  std::uint16_t vid, pid;
  DriverKind driver;
  const char* name;
};
std::span<const KnownDevice> known_devices();
const KnownDevice* find_known(std::uint16_t vid, std::uint16_t pid);

struct DriverMatch {
  DriverKind driver;
  std::uint8_t interface;
  std::string why;  // "pinned", "known", "class"
};

// Whether matching could use the HID report descriptor of this interface (the manager
// reads it only when the answer is yes, to leave unrelated HID devices untouched).
bool wants_report_descriptor(const UsbIdentity& id, const InterfaceInfo& iface, const DevicesConfig& config);

// Vendors whose printers are label printers (ZPL, TSPL): matched as the label printer by class.
bool is_label_printer_vendor(std::uint16_t vid);

std::optional<DriverMatch> match_device(const UsbIdentity& id, const DevicesConfig& config);

}  // namespace hp::usb
