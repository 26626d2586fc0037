// Scale and scanners through the real libusb against emulated devices.
#include <doctest/doctest.h>

#include <cmath>
#include <thread>

#include "tests/usb/usb_fixture.hpp"

using namespace hp::usbtest;
using hp::dev::DeviceKind;
using hp::dev::DeviceStatus;
using hp::dev::Link;
using hp::dev::Scan;
using hp::dev::ScaleReading;
using hp::dev::ScaleState;
using hp::dev::ScaleZeroed;

namespace {

std::optional<ScaleState> state_named(const std::string& s) {
  for (auto st : {ScaleState::Fault, ScaleState::Zero, ScaleState::InMotion, ScaleState::Stable, ScaleState::UnderZero,
                  ScaleState::OverCapacity, ScaleState::NeedsCalibration, ScaleState::NeedsRezero})
    if (s == hp::dev::to_string(st)) return st;
  return std::nullopt;
}

}  // namespace

TEST_CASE("HID scale: every vector report, read through libusb, with the kernel driver detached") {
  UsbBus bus;
  auto scale = bus.scale("1-1", 2);
  REQUIRE(scale.dev->kernel_driver_bound());
  bus.start();
  REQUIRE(bus.events.wait_for<DeviceStatus>(status_is(DeviceKind::Scale, Link::Ready)) >= 0);
  CHECK(scale.dev->claimed() == 1u);
  CHECK_FALSE(scale.dev->kernel_driver_bound());  // usbhid detached: nothing else reads it
  auto st = bus.events.all<DeviceStatus>();
  CHECK(st.front().name.find("DYMO") != std::string::npos);
  CHECK(st.front().name.find("0922:8003") != std::string::npos);

  auto doc = load_vectors("usb_hid_scale.json");
  REQUIRE(doc["vectors"].size() >= 9);
  int checked = 0;
  for (const auto& v : doc["vectors"]) {
    std::string hex = v["report_hex"].get<std::string>();
    CAPTURE(hex);
    std::size_t from = bus.events.size();
    scale.send_continuously(unhex(hex));
    const auto& e = v["expect"];
    if (e["grams"].is_null()) {
      // No usable weight: reported as an error, never as a reading.
      CHECK(bus.events.wait_for<DeviceStatus>(status_is(DeviceKind::Scale, Link::Error, "scale.unit"), from) >= 0);
      std::this_thread::sleep_for(std::chrono::milliseconds(60));
      CHECK(bus.events.all<ScaleReading>(from).empty());
    } else {
      auto want_state = state_named(e["status"].get<std::string>());
      REQUIRE(want_state);
      hp::Milligrams want_mg = std::llround(e["grams"].get<double>() * 1000.0);
      long at = bus.events.wait_for<ScaleReading>(
          [&](const ScaleReading& r) { return r.state == *want_state && r.mg == want_mg; }, from);
      CHECK(at >= 0);
      // Nothing but the expected weight (on its way to stable) came out for this report.
      for (const auto& r : bus.events.all<ScaleReading>(from)) CHECK(r.mg == want_mg);
    }
    ++checked;
  }
  CHECK(checked == static_cast<int>(doc["vectors"].size()));
  bus.manager->stop();
  CHECK(scale.dev->kernel_driver_bound());  // given back to usbhid on exit
  CHECK(scale.dev->claimed() == 0u);
}

TEST_CASE("HID scale: the stale first reading is dropped; the last reading is re-emitted on request") {
  UsbBus bus;
  auto scale = bus.scale("1-1", 2);
  scale.send_once({3, 4, 2, 0, 0x88, 0x13});  // 5000 g left over from before
  bus.start();
  std::size_t from = 0;
  scale.send_continuously({3, 4, 2, 0, 0xE8, 0x03});  // 1000 g on the scale now
  REQUIRE(bus.events.wait_for<ScaleReading>([](const ScaleReading& r) {
    return r.state == ScaleState::Stable && r.mg == 1'000'000;
  }) >= 0);
  for (const auto& r : bus.events.all<ScaleReading>(from)) CHECK(r.mg != 5'000'000);
  // The drop-off screen opens: the weight already on the scale is read again.
  std::size_t before = bus.events.size();
  CHECK(bus.manager->scale().refresh());
  CHECK(bus.events.wait_for<ScaleReading>([](const ScaleReading& r) {
    return r.state == ScaleState::Stable && r.mg == 1'000'000;
  }, before, 500) >= 0);
}

