#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "drivers/sim/sim_scale.hpp"
#include "tests/unit/sim/event_log.hpp"

using namespace hp;
using namespace hp::dev;
using namespace std::chrono_literals;

namespace {

SimScaleOptions fast_options() {
  SimScaleOptions o;
  o.name = "Test scale";
  o.settle = 200ms;
  o.motion_interval = 40ms;
  return o;
}

bool has_reading(const std::vector<test::EventLog::Entry>& es, ScaleState s, Milligrams mg) {
  for (const auto& e : es)
    if (const auto* r = std::get_if<ScaleReading>(&e.event); r && r->state == s && r->mg == mg)
      return true;
  return false;
}

auto reading_pred(ScaleState s, Milligrams mg) {
  return [s, mg](const std::vector<test::EventLog::Entry>& es) { return has_reading(es, s, mg); };
}

}  // namespace

TEST_CASE("sim scale: start reports Ready then the current (zero) reading, stamped by the clock") {
  test::FixedClock fc;
  test::EventLog log;
  SimScale scale(fc.clock(), fast_options());
  CHECK(scale.kind() == DeviceKind::Scale);
  scale.start(log.sink());
  REQUIRE(log.wait_count<ScaleReading>(1));
  auto statuses = log.all<DeviceStatus>();
  REQUIRE(statuses.size() == 1);
  CHECK(statuses[0].link == Link::Ready);
  CHECK(statuses[0].kind == DeviceKind::Scale);
  auto r = log.all<ScaleReading>().at(0);
  CHECK(r.state == ScaleState::Zero);
  CHECK(r.mg == 0);
  CHECK(r.capacity_mg == 30'000'000);
  CHECK(r.at == fc.now.load());
}

TEST_CASE("sim scale: set_load wobbles InMotion, then settles Stable at the exact value") {
  test::FixedClock fc;
  test::EventLog log;
  SimScale scale(fc.clock(), fast_options());
  scale.start(log.sink());
  REQUIRE(log.wait_count<ScaleReading>(1));
  log.clear();

  const auto t0 = std::chrono::steady_clock::now();
  scale.set_load(12'500'000);
  REQUIRE(log.wait_for(reading_pred(ScaleState::Stable, 12'500'000)));
  const auto entries = log.entries_of<ScaleReading>();
  REQUIRE(entries.size() >= 3);
  const auto& last = std::get<ScaleReading>(entries.back().event);
  CHECK(last.state == ScaleState::Stable);
  CHECK(last.mg == 12'500'000);
  std::size_t motion = 0;
  bool varied = false;
  Milligrams first_mg = std::get<ScaleReading>(entries.front().event).mg;
  for (std::size_t i = 0; i + 1 < entries.size(); ++i) {
    const auto& r = std::get<ScaleReading>(entries[i].event);
    CHECK(r.state == ScaleState::InMotion);
    CHECK(r.mg >= 0);
    CHECK(r.mg <= 30'000'000);
    if (r.mg != first_mg) varied = true;
    ++motion;
  }
  CHECK(varied);
  // 200 ms settle at 40 ms spacing: about 5 motion readings (allow a loaded machine some slack).
  CHECK(motion >= 3);
  CHECK(motion <= 6);
  const auto settled_after = entries.back().when - t0;
  CHECK(settled_after >= 195ms);
  CHECK(settled_after < 1500ms);

  // Nothing more once stable: the thread is idle until something happens.
  std::this_thread::sleep_for(150ms);
  CHECK(log.entries_of<ScaleReading>().size() == entries.size());
}

// The demo kiosk runs the scale on its default options: a crate set down wobbles for a little
// over half a second, a reading every 100 ms or so, and 30 kg is the most it weighs.
TEST_CASE("sim scale on its defaults: settles after 600 ms, about six wobbles, weighs up to 30 kg") {
  test::FixedClock fc;
  test::EventLog log;
  SimScale scale(fc.clock());
  scale.start(log.sink());
  REQUIRE(log.wait_count<ScaleReading>(1));
  CHECK(log.all<ScaleReading>().at(0).capacity_mg == 30'000'000);
  log.clear();

  const auto t0 = std::chrono::steady_clock::now();
  scale.set_load(12'500'000);
  REQUIRE(log.wait_for(reading_pred(ScaleState::Stable, 12'500'000)));
  const auto entries = log.entries_of<ScaleReading>();
  CHECK(entries.back().when - t0 >= 595ms);  // never before the settle time
  CHECK(entries.back().when - t0 < 3s);
  // One wobble at once, then one per 100 ms until 600 ms: six, fewer when the machine lags.
  const std::size_t motion = entries.size() - 1;
  CHECK(motion >= 3);
  CHECK(motion <= 7);
  for (std::size_t i = 0; i < motion; ++i) CHECK(std::get<ScaleReading>(entries[i].event).state == ScaleState::InMotion);

  REQUIRE(scale.set_load_immediately(30'000'000, ScaleState::Stable));
  REQUIRE(log.wait_for(reading_pred(ScaleState::Stable, 30'000'000)));
  REQUIRE(scale.set_load_immediately(30'000'001, ScaleState::Stable));
  REQUIRE(log.wait_for(reading_pred(ScaleState::OverCapacity, 30'000'001)));
}

