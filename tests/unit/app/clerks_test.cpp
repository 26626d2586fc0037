// Clerks at the counter (docs/clerks.md), through the controller's commands on a real store
// file: sign-in, wrong PINs and the lockout (kept across a restart), a disabled account, the
// idle lock that keeps the work, the technician's screen, the supervisor's approval, and the
// clerk's id on every record.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "shared/auth/pin.hpp"
#include "tests/unit/app/controller_fixture.hpp"

using namespace hp;
namespace cmd = app::cmd;
using store::ClerkRole;

namespace {

}  // namespace

TEST_CASE("a clerk signs in with the right PIN; nothing else is reachable before") {
  test::ControllerFixture t{test::ControllerFixture::SignedOut{}};
  CHECK_FALSE(t.s().session);
  REQUIRE(t.s().signin.loaded);
  CHECK(t.s().signin.clerks.size() == 3);
  // Signed out, the counter refuses the flows and says why.
  t.apply(cmd::Navigate{app::Screen::Pickup});
  CHECK(t.notice() == "signin.required");
  CHECK(t.s().screen == app::Screen::DropOff);
  t.scan(store::demo_member_code(0));  // a farmer's card is not a badge
  CHECK(t.notice() == "signin.scan_badge");
  CHECK_FALSE(t.s().drop.farmer);

  t.sign_in(ClerkRole::Clerk);
  CHECK(t.s().session->name == "Nguyễn Thị Lan");
  CHECK(t.s().clerk == "Nguyễn Thị Lan");
  CHECK(t.count("SELECT count(*) FROM audit_log WHERE action = 'clerk.signed_in' AND actor = '" +
                t.clerk_id(ClerkRole::Clerk) + "'") == 1);
}

TEST_CASE("a badge scan chooses the account, then the PIN signs in") {
  test::ControllerFixture t{test::ControllerFixture::SignedOut{}};
  t.scan("nv-0002");  // badges match whatever the case the scanner sends
  CHECK(t.s().signin.chosen_id == t.clerk_id(ClerkRole::Supervisor));
  t.apply(cmd::SignIn{"2222"});
  REQUIRE(t.s().session);
  CHECK(t.s().session->role == ClerkRole::Supervisor);
}