TEST_CASE("HID scale: zero from the kiosk where the scale supports it, answered by ScaleZeroed") {
  UsbBus bus;
  auto with_zero = bus.scale("1-1", 2);
  bus.start();
  REQUIRE(bus.events.wait_for<DeviceStatus>(status_is(DeviceKind::Scale, Link::Ready)) >= 0);
  auto zeroed = [&](bool ok, std::string reason, std::size_t from) {
    return bus.events.wait_for<ScaleZeroed>(
        [&](const ScaleZeroed& z) { return z.ok == ok && z.reason == reason; }, from);
  };
  bus.manager->scale().request_zero();
  CHECK(zeroed(true, "", 0) >= 0);
  CHECK(*with_zero.zero_requests == 1);
  // Replaced by a scale without the Zero Scale control: the kiosk must tare in software.
  std::size_t from = bus.events.size();
  with_zero.dev->unplug();
  REQUIRE(bus.events.wait_for<DeviceStatus>(status_is(DeviceKind::Scale, Link::Disconnected, "scale.unplugged"), from) >= 0);
  bus.manager->scale().request_zero();
  CHECK(zeroed(false, "scale.unplugged", from) >= 0);
  auto plain = bus.scale("1-1", 3, ScaleModel{.vid = 0x0922, .pid = 0x8004, .kernel_driver = "usbhid", .zero_control = false});
  REQUIRE(bus.events.wait_for<DeviceStatus>(status_is(DeviceKind::Scale, Link::Ready), from) >= 0);
  from = bus.events.size();
  bus.manager->scale().request_zero();
  CHECK(zeroed(false, "scale.zero_unsupported", from) >= 0);
  CHECK(bus.events.all<ScaleZeroed>().size() == 3);  // one answer per request
}

TEST_CASE("HID scale: bad reports are reported and never become weights") {
  UsbBus bus;
  // Unknown VID:PID and no kernel driver: found by its usage page 0x8D.
  auto scale = bus.scale("1-4", 7, ScaleModel{.vid = 0x1234, .pid = 0x5678, .kernel_driver = "", .zero_control = false});
  bus.start();
  REQUIRE(bus.events.wait_for<DeviceStatus>(status_is(DeviceKind::Scale, Link::Ready)) >= 0);
  const std::pair<std::vector<std::uint8_t>, const char*> bad[] = {
      {{3, 4, 2, 0, 0x6e}, "scale.report_size"},
      {{3, 4, 2, 0, 0x6e, 3, 0, 0}, "scale.report_size"},
      {{3, 0, 2, 0, 0x6e, 3}, "scale.status"},
      {{3, 4, 0x42, 0, 0x6e, 3}, "scale.unit"},
  };
  for (const auto& [bytes, code] : bad) {
    CAPTURE(code);
    std::size_t from = bus.events.size();
    scale.send_continuously(bytes);
    CHECK(bus.events.wait_for<DeviceStatus>(status_is(DeviceKind::Scale, Link::Error, code), from) >= 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    CHECK(bus.events.all<ScaleReading>(from).empty());
    // A good report recovers.
    from = bus.events.size();
    scale.send_continuously({3, 4, 2, 0, 0x6e, 3});
    CHECK(bus.events.wait_for<DeviceStatus>(status_is(DeviceKind::Scale, Link::Ready), from) >= 0);
    CHECK(bus.events.wait_for<ScaleReading>([](const ScaleReading& r) {
      return r.mg == 878'000 && r.state == ScaleState::Stable;
    }, from) >= 0);
  }
  bool logged = false;
  {
    std::lock_guard lock(bus.log_mutex);
    for (const auto& l : bus.logs) logged = logged || l.find("bad report") != std::string::npos;
  }
  CHECK(logged);
}

TEST_CASE("HID scale: unplug and replug mid-use, reported within a second") {
  UsbBus bus;
  auto scale = bus.scale("1-1", 2);
  bus.start();
  scale.send_continuously({3, 4, 2, 0, 0xE8, 0x03});
  REQUIRE(bus.events.wait_for<ScaleReading>([](const ScaleReading& r) { return r.state == ScaleState::Stable; }) >= 0);
  std::size_t from = bus.events.size();
  auto t0 = std::chrono::steady_clock::now();
  scale.dev->unplug();
  REQUIRE(bus.events.wait_for<DeviceStatus>(status_is(DeviceKind::Scale, Link::Disconnected, "scale.unplugged"), from, 1000) >= 0);
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(1));
  CHECK_FALSE(bus.manager->scale().refresh());  // no stale weight while unplugged
  // Plugged back in (the Dymo powered itself off and on): a new device number.
  from = bus.events.size();
  t0 = std::chrono::steady_clock::now();
  auto again = bus.scale("1-1", 9);
  again.send_continuously({3, 4, 2, 0, 0xD0, 0x07});
  REQUIRE(bus.events.wait_for<DeviceStatus>(status_is(DeviceKind::Scale, Link::Ready), from, 1000) >= 0);
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(1));
  CHECK(bus.events.wait_for<ScaleReading>([](const ScaleReading& r) {
    return r.state == ScaleState::Stable && r.mg == 2'000'000;
  }, from) >= 0);
}

