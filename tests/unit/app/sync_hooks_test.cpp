// The controller and the sync client meet only through SyncHooks (wake-ups) and on_sync
// (reports through the RunQueue): the counter never waits for the centre.
#include <doctest/doctest.h>

#include "controller_fixture.hpp"

using namespace hp;
using namespace hp::app;

TEST_CASE("store work pokes the sync client; Sync now asks it; its reports land in the state") {
  test::ControllerFixture t;
  int pokes = 0, nows = 0;
  std::map<std::string, std::string> devices;
  t.c->set_sync(SyncHooks{.poke = [&] { ++pokes; }, .now = [&] { ++nows; }, .devices = [&](auto d) { devices = std::move(d); }});

  t.apply(cmd::SearchFarmers{"nguyen"});
  CHECK(pokes >= 1);  // each finished store job wakes it; it recounts the outbox itself
  t.apply(cmd::SignOut{});
  t.sign_in(store::ClerkRole::Technician);  // the Devices screen is the technician's
  t.apply(cmd::Navigate{Screen::Devices});
  REQUIRE(t.s().screen == Screen::Devices);
  t.apply(cmd::SyncNow{});
  CHECK(nows == 1);
  CHECK(t.notice() == "sync.started");

  t.c->on_device(dev::DeviceStatus{dev::DeviceKind::Printer, "TM-T20", dev::Link::Error, "printer.paper_out"});
  CHECK(devices["printer"] == "printer.paper_out");
  CHECK(devices["scale"] == "disconnected");

  CHECK(t.c->state().sync.phase == sync::SyncPhase::NotEnrolled);
  sync::SyncStatus s;
  s.phase = sync::SyncPhase::Offline;
  s.offline_since = t.now - 60'000;
  s.unsent = 4;
  s.oldest_unsent_at = t.now - 120'000;
  t.queue.post([s](Controller& c) { c.on_sync(s); });
  t.settle();
  CHECK(t.c->state().sync.unsent == 4);
  CHECK(t.c->state().sync.phase == sync::SyncPhase::Offline);

  s.phase = sync::SyncPhase::Rejected;
  s.reason_code = "auth.revoked";
  t.c->on_sync(s);
  CHECK(t.notice() == "sync.rejected_notice");
}

TEST_CASE("Sync now on a kiosk that never enrolled says so") {
  test::ControllerFixture t;
  t.apply(cmd::SyncNow{});
  CHECK(t.notice() == "sync.not_enrolled");
}
