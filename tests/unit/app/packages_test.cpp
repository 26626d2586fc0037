// Packages at the counter (docs/packages.md): check-in, handover by scan, partial pickup with
// refusals, the signature, returns after the hold period. Labels are the UPU S10 vectors.
#include <doctest/doctest.h>

#include "kiosk/app/signature.hpp"
#include "kiosk/store/store.hpp"
#include "shared/codes/kiosk_codes.hpp"
#include "tests/unit/app/controller_fixture.hpp"
#include "tests/unit/app/counter_helpers.hpp"

using namespace hp;
namespace cmd = app::cmd;

using namespace hp::test::counter;

TEST_CASE("packages: check-in at a suggested place; unknown, bad check digit and duplicate change nothing") {
  test::ControllerFixture t;
  const auto& L = labels();
  const Order o = order_with(1, {{L.good[0], {0}}, {L.good[1], {1}}});
  add(t, o);
  t.apply(cmd::Navigate{app::Screen::Packages});
  CHECK(t.s().screen == app::Screen::Packages);

  t.scan(L.good[0]);
  REQUIRE(t.s().packages.checkin.pending);
  CHECK(t.s().packages.checkin.pending->pickup_code == o.pickup_code);
  CHECK(t.s().packages.checkin.shelf == "A-01");
  CHECK(t.s().packages.checkin.hold_until == t.now + 7 * 24 * 3600 * 1000LL);
  t.apply(cmd::ConfirmCheckIn{});
  CHECK(t.notice() == "checkin.done");
  CHECK(t.count("SELECT count(*) FROM packages WHERE code = '" + L.good[0] +
                "' AND status = 'checked_in' AND shelf = 'A-01' AND hold_until = " +
                std::to_string(t.now + 7 * 24 * 3600 * 1000LL)) == 1);
  CHECK(t.count("SELECT count(*) FROM outbox WHERE kind = 'package.checked_in'") == 1);

  // The order's second package is suggested beside the first; the clerk may choose another.
  t.scan(L.good[1]);
  REQUIRE(t.s().packages.checkin.pending);
  CHECK(t.s().packages.checkin.shelf == "A-01");
  t.apply(cmd::SetShelf{" b-07 "});
  t.apply(cmd::ConfirmCheckIn{});
  CHECK(t.count("SELECT count(*) FROM packages WHERE code = '" + L.good[1] + "' AND shelf = 'B-07'") == 1);

  const auto events = t.count("SELECT count(*) FROM outbox");
  t.scan(L.good[2]);  // a valid label no order here has
  CHECK(t.notice() == "checkin.unknown");
  CHECK_FALSE(t.s().packages.checkin.pending);
  t.scan(L.bad_check);
  CHECK(t.notice() == "checkin.bad_check_digit");
  CHECK(t.s().notice.level == app::Level::Error);
  t.scan(L.good[0]);
  CHECK(t.notice() == "checkin.already");
  REQUIRE(t.s().notice.args.size() == 3);
  CHECK(t.s().notice.args[1] == "A-01");
  CHECK(t.count("SELECT count(*) FROM outbox") == events);
  CHECK(t.count("SELECT count(*) FROM packages WHERE status = 'checked_in'") == 2);
}

TEST_CASE("packages: handover waits for every package; another order's or a repeated scan is named") {
  test::ControllerFixture t;
  const auto& L = labels();
  const Order mine = order_with(1, {{L.good[0], {0}}, {L.good[1], {1}}});
  const Order other = order_with(2, {{L.good[2], {}}});
  add(t, mine);
  add(t, other);
  t.apply(cmd::Navigate{app::Screen::Packages});
  for (int i = 0; i < 3; ++i) check_in(t, L.good[static_cast<std::size_t>(i)]);

  open_pickup(t, mine);
  REQUIRE(t.s().pick.packages.size() == 2);
  CHECK(t.s().pick.blocker == "pickup.scan_all_packages");
  CHECK(t.s().pick.packages_left == 2);
  t.apply(cmd::CashExact{});
  t.apply(cmd::ConfirmPickup{});
  CHECK(t.notice() == "pickup.scan_all_packages");
  CHECK(t.count("SELECT count(*) FROM pickups WHERE order_id = '" + mine.id + "'") == 0);

  t.scan(L.good[2]);
  CHECK(t.notice() == "pickup.package_other_order");
  REQUIRE(t.s().notice.args.size() == 3);
  CHECK(t.s().notice.args[0] == L.good[2]);
  CHECK(t.s().notice.args[1] == other.pickup_code);
  CHECK(t.s().pick.scanned.empty());

  t.scan(L.good[0]);
  CHECK(t.notice() == "pickup.package_ok");
  t.scan(L.good[0]);
  CHECK(t.notice() == "pickup.package_repeated");
  CHECK(t.s().pick.scanned.size() == 1);
  CHECK(t.s().pick.packages_left == 1);
  t.scan(L.good[1]);
  CHECK(t.s().pick.packages_left == 0);
  // Every package scanned: the buyer signs, then Confirm.
  CHECK(t.s().pick.blocker == "pickup.sign_first");
  t.apply(cmd::ConfirmPickup{});
  CHECK(t.notice() == "pickup.sign_first");
  sign(t);
  CHECK(t.s().pick.blocker.empty());
  t.apply(cmd::CashExact{});
  t.apply(cmd::ConfirmPickup{});
  REQUIRE(t.s().pick.step == app::PickStep::Done);
  CHECK(t.count("SELECT count(*) FROM packages WHERE order_id = '" + mine.id + "' AND status = 'handed_over'") == 2);
  CHECK(t.count("SELECT count(*) FROM packages WHERE order_id = '" + other.id + "' AND status = 'checked_in'") == 1);

  // The signature is kept with the pickup, as a PNG, and travels with its event.
  const std::string png_head = text_of(t, "SELECT hex(substr(signature_png, 1, 8)) FROM pickups WHERE order_id = '" +
                                              mine.id + "'");
  CHECK(png_head == "89504E470D0A1A0A");
  const auto payload = nlohmann::json::parse(
      text_of(t, "SELECT payload FROM outbox WHERE kind = 'pickup.recorded' ORDER BY seq DESC LIMIT 1"));
  CHECK(payload["order_id"] == mine.id);
  CHECK(payload["packages"].size() == 2);
  CHECK(payload["signature_png_base64"].get<std::string>().starts_with("iVBORw0KGgo"));
}

