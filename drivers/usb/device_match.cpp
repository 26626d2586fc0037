#include "drivers/usb/device_match.hpp"

namespace hp::usb {
namespace {

// Devices seen at counters. Scales that speak HID POS are matched by class anyway; listing
// them makes the name right and skips probing. Stamps.com 510 (1446:6a73) is absent on
// purpose: it is not HID POS compliant (erjiang/usbscale#4).
constexpr KnownDevice kKnown[] = {
    {0x0922, 0x8003, DriverKind::HidScale, "DYMO M10"},
    {0x0922, 0x8004, DriverKind::HidScale, "DYMO M25"},
    {0x0922, 0x8005, DriverKind::HidScale, "DYMO S100"},
    {0x0922, 0x8009, DriverKind::HidScale, "DYMO S250"},
    {0x0eb8, 0xf000, DriverKind::HidScale, "Mettler Toledo PS60"},
    {0x1446, 0x6a71, DriverKind::HidScale, "Stamps.com Model 2500i"},
    {0x04b8, 0x0202, DriverKind::Printer, "Epson TM-T88"},
    {0x04b8, 0x0e15, DriverKind::Printer, "Epson TM-T20"},
    {0x04b8, 0x0e28, DriverKind::Printer, "Epson TM-T20III"},
    {0x0416, 0x5011, DriverKind::Printer, "Winbond-based POS-58/80"},
    {0x0483, 0x5743, DriverKind::Printer, "Xprinter XP-58"},
    {0x0c2e, 0x0b81, DriverKind::HidPosScanner, "Honeywell Voyager 1400g (HID POS)"},
    {0x0c2e, 0x0b8f, DriverKind::HidPosScanner, "Honeywell Voyager 1400g (HID POS)"},
    {0x05e0, 0x1200, DriverKind::KeyboardScanner, "Symbol/Zebra scanner (keyboard)"},
};

bool serves(DriverKind k, const InterfaceInfo& i) {
  switch (k) {
    case DriverKind::HidScale:
    case DriverKind::HidPosScanner:
    case DriverKind::KeyboardScanner: return i.cls == kClassHid && i.in_ep != 0;
    case DriverKind::Printer:
    case DriverKind::LabelPrinter: return i.cls == kClassPrinter && i.out_ep != 0;
    case DriverKind::Ignore: return false;
  }
  return false;
}

std::optional<DriverMatch> first_serving(const UsbIdentity& id, DriverKind k, const char* why) {
  if (k == DriverKind::Ignore) return std::nullopt;
  for (const auto& i : id.interfaces)
    if (serves(k, i)) return DriverMatch{k, i.number, why};
  return std::nullopt;
}

const Pin* find_pin(const UsbIdentity& id, const DevicesConfig& config) {
  for (const auto& p : config.pins)
    if (p.vid == id.vid && p.pid == id.pid) return &p;
  return nullptr;
}

}  // namespace

bool is_label_printer_vendor(std::uint16_t vid) { return vid == 0x0a5f /* Zebra */ || vid == 0x1203 /* TSC */; }

std::span<const KnownDevice> known_devices() { return kKnown; }

const KnownDevice* find_known(std::uint16_t vid, std::uint16_t pid) {
  for (const auto& k : kKnown)
    if (k.vid == vid && k.pid == pid) return &k;
  return nullptr;
}

bool wants_report_descriptor(const UsbIdentity& id, const InterfaceInfo& iface, const DevicesConfig& config) {
  if (iface.cls != kClassHid || iface.in_ep == 0) return false;
  if (const Pin* p = find_pin(id, config)) return p->driver == DriverKind::HidScale;  // for zero support
  if (const KnownDevice* k = find_known(id.vid, id.pid)) return k->driver == DriverKind::HidScale;
  // Mice (boot protocol 2) and keyboards are decided without it.
  return iface.subclass == 0;
}

std::optional<DriverMatch> match_device(const UsbIdentity& id, const DevicesConfig& config) {
  if (const Pin* p = find_pin(id, config)) return first_serving(id, p->driver, "pinned");
  if (const KnownDevice* k = find_known(id.vid, id.pid)) return first_serving(id, k->driver, "known");
  for (const auto& i : id.interfaces) {
    if (i.cls == kClassHid && i.in_ep != 0 && i.hid) {
      if (i.hid->has_application_page(hid::kPageScale)) return DriverMatch{DriverKind::HidScale, i.number, "class"};
      if (i.hid->has_application_page(hid::kPageBarcodeScanner))
        return DriverMatch{DriverKind::HidPosScanner, i.number, "class"};
    }
  }
  // Zebra and TSC make label printers only: one of theirs is the label printer, never the
  // receipt printer, even when it is the only printer plugged in.
  const DriverKind printer = is_label_printer_vendor(id.vid) ? DriverKind::LabelPrinter : DriverKind::Printer;
  for (const auto& i : id.interfaces)
    if (serves(printer, i)) return DriverMatch{printer, i.number, "class"};
  if (config.claim_unknown_keyboards)
    for (const auto& i : id.interfaces)
      if (i.boot_keyboard() && i.in_ep != 0) return DriverMatch{DriverKind::KeyboardScanner, i.number, "class"};
  return std::nullopt;
}

}  // namespace hp::usb
