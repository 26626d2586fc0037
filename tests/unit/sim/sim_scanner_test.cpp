#include <doctest/doctest.h>

#include <thread>

#include "drivers/sim/sim_scanner.hpp"
#include "tests/unit/sim/event_log.hpp"

using namespace hp;
using namespace hp::dev;

TEST_CASE("sim scanner: start reports Ready, feed emits scans with source and symbology") {
  test::EventLog log;
  SimScanner scanner("Test scanner");
  CHECK(scanner.kind() == DeviceKind::Scanner);
  CHECK_FALSE(scanner.feed("before start"));  // no sink yet
  scanner.start(log.sink());
  CHECK(scanner.feed("8934563123457", "]E0"));
  CHECK(scanner.feed("PICKUP-1234"));

  auto statuses = log.all<DeviceStatus>();
  REQUIRE(statuses.size() == 1);
  CHECK(statuses[0].kind == DeviceKind::Scanner);
  CHECK(statuses[0].link == Link::Ready);
  CHECK(statuses[0].name == "Test scanner");

  auto scans = log.all<Scan>();
  REQUIRE(scans.size() == 2);
  CHECK(scans[0].text == "8934563123457");
  CHECK(scans[0].symbology == "]E0");
  CHECK(scans[0].source == "Test scanner");
  CHECK(scans[1].text == "PICKUP-1234");
  CHECK(scans[1].symbology.empty());
}

TEST_CASE("sim scanner: disconnect and reconnect emit statuses; scans while unplugged are lost") {
  test::EventLog log;
  SimScanner scanner;
  scanner.start(log.sink());
  scanner.set_connected(false);
  scanner.set_connected(false);  // no change, no event
  CHECK_FALSE(scanner.connected());
  CHECK_FALSE(scanner.feed("lost"));
  scanner.set_connected(true);
  CHECK(scanner.feed("kept"));
  auto statuses = log.all<DeviceStatus>();
  REQUIRE(statuses.size() == 3);
  CHECK(statuses[1].link == Link::Disconnected);
  CHECK(statuses[2].link == Link::Ready);
  auto scans = log.all<Scan>();
  REQUIRE(scans.size() == 1);
  CHECK(scans[0].text == "kept");
}

TEST_CASE("sim scanner: feeds from many threads all arrive; nothing after stop") {
  test::EventLog log;
  SimScanner scanner;
  scanner.start(log.sink());
  {
    std::vector<std::jthread> feeders;
    for (int t = 0; t < 4; ++t)
      feeders.emplace_back([&scanner, t] {
        for (int i = 0; i < 50; ++i) scanner.feed("t" + std::to_string(t) + "-" + std::to_string(i));
      });
  }
  CHECK(log.all<Scan>().size() == 200);
  scanner.stop();
  const auto n = log.size();
  CHECK_FALSE(scanner.feed("after stop"));
  scanner.set_connected(false);
  CHECK(log.size() == n);
}
