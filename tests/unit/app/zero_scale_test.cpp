// ZeroScale is a request to the scale; its ScaleZeroed answer sets the tare.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "drivers/sim/sim_scale.hpp"
#include "tests/unit/app/controller_fixture.hpp"

using namespace hp;
using app::cmd::SetTare;
using app::cmd::ZeroScale;

namespace {

// Runs queued device events until pred holds (the sim scale answers from its own thread).
template <class Pred>
bool pump_until(test::ControllerFixture& t, Pred pred) {
  for (int i = 0; i < 1000; ++i) {
    t.settle();
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return false;
}

dev::DeviceSink to_controller(test::ControllerFixture& t) {
  return [&t](dev::DeviceEvent e) { t.queue.post([e](app::Controller& c) { c.on_device(e); }); };
}

// Declared after the fixture: the scale's thread stops before the fixture it posts to goes.
struct Stop {
  dev::SimScale& scale;
  ~Stop() { scale.stop(); }
};

}  // namespace

TEST_CASE("zero scale: the scale zeroes itself; the controller waits for the answer, then tare 0") {
  dev::SimScale scale(Clock{[] { return UtcMillis{1'795'850'000'000}; }});
  test::ControllerFixture t(nullptr, &scale);
  Stop stop{scale};
  scale.start(to_controller(t));
  REQUIRE(pump_until(t, [&] { return t.s().readings_seen > 0; }));
  t.apply(SetTare{500'000});
  t.c->apply(ZeroScale{});  // returns at once: a request
  CHECK(t.c->busy());       // a script waits for the answer
  REQUIRE(pump_until(t, [&] { return !t.c->busy(); }));
  CHECK(t.notice() == "scale.zeroed");
  CHECK(t.s().drop.tare_mg == 0);
  // An answer nobody asked for changes nothing.
  t.apply(SetTare{300'000});
  t.c->on_device(dev::ScaleZeroed{true, {}});
  CHECK(t.s().drop.tare_mg == 300'000);
}

TEST_CASE("zero scale: a scale that refuses is tared in software with the weight on it") {
  dev::SimScale scale(Clock{[] { return UtcMillis{1'795'850'000'000}; }});
  test::ControllerFixture t(nullptr, &scale);
  Stop stop{scale};
  scale.start(to_controller(t));
  REQUIRE(pump_until(t, [&] { return t.s().readings_seen > 0; }));
  scale.set_connected(false);  // the scale answers ScaleZeroed{false, "scale.unplugged"}
  REQUIRE(pump_until(t, [&] { return t.s().devices.at(dev::DeviceKind::Scale).status.link == dev::Link::Disconnected; }));
  t.weigh(800'000);  // the crate on it, as last read
  t.c->apply(ZeroScale{});
  REQUIRE(pump_until(t, [&] { return !t.c->busy(); }));
  CHECK(t.notice() == "scale.tare_set");
  CHECK(t.s().drop.tare_mg == 800'000);
}

TEST_CASE("zero scale: without a scale the tare is taken in software at once") {
  test::ControllerFixture t;
  t.weigh(1'200'000);
  t.apply(ZeroScale{});
  CHECK_FALSE(t.c->busy());
  CHECK(t.s().drop.tare_mg == 1'200'000);
}
