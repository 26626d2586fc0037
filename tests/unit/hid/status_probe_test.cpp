#include "drivers/usb/status_probe.hpp"

#include <doctest/doctest.h>

using hp::usb::StatusProbe;

TEST_CASE("status probe: a failure is asked again after a doubling backoff; a good answer starts over") {
  StatusProbe p({.backoff_ms = 100, .max_backoff_ms = 350, .attempts = 5});
  CHECK(p.due(0));
  CHECK_FALSE(p.failed(1000));
  CHECK_FALSE(p.due(1099));
  CHECK(p.due(1100));
  CHECK_FALSE(p.failed(1100));
  CHECK(p.next_at() == 1300);  // 200
  CHECK_FALSE(p.failed(1300));
  CHECK(p.next_at() == 1650);  // 400, capped at 350
  p.answered();                // one good answer: trusted again, at once
  CHECK(p.failures() == 0);
  CHECK(p.due(1301));
  CHECK_FALSE(p.failed(2000));
  CHECK(p.next_at() == 2100);  // the backoff starts over too
}

TEST_CASE("status probe: given up only after `attempts` failures in a row, until reset") {
  StatusProbe p({.backoff_ms = 10, .max_backoff_ms = 1000, .attempts = 3});
  CHECK_FALSE(p.failed(0));
  CHECK_FALSE(p.failed(10));
  p.answered();
  CHECK_FALSE(p.failed(20));
  CHECK_FALSE(p.failed(30));
  CHECK_FALSE(p.given_up());  // 4 failures, never 3 in a row
  CHECK(p.failed(50));        // the 3rd in a row gives up, and says so once
  CHECK(p.given_up());
  CHECK_FALSE(p.due(1'000'000));
  CHECK_FALSE(p.failed(60));
  p.reset();  // plugged in again
  CHECK_FALSE(p.given_up());
  CHECK(p.due(0));
}
