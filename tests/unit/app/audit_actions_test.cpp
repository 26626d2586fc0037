// What a clerk does that the audit log must show (docs/audit.md): produce weighed and thrown
// away, a receipt printed again, the cash drawer opened for a payment. Each entry names the
// clerk, and the chain holds.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "drivers/sim/virtual_printer.hpp"
#include "tests/unit/app/controller_fixture.hpp"

using namespace hp;
namespace cmd = app::cmd;

namespace {

std::vector<audit::Entry> logged(test::ControllerFixture& t) {
  std::vector<audit::Entry> out;
  t.worker->post([&out](store::Store& st) { out = st.audit_entries(0, 100).value(); });
  t.settle();
  return out;
}

void wait_idle(test::ControllerFixture& t) {
  for (int i = 0; i < 500 && t.c->busy(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    t.settle();
  }
  REQUIRE_FALSE(t.c->busy());
}

}  // namespace

TEST_CASE("a drop-off with items thrown away is logged with the clerk, the farmer and what was weighed") {
  test::ControllerFixture t;
  t.scan(store::demo_member_code(0));
  t.apply(cmd::SelectProduct{t.product_id("TRUNG-GA")});
  t.apply(cmd::SetPieces{10});
  t.apply(cmd::AddItem{});
  t.apply(cmd::CancelDropOff{});
  t.apply(cmd::Answer{true});
  // The fixture's sign-in is the first entry.
  auto log = logged(t);
  REQUIRE(log.size() == 2);
  CHECK(log[0].action == "clerk.signed_in");
  CHECK(log[1].action == "dropoff.discarded");
  CHECK(log[1].actor == t.clerk_id(store::ClerkRole::Clerk));
  CHECK(log[1].subject == store::demo_member_code(0));
  CHECK(log[1].detail.find("1 items") != std::string::npos);
  // Nothing weighed, nothing to log.
  t.scan(store::demo_member_code(1));
  t.apply(cmd::CancelDropOff{});
  CHECK(logged(t).size() == 2);
}

TEST_CASE("a reprint and the drawer opened for a cash payment are logged; the chain holds") {
  test::TempDir spool("audit_spool");
  dev::VirtualPrinter printer({.spool_dir = spool.path()});
  test::ControllerFixture t(&printer);
  printer.start([&t](dev::DeviceEvent e) { t.queue.post([e](app::Controller& c) { c.on_device(e); }); });

  t.scan(store::demo_member_code(5));
  t.apply(cmd::SelectProduct{t.product_id("GAO")});
  t.weigh(25'000'000);
  t.apply(cmd::AddItem{});
  t.apply(cmd::ConfirmDropOff{});
  wait_idle(t);
  REQUIRE(t.s().drop.done);
  t.apply(cmd::Reprint{store::PrintKind::DropOffReceipt, t.s().drop.done->id});
  t.approve();  // a copy needs a supervisor's PIN
  wait_idle(t);

  t.apply(cmd::LookupPickup{store::demo_pickup_code(1)});
  t.apply(cmd::VerifyPhone{"3344"});
  t.apply(cmd::SetCashReceived{200'000});
  t.apply(cmd::ConfirmPickup{});
  REQUIRE(t.s().pick.step == app::PickStep::Done);
  for (int i = 0; i < 500 && logged(t).size() < 4; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  printer.stop();

  CHECK(printer.drawer_kicks() == 1);
  auto log = logged(t);
  REQUIRE(log.size() == 4);
  CHECK(log[0].action == "clerk.signed_in");
  CHECK(log[1].action == "supervisor.approved");
  CHECK(log[2].action == "receipt.reprinted");
  CHECK(log[2].subject == t.s().drop.done->number);
  CHECK(log[3].action == "drawer.opened");
  CHECK(log[3].subject == store::demo_pickup_code(1));
  CHECK(log[3].actor == t.clerk_id(store::ClerkRole::Clerk));
  CHECK_FALSE(audit::verify(log));
  CHECK(t.count("SELECT count(*) FROM outbox WHERE kind = 'audit.appended'") == 4);
}

TEST_CASE("the drawer without a sale opens only on a supervisor's PIN, and the log names both") {
  test::TempDir spool("audit_drawer");
  dev::VirtualPrinter printer({.spool_dir = spool.path()});
  test::ControllerFixture t(&printer);
  printer.start([&t](dev::DeviceEvent e) { t.queue.post([e](app::Controller& c) { c.on_device(e); }); });
  t.apply(cmd::OpenDrawer{});
  REQUIRE(t.s().approval.open);
  CHECK(t.s().approval.kind == app::ApprovalKind::OpenDrawer);
  t.apply(cmd::CancelApproval{});
  wait_idle(t);
  CHECK(printer.drawer_kicks() == 0);
  t.apply(cmd::OpenDrawer{});
  t.approve();
  for (int i = 0; i < 500 && logged(t).size() < 4; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    t.settle();
  }
  printer.stop();
  CHECK(printer.drawer_kicks() == 1);
  auto log = logged(t);
  REQUIRE(log.size() == 4);
  // The opening is a drawer_open movement first (docs/cash.md), then the kick the printer confirmed.
  CHECK(log[2].action == "cash.drawer_open");
  CHECK(t.count("SELECT count(*) FROM cash_movements WHERE kind = 'drawer_open' AND approved_by <> ''") == 1);
  CHECK(log[3].action == "drawer.opened");
  CHECK(log[3].actor == t.clerk_id(store::ClerkRole::Clerk));
  CHECK(log[3].detail == "no sale; approved_by=" + t.clerk_id(store::ClerkRole::Supervisor));
}
