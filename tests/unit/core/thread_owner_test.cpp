#include "shared/thread_owner.hpp"

#include <doctest/doctest.h>

#include <thread>

#include "tests/support/death_test.hpp"

using hp::ThreadOwner;

TEST_CASE("thread owner: the owner thread passes the check; the claim moves with claim()") {
  ThreadOwner here{ThreadOwner::Here{}};
  CHECK(here.here());
  here.check("a blocking call");  // returns
  ThreadOwner later;
  CHECK_FALSE(later.here());
  std::thread t([&] { later.claim(); });
  t.join();
  CHECK_FALSE(later.here());
  later.claim();
  CHECK(later.here());
  ThreadOwner copy = later;  // a moved device keeps its thread
  CHECK(copy.here());
}

TEST_CASE("thread owner: a blocking path called from another thread aborts, naming the call") {
  auto d = hp::test::run_in_child([] {
    ThreadOwner device_thread;
    std::thread t([&] { device_thread.claim(); });  // the device's own thread
    t.join();
    device_thread.check("UsbScale zero (control transfer)");  // from this (the UI) thread
  });
  CHECK(d.aborted);
  CHECK(d.err.find("programmer error: UsbScale zero (control transfer) ran on thread") != std::string::npos);
  CHECK(d.err.find("owner thread") != std::string::npos);

  auto unowned = hp::test::run_in_child([] { ThreadOwner().check("SerialPort::write_all"); });
  CHECK(unowned.aborted);
  CHECK(unowned.err.find("it has none yet") != std::string::npos);

  auto fine = hp::test::run_in_child([] { ThreadOwner{ThreadOwner::Here{}}.check("on its own thread"); });
  CHECK(fine.exited);
  CHECK(fine.err.empty());
}
