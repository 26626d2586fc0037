#include <doctest/doctest.h>

#include <thread>

#include "drivers/serial/serial_scanner.hpp"
#include "tests/support/test_support.hpp"
#include "tests/unit/serial/pty.hpp"
#include "tests/unit/sim/event_log.hpp"

using namespace hp;
using namespace hp::dev;
using namespace std::chrono_literals;

TEST_CASE("scanner lines: AIM prefix to symbology, text kept, NFC") {
  auto a = parse_scanner_line("]E02112345678900", "s");
  REQUIRE(a);
  CHECK(a->symbology == "]E0");
  CHECK(a->text == "2112345678900");
  CHECK(a->source == "s");
  auto b = parse_scanner_line("PICKUP-7731", "s");
  REQUIRE(b);
  CHECK(b->symbology.empty());
  CHECK(b->text == "PICKUP-7731");
  auto gs1 = parse_scanner_line("]C10101231231231233310ABC123\x1d" "99TESTING", "s");
  REQUIRE(gs1);
  CHECK(gs1->symbology == "]C1");
  CHECK(gs1->text == "0101231231231233310ABC123\x1d" "99TESTING");  // GS kept
  auto nfd = parse_scanner_line("Nguye\xcc\x82\xcc\x83n", "s");  // e + circumflex + tilde
  REQUIRE(nfd);
  CHECK(nfd->text == "Nguy\xe1\xbb\x85n");  // ễ precomposed
  CHECK(parse_scanner_line("", "s").error().code == "scan.empty");
  CHECK(parse_scanner_line("]E0", "s").error().code == "scan.empty");
  CHECK(parse_scanner_line("]Q", "s")->text == "]Q");  // too short to be a prefix
}

TEST_CASE("scanner lines: the AIM reference vectors split into symbology and data") {
  const auto doc = test::load_vectors("aim_symbology.json");
  int n = 0;
  for (const auto& id : doc.at("identifiers")) {
    if (!id.contains("example")) continue;
    for (const auto& ex : id.at("example")) {
      if (!ex.contains("scan")) continue;
      const std::string scan = ex.at("scan");
      if (scan.find('|') != std::string::npos) continue;  // a composite: two scans in one line
      auto s = parse_scanner_line(scan, "s");
      REQUIRE(s);
      CHECK(s->symbology == id.at("identifier").get<std::string>());
      CHECK(s->symbology + s->text == scan);
      ++n;
    }
  }
  CHECK(n >= 4);
}

TEST_CASE("serial scanner on a pty: lines with and without AIM prefix, any line end") {
  test::Pty pty;
  REQUIRE(pty.ok());
  test::EventLog log;
  SerialScannerOptions o;
  o.path = pty.slave_path();
  o.name = "Test scanner";
  o.max_line = 64;
  SerialScanner scanner(o);
  CHECK(scanner.kind() == DeviceKind::Scanner);
  scanner.start(log.sink());
  REQUIRE(log.wait_count<DeviceStatus>(1));
  CHECK(log.all<DeviceStatus>()[0].link == Link::Ready);

  pty.write("]E08934563123457\r\n");
  pty.write("PICKUP-1234\r");
  pty.write("\n\n");                 // blank lines: nothing
  pty.write(std::string(200, '9'));  // over-long: dropped
  pty.write("\r\n]C1011234");
  std::this_thread::sleep_for(20ms);
  pty.write("5678901231\n");
  REQUIRE(log.wait_count<Scan>(3));
  std::this_thread::sleep_for(50ms);
  auto scans = log.all<Scan>();
  REQUIRE(scans.size() == 3);
  CHECK(scans[0].symbology == "]E0");
  CHECK(scans[0].text == "8934563123457");
  CHECK(scans[0].source == "Test scanner");
  CHECK(scans[1].symbology.empty());
  CHECK(scans[1].text == "PICKUP-1234");
  CHECK(scans[2].symbology == "]C1");
  CHECK(scans[2].text == "0112345678901231");
}

TEST_CASE("serial scanner: unplugged and plugged back, scans resume") {
  test::TempDir dir("scanner_replug");
  const auto link = dir.path() / "scanner";
  auto pty = std::make_unique<test::Pty>();
  REQUIRE(pty->ok());
  test::point_link(link, pty->slave_path());
  test::EventLog log;
  SerialScannerOptions o;
  o.path = link.string();
  o.reopen_interval = 50ms;
  SerialScanner scanner(o);
  scanner.start(log.sink());
  REQUIRE(log.wait_count<DeviceStatus>(1));
  pty->write("A1\r\n");
  REQUIRE(log.wait_count<Scan>(1));
  pty.reset();
  REQUIRE(log.wait_count<DeviceStatus>(2));
  CHECK(log.all<DeviceStatus>()[1].link == Link::Disconnected);
  test::Pty again;
  REQUIRE(again.ok());
  test::point_link(link, again.slave_path());
  REQUIRE(log.wait_count<DeviceStatus>(3));
  CHECK(log.all<DeviceStatus>()[2].link == Link::Ready);
  again.write("B2\r\n");
  REQUIRE(log.wait_count<Scan>(2));
  CHECK(log.all<Scan>()[1].text == "B2");
  scanner.stop();
  const auto n = log.size();
  again.write("C3\r\n");
  std::this_thread::sleep_for(50ms);
  CHECK(log.size() == n);
}

#include <sys/resource.h>

#include "drivers/serial/serial_scale.hpp"
#include "drivers/sim/sim_scale.hpp"

namespace {
double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}
}  // namespace

TEST_CASE("idle devices cost next to no CPU: no busy waiting anywhere") {
  test::Pty scanner_pty;
  test::Pty scale_pty;
  REQUIRE(scanner_pty.ok());
  REQUIRE(scale_pty.ok());
  test::EventLog log;
  test::FixedClock fc;
  SerialScannerOptions so;
  so.path = scanner_pty.slave_path();
  SerialScanner scanner(so);
  SerialScaleOptions co;
  co.path = scale_pty.slave_path();
  co.protocol = ScaleProtocolId::ContinuousStGs;
  SerialScale scale(fc.clock(), co);
  SerialScaleOptions missing;
  missing.path = "/nonexistent/scale";
  SerialScale absent(fc.clock(), missing);
  SimScale sim(fc.clock());
  scanner.start(log.sink());
  scale.start(log.sink());
  absent.start(log.sink());
  sim.start(log.sink());
  REQUIRE(log.wait_count<DeviceStatus>(4));
  const double before = cpu_seconds();
  std::this_thread::sleep_for(1s);
  const double used = cpu_seconds() - before;
  MESSAGE("CPU for 1 s of four idle devices: " << used * 1000 << " ms");
  CHECK(used < 0.02);
}