TEST_CASE("the fifth wrong PIN locks the account; the right PIN is refused until the lock passes, even after a restart") {
  test::ControllerFixture t{test::ControllerFixture::SignedOut{}};
  const std::string id = t.clerk_id(ClerkRole::Clerk);
  t.apply(cmd::ChooseClerk{id});
  for (int i = 1; i <= 4; ++i) {
    t.apply(cmd::SignIn{"9999"});
    CHECK_FALSE(t.s().session);
    CHECK(t.s().signin.refusal == "signin.wrong_pin");
    CHECK(t.s().signin.tries_left == 5 - i);
  }
  t.apply(cmd::SignIn{"9999"});
  CHECK(t.s().signin.refusal == "signin.locked_now");
  CHECK(t.s().signin.locked_until == t.now + 300'000);
  // Locked: the right PIN does not open it.
  t.apply(cmd::SignIn{"1111"});
  CHECK_FALSE(t.s().session);
  CHECK(t.s().signin.refusal == "signin.locked");
  CHECK(t.count("SELECT count(*) FROM audit_log WHERE action = 'clerk.pin_wrong'") == 4);
  CHECK(t.count("SELECT count(*) FROM audit_log WHERE action = 'clerk.locked_out'") == 1);
  CHECK(t.count("SELECT count(*) FROM audit_log WHERE action = 'clerk.refused'") == 1);
  // Another account is not affected.
  t.sign_in(ClerkRole::Supervisor);

  // A restart: a new controller and store worker on the same file.
  test::ControllerFixture again{nullptr, test::ControllerFixture::Resume{t.db_path}};
  again.now = t.now + 60'000;
  again.c->start();
  again.settle();
  again.apply(cmd::ChooseClerk{id});
  CHECK(again.s().signin.refusal == "signin.locked");
  again.apply(cmd::SignIn{"1111"});
  CHECK_FALSE(again.s().session);
  CHECK(again.s().signin.refusal == "signin.locked");
  // Once the lock has passed the right PIN works, and the clerk has every try again.
  again.now = t.now + 300'001;
  again.c->tick();
  again.apply(cmd::SignIn{"1111"});
  REQUIRE(again.s().session);
  CHECK(again.s().session->clerk_id == id);
}

TEST_CASE("a disabled account cannot sign in") {
  test::ControllerFixture t{test::ControllerFixture::SignedOut{}};
  auto hash = auth::hash_pin("4444");
  REQUIRE(hash);
  Status stored = fail("test", "not run");
  t.worker->post([&](store::Store& st) {
    stored = st.upsert_clerk({.id = "019300aa-0000-7000-8000-0000000000d1", .name = "Đã Nghỉ", .role = ClerkRole::Clerk,
                              .badge = "NV-0099", .pin_hash = *hash, .disabled = true},
                             t.now);
  });
  t.settle();
  REQUIRE(stored);
  t.c->start();  // reads the accounts again, with the new one (a pull does the same)
  t.settle();
  t.scan("NV-0099");
  CHECK(t.s().signin.refusal == "signin.disabled");
  t.apply(cmd::SignIn{"4444"});
  CHECK_FALSE(t.s().session);
  CHECK(t.s().signin.refusal == "signin.disabled");
  CHECK(t.count("SELECT count(*) FROM audit_log WHERE action = 'clerk.refused' AND detail LIKE '%disabled%'") == 1);
}

TEST_CASE("only a technician reaches the technician screen") {
  test::ControllerFixture t;  // the demo clerk
  t.apply(cmd::Navigate{app::Screen::Devices});
  CHECK(t.s().screen == app::Screen::DropOff);
  CHECK(t.notice() == "signin.technician_only");
  t.apply(cmd::SignOut{});
  t.sign_in(ClerkRole::Supervisor);
  t.apply(cmd::Navigate{app::Screen::Devices});
  CHECK(t.s().screen == app::Screen::DropOff);
  t.apply(cmd::SignOut{});
  t.sign_in(ClerkRole::Technician);
  t.apply(cmd::Navigate{app::Screen::Devices});
  CHECK(t.s().screen == app::Screen::Devices);
  // The technician locks the screen; the clerk who signs in next does not land on it.
  t.apply(cmd::SignOut{});
  t.sign_in(ClerkRole::Clerk);
  CHECK(t.s().screen == app::Screen::DropOff);
}

TEST_CASE("the screen locks when idle and the same clerk gets the drop-off back") {
  test::ControllerFixture t;
  t.scan(store::demo_member_code(0));
  REQUIRE(t.s().drop.farmer);
  t.apply(cmd::SelectProduct{t.product_id("CA-CHUA")});
  t.weigh(5'000'000);
  t.apply(cmd::AddItem{});
  REQUIRE(t.s().drop.items.size() == 1);
  t.now += t.config.idle_lock_s * 1000 - 1;
  t.c->tick();
  CHECK(t.s().session);
  t.now += 1;
  t.c->tick();
  t.settle();
  REQUIRE_FALSE(t.s().session);
  CHECK(t.count("SELECT count(*) FROM audit_log WHERE action = 'clerk.signed_out' AND detail = 'idle'") == 1);
  // Another clerk signs in: they start clean, and the first clerk's drop-off waits.
  t.sign_in(ClerkRole::Supervisor);
  CHECK(t.s().drop.items.empty());
  CHECK_FALSE(t.s().drop.farmer);
  t.apply(cmd::SignOut{});
  t.sign_in(ClerkRole::Clerk);
  REQUIRE(t.s().drop.items.size() == 1);
  REQUIRE(t.s().drop.farmer);
  t.apply(cmd::ConfirmDropOff{});
  // The drop-off, its pushed event and its audit entries carry the clerk's id.
  const std::string id = t.clerk_id(ClerkRole::Clerk);
  CHECK(text_of(t, "SELECT clerk_id FROM drop_offs") == id);
  CHECK(t.count("SELECT count(*) FROM outbox WHERE kind = 'dropoff.committed' AND json_extract(payload, '$.clerk_id') = '" +
                id + "'") == 1);
}

TEST_CASE("a pickup carries the signed-in clerk's id") {
  test::ControllerFixture t;
  t.apply(cmd::LookupPickup{store::demo_pickup_code(1)});  // COD 145.000, phone ...3344
  t.apply(cmd::VerifyPhone{"3344"});
  REQUIRE(t.s().pick.step == app::PickStep::Pay);
  t.apply(cmd::CashExact{});
  t.apply(cmd::ConfirmPickup{});
  REQUIRE(t.s().pick.done);
  const std::string id = t.clerk_id(ClerkRole::Clerk);
  CHECK(text_of(t, "SELECT clerk_id FROM pickups ORDER BY collected_at DESC LIMIT 1") == id);
  CHECK(t.count("SELECT count(*) FROM outbox WHERE kind = 'pickup.recorded' AND json_extract(payload, '$.clerk_id') = '" +
                id + "'") == 1);
}

TEST_CASE("a reprint waits for a supervisor's PIN; a clerk cannot approve it") {
  test::ControllerFixture t;
  t.scan(store::demo_member_code(0));
  t.apply(cmd::SelectProduct{t.product_id("CA-CHUA")});
  t.weigh(5'000'000);
  t.apply(cmd::AddItem{});
  t.apply(cmd::ConfirmDropOff{});
  REQUIRE(t.s().drop.done);
  const std::string ref = t.s().drop.done->id;
  const auto jobs = t.count("SELECT count(*) FROM print_jobs");
  t.apply(cmd::Reprint{store::PrintKind::DropOffReceipt, ref});
  REQUIRE(t.s().approval.open);
  CHECK(t.s().approval.kind == app::ApprovalKind::Reprint);
  // While the dialog is open nothing else is taken.
  t.apply(cmd::NewDropOff{});
  CHECK(t.notice() == "approval.pending");
  // A clerk's account cannot approve: refused, and no try is counted against it.
  t.apply(cmd::ChooseApprover{t.clerk_id(ClerkRole::Clerk)});
  CHECK(t.s().approval.refusal == "approval.not_supervisor");
  t.apply(cmd::Approve{"1111"});
  CHECK(t.s().approval.open);
  CHECK(t.s().approval.refusal == "approval.not_supervisor");
  CHECK(t.count("SELECT count(*) FROM print_jobs") == jobs);
  // A supervisor's wrong PIN is refused and counted.
  t.approve("0000");
  CHECK(t.s().approval.open);
  CHECK(t.s().approval.refusal == "signin.wrong_pin");
  CHECK(t.count("SELECT count(*) FROM print_jobs") == jobs);
  // The right one prints the copy; the log names the clerk and the supervisor.
  t.approve("2222");
  CHECK_FALSE(t.s().approval.open);
  CHECK(t.count("SELECT count(*) FROM print_jobs") == jobs + 1);
  CHECK(t.count("SELECT count(*) FROM audit_log WHERE action = 'receipt.reprinted' AND actor = '" +
                t.clerk_id(ClerkRole::Clerk) + "' AND detail LIKE '%approved_by=" + t.clerk_id(ClerkRole::Supervisor) +
                "'") == 1);
  CHECK(t.count("SELECT count(*) FROM audit_log WHERE action = 'supervisor.approved' AND actor = '" +
                t.clerk_id(ClerkRole::Supervisor) + "'") == 1);
}

TEST_CASE("a cancelled approval does nothing") {
  test::ControllerFixture t;
  t.apply(cmd::Reprint{store::PrintKind::DropOffReceipt, "no-such-drop-off"});
  REQUIRE(t.s().approval.open);
  t.apply(cmd::CancelApproval{});
  CHECK_FALSE(t.s().approval.open);
  t.apply(cmd::Approve{"2222"});  // no dialog: nothing to approve
  CHECK(t.count("SELECT count(*) FROM audit_log WHERE action = 'supervisor.approved'") == 0);
}
