// A whole day at one counter, by one clerk, through the controller's commands only (issue 10,
// item 13): the shift opened with a float, drop-offs (one visit by an agent for three
// farmers), packages checked in, pickups paid in
// cash and by VietQR (one partial, with a refused item), a payout, the returns scanned out to
// the driver, and the close. The report balances to the đồng, and every movement of cash or
// goods names a person and a time.
#include <doctest/doctest.h>

#include "kiosk/store/store.hpp"
#include "shared/audit/audit_chain.hpp"
#include "shared/money.hpp"
#include "tests/unit/app/controller_fixture.hpp"
#include "tests/unit/app/counter_helpers.hpp"

using namespace hp;
namespace cmd = app::cmd;
using namespace hp::test::counter;

namespace {

constexpr UtcMillis kDay = 86'400'000;

std::int64_t sum(test::ControllerFixture& t, const std::string& sql) { return t.count("SELECT coalesce(sum(x), 0) FROM (" + sql + ")"); }

}  // namespace

TEST_CASE("a full day at the counter: every cash and goods movement traced, and the shift report balances to the đồng") {
  test::ControllerFixture t;
  const auto& L = labels();
  const std::string clerk = t.clerk_id(store::ClerkRole::Clerk);
  const std::string supervisor = t.clerk_id(store::ClerkRole::Supervisor);

  // Eight days ago a package came in that nobody has collected: today it goes back.
  const UtcMillis today = t.now;
  t.now = today - 8 * kDay;
  const Order stale = order_with(5, {{L.good[5], {}}});
  add(t, stale);
  t.apply(cmd::Navigate{app::Screen::Packages});
  check_in(t, L.good[5]);
  t.now = today;

  // Morning: the float, counted by banknote.
  open_shift(t, 1'000'000);

  // Farmers bring produce.
  const Dong d1 = drop_off(t, 0, "CA-CHUA", {12'800'000, 10'800'000});
  const Dong d2 = drop_off(t, 1, "CA-CHUA", {8'800'000});
  const Dong d3 = drop_off(t, 2, "GAO", {25'800'000});
  CHECK(d1 > 0);
  CHECK(d2 > 0);
  CHECK(d3 > 0);
  CHECK(t.count("SELECT count(*) FROM drop_offs WHERE clerk_id = '" + clerk + "'") == 3);

  // A sales agent brings produce for three farmers: a receipt each, one summary, the commission.
  t.apply(cmd::Navigate{app::Screen::DropOff});
  t.scan("DL-0001");
  REQUIRE(t.s().agents.visit);
  const Dong a1 = drop_off(t, 3, "CA-CHUA", {11'800'000});
  const Dong a2 = drop_off(t, 4, "CA-CHUA", {6'300'000});
  const Dong a3 = drop_off(t, 5, "GAO", {25'800'000});
  t.apply(cmd::FinishAgentVisit{});
  CHECK(t.notice() == "agent.summary_printed");
  const Dong commission = commission_of(a1, 500) + commission_of(a2, 500) + commission_of(a3, 500);
  CHECK(payload_of(t, "agent_summary").find("Hoa hồng (5,00 %): " + format_vnd(commission)) != std::string::npos);
  CHECK(t.count("SELECT count(*) FROM print_jobs WHERE kind = 'dropoff_receipt'") == 6);
  CHECK(t.count("SELECT coalesce(sum(agent_commission), 0) FROM drop_offs WHERE clerk_id = '" + clerk + "'") == commission);

  // The hub's van: two orders' packages are checked in to their shelves.
  const Order cash_order = order_with(1, {{L.good[0], {0}}, {L.good[1], {1}}});
  const Order qr_order = order_with(2, {{L.good[2], {}}});
  add(t, cash_order);
  add(t, qr_order);
  t.apply(cmd::Navigate{app::Screen::Packages});
  check_in(t, L.good[0]);
  check_in(t, L.good[1]);
  check_in(t, L.good[2]);
  CHECK(t.count("SELECT count(*) FROM packages WHERE status = 'checked_in' AND checked_in_by = '" + clerk + "'") == 4);

  // A buyer takes one package and refuses the damaged item in the other; pays cash for what
  // is taken, 200.000 tendered.
  open_pickup(t, cash_order);
  t.apply(cmd::RefuseItem{1, store::RefusalReason::Damaged, ""});
  CHECK(t.s().pick.order->amount_due == 100'000);
  t.scan(L.good[0]);
  t.scan(L.good[1]);
  sign(t);
  t.apply(cmd::SetCashReceived{200'000});
  t.apply(cmd::ConfirmPickup{});
  REQUIRE(t.s().pick.step == app::PickStep::Done);
  CHECK(t.s().pick.change == 100'000);
  t.apply(cmd::CancelPickup{});

  // A buyer pays by VietQR: no cash moves.
  open_pickup(t, qr_order);
  t.apply(cmd::ChoosePayment{PaymentMethod::VietQr});
  REQUIRE(!t.s().pick.vietqr_payload.empty());
  t.scan(L.good[2]);
  sign(t);
  t.apply(cmd::ConfirmQrReceived{});
  t.apply(cmd::ConfirmPickup{});
  REQUIRE(t.s().pick.step == app::PickStep::Done);
  t.apply(cmd::CancelPickup{});

  // A demo order without packages, cash.
  const Dong demo_due = cash_pickup(t, 1, "3344");

  // A farmer is paid part of the balance the centre computed.
  t.apply(cmd::Navigate{app::Screen::DropOff});
  t.scan(store::demo_member_code(0));
  REQUIRE(t.s().drop.farmer);
  pull_balance(t, t.s().drop.farmer->id, d1);
  t.apply(cmd::StartPayout{});
  REQUIRE(t.s().payout.room);
  t.apply(cmd::PayOut{d1 + 1});  // more than the balance: refused, nothing asked of the supervisor
  CHECK(t.notice() == "payout.over_balance");
  CHECK_FALSE(t.s().approval.open);
  const Dong paid = 120'000;
  REQUIRE(paid <= d1);
  t.apply(cmd::PayOut{paid});
  t.approve();
  REQUIRE(t.s().payout.done);

  // Afternoon: the driver takes the returns, the refused package and the one held too long.
  t.apply(cmd::Navigate{app::Screen::Packages});
  t.apply(cmd::SetPackagesMode{app::PackagesMode::Returns});
  CHECK(t.s().packages.returns.due.size() == 2);
  t.apply(cmd::PrintReturnList{});
  CHECK(t.notice() == "returns.printed");
  t.scan(L.good[1]);
  CHECK(t.notice() == "returns.scanned_out");
  t.scan(L.good[5]);
  CHECK(t.notice() == "returns.scanned_out");
  CHECK(t.s().packages.returns.due.empty());
  CHECK(text_of(t, "SELECT status FROM orders WHERE id = '" + stale.id + "'") == "returned");

  // Evening: everything went up to the centre; the drawer is counted and holds exactly what it should.
  all_sent(t);
  const Dong cash_taken = 100'000 + demo_due;
  const Dong expected = 1'000'000 + cash_taken - paid;
  t.apply(cmd::Navigate{app::Screen::Shift});
  CHECK(t.s().shift.so_far.expected == expected);
  t.apply(cmd::CountClose{notes_for(expected)});
  REQUIRE(t.s().shift.closing);
  CHECK(t.s().shift.closing->balance.over_short == 0);
  CHECK(t.s().shift.closing->unsent == 0);
  t.apply(cmd::ConfirmClose{});
  CHECK(t.s().question.kind == app::QuestionKind::None);  // nothing unsent: nothing to ask
  t.approve();
  REQUIRE(t.s().shift.last_closed);
  CHECK(t.notice() == "shift.closed");

  // The report balances: float + cash taken - payouts = expected = counted.
  const std::string report = payload_of(t, "shift_report");
  CHECK(report.find("Tiền đầu ca: " + format_vnd(1'000'000)) != std::string::npos);
  CHECK(report.find("+ Thu tiền mặt (COD): " + format_vnd(cash_taken)) != std::string::npos);
  CHECK(report.find("- Chi trả nông dân: " + format_vnd(paid)) != std::string::npos);
  CHECK(report.find("Tiền phải có: " + format_vnd(expected)) != std::string::npos);
  CHECK(report.find("Tiền đếm được: " + format_vnd(expected)) != std::string::npos);
  CHECK(report.find("KHỚP " + format_vnd(0)) != std::string::npos);
  CHECK(report.find("CHƯA GỬI") == std::string::npos);
  CHECK(t.count("SELECT count(*) FROM shifts WHERE closed_at IS NOT NULL AND difference = 0 AND counted = " +
                std::to_string(expected) + " AND signed_off_by = '" + supervisor + "'") == 1);
  const auto closed = nlohmann::json::parse(text_of(t, "SELECT payload FROM outbox WHERE kind = 'shift.closed'"));
  CHECK(closed["float_vnd"] == 1'000'000);
  CHECK(closed["movements"]["cod_cash_vnd"] == cash_taken);
  CHECK(closed["movements"]["payouts_vnd"] == paid);
  CHECK(closed["expected_vnd"] == expected);
  CHECK(closed["over_short_vnd"] == 0);

  // The drawer's movements are the pickups' cash and the payout, to the đồng.
  CHECK(sum(t, "SELECT amount AS x FROM cash_movements WHERE kind = 'cod_cash' AND at >= " + std::to_string(today)) ==
        sum(t, "SELECT amount_paid AS x FROM pickups WHERE method = 'cash' AND collected_at >= " + std::to_string(today)));
  CHECK(t.count("SELECT count(*) FROM cash_movements WHERE kind = 'cod_cash' AND ref = '" + qr_order.pickup_code + "'") == 0);
  CHECK(sum(t, "SELECT amount AS x FROM cash_movements WHERE kind = 'payout'") == paid);

  // Traced: every movement of cash and goods names a person and a time.
  CHECK(t.count("SELECT count(*) FROM cash_movements WHERE clerk_id = '' OR at <= 0") == 0);
  CHECK(t.count("SELECT count(*) FROM pickups WHERE collected_at >= " + std::to_string(today) + " AND clerk_id <> '" + clerk +
                "'") == 0);
  CHECK(t.count("SELECT count(*) FROM pickups WHERE collected_at >= " + std::to_string(today)) == 3);
  CHECK(t.count("SELECT count(*) FROM packages WHERE status IN ('handed_over', 'refused', 'returned') AND "
                "(checked_in_by = '' OR checked_in_at IS NULL)") == 0);
  CHECK(t.count("SELECT count(*) FROM payouts WHERE clerk_id = '" + clerk + "' AND approved_by = '" + supervisor + "'") == 1);
  CHECK(t.count("SELECT count(*) FROM audit_log WHERE action = 'payout.paid' AND actor = '" + clerk + "'") == 1);
  CHECK(t.count("SELECT count(*) FROM audit_log WHERE action = 'shift.closed'") == 1);

  // And the audit log is one unbroken chain.
  std::vector<audit::Entry> entries;
  bool ok = false;
  t.worker->post([&](store::Store& st) {
    auto e = st.audit_entries(0, 100000);
    ok = e.has_value();
    if (e) entries = std::move(*e);
  });
  t.worker->flush();
  REQUIRE(ok);
  CHECK(entries.size() >= 5);
  CHECK_FALSE(audit::verify(entries).has_value());
}
