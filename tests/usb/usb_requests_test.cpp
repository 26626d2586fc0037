// Device operations are requests answered by events: they return at once from any thread,
// and the blocking transfers behind them run on the device's own thread, which checks it.
#include <doctest/doctest.h>

#include <thread>

#include "drivers/usb/printer_protocol.hpp"
#include "tests/support/death_test.hpp"
#include "tests/usb/usb_fixture.hpp"

using namespace hp::usbtest;
using hp::dev::DeviceKind;
using hp::dev::DeviceStatus;
using hp::dev::DrawerKicked;
using hp::dev::Link;
using hp::dev::ScaleZeroed;

TEST_CASE("requests: request_zero returns while the scale still holds the transfer; ScaleZeroed follows") {
  UsbBus bus;
  auto gate = std::make_shared<Gate>();
  auto scale = bus.scale("1-1", 2, ScaleModel{.zero_gate = gate});
  bus.start();
  REQUIRE(bus.events.wait_for<DeviceStatus>(status_is(DeviceKind::Scale, Link::Ready)) >= 0);
  bus.manager->scale().request_zero();  // from this thread, which is not the event thread
  // Returned, and the transfer is outstanding at the scale: nothing answered yet.
  REQUIRE(gate->reached());
  CHECK(bus.events.all<ScaleZeroed>().empty());
  bus.manager->scale().request_reading();  // never blocks either, even now
  gate->open();
  REQUIRE(bus.events.wait_for<ScaleZeroed>([](const ScaleZeroed& z) { return z.ok; }) >= 0);
  CHECK(*scale.zero_requests == 1);
}

TEST_CASE("requests: a drawer kick is answered by DrawerKicked, also when the printer cannot take it") {
  UsbBus bus;
  auto printer = bus.printer("1-3", 4);
  bus.start();
  REQUIRE(bus.events.wait_for<DeviceStatus>(status_is(DeviceKind::Printer, Link::Ready)) >= 0);
  bus.manager->printer().request_drawer_kick();
  REQUIRE(bus.events.wait_for<DrawerKicked>([](const DrawerKicked& k) { return k.ok; }) >= 0);
  auto kick = hp::usb::drawer_kick_command();
  CHECK(printer.printed() == std::vector<std::uint8_t>(kick.begin(), kick.end()));
  // The printer stops taking data: the call still returns at once; the answer says it failed
  // once the write timed out (200 ms here), and the kick is not kept for later.
  printer.dev->set_out_stall(true);
  std::size_t from = bus.events.size();
  bus.manager->printer().request_drawer_kick();
  CHECK(bus.events.all<DrawerKicked>(from).empty());
  REQUIRE(bus.events.wait_for<DrawerKicked>([](const DrawerKicked& k) { return !k.ok; }, from) >= 0);
  CHECK(bus.events.all<DrawerKicked>(from).at(0).reason == "printer.not_responding");
  // Unplugged: refused, not queued until the printer is back.
  from = bus.events.size();
  printer.dev->unplug();
  REQUIRE(bus.events.wait_for<DeviceStatus>(status_is(DeviceKind::Printer, Link::Disconnected, "printer.unplugged"), from) >=
          0);
  bus.manager->printer().request_drawer_kick();
  CHECK(bus.events.wait_for<DrawerKicked>(
            [](const DrawerKicked& k) { return !k.ok && k.reason == "printer.unplugged"; }, from) >= 0);
}

TEST_CASE("requests: the scale's blocking path aborts when called from any thread but the event thread") {
  UsbBus bus;
  auto scale = bus.scale("1-1", 2);
  bus.start();
  REQUIRE(bus.events.wait_for<DeviceStatus>(status_is(DeviceKind::Scale, Link::Ready)) >= 0);
  // As if the UI thread ran the control transfer itself.
  auto d = hp::test::run_in_child([&] { bus.manager->scale().run_requests(); });
  CHECK(d.aborted);
  CHECK(d.err.find("programmer error: UsbScale::run_requests (control transfers)") != std::string::npos);
  CHECK(*scale.zero_requests == 0);
}