TEST_CASE("sim scale: a new load while settling restarts the motion and settles on the new one") {
  test::FixedClock fc;
  test::EventLog log;
  SimScale scale(fc.clock(), fast_options());
  scale.start(log.sink());
  scale.set_load(5'000'000);
  std::this_thread::sleep_for(60ms);
  scale.set_load(7'250'000);
  REQUIRE(log.wait_for(reading_pred(ScaleState::Stable, 7'250'000)));
  std::this_thread::sleep_for(250ms);
  auto entries = log.entries_of<ScaleReading>();
  CHECK_FALSE(has_reading(entries, ScaleState::Stable, 5'000'000));
  CHECK(std::get<ScaleReading>(entries.back().event).mg == 7'250'000);
}

TEST_CASE("sim scale: set_load_immediately emits exactly one reading in the given state") {
  test::FixedClock fc;
  test::EventLog log;
  SimScale scale(fc.clock(), fast_options());
  scale.start(log.sink());
  REQUIRE(log.wait_count<ScaleReading>(1));
  log.clear();

  REQUIRE(scale.set_load_immediately(12'500'000, ScaleState::Stable));
  REQUIRE(log.wait_count<ScaleReading>(1));
  REQUIRE(scale.set_load_immediately(800'000, ScaleState::InMotion));
  REQUIRE(log.wait_count<ScaleReading>(2));
  std::this_thread::sleep_for(100ms);
  auto rs = log.all<ScaleReading>();
  REQUIRE(rs.size() == 2);
  CHECK(rs[0].state == ScaleState::Stable);
  CHECK(rs[0].mg == 12'500'000);
  CHECK(rs[1].state == ScaleState::InMotion);
  CHECK(rs[1].mg == 800'000);
  CHECK(scale.current().state == ScaleState::InMotion);  // stays moving until told otherwise

  auto bad = scale.set_load_immediately(1, ScaleState::Fault);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code == "scale.bad_state");
}

TEST_CASE("sim scale: over capacity, forced over capacity, fault and under zero") {
  test::FixedClock fc;
  test::EventLog log;
  SimScale scale(fc.clock(), fast_options());
  scale.start(log.sink());

  REQUIRE(scale.set_load_immediately(31'000'000, ScaleState::Stable));
  REQUIRE(log.wait_for(reading_pred(ScaleState::OverCapacity, 31'000'000)));

  scale.set_load(40'000'000);  // settling over capacity reports OverCapacity, never Stable
  REQUIRE(log.wait_for([](const auto& es) {
    return !es.empty() && std::holds_alternative<ScaleReading>(es.back().event) &&
           std::get<ScaleReading>(es.back().event).mg == 40'000'000;
  }));
  CHECK(scale.current().state == ScaleState::OverCapacity);

  REQUIRE(scale.set_load_immediately(2'000'000, ScaleState::Stable));
  scale.set_over_capacity(true);
  REQUIRE(log.wait_for(reading_pred(ScaleState::OverCapacity, 2'000'000)));
  scale.set_over_capacity(false);
  REQUIRE(log.wait_for([](const auto& es) {
    return std::get<ScaleReading>(es.back().event).state == ScaleState::Stable;
  }));

  scale.set_fault(true);
  REQUIRE(log.wait_for(reading_pred(ScaleState::Fault, 0)));
  scale.request_zero();  // a faulted scale refuses to zero, and says so
  REQUIRE(log.wait_count<ScaleZeroed>(1));
  CHECK_FALSE(log.all<ScaleZeroed>().back().ok);
  CHECK(log.all<ScaleZeroed>().back().reason == "scale.fault");
  scale.set_fault(false);

  REQUIRE(scale.set_load_immediately(-150'000, ScaleState::Stable));
  REQUIRE(log.wait_for(reading_pred(ScaleState::UnderZero, -150'000)));
}

TEST_CASE("sim scale: request_zero() takes the current load as the zero offset, answered by ScaleZeroed") {
  test::FixedClock fc;
  test::EventLog log;
  SimScale scale(fc.clock(), fast_options());
  scale.start(log.sink());
  REQUIRE(scale.set_load_immediately(1'200'000, ScaleState::Stable));  // an empty crate
  REQUIRE(log.wait_for(reading_pred(ScaleState::Stable, 1'200'000)));
  scale.request_zero();
  REQUIRE(log.wait_count<ScaleZeroed>(1));
  CHECK(log.all<ScaleZeroed>().back().ok);
  REQUIRE(log.wait_for(reading_pred(ScaleState::Zero, 0)));
  REQUIRE(scale.set_load_immediately(13'700'000, ScaleState::Stable));  // crate + 12,5 kg
  REQUIRE(log.wait_for(reading_pred(ScaleState::Stable, 12'500'000)));
  REQUIRE(scale.set_load_immediately(0, ScaleState::Stable));  // crate lifted off
  REQUIRE(log.wait_for(reading_pred(ScaleState::UnderZero, -1'200'000)));
  // Capacity counts from the zero: 30 kg net on top of the crate is still in range.
  REQUIRE(scale.set_load_immediately(31'200'000, ScaleState::Stable));
  REQUIRE(log.wait_for(reading_pred(ScaleState::Stable, 30'000'000)));
}

TEST_CASE("sim scale: request_reading re-emits what is on the scale now") {
  test::FixedClock fc;
  test::EventLog log;
  SimScale scale(fc.clock(), fast_options());
  scale.set_load(3'000'000);  // already on the platter before anyone listens
  scale.start(log.sink());
  REQUIRE(log.wait_for(reading_pred(ScaleState::Stable, 3'000'000)));
  log.clear();
  fc.now = fc.now.load() + 5000;
  scale.request_reading();
  REQUIRE(log.wait_count<ScaleReading>(1));
  auto r = log.all<ScaleReading>().at(0);
  CHECK(r.state == ScaleState::Stable);
  CHECK(r.mg == 3'000'000);
  CHECK(r.at == fc.now.load());
}

TEST_CASE("sim scale: disconnect stops readings, reconnect reports Ready and the reading") {
  test::FixedClock fc;
  test::EventLog log;
  SimScale scale(fc.clock(), fast_options());
  scale.start(log.sink());
  REQUIRE(log.wait_count<ScaleReading>(1));
  scale.set_connected(false);
  REQUIRE(log.wait_count<DeviceStatus>(2));
  CHECK(log.all<DeviceStatus>().back().link == Link::Disconnected);
  const auto n = log.all<ScaleReading>().size();
  REQUIRE(scale.set_load_immediately(1'000'000, ScaleState::Stable));
  scale.request_reading();
  scale.request_zero();
  REQUIRE(log.wait_count<ScaleZeroed>(1));
  CHECK(log.all<ScaleZeroed>().back().reason == "scale.unplugged");
  scale.set_connected(true);
  REQUIRE(log.wait_for(reading_pred(ScaleState::Stable, 1'000'000)));
  CHECK(log.all<ScaleReading>().size() == n + 1);
  CHECK(log.all<DeviceStatus>().back().link == Link::Ready);
}

TEST_CASE("sim scale: stop joins promptly mid-settle and nothing is emitted afterwards") {
  test::FixedClock fc;
  test::EventLog log;
  SimScaleOptions o = fast_options();
  o.settle = 5s;  // stop must not wait for the settle time
  SimScale scale(fc.clock(), o);
  scale.start(log.sink());
  scale.set_load(9'000'000);
  REQUIRE(log.wait_count<ScaleReading>(2));
  const auto t0 = std::chrono::steady_clock::now();
  scale.stop();
  CHECK(std::chrono::steady_clock::now() - t0 < 500ms);
  const auto n = log.size();
  scale.set_load(1'000'000);
  scale.request_reading();
  scale.set_fault(true);
  std::this_thread::sleep_for(100ms);
  CHECK(log.size() == n);
  scale.stop();  // twice is fine

  // And it can be started again.
  scale.set_fault(false);
  scale.start(log.sink());
  REQUIRE(log.wait_for(reading_pred(ScaleState::Stable, 1'000'000)));
}

TEST_CASE("sim scale: destruction while settling and while events are queued is safe") {
  test::FixedClock fc;
  for (int i = 0; i < 20; ++i) {
    test::EventLog log;  // outlives the scale, whose thread writes into it
    {
      SimScale scale(fc.clock(), fast_options());
      scale.start(log.sink());
      scale.set_load(1'000'000 + i);
      REQUIRE(log.wait_count<ScaleReading>(2));  // the zero reading, then motion
      for (int k = 0; k < 10; ++k) scale.request_reading();
    }
    const auto n = log.size();
    CHECK(n >= 3);
    std::this_thread::sleep_for(5ms);
    CHECK(log.size() == n);
  }
}
