// The drawer's shift at the counter (docs/cash.md): open with a float, cash pickups, cash in
// and out, a payout, the close balancing to the đồng, over and short, the unsent-events
// question, approvals refused, a restart mid-shift.
#include <doctest/doctest.h>

#include "kiosk/app/store_worker.hpp"
#include "kiosk/store/store.hpp"
#include "tests/unit/app/controller_fixture.hpp"
#include "tests/unit/app/counter_helpers.hpp"

using namespace hp;
namespace cmd = app::cmd;
using store::ClerkRole;

using namespace hp::test::counter;

TEST_CASE("a full shift: float, cash pickups, cash in and out, a payout, and a close that balances to the đồng") {
  test::ControllerFixture t;
  open_shift(t, 1'000'000);
  CHECK(t.count("SELECT count(*) FROM outbox WHERE kind = 'shift.opened'") == 1);
  CHECK(t.count("SELECT count(*) FROM cash_movements WHERE kind = 'float' AND amount = 1000000") == 1);

  const Dong due = cash_pickup(t, 1, "3344");
  CHECK(due > 0);
  // The cash is in the shift, in the pickup's own transaction; the change given back is not.
  CHECK(t.count("SELECT count(*) FROM cash_movements WHERE kind = 'cod_cash' AND shift_id IS NOT NULL AND amount = " +
                std::to_string(due)) == 1);

  t.apply(cmd::Navigate{app::Screen::Shift});
  t.apply(cmd::CashIn{200'000, "from the safe"});
  t.approve();
  t.apply(cmd::CashOut{300'000, "to the bank"});
  t.approve();
  CHECK(t.count("SELECT count(*) FROM cash_movements WHERE kind IN ('cash_in', 'cash_out') AND approved_by = '" +
                t.clerk_id(ClerkRole::Supervisor) + "'") == 2);
  CHECK(t.count("SELECT count(*) FROM outbox WHERE kind = 'cash.moved'") == 2);

  // A payout: more than the balance is refused with the most that may be paid; then it pays.
  t.apply(cmd::Navigate{app::Screen::DropOff});
  t.scan(store::demo_member_code(0));
  REQUIRE(t.s().drop.farmer);
  pull_balance(t, t.s().drop.farmer->id, 250'000);
  t.apply(cmd::StartPayout{});
  CHECK(t.s().screen == app::Screen::Shift);
  REQUIRE(t.s().payout.room);
  CHECK(t.s().payout.room->available == 250'000);
  t.apply(cmd::PayOut{300'000});
  CHECK(t.notice() == "payout.over_balance");
  CHECK(t.s().notice.args.at(0) == format_vnd(250'000));
  CHECK_FALSE(t.s().approval.open);
  t.apply(cmd::PayOut{150'000});
  t.approve();
  REQUIRE(t.s().payout.done);
  CHECK(t.notice() == "payout.saved");
  CHECK(t.s().payout.room->available == 100'000);
  CHECK(t.count("SELECT count(*) FROM payouts WHERE amount = 150000 AND available_before = 250000") == 1);
  CHECK(t.count("SELECT count(*) FROM outbox WHERE kind = 'payout.recorded'") == 1);
  CHECK(t.count("SELECT count(*) FROM audit_log WHERE action = 'payout.paid'") == 1);
  const std::string receipt = payload_of(t, "payout_receipt");
  CHECK(receipt.find("PHIẾU CHI TRẢ NÔNG DÂN") != std::string::npos);
  CHECK(receipt.find("Người nhận tiền") != std::string::npos);
  CHECK(receipt.find(format_vnd(150'000)) != std::string::npos);
  // What is left counts this kiosk's payout, which the centre has not counted yet.
  t.apply(cmd::PayOut{100'001});
  CHECK(t.notice() == "payout.over_balance");
  CHECK(t.count("SELECT count(*) FROM payouts") == 1);

  const Dong expected = 1'000'000 + due + 200'000 - 300'000 - 150'000;
  CHECK(t.s().shift.so_far.expected == expected);
  t.apply(cmd::CountClose{notes_for(expected)});
  REQUIRE(t.s().shift.closing);
  CHECK(t.s().shift.closing->balance.expected == expected);
  CHECK(t.s().shift.closing->balance.over_short == 0);
  // Nothing went up (no centre in this test): the clerk must answer before the sign-off.
  CHECK(t.s().shift.closing->unsent > 0);
  t.apply(cmd::ConfirmClose{});
  CHECK(t.s().question.kind == app::QuestionKind::CloseWithUnsent);
  CHECK_FALSE(t.s().approval.open);
  t.apply(cmd::Answer{true});
  REQUIRE(t.s().approval.open);
  CHECK(t.s().approval.kind == app::ApprovalKind::ShiftSignOff);
  t.approve();
  CHECK_FALSE(t.s().shift.open);
  REQUIRE(t.s().shift.last_closed);
  CHECK(t.s().shift.last_closed->difference == 0);
  CHECK(t.notice() == "shift.closed");
  CHECK(t.count("SELECT count(*) FROM shifts WHERE closed_at IS NOT NULL AND difference = 0 AND expected = " +
                std::to_string(expected) + " AND signed_off_by = '" + t.clerk_id(ClerkRole::Supervisor) +
                "' AND unsent_at_close > 0") == 1);
  CHECK(t.count("SELECT count(*) FROM outbox WHERE kind = 'shift.closed' AND json_extract(payload, '$.over_short_vnd') = 0 "
                "AND json_extract(payload, '$.movements.payouts_vnd') = 150000 AND "
                "json_extract(payload, '$.signed_off_by') <> ''") == 1);
  const std::string report = payload_of(t, "shift_report");
  CHECK(report.find("KHỚP") != std::string::npos);
  CHECK(report.find("CHƯA GỬI VỀ TRUNG TÂM") != std::string::npos);
  CHECK(report.find("Tiền phải có: " + format_vnd(expected)) != std::string::npos);
  CHECK(t.count("SELECT count(*) FROM audit_log WHERE action = 'shift.closed'") == 1);
  // Closed: no movement goes in any more.
  t.apply(cmd::CashIn{10'000, ""});
  CHECK(t.notice() == "shift.open_first");
}

TEST_CASE("the close shows over and short before the sign-off, and the report prints them") {
  SUBCASE("over") {
    test::ControllerFixture t;
    open_shift(t, 500'000);
    all_sent(t);
    t.apply(cmd::CountClose{notes_for(502'000)});
    REQUIRE(t.s().shift.closing);
    CHECK(t.s().shift.closing->balance.over_short == 2'000);
    CHECK(t.s().shift.closing->unsent == 0);
    t.apply(cmd::ConfirmClose{});
    // No unsent events: no question, straight to the supervisor.
    CHECK(t.s().question.kind == app::QuestionKind::None);
    t.approve();
    CHECK(t.count("SELECT count(*) FROM shifts WHERE difference = 2000 AND unsent_at_close = 0") == 1);
    const std::string report = payload_of(t, "shift_report");
    CHECK(report.find("THỪA " + format_vnd(2'000)) != std::string::npos);
    CHECK(report.find("CHƯA GỬI") == std::string::npos);
  }
  SUBCASE("short") {
    test::ControllerFixture t;
    open_shift(t, 500'000);
    t.apply(cmd::CountClose{notes_for(495'000)});
    REQUIRE(t.s().shift.closing);
    CHECK(t.s().shift.closing->balance.over_short == -5'000);
    t.apply(cmd::ConfirmClose{});
    t.apply(cmd::Answer{true});
    t.approve();
    CHECK(t.count("SELECT count(*) FROM shifts WHERE difference = -5000") == 1);
    CHECK(payload_of(t, "shift_report").find("THIẾU " + format_vnd(5'000)) != std::string::npos);
  }
}

TEST_CASE("unsent events at the close: answering no keeps the shift open and nothing is asked of the supervisor") {
  test::ControllerFixture t;
  open_shift(t, 100'000);
  t.apply(cmd::CountClose{notes_for(100'000)});
  t.apply(cmd::ConfirmClose{});
  REQUIRE(t.s().question.kind == app::QuestionKind::CloseWithUnsent);
  CHECK(std::stoll(t.s().question.arg) > 0);
  t.apply(cmd::Answer{false});
  CHECK_FALSE(t.s().approval.open);
  CHECK(t.s().shift.open);
  CHECK(t.s().shift.closing);  // the count stays, for when the events have gone
  CHECK(t.count("SELECT count(*) FROM shifts WHERE closed_at IS NOT NULL") == 0);
}

TEST_CASE("approvals refused with a wrong PIN, or cancelled, change nothing") {
  test::ControllerFixture t;
  open_shift(t, 300'000);
  const auto movements = t.count("SELECT count(*) FROM cash_movements");
  const auto events = t.count("SELECT count(*) FROM outbox WHERE kind <> 'audit.appended'");

  t.apply(cmd::CashIn{50'000, ""});
  t.approve("9999");
  CHECK(t.s().approval.open);
  CHECK(t.s().approval.refusal == "signin.wrong_pin");
  t.apply(cmd::CancelApproval{});
  t.apply(cmd::CashOut{50'000, ""});
  t.approve("0000");
  t.apply(cmd::CancelApproval{});
  // More than the drawer holds is refused before any PIN is asked.
  t.apply(cmd::CashOut{400'000, ""});
  CHECK(t.notice() == "shift.cash_out_over");
  CHECK_FALSE(t.s().approval.open);

  t.scan(store::demo_member_code(1));
  REQUIRE(t.s().drop.farmer);
  pull_balance(t, t.s().drop.farmer->id, 90'000);
  t.apply(cmd::StartPayout{});
  t.apply(cmd::PayOut{50'000});
  t.approve("1234");
  t.apply(cmd::CancelApproval{});
  // A clerk's own PIN is no supervisor's.
  t.apply(cmd::PayOut{50'000});
  t.apply(cmd::ChooseApprover{t.clerk_id(ClerkRole::Clerk)});
  CHECK(t.s().approval.refusal == "approval.not_supervisor");
  t.apply(cmd::CancelApproval{});

  t.apply(cmd::CountClose{notes_for(300'000)});
  t.apply(cmd::ConfirmClose{});
  t.apply(cmd::Answer{true});
  t.approve("5555");
  t.apply(cmd::CancelApproval{});

  CHECK(t.count("SELECT count(*) FROM cash_movements") == movements);
  CHECK(t.count("SELECT count(*) FROM payouts") == 0);
  CHECK(t.count("SELECT count(*) FROM outbox WHERE kind <> 'audit.appended'") == events);
  CHECK(t.count("SELECT count(*) FROM shifts WHERE closed_at IS NULL") == 1);
  CHECK(t.count("SELECT count(*) FROM print_jobs WHERE kind IN ('shift_report', 'payout_receipt')") == 0);
}

TEST_CASE("a payout needs an open shift and a balance from the centre") {
  test::ControllerFixture t;
  t.scan(store::demo_member_code(2));
  REQUIRE(t.s().drop.farmer);
  t.apply(cmd::StartPayout{});
  REQUIRE(t.s().payout.room);
  CHECK_FALSE(t.s().payout.room->pulled);
  CHECK(t.notice() == "payout.no_balance");
  pull_balance(t, t.s().drop.farmer->id, 40'000);
  t.apply(cmd::StartPayout{});
  t.apply(cmd::PayOut{10'000});
  CHECK(t.notice() == "shift.open_first");
  // The centre counted this kiosk's payouts up to its own outbox seq: those are not taken twice.
  open_shift(t, 100'000);
  t.apply(cmd::Navigate{app::Screen::DropOff});
  t.scan(store::demo_member_code(2));
  t.apply(cmd::StartPayout{});
  t.apply(cmd::PayOut{40'000});
  t.approve();
  REQUIRE(t.s().payout.done);
  t.apply(cmd::StartPayout{});
  CHECK(t.s().payout.room->available == 0);
  const auto seq = t.count("SELECT o.seq FROM outbox o JOIN payouts p ON p.id = o.id");
  bool ok = false;
  t.worker->post([&](store::Store& st) { ok = st.set_setting("sync.kiosk_id", "kiosk-a").has_value(); });
  t.worker->flush();
  REQUIRE(ok);
  pull_balance(t, t.s().drop.farmer->id, 25'000, {{"kiosk-a", seq}});
  t.apply(cmd::StartPayout{});
  CHECK(t.s().payout.room->local_since == 0);
  CHECK(t.s().payout.room->available == 25'000);
}

TEST_CASE("a cash pickup with no shift open is never refused: it is recorded outside a shift and the clerk is asked to open one") {
  test::ControllerFixture t;
  t.apply(cmd::Navigate{app::Screen::Pickup});
  t.scan(store::demo_pickup_code(1));
  t.apply(cmd::VerifyPhone{"3344"});
  CHECK(t.notice() == "pickup.open_shift_first");
  CHECK(t.s().notice.action == app::NoticeAction::OpenShift);
  const Dong due = t.s().pick.order->amount_due;
  t.apply(cmd::CashExact{});
  t.apply(cmd::ConfirmPickup{});
  REQUIRE(t.s().pick.step == app::PickStep::Done);
  CHECK(t.notice() == "pickup.saved_no_shift");
  CHECK(t.count("SELECT count(*) FROM cash_movements WHERE kind = 'cod_cash' AND shift_id IS NULL AND amount = " +
                std::to_string(due)) == 1);
  t.apply(cmd::ActOnNotice{});
  CHECK(t.s().screen == app::Screen::Shift);
}

TEST_CASE("a restart mid-shift keeps the open shift and its figures") {
  test::ControllerFixture t;
  open_shift(t, 700'000);
  t.apply(cmd::CashIn{100'000, ""});
  t.approve();
  const std::string id = t.s().shift.open->id;

  test::ControllerFixture again{nullptr, test::ControllerFixture::Resume{t.db_path}};
  again.c->start();
  again.settle();
  REQUIRE(again.s().shift.open);
  CHECK(again.s().shift.open->id == id);
  CHECK(again.s().shift.so_far.expected == 800'000);
  again.sign_in();
  again.apply(cmd::OpenShift{notes_for(100'000)});
  CHECK(again.notice() == "shift.already_open");
  CHECK(again.count("SELECT count(*) FROM shifts") == 1);
}

TEST_CASE("a count with a note that is not a banknote, or too many pieces, is refused and changes nothing") {
  test::ControllerFixture t;
  t.apply(cmd::Navigate{app::Screen::Shift});
  t.apply(cmd::OpenShift{{{3'000, 1}}});
  CHECK(t.notice() == "err.cash.denomination");
  t.apply(cmd::OpenShift{{{10'000, 100'001}}});
  CHECK(t.notice() == "err.cash.pieces");
  CHECK_FALSE(t.s().shift.open);
  CHECK(t.count("SELECT count(*) FROM shifts") == 0);
}
