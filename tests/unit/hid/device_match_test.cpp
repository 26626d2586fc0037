#include "drivers/usb/device_match.hpp"

#include <doctest/doctest.h>

#include "drivers/usb/devices_config.hpp"

using hp::usb::DevicesConfig;
using hp::usb::DriverKind;
using hp::usb::InterfaceInfo;
using hp::usb::UsbIdentity;

namespace {

InterfaceInfo hid(std::uint8_t n, std::uint8_t sub, std::uint8_t proto, std::optional<std::uint16_t> page = {}) {
  InterfaceInfo i;
  i.number = n;
  i.cls = 3;
  i.subclass = sub;
  i.protocol = proto;
  i.in_ep = 0x81;
  if (page) {
    hp::hid::HidDescriptorSummary s;
    s.applications.push_back({*page, 1});
    i.hid = s;
  }
  return i;
}

InterfaceInfo printer_iface(std::uint8_t n) {
  InterfaceInfo i;
  i.number = n;
  i.cls = 7;
  i.subclass = 1;
  i.protocol = 2;
  i.out_ep = 0x01;
  i.in_ep = 0x82;
  return i;
}

}  // namespace

TEST_CASE("matching order: pin, then known VID:PID, then class") {
  DevicesConfig c;
  UsbIdentity dymo{0x0922, 0x8003, {hid(0, 0, 0)}};
  auto m = hp::usb::match_device(dymo, c);
  REQUIRE(m);
  CHECK(m->driver == DriverKind::HidScale);
  CHECK(m->why == "known");

  UsbIdentity scale_by_class{0x1111, 0x2222, {hid(0, 0, 0, 0x8D)}};
  m = hp::usb::match_device(scale_by_class, c);
  REQUIRE(m);
  CHECK(m->driver == DriverKind::HidScale);
  CHECK(m->why == "class");

  UsbIdentity pos{0x1111, 0x2223, {hid(1, 0, 0, 0x8C)}};
  m = hp::usb::match_device(pos, c);
  REQUIRE(m);
  CHECK(m->driver == DriverKind::HidPosScanner);
  CHECK(m->interface == 1);

  UsbIdentity printer{0x3333, 0x4444, {printer_iface(0)}};
  m = hp::usb::match_device(printer, c);
  REQUIRE(m);
  CHECK(m->driver == DriverKind::Printer);

  UsbIdentity keyboard{0x5555, 0x6666, {hid(0, 1, 1)}};
  m = hp::usb::match_device(keyboard, c);
  REQUIRE(m);
  CHECK(m->driver == DriverKind::KeyboardScanner);
  c.claim_unknown_keyboards = false;
  CHECK_FALSE(hp::usb::match_device(keyboard, c));

  UsbIdentity mouse{0x5555, 0x6667, {hid(0, 1, 2)}};
  CHECK_FALSE(hp::usb::match_device(mouse, c));
  CHECK_FALSE(hp::usb::wants_report_descriptor(mouse, mouse.interfaces[0], c));

  // A pin wins over both, and "ignore" leaves a known device alone.
  c.pins.push_back({0x5555, 0x6666, DriverKind::KeyboardScanner});
  c.pins.push_back({0x0922, 0x8003, DriverKind::Ignore});
  m = hp::usb::match_device(keyboard, c);
  REQUIRE(m);
  CHECK(m->why == "pinned");
  CHECK_FALSE(hp::usb::match_device(dymo, c));
  // A pin to a driver the device cannot serve matches nothing.
  c.pins.push_back({0x3333, 0x4444, DriverKind::HidScale});
  CHECK_FALSE(hp::usb::match_device(printer, c));
}

TEST_CASE("devices.toml: the shipped file parses to the defaults; pins and bad values") {
  auto shipped = hp::usb::load_devices_config(std::string(HP_SOURCE_DIR) + "/config/devices.toml");
  REQUIRE(shipped);
  DevicesConfig d;
  CHECK(shipped->scale_hold_ms == d.scale_hold_ms);
  CHECK(shipped->keyboard_layout == "us");
  CHECK(shipped->pins.empty());
  CHECK(shipped->printer_chunk_bytes == d.printer_chunk_bytes);
  CHECK(shipped->key_timeout_ms == 100);
  CHECK(shipped->printer_status_backoff_ms == d.printer_status_backoff_ms);
  CHECK(shipped->printer_status_attempts == d.printer_status_attempts);
  auto missing = hp::usb::load_devices_config("/nonexistent/devices.toml");
  REQUIRE(missing);

  auto c = hp::usb::parse_devices_config(R"(
[[pin]]
vid = 0x0922
pid = 0x8004
driver = "hid_scale"
[[pin]]
vid = 0x046d
pid = 0xc31c
driver = "ignore"
[scale]
hold_ms = 800
[scanner]
keyboard_layout = "fr"
tab_ends_scan = false
key_timeout_ms = 250
[printer]
status_backoff_ms = 2000
status_attempts = 8
)");
  REQUIRE(c);
  REQUIRE(c->pins.size() == 2);
  CHECK(c->pins[0].pid == 0x8004);
  CHECK(c->pins[1].driver == DriverKind::Ignore);
  CHECK(c->scale_hold_ms == 800);
  CHECK(c->keyboard_layout == "fr");
  CHECK_FALSE(c->tab_ends_scan);
  CHECK(c->key_timeout_ms == 250);
  CHECK(c->printer_status_backoff_ms == 2000);
  CHECK(c->printer_status_attempts == 8);
  CHECK(hp::usb::parse_devices_config("[scanner]\nkey_timeout_ms = 5").error().code == "config.devices_value");
  CHECK(hp::usb::parse_devices_config("[printer]\nstatus_attempts = 0").error().code == "config.devices_value");

  CHECK(hp::usb::parse_devices_config("[scale\nhold_ms = 1").error().code == "config.devices_toml");
  CHECK(hp::usb::parse_devices_config("[scale]\nhold_ms = -1").error().code == "config.devices_value");
  CHECK(hp::usb::parse_devices_config("[scale]\nhold_ms = \"x\"").error().code == "config.devices_value");
  CHECK(hp::usb::parse_devices_config("[scanner]\nkeyboard_layout = \"xx\"").error().code == "config.devices_value");
  CHECK(hp::usb::parse_devices_config("[[pin]]\nvid = 70000\npid = 1\ndriver = \"ignore\"").error().code ==
        "config.devices_value");
  CHECK(hp::usb::parse_devices_config("[[pin]]\nvid = 1\npid = 1\ndriver = \"toaster\"").error().code ==
        "config.devices_value");
}
