// The USB printer class driver against an emulated ESC/POS printer.
#include <doctest/doctest.h>

#include <thread>

#include "drivers/usb/printer_protocol.hpp"
#include "tests/usb/usb_fixture.hpp"

using namespace hp::usbtest;
using hp::dev::DeviceKind;
using hp::dev::DeviceStatus;
using hp::dev::Link;
using hp::dev::PrintDone;
using hp::dev::PrintJobBytes;

namespace {

std::string receipt(const std::string& tag, std::size_t size = 0) {
  std::string s = "\x1B@HAI PHONG " + tag + "\n";
  while (s.size() < size) s += "Rau muong 1,25 kg  25.000d\n";
  return s + "\x1DV\x00";
}

std::vector<std::uint8_t> bytes(const std::string& s) { return {s.begin(), s.end()}; }

std::size_t done_count(EventLog& ev, const std::string& id) {
  std::size_t n = 0;
  for (const auto& d : ev.all<PrintDone>()) n += d.job_id == id;
  return n;
}

}  // namespace

TEST_CASE("printer: identified by its IEEE 1284 id; bytes received in order; PrintDone once") {
  UsbBus bus;
  auto printer = bus.printer("1-3", 4);
  bus.start();
  REQUIRE(bus.events.wait_for<DeviceStatus>(status_is(DeviceKind::Printer, Link::Ready)) >= 0);
  CHECK(bus.manager->printer().name() == "EPSON TM-T20 (04b8:0e15)");
  auto small = receipt("A");
  auto big = receipt("B", 20'000);  // several chunks
  bus.manager->printer().submit({"job-a", "receipt", small});
  bus.manager->printer().submit({"job-b", "receipt", big});
  bus.manager->printer().submit({"job-a", "receipt", small});  // a retry of the same job id
  REQUIRE(bus.events.wait_for<PrintDone>([](const PrintDone& d) { return d.job_id == "job-b"; }) >= 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  CHECK(done_count(bus.events, "job-a") == 1);
  CHECK(done_count(bus.events, "job-b") == 1);
  CHECK(printer.printed() == bytes(small + big));
  CHECK(printer.state->status_requests > 0);
  // Cash drawer: ESC p, answered by DrawerKicked, no PrintDone.
  std::size_t before = printer.printed().size();
  bus.manager->printer().request_drawer_kick();
  REQUIRE(bus.events.wait_for<hp::dev::DrawerKicked>([](const hp::dev::DrawerKicked& k) { return k.ok; }) >= 0);
  auto all = printer.printed();
  CHECK(std::vector<std::uint8_t>(all.begin() + static_cast<long>(before), all.end()) ==
        bytes(hp::usb::drawer_kick_command()));
  CHECK(bus.events.all<PrintDone>().size() == 2);
}

TEST_CASE("printer: cover open, paper out and offline hold the job; it prints once when fixed") {
  struct Case {
    const char* reason;
    void (FakePrinter::*set)();
  };
  for (auto c : {Case{"printer.cover_open", &FakePrinter::set_cover_open}, Case{"printer.paper_out", &FakePrinter::set_paper_out},
                 Case{"printer.offline", &FakePrinter::set_offline}}) {
    CAPTURE(c.reason);
    UsbBus bus;
    auto printer = bus.printer("1-3", 4);
    (printer.*c.set)();
    bus.start();
    bus.manager->printer().submit({"job-1", "receipt", receipt("X")});
    REQUIRE(bus.events.wait_for<DeviceStatus>(status_is(DeviceKind::Printer, Link::Error, c.reason)) >= 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    CHECK(bus.events.all<PrintDone>().empty());
    CHECK(printer.printed().empty());
    CHECK(bus.manager->printer().queued() == 1);
    printer.set_online();
    REQUIRE(bus.events.wait_for<PrintDone>([](const PrintDone& d) { return d.job_id == "job-1" && d.ok; }) >= 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK(done_count(bus.events, "job-1") == 1);
    CHECK(printer.printed() == bytes(receipt("X")));
    CHECK(bus.events.wait_for<DeviceStatus>(status_is(DeviceKind::Printer, Link::Ready)) >= 0);
  }
}

TEST_CASE("printer: a job submitted while unplugged completes once after replug") {
  UsbBus bus;
  auto printer = bus.printer("1-3", 4);
  bus.start();
  REQUIRE(bus.events.wait_for<DeviceStatus>(status_is(DeviceKind::Printer, Link::Ready)) >= 0);
  std::size_t from = bus.events.size();
  printer.dev->unplug();
  REQUIRE(bus.events.wait_for<DeviceStatus>(status_is(DeviceKind::Printer, Link::Disconnected, "printer.unplugged"), from, 1000) >= 0);
  bus.manager->printer().submit({"job-u", "receipt", receipt("U")});
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  CHECK(bus.events.all<PrintDone>().empty());
  auto again = bus.printer("1-3", 11);
  REQUIRE(bus.events.wait_for<PrintDone>([](const PrintDone& d) { return d.job_id == "job-u" && d.ok; }, from) >= 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  CHECK(done_count(bus.events, "job-u") == 1);
  CHECK(again.printed() == bytes(receipt("U")));
  CHECK(printer.printed().empty());
}

TEST_CASE("printer: unplugged in the middle of a job, the job completes once on the new connection") {
  UsbBus bus;
  auto printer = bus.printer("1-3", 4);
  bus.start();
  REQUIRE(bus.events.wait_for<DeviceStatus>(status_is(DeviceKind::Printer, Link::Ready)) >= 0);
  printer.dev->set_out_stall(true);  // the printer stops taking data mid-job...
  auto job = receipt("M", 10'000);
  bus.manager->printer().submit({"job-m", "receipt", job});
  REQUIRE(bus.events.wait_for<DeviceStatus>(status_is(DeviceKind::Printer, Link::Error, "printer.not_responding")) >= 0);
  std::size_t from = bus.events.size();
  printer.dev->unplug();  // ...and is unplugged
  REQUIRE(bus.events.wait_for<DeviceStatus>(status_is(DeviceKind::Printer, Link::Disconnected, "printer.unplugged"), from, 1000) >= 0);
  auto again = bus.printer("1-3", 12);
  REQUIRE(bus.events.wait_for<PrintDone>([](const PrintDone& d) { return d.job_id == "job-m" && d.ok; }, from) >= 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  CHECK(done_count(bus.events, "job-m") == 1);
  CHECK(again.printed() == bytes(job));
}

TEST_CASE("printer: a stalled printer is reported; the job resumes where it stopped, no byte twice") {
  UsbBus bus;
  auto printer = bus.printer("1-3", 4);
  bus.start();
  REQUIRE(bus.events.wait_for<DeviceStatus>(status_is(DeviceKind::Printer, Link::Ready)) >= 0);
  printer.dev->set_out_stall(true);
  auto job = receipt("S", 9'000);
  bus.manager->printer().submit({"job-s", "receipt", job});
  REQUIRE(bus.events.wait_for<DeviceStatus>(status_is(DeviceKind::Printer, Link::Error, "printer.not_responding")) >= 0);
  CHECK(bus.events.all<PrintDone>().empty());
  printer.dev->set_out_stall(false);
  REQUIRE(bus.events.wait_for<PrintDone>([](const PrintDone& d) { return d.job_id == "job-s"; }, 0, 3000) >= 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  CHECK(done_count(bus.events, "job-s") == 1);
  CHECK(printer.printed() == bytes(job));
}

TEST_CASE("printer: one that never answers status requests still prints") {
  UsbBus bus;
  auto state = std::make_shared<PrinterState>();
  state->answers = false;
  auto printer = bus.printer("1-3", 4, state);
  bus.start();
  bus.manager->printer().submit({"job-q", "receipt", receipt("Q")});
  REQUIRE(bus.events.wait_for<PrintDone>([](const PrintDone& d) { return d.job_id == "job-q" && d.ok; }) >= 0);
  CHECK(printer.printed() == bytes(receipt("Q")));
}

TEST_CASE("printer: paper near end is a warning, not a stop") {
  UsbBus bus;
  auto printer = bus.printer("1-3", 4);
  printer.state->paper = 0x1E;  // roll near end sensor
  bus.start();
  bus.manager->printer().submit({"job-n", "receipt", receipt("N")});
  REQUIRE(bus.events.wait_for<PrintDone>([](const PrintDone& d) { return d.job_id == "job-n" && d.ok; }) >= 0);
  CHECK(bus.events.wait_for<DeviceStatus>(status_is(DeviceKind::Printer, Link::Ready, "printer.paper_near_end")) >= 0);
  auto st = bus.manager->printer().last_status();
  REQUIRE(st);
  CHECK(st->paper_near_end);
  CHECK_FALSE(st->paper_out);
}

TEST_CASE("printer: one status timeout or one odd status byte does not end status checks; paper out is still seen") {
  for (bool timeout : {true, false}) {
    CAPTURE(timeout);
    UsbBus bus;
    auto printer = bus.printer("1-3", 4);
    bus.start();
    REQUIRE(bus.events.wait_for<DeviceStatus>(status_is(DeviceKind::Printer, Link::Ready)) >= 0);
    // The first status request of the first job goes unanswered, or is answered with noise.
    if (timeout) printer.state->silent = 1;
    else printer.state->garbled = 1;
    bus.manager->printer().submit({"job-1", "receipt", receipt("1")});
    REQUIRE(bus.events.wait_for<PrintDone>([](const PrintDone& d) { return d.job_id == "job-1" && d.ok; }) >= 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    printer.set_paper_out();
    std::size_t from = bus.events.size();
    bus.manager->printer().submit({"job-2", "receipt", receipt("2")});
    CHECK(bus.events.wait_for<DeviceStatus>(status_is(DeviceKind::Printer, Link::Error, "printer.paper_out"), from) >= 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK(done_count(bus.events, "job-2") == 0);
    printer.set_online();
    REQUIRE(bus.events.wait_for<PrintDone>([](const PrintDone& d) { return d.job_id == "job-2" && d.ok; }, from) >= 0);
    CHECK(printer.printed() == bytes(receipt("1") + receipt("2")));
  }
}

TEST_CASE("printer: status checks are given up only after repeated failures, and the status says so") {
  for (bool timeout : {true, false}) {
    CAPTURE(timeout);
    UsbBus bus;
    auto state = std::make_shared<PrinterState>();
    if (timeout) state->answers = false;
    else state->garbled = 1'000'000;
    auto printer = bus.printer("1-3", 4, state);
    bus.start();
    bus.manager->printer().submit({"job-g", "receipt", receipt("G")});
    REQUIRE(bus.events.wait_for<PrintDone>([](const PrintDone& d) { return d.job_id == "job-g" && d.ok; }) >= 0);
    REQUIRE(bus.events.wait_for<DeviceStatus>(status_is(DeviceKind::Printer, Link::Ready, "printer.status_unavailable"), 0,
                                              5000) >= 0);
    const int asked = state->status_requests;
    CHECK(asked >= 5);  // tried again, with pauses, before giving up
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    CHECK(state->status_requests == asked);  // and then stopped asking
    bus.manager->printer().submit({"job-h", "receipt", receipt("H")});
    REQUIRE(bus.events.wait_for<PrintDone>([](const PrintDone& d) { return d.job_id == "job-h" && d.ok; }) >= 0);
    CHECK(printer.printed() == bytes(receipt("G") + receipt("H")));
    CHECK(bus.logged("status"));
  }
}

TEST_CASE("printer: an endpoint that keeps stalling is cleared a bounded number of times, then reported") {
  UsbBus bus;
  auto printer = bus.printer("1-3", 4, std::make_shared<PrinterState>(), PrinterModel{.bidirectional = false});
  bus.start();
  REQUIRE(bus.events.wait_for<DeviceStatus>(status_is(DeviceKind::Printer, Link::Ready)) >= 0);
  printer.dev->set_out_pipe_stall(true);
  bus.manager->printer().submit({"job-p", "receipt", receipt("P")});
  CHECK(bus.events.wait_for<DeviceStatus>(status_is(DeviceKind::Printer, Link::Error, "printer.stalled")) >= 0);
  const unsigned at_error = printer.dev->clear_halts();
  CHECK(at_error >= 1);
  CHECK(at_error <= 6);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  CHECK(printer.dev->clear_halts() - at_error <= 30);  // paced retries, not a spin
  CHECK(bus.events.all<PrintDone>().empty());
  printer.dev->set_out_pipe_stall(false);  // the printer recovers: the job is still there
  REQUIRE(bus.events.wait_for<PrintDone>([](const PrintDone& d) { return d.job_id == "job-p" && d.ok; }, 0, 3000) >= 0);
  CHECK(printer.printed() == bytes(receipt("P")));
  CHECK(done_count(bus.events, "job-p") == 1);
}
