#include "drivers/scale_filter.hpp"

#include <doctest/doctest.h>

using hp::dev::ScaleFilter;
using hp::dev::ScaleReading;
using hp::dev::ScaleState;

namespace {
ScaleReading reading(ScaleState s, hp::Milligrams mg) { return ScaleReading{s, mg, 0, 0}; }
}  // namespace

TEST_CASE("the first reading after connect is dropped") {
  ScaleFilter f({.hold_ms = 0, .drop_first = 1});
  CHECK_FALSE(f.update(reading(ScaleState::Stable, 5'000), 0));
  auto r = f.update(reading(ScaleState::Stable, 1'000), 10);
  REQUIRE(r);
  CHECK(r->mg == 1'000);
  CHECK(r->state == ScaleState::Stable);
}

TEST_CASE("stable only after the device says stable and the weight held for hold_ms") {
  ScaleFilter f({.hold_ms = 300, .drop_first = 0});
  auto r = f.update(reading(ScaleState::Stable, 1'000), 0);
  REQUIRE(r);
  CHECK(r->state == ScaleState::InMotion);
  CHECK_FALSE(f.update(reading(ScaleState::Stable, 1'000), 100));
  r = f.update(reading(ScaleState::Stable, 1'200), 200);  // changed: hold restarts
  REQUIRE(r);
  CHECK(r->state == ScaleState::InMotion);
  CHECK_FALSE(f.update(reading(ScaleState::Stable, 1'200), 450));
  r = f.update(reading(ScaleState::Stable, 1'200), 500);
  REQUIRE(r);
  CHECK(r->state == ScaleState::Stable);
  CHECK(r->mg == 1'200);
  CHECK_FALSE(f.update(reading(ScaleState::Stable, 1'200), 900));  // no repeat
  // The device saying in motion resets the hold even at the same weight.
  r = f.update(reading(ScaleState::InMotion, 1'200), 1'000);
  REQUIRE(r);
  CHECK(r->state == ScaleState::InMotion);
  CHECK_FALSE(f.update(reading(ScaleState::Stable, 1'200), 1'100));
  // A scale that reports only on change: tick() settles it.
  CHECK_FALSE(f.tick(1'300));
  r = f.tick(1'400);
  REQUIRE(r);
  CHECK(r->state == ScaleState::Stable);
  REQUIRE(f.last());
  CHECK(f.last()->mg == 1'200);
}

TEST_CASE("faults pass straight through; reset forgets the last reading") {
  ScaleFilter f({.hold_ms = 300, .drop_first = 0});
  auto r = f.update(reading(ScaleState::OverCapacity, 0), 0);
  REQUIRE(r);
  CHECK(r->state == ScaleState::OverCapacity);
  r = f.update(reading(ScaleState::Zero, 0), 10);
  REQUIRE(r);
  CHECK(r->state == ScaleState::InMotion);
  r = f.update(reading(ScaleState::Zero, 0), 400);
  REQUIRE(r);
  CHECK(r->state == ScaleState::Zero);
  f.reset();
  CHECK_FALSE(f.last());
}

TEST_CASE("tolerance keeps a jittering weight holding") {
  ScaleFilter f({.hold_ms = 100, .drop_first = 0, .tolerance_mg = 2});
  REQUIRE(f.update(reading(ScaleState::Stable, 1'000), 0));
  REQUIRE(f.update(reading(ScaleState::Stable, 1'001), 50));  // new mg emitted, still in motion
  auto r = f.update(reading(ScaleState::Stable, 1'000), 120);
  REQUIRE(r);
  CHECK(r->state == ScaleState::Stable);
}

TEST_CASE("invalidate: the next good reading is held and emitted again") {
  ScaleFilter f({.hold_ms = 100, .drop_first = 0});
  REQUIRE(f.update(reading(ScaleState::Stable, 1'000), 0));
  auto r = f.update(reading(ScaleState::Stable, 1'000), 150);
  REQUIRE(r);
  CHECK(r->state == ScaleState::Stable);
  f.invalidate();
  CHECK_FALSE(f.tick(300));
  r = f.update(reading(ScaleState::Stable, 1'000), 310);
  REQUIRE(r);
  CHECK(r->state == ScaleState::InMotion);
  r = f.update(reading(ScaleState::Stable, 1'000), 420);
  REQUIRE(r);
  CHECK(r->state == ScaleState::Stable);
}