TEST_CASE("packages: partial pickup, a refused item with its reason, cash due for what is taken") {
  test::ControllerFixture t;
  const auto& L = labels();
  const Order o = order_with(1, {{L.good[0], {0}}, {L.good[1], {1}}});
  add(t, o);
  t.apply(cmd::Navigate{app::Screen::Packages});
  check_in(t, L.good[0]);
  check_in(t, L.good[1]);
  open_pickup(t, o);
  CHECK(t.s().pick.order->amount_due == 150'000);

  t.apply(cmd::RefuseItem{1, store::RefusalReason::Other, "  "});
  CHECK(t.notice() == "pickup.refusal_note_needed");
  CHECK(t.s().pick.refusals.empty());
  t.apply(cmd::RefuseItem{1, store::RefusalReason::Damaged, ""});
  CHECK(t.s().pick.order->amount_due == 100'000);  // the refused line's 50.000 ₫ is not taken
  t.apply(cmd::RefuseItem{0, store::RefusalReason::ChangedMind, ""});
  CHECK(t.notice() == "pickup.refuse_all");
  CHECK(t.s().pick.refusals.size() == 1);

  t.scan(L.good[0]);
  t.scan(L.good[1]);
  sign(t);
  t.apply(cmd::SetCashReceived{200'000});
  t.apply(cmd::ConfirmPickup{});
  REQUIRE(t.s().pick.step == app::PickStep::Done);
  CHECK(t.s().pick.done->amount_paid == 100'000);
  CHECK(t.s().pick.change == 100'000);
  CHECK(t.count("SELECT count(*) FROM pickups WHERE order_id = '" + o.id + "' AND amount_paid = 100000") == 1);
  // The package that held only the refused item goes back; the other was handed over.
  CHECK(text_of(t, "SELECT status FROM packages WHERE code = '" + L.good[1] + "'") == "refused");
  CHECK(text_of(t, "SELECT status FROM packages WHERE code = '" + L.good[0] + "'") == "handed_over");
  CHECK(t.count("SELECT count(*) FROM pickup_refusals WHERE line = 1 AND reason = 'damaged' AND amount = 50000") == 1);
  CHECK(t.count("SELECT count(*) FROM audit_log WHERE action = 'pickup.item_refused' AND subject = '" + o.pickup_code +
                "'") == 1);
  const auto payload = nlohmann::json::parse(
      text_of(t, "SELECT payload FROM outbox WHERE kind = 'pickup.recorded' ORDER BY seq DESC LIMIT 1"));
  REQUIRE(payload["refusals"].size() == 1);
  CHECK(payload["refusals"][0]["reason"] == "damaged");
  CHECK(payload["refused_packages"][0] == L.good[1]);

  // It is on the return list, and scanned out to the driver.
  t.apply(cmd::SetPackagesMode{app::PackagesMode::Returns});
  const auto& due = t.s().packages.returns.due;
  const auto it = std::find_if(due.begin(), due.end(), [&](const auto& e) { return e.code == L.good[1]; });
  REQUIRE(it != due.end());
  CHECK(it->reason == "refused");
  t.scan(L.good[1]);
  CHECK(t.notice() == "returns.scanned_out");
  CHECK(text_of(t, "SELECT status FROM packages WHERE code = '" + L.good[1] + "'") == "returned");
  CHECK(t.count("SELECT count(*) FROM outbox WHERE kind = 'package.returned' AND entity_id = '" + L.good[1] + "'") == 1);
}

TEST_CASE("packages: after the hold period they are listed for return and scanned out; others are refused") {
  test::ControllerFixture t;
  const auto& L = labels();
  const Order late = order_with(3, {{L.good[3], {}}});
  const Order fresh = order_with(4, {{L.good[4], {}}});
  add(t, late);
  t.apply(cmd::Navigate{app::Screen::Packages});
  check_in(t, L.good[3]);
  t.now += 2 * 24 * 3600 * 1000LL;
  add(t, fresh);
  check_in(t, L.good[4]);

  auto listed = [&](const std::string& code) {
    const auto& due = t.s().packages.returns.due;
    return std::any_of(due.begin(), due.end(), [&](const auto& e) { return e.code == code; });
  };
  t.apply(cmd::SetPackagesMode{app::PackagesMode::Returns});
  CHECK_FALSE(listed(L.good[3]));  // two days in: still held

  t.now += 5 * 24 * 3600 * 1000LL + 1;  // seven days and a moment after the first check-in
  t.apply(cmd::SetPackagesMode{app::PackagesMode::Returns});
  CHECK(listed(L.good[3]));
  CHECK_FALSE(listed(L.good[4]));

  const auto events = t.count("SELECT count(*) FROM outbox");
  t.scan(L.good[4]);  // still within its hold
  CHECK(t.notice() == "returns.not_listed");
  CHECK(text_of(t, "SELECT status FROM packages WHERE code = '" + L.good[4] + "'") == "checked_in");
  CHECK(t.count("SELECT count(*) FROM outbox") == events);

  t.apply(cmd::PrintReturnList{});
  CHECK(t.notice() == "returns.printed");
  CHECK(t.count("SELECT count(*) FROM print_jobs WHERE kind = 'return_list'") == 1);
  CHECK(t.count("SELECT count(*) FROM print_jobs WHERE kind = 'return_slip' AND ref_id = '" + L.good[3] + "'") == 1);

  t.scan(L.good[3]);
  CHECK(t.notice() == "returns.scanned_out");
  CHECK_FALSE(listed(L.good[3]));
  CHECK(text_of(t, "SELECT status FROM packages WHERE code = '" + L.good[3] + "'") == "returned");
  CHECK(text_of(t, "SELECT status FROM orders WHERE id = '" + late.id + "'") == "returned");
  CHECK(t.count("SELECT count(*) FROM outbox WHERE kind = 'package.returned' AND entity_id = '" + L.good[3] + "'") == 1);
  CHECK(t.count("SELECT count(*) FROM outbox WHERE kind = 'order.returned' AND entity_id = '" + late.id + "'") == 1);
  t.scan(L.good[3]);  // once out, it is off the list
  CHECK(t.notice() == "returns.not_listed");
}

TEST_CASE("packages: a handover without the phone digits needs a supervisor and is logged") {
  test::ControllerFixture t;
  const auto& L = labels();
  const Order o = order_with(5, {{L.good[5], {}}}, false);
  add(t, o);
  t.apply(cmd::Navigate{app::Screen::Packages});
  check_in(t, L.good[5]);
  t.apply(cmd::Navigate{app::Screen::Pickup});
  t.scan(o.pickup_code);
  REQUIRE(t.s().pick.step == app::PickStep::Verify);
  t.apply(cmd::HandoverWithoutPhone{});
  REQUIRE(t.s().approval.open);
  t.approve();
  REQUIRE(t.s().pick.step == app::PickStep::Pay);
  CHECK_FALSE(t.s().pick.phone_checked);
  t.scan(L.good[5]);
  sign(t);
  t.apply(cmd::ConfirmPickup{});
  REQUIRE(t.s().pick.step == app::PickStep::Done);
  CHECK(t.count("SELECT count(*) FROM pickups WHERE order_id = '" + o.id + "' AND phone_checked = 0") == 1);
  CHECK(t.count("SELECT count(*) FROM audit_log WHERE action = 'pickup.unverified_handover' AND subject = '" +
                o.pickup_code + "'") == 1);
}

TEST_CASE("packages: an order without packages is handed over as before, with nothing to scan or sign") {
  test::ControllerFixture t;
  const Order o = order_with(6, {}, false);
  add(t, o);
  open_pickup(t, o);
  CHECK(t.s().pick.packages.empty());
  CHECK(t.s().pick.blocker.empty());
  t.apply(cmd::ConfirmPickup{});
  CHECK(t.s().pick.step == app::PickStep::Done);
}

TEST_CASE("signature: strokes become a small grey PNG; a dot is not a signature") {
  std::vector<app::SignatureStroke> strokes{{{0, 0}, {600, 200}}};
  auto png = app::signature_png(strokes);
  REQUIRE(png);
  CHECK(png->starts_with("\x89PNG\r\n\x1a\n"));
  CHECK(png->size() < 20'000);
  const auto px = app::render_signature(strokes, 300, 100, 2);
  REQUIRE(px.size() == 300u * 100u);
  CHECK(px[50 * 300 + 150] == 0);    // the diagonal's middle is ink
  CHECK(px[90 * 300 + 10] == 255);   // far from it, paper
  CHECK_FALSE(app::signature_png({{{10, 10}, {12, 11}}}));
  CHECK(app::clean_stroke({{-5, 900}}).front().y == app::kSignatureHeight);
}