TEST_CASE("HID scale: the polling fallback finds and loses devices too") {
  UsbBus bus;
  bus.start(fast_config(), /*polling=*/true);
  CHECK_FALSE(bus.manager->hotplug());
  auto scale = bus.scale("1-1", 2);
  scale.send_continuously({3, 2, 2, 0, 0, 0});
  REQUIRE(bus.events.wait_for<DeviceStatus>(status_is(DeviceKind::Scale, Link::Ready), 0, 1000) >= 0);
  CHECK(bus.events.wait_for<ScaleReading>([](const ScaleReading& r) { return r.state == ScaleState::Zero; }) >= 0);
  std::size_t from = bus.events.size();
  scale.dev->unplug();
  CHECK(bus.events.wait_for<DeviceStatus>(status_is(DeviceKind::Scale, Link::Disconnected, "scale.unplugged"), from, 1000) >= 0);
}

TEST_CASE("keyboard scanner: every vector sequence and report, kernel driver detached") {
  UsbBus bus;
  auto scanner = bus.keyboard("1-2", 3);
  bus.start();
  REQUIRE(bus.events.wait_for<DeviceStatus>(status_is(DeviceKind::Scanner, Link::Ready)) >= 0);
  CHECK_FALSE(scanner.dev->kernel_driver_bound());
  auto doc = load_vectors("hid_keyboard.json");
  int n = 0;
  for (const auto& s : doc["sequences"]) {
    std::size_t from = bus.events.size();
    for (const auto& h : s["reports_hex"]) scanner.send(unhex(h.get<std::string>()));
    std::string expect = s["expect_text"].get<std::string>();
    expect.pop_back();  // the Enter suffix
    REQUIRE(bus.events.wait_for<Scan>([&](const Scan& sc) { return sc.text == expect; }, from) >= 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    CHECK(bus.events.all<Scan>(from).size() == 1);  // the Ctrl+Shift+J suffix typed nothing
    ++n;
  }
  for (const auto& s : doc["single_reports"]) {
    std::size_t from = bus.events.size();
    scanner.send(unhex(s["report_hex"].get<std::string>()));
    scanner.send(std::vector<std::uint8_t>(8, 0));
    scanner.send({0, 0, 0x28, 0, 0, 0, 0, 0});
    scanner.send(std::vector<std::uint8_t>(8, 0));
    std::string want = s["expect_char"].get<std::string>();
    CHECK(bus.events.wait_for<Scan>([&](const Scan& sc) { return sc.text == want; }, from) >= 0);
    ++n;
  }
  CHECK(n == static_cast<int>(doc["sequences"].size() + doc["single_reports"].size()));
  // AIM prefix typed by the scanner is passed on as the symbology; GS kept.
  std::size_t from = bus.events.size();
  scanner.type("]C1010950110153000310ABC\x1D" "21XYZ");
  long at = bus.events.wait_for<Scan>([](const Scan& sc) { return sc.symbology == "]C1"; }, from);
  REQUIRE(at >= 0);
  auto scans = bus.events.all<Scan>(from);
  REQUIRE(scans.size() == 1);
  CHECK(scans[0].text == "010950110153000310ABC\x1D" "21XYZ");
  CHECK(scans[0].source.find("1eab:1a03") != std::string::npos);
  // A short report is reported, not typed.
  from = bus.events.size();
  scanner.send({0, 0, 0x1E});
  CHECK(bus.events.wait_for<DeviceStatus>(status_is(DeviceKind::Scanner, Link::Error, "scanner.report_size"), from) >= 0);
  bus.manager->stop();
  CHECK(scanner.dev->kernel_driver_bound());
}

TEST_CASE("keyboard scanner: unplug mid-scan and replug; the half scan never comes out") {
  UsbBus bus;
  auto scanner = bus.keyboard("1-2", 3);
  bus.start();
  REQUIRE(bus.events.wait_for<DeviceStatus>(status_is(DeviceKind::Scanner, Link::Ready)) >= 0);
  scanner.send({0, 0, 0x1E, 0, 0, 0, 0, 0});  // "1" and no Enter
  scanner.send(std::vector<std::uint8_t>(8, 0));
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  std::size_t from = bus.events.size();
  scanner.dev->unplug();
  REQUIRE(bus.events.wait_for<DeviceStatus>(status_is(DeviceKind::Scanner, Link::Disconnected, "scanner.unplugged"), from, 1000) >= 0);
  auto again = bus.keyboard("1-2", 8);
  REQUIRE(bus.events.wait_for<DeviceStatus>(status_is(DeviceKind::Scanner, Link::Ready), from, 1000) >= 0);
  again.type("ABC123");
  REQUIRE(bus.events.wait_for<Scan>([](const Scan& s) { return s.text == "ABC123"; }, from) >= 0);
  CHECK(bus.events.all<Scan>(from).size() == 1);
}

TEST_CASE("HID POS scanner: found by usage page 0x8C, symbology passed on, long codes joined") {
  UsbBus bus;
  auto scanner = bus.pos_scanner("1-3", 4);
  bus.start();
  REQUIRE(bus.events.wait_for<DeviceStatus>(status_is(DeviceKind::Scanner, Link::Ready)) >= 0);
  scanner.scan("E0", "2112345678900");
  REQUIRE(bus.events.wait_for<Scan>([](const Scan& s) { return s.text == "2112345678900"; }) >= 0);
  auto scans = bus.events.all<Scan>();
  CHECK(scans[0].symbology == "]E0");
  std::string gs1 = "0112312312312333" "10ABC123\x1D" "99" + std::string(60, 'T');
  std::size_t from = bus.events.size();
  scanner.scan("d2", gs1);
  REQUIRE(bus.events.wait_for<Scan>([&](const Scan& s) { return s.text == gs1 && s.symbology == "]d2"; }, from) >= 0);
  CHECK(bus.events.all<Scan>(from).size() == 1);
  // Unplug and replug mid-use.
  from = bus.events.size();
  scanner.dev->unplug();
  REQUIRE(bus.events.wait_for<DeviceStatus>(status_is(DeviceKind::Scanner, Link::Disconnected, "scanner.unplugged"), from, 1000) >= 0);
  auto again = bus.pos_scanner("1-3", 10);
  REQUIRE(bus.events.wait_for<DeviceStatus>(status_is(DeviceKind::Scanner, Link::Ready), from, 1000) >= 0);
  again.scan("Q3", "https://example.vn/p/ABC");
  CHECK(bus.events.wait_for<Scan>([](const Scan& s) { return s.symbology == "]Q3" && s.text == "https://example.vn/p/ABC"; }, from) >= 0);
}

TEST_CASE("devices() lists what is plugged in, with driver and state") {
  UsbBus bus;
  auto scale = bus.scale("1-1", 2);
  auto kbd = bus.keyboard("1-2", 3);
  auto printer = bus.printer("1-3", 4);
  bus.start();
  REQUIRE(bus.events.wait_for<DeviceStatus>(status_is(DeviceKind::Printer, Link::Ready)) >= 0);
  REQUIRE(bus.events.wait_for<DeviceStatus>(status_is(DeviceKind::Scanner, Link::Ready)) >= 0);
  REQUIRE(bus.events.wait_for<DeviceStatus>(status_is(DeviceKind::Scale, Link::Ready)) >= 0);
  auto list = bus.manager->devices();
  REQUIRE(list.size() == 3);
  int ready = 0;
  for (const auto& d : list) {
    CAPTURE(d.name);
    CAPTURE(d.driver);
    CHECK(d.state == "ready");
    ready += d.state == "ready";
    if (d.vid == 0x0922) CHECK(d.driver == "hid_scale");
    if (d.vid == 0x1eab) CHECK(d.driver == "keyboard_scanner");
    if (d.vid == 0x04b8) {
      CHECK(d.driver == "usb_printer");
      CHECK(d.name == "EPSON TM-T20 (04b8:0e15)");
    }
  }
  CHECK(ready == 3);
}

TEST_CASE("a device the kiosk cannot claim is reported, and claimed once it is free") {
  UsbBus bus;
  auto busy = bus.scale("1-1", 2, ScaleModel{.refuse_claim = true});
  bus.start();
  REQUIRE(bus.events.wait_for<DeviceStatus>(status_is(DeviceKind::Scale, Link::Error, "usb.claim")) >= 0);
  auto list = bus.manager->devices();
  REQUIRE(list.size() == 1);
  CHECK(list[0].state == "error: usb.claim");
  CHECK_FALSE(bus.manager->scale().connected());
  bus.manager->scale().request_zero();
  CHECK(bus.events.wait_for<ScaleZeroed>([](const ScaleZeroed& z) { return !z.ok && z.reason == "scale.unplugged"; }) >= 0);
  // Retried every 2 s without repeating the error; claimed once the other program lets go.
  std::this_thread::sleep_for(std::chrono::milliseconds(2300));
  std::size_t errors = 0;
  for (const auto& s : bus.events.all<DeviceStatus>()) errors += s.reason == "usb.claim";
  CHECK(errors == 1);
  busy.dev->set_refuse_claim(false);
  busy.send_continuously({3, 4, 2, 0, 0x6e, 3});
  REQUIRE(bus.events.wait_for<DeviceStatus>(status_is(DeviceKind::Scale, Link::Ready), 0, 3000) >= 0);
  CHECK(bus.events.wait_for<ScaleReading>([](const ScaleReading& r) {
    return r.state == ScaleState::Stable && r.mg == 878'000;
  }) >= 0);
  CHECK(bus.manager->devices().at(0).state == "ready");
}

TEST_CASE("keyboard scanner: a stray key with no Enter is dropped, not glued onto the next scan") {
  UsbBus bus;
  auto scanner = bus.keyboard("1-2", 3);
  bus.start();
  REQUIRE(bus.events.wait_for<DeviceStatus>(status_is(DeviceKind::Scanner, Link::Ready)) >= 0);
  scanner.send({0, 0, 0x1E, 0, 0, 0, 0, 0});  // "1" brushed by a sleeve, no Enter
  scanner.send(std::vector<std::uint8_t>(8, 0));
  std::this_thread::sleep_for(std::chrono::milliseconds(250));  // well past the 100 ms limit
  std::size_t from = bus.events.size();
  scanner.type("ABC123");
  REQUIRE(bus.events.wait_for<Scan>([](const Scan&) { return true; }, from) >= 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  auto scans = bus.events.all<Scan>(from);
  REQUIRE(scans.size() == 1);
  CHECK(scans[0].text == "ABC123");
}

TEST_CASE("keyboard scanner: SET_PROTOCOL and SET_IDLE failures are reported") {
  struct Case {
    KeyboardModel model;
    const char* reason;
    const char* log;
  };
  for (const auto& c : {Case{{.stall_set_protocol = true}, "scanner.set_protocol", "SET_PROTOCOL"},
                        Case{{.stall_set_idle = true}, "scanner.set_idle", "SET_IDLE"}}) {
    CAPTURE(c.reason);
    UsbBus bus;
    auto scanner = bus.keyboard("1-2", 3, c.model);
    bus.start();
    CHECK(bus.events.wait_for<DeviceStatus>(status_is(DeviceKind::Scanner, Link::Ready, c.reason), 0, 1000) >= 0);
    CHECK(bus.logged(c.log));
    // This scanner sends boot reports anyway: it still scans.
    scanner.type("XYZ9");
    CHECK(bus.events.wait_for<Scan>([](const Scan& s) { return s.text == "XYZ9"; }) >= 0);
  }
}
