// No single tap or scan throws work away: cancelling items or a payment, and a scan that would
// replace an order in progress, ask first; each product starts at its own grade; notices expire.
#include <doctest/doctest.h>

#include "tests/unit/app/controller_fixture.hpp"

using namespace hp;
namespace cmd = app::cmd;
using Q = app::QuestionKind;

namespace {

void two_items(test::ControllerFixture& t) {
  t.scan(store::demo_member_code(0));
  t.apply(cmd::SelectProduct{t.product_id("TRUNG-GA")});
  t.apply(cmd::SetPieces{10});
  t.apply(cmd::AddItem{});
  t.apply(cmd::SetPieces{12});
  t.apply(cmd::AddItem{});
  REQUIRE(t.s().drop.items.size() == 2);
}

void to_payment(test::ControllerFixture& t, const std::string& code) {
  t.apply(cmd::Navigate{app::Screen::Pickup});
  t.scan(code);
  t.apply(cmd::VerifyPhone{"3344"});
  REQUIRE(t.s().pick.step == app::PickStep::Pay);
}

}  // namespace

TEST_CASE("cancelling a drop-off with items asks; no keeps every item, yes clears the draft") {
  test::ControllerFixture t;
  two_items(t);
  t.apply(cmd::CancelDropOff{});
  CHECK(t.s().question.kind == Q::CancelDropOff);
  CHECK(t.s().drop.items.size() == 2);
  t.apply(cmd::Answer{false});
  CHECK(t.s().question.kind == Q::None);
  CHECK(t.s().drop.items.size() == 2);
  CHECK(t.s().drop.step == app::DropStep::Items);

  t.apply(cmd::CancelDropOff{});
  t.apply(cmd::Answer{true});
  CHECK(t.s().drop.items.empty());
  CHECK(t.s().drop.step == app::DropStep::FindFarmer);
  CHECK(t.notice() == "dropoff.cancelled");
  CHECK(t.count("SELECT count(*) FROM drop_offs") == 0);

  // Nothing weighed yet: nothing to lose, so no question.
  t.scan(store::demo_member_code(1));
  t.apply(cmd::CancelDropOff{});
  CHECK(t.s().question.kind == Q::None);
  CHECK(t.s().drop.step == app::DropStep::FindFarmer);
}

TEST_CASE("removing an item is one tap, so its notice offers to undo it, back in its place") {
  test::ControllerFixture t;
  two_items(t);
  t.apply(cmd::RemoveItem{0});
  REQUIRE(t.s().drop.items.size() == 1);
  CHECK(t.s().drop.items[0].pieces == 12);
  CHECK(t.notice() == "dropoff.item_removed");
  CHECK(t.s().notice.action == app::NoticeAction::UndoRemoveItem);
  t.apply(cmd::ActOnNotice{});
  REQUIRE(t.s().drop.items.size() == 2);
  CHECK(t.s().drop.items[0].pieces == 10);  // where it was, with its count
  CHECK(t.s().drop.items[1].pieces == 12);
  CHECK(t.s().drop.total == 22 * 3'500);
  // The offer stays as long as an error would, then goes with the chance to undo.
  t.apply(cmd::RemoveItem{1});
  REQUIRE(t.s().drop.items.size() == 1);
  t.now += app::kActionNoticeMs - 1;
  t.c->tick();
  CHECK(t.notice() == "dropoff.item_removed");
  t.now += 1;
  t.c->tick();
  CHECK(t.notice().empty());
  t.apply(cmd::ActOnNotice{});
  CHECK(t.s().drop.items.size() == 1);
  t.apply(cmd::RemoveItem{0});
  t.apply(cmd::ActOnNotice{});
  REQUIRE(t.s().drop.items.size() == 1);
  // Undone once: the notice is gone, a second tap restores nothing more.
  t.apply(cmd::ActOnNotice{});
  CHECK(t.s().drop.items.size() == 1);
  // An index past the end changes nothing.
  t.apply(cmd::RemoveItem{7});
  CHECK(t.s().drop.items.size() == 1);
}

TEST_CASE("cancelling a registration with details entered asks; an empty form just closes") {
  test::ControllerFixture t;
  t.apply(cmd::StartRegister{});
  REQUIRE(t.s().drop.step == app::DropStep::Register);
  t.apply(cmd::CancelRegistration{true});
  CHECK(t.s().question.kind == Q::CancelRegistration);
  CHECK(t.s().drop.step == app::DropStep::Register);
  t.apply(cmd::Answer{false});
  CHECK(t.s().drop.step == app::DropStep::Register);
  t.apply(cmd::CancelRegistration{true});
  t.apply(cmd::Answer{true});
  CHECK(t.s().drop.step == app::DropStep::FindFarmer);
  CHECK(t.notice() == "register.cancelled");

  t.apply(cmd::StartRegister{});
  t.apply(cmd::CancelRegistration{false});
  CHECK(t.s().question.kind == Q::None);
  CHECK(t.s().drop.step == app::DropStep::FindFarmer);
  // Not on the form: nothing to cancel.
  t.apply(cmd::CancelRegistration{true});
  CHECK(t.s().question.kind == Q::None);
}

TEST_CASE("cancelling a cash payment asks; a prepaid handover or a finished pickup does not") {
  test::ControllerFixture t;
  to_payment(t, store::demo_pickup_code(1));  // COD
  t.apply(cmd::SetCashReceived{200'000});
  t.apply(cmd::CancelPickup{});
  CHECK(t.s().question.kind == Q::CancelPayment);
  t.apply(cmd::Answer{false});
  CHECK(t.s().pick.step == app::PickStep::Pay);
  CHECK(t.s().pick.cash_received == 200'000);
  t.apply(cmd::CancelPickup{});
  t.apply(cmd::Answer{true});
  CHECK(t.s().pick.step == app::PickStep::EnterCode);
  CHECK_FALSE(t.s().pick.order);

  to_payment(t, store::demo_pickup_code(1));
  t.apply(cmd::CashExact{});
  t.apply(cmd::ConfirmPickup{});
  REQUIRE(t.s().pick.step == app::PickStep::Done);
  t.apply(cmd::CancelPickup{});  // "next buyer"
  CHECK(t.s().question.kind == Q::None);
  CHECK(t.s().pick.step == app::PickStep::EnterCode);
}

TEST_CASE("a second pickup code scanned during a payment asks before replacing the first") {
  test::ControllerFixture t;
  const std::string first = store::demo_pickup_code(1);
  const std::string second = store::demo_pickup_code(3);
  to_payment(t, first);
  t.apply(cmd::SetCashReceived{500'000});
  t.scan(second);
  CHECK(t.s().question.kind == Q::ReplacePickup);
  CHECK(t.s().question.arg == second);
  REQUIRE(t.s().pick.order);
  CHECK(t.s().pick.order->pickup_code == first);
  CHECK(t.s().pick.cash_received == 500'000);
  t.apply(cmd::Answer{false});
  CHECK(t.s().pick.order->pickup_code == first);
  CHECK(t.s().pick.step == app::PickStep::Pay);

  // The same code again is no replacement.
  t.scan(first);
  CHECK(t.s().question.kind == Q::None);
  CHECK(t.notice() == "pickup.already_open");
  CHECK(t.s().pick.cash_received == 500'000);

  t.scan(second);
  t.apply(cmd::Answer{true});
  REQUIRE(t.s().pick.order);
  CHECK(t.s().pick.order->pickup_code == second);
  CHECK(t.s().pick.step == app::PickStep::Verify);
  CHECK(t.s().pick.cash_received == 0);
}

TEST_CASE("each product starts at its own default grade") {
  test::ControllerFixture t;
  t.scan(store::demo_member_code(0));
  t.apply(cmd::SelectProduct{t.product_id("CA-CHUA")});
  CHECK(t.s().drop.grade == "A");
  t.apply(cmd::SelectGrade{"B"});
  t.apply(cmd::SelectProduct{t.product_id("CA-CHUA")});  // the same product again keeps the choice
  CHECK(t.s().drop.grade == "B");
  t.apply(cmd::SelectProduct{t.product_id("TRUNG-GA")});
  CHECK(t.s().drop.grade == "A");
  t.apply(cmd::SetPieces{10});
  t.apply(cmd::AddItem{});
  REQUIRE(t.s().drop.items.size() == 1);
  CHECK(t.s().drop.items[0].value == 35'000);  // grade A eggs at 3.500 ₫, not grade B
}

TEST_CASE("notices expire: information after a few seconds, errors a little later") {
  test::ControllerFixture t;
  t.scan(store::demo_member_code(0));
  REQUIRE(t.notice() == "dropoff.farmer_selected");
  t.now += app::kNoticeMs - 1;
  t.c->tick();
  CHECK(t.notice() == "dropoff.farmer_selected");
  CHECK(t.c->next_deadline() == t.s().notice.at + app::kNoticeMs);
  t.now += 1;
  t.c->tick();
  CHECK(t.notice().empty());

  t.apply(cmd::AddItem{});  // no product chosen: an error
  REQUIRE(t.s().notice.level == app::Level::Error);
  t.now += app::kNoticeMs;
  t.c->tick();
  CHECK_FALSE(t.notice().empty());
  t.now += app::kErrorNoticeMs - app::kNoticeMs;
  t.c->tick();
  CHECK(t.notice().empty());
}

TEST_CASE("sound cues: a good scan, an error, a completed transaction") {
  test::ControllerFixture t;
  auto serial = t.s().cue_serial;
  t.scan(store::demo_member_code(0));
  CHECK(t.s().cue == app::Cue::GoodScan);
  CHECK(t.s().cue_serial > serial);
  serial = t.s().cue_serial;
  t.scan("garbage-not-a-code");
  CHECK(t.s().cue == app::Cue::Error);
  CHECK(t.s().cue_serial == serial + 1);  // one tone, not a good-scan tone and then an error
  t.apply(cmd::SelectProduct{t.product_id("TRUNG-GA")});
  t.apply(cmd::SetPieces{10});
  t.apply(cmd::AddItem{});
  t.apply(cmd::ConfirmDropOff{});
  CHECK(t.s().cue == app::Cue::Completed);
}
