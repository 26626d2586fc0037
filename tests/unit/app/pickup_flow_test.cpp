#include <doctest/doctest.h>

#include "drivers/sim/virtual_printer.hpp"
#include "tests/unit/app/controller_fixture.hpp"

using namespace hp;
namespace cmd = app::cmd;

TEST_CASE("pickup: code, phone digits, cash, one pickup; a second attempt is refused") {
  test::ControllerFixture t;
  const std::string code = store::demo_pickup_code(1);  // COD, phone ...3344
  t.apply(cmd::Navigate{app::Screen::Pickup});
  t.scan(code);
  REQUIRE(t.s().pick.order);
  CHECK(t.s().pick.step == app::PickStep::Verify);
  CHECK(t.s().pick.order->cash_on_delivery);

  t.apply(cmd::VerifyPhone{"1234"});
  CHECK(t.notice() == "pickup.phone_mismatch");
  CHECK(t.s().pick.step == app::PickStep::Verify);
  t.apply(cmd::VerifyPhone{"3344"});
  CHECK(t.s().pick.step == app::PickStep::Pay);

  t.apply(cmd::SetCashReceived{100'000});
  t.apply(cmd::ConfirmPickup{});
  CHECK(t.notice() == "pickup.cash_short");
  t.apply(cmd::SetCashReceived{200'000});
  t.apply(cmd::ConfirmPickup{});
  CHECK(t.s().pick.step == app::PickStep::Done);
  CHECK(t.count("SELECT count(*) FROM pickups WHERE pickup_code = '" + code + "' AND method = 'cash'") == 1);
  CHECK(t.count("SELECT count(*) FROM outbox WHERE kind = 'pickup.recorded'") >= 1);

  t.apply(cmd::CancelPickup{});
  t.scan(code);
  // When and by whom, so the clerk can tell the buyer what happened.
  CHECK(t.notice() == "pickup.already_collected_by");
  const auto& n = t.s().notice;
  REQUIRE(n.args.size() == 4);
  CHECK(n.args[0] == code);
  CHECK(n.args[1] == format_local_datetime(t.now));
  CHECK(n.args[2] == "Nguyễn Thị Lan");  // the signed-in clerk's name
  CHECK(n.args[3] == t.config.kiosk_id);
  CHECK_FALSE(t.s().pick.order);
}

TEST_CASE("pickup: VietQR payment shows a valid VietQR for the amount due") {
  test::ControllerFixture t;
  t.apply(cmd::Navigate{app::Screen::Pickup});
  t.apply(cmd::LookupPickup{store::demo_pickup_code(3)});  // COD, phone ...7812
  REQUIRE(t.s().pick.order);
  t.apply(cmd::VerifyPhone{"7812"});
  t.apply(cmd::ChoosePayment{PaymentMethod::VietQr});
  const std::string& qr = t.s().pick.vietqr_payload;
  REQUIRE(!qr.empty());
  CHECK(qr.find("A000000727") != std::string::npos);
  CHECK(qr.find(std::to_string(t.s().pick.order->amount_due)) != std::string::npos);
  // The QR on screen is not money in the account: the clerk confirms the transfer arrived.
  t.apply(cmd::ConfirmPickup{});
  CHECK(t.notice() == "pickup.confirm_qr_first");
  CHECK(t.count("SELECT count(*) FROM pickups") == 1);  // only the demo order collected earlier
  t.apply(cmd::ConfirmQrReceived{});
  t.apply(cmd::ConfirmPickup{});
  CHECK(t.count("SELECT count(*) FROM pickups WHERE method = 'vietqr'") == 1);
  CHECK(t.count("SELECT count(*) FROM pickups WHERE method = 'vietqr' AND amount_paid = " +
                std::to_string(t.s().pick.order->amount_due) + " AND cash_tendered = 0") == 1);
}

TEST_CASE("pickup: cash is counted, never assumed: no cash keyed means no handover") {
  test::ControllerFixture t;
  t.apply(cmd::LookupPickup{store::demo_pickup_code(1)});  // COD 145.000, phone ...3344
  t.apply(cmd::VerifyPhone{"3344"});
  REQUIRE(t.s().pick.step == app::PickStep::Pay);
  t.apply(cmd::ConfirmPickup{});
  CHECK(t.notice() == "pickup.enter_cash");
  CHECK(t.s().pick.step == app::PickStep::Pay);
  CHECK(t.count("SELECT count(*) FROM pickups WHERE pickup_code = '" + store::demo_pickup_code(1) + "'") == 0);
  // 200.000 handed over: the change is worked out by the controller, and only 145.000 is taken.
  t.apply(cmd::SetCashReceived{200'000});
  CHECK(t.s().pick.cash_enough);
  CHECK(t.s().pick.change == 55'000);
  t.apply(cmd::SetCashReceived{0});
  CHECK_FALSE(t.s().pick.cash_enough);
  t.apply(cmd::CashExact{});
  CHECK(t.s().pick.cash_received == 145'000);
  CHECK(t.s().pick.change == 0);
  t.apply(cmd::ConfirmPickup{});
  CHECK(t.count("SELECT count(*) FROM pickups WHERE pickup_code = '" + store::demo_pickup_code(1) +
                "' AND amount_paid = 145000 AND cash_tendered = 145000") == 1);
}

TEST_CASE("pickup: prepaid orders skip payment; too many wrong digits lock the order") {
  test::ControllerFixture t;
  t.apply(cmd::Navigate{app::Screen::Pickup});
  t.apply(cmd::LookupPickup{store::demo_pickup_code(0)});  // prepaid, phone ...4567
  // Fewer than four digits is a slip, not a guess: it costs no attempt.
  t.apply(cmd::VerifyPhone{""});
  t.apply(cmd::VerifyPhone{"456"});
  CHECK(t.notice() == "pickup.phone_four_digits");
  for (int i = 0; i < t.config.max_phone_attempts - 1; ++i) t.apply(cmd::VerifyPhone{"0000"});
  CHECK(t.notice() == "pickup.phone_mismatch");
  // Scanning the code again gives no fresh guesses: the count lives on the order.
  t.apply(cmd::CancelPickup{});
  t.apply(cmd::LookupPickup{store::demo_pickup_code(0)});
  REQUIRE(t.s().pick.order);
  CHECK(t.s().pick.order->phone_attempts == t.config.max_phone_attempts - 1);
  t.apply(cmd::VerifyPhone{"0000"});
  CHECK(t.notice() == "pickup.locked");
  t.apply(cmd::VerifyPhone{"4567"});
  CHECK(t.notice() == "pickup.locked");
  CHECK(t.s().pick.step == app::PickStep::Verify);
  // A rescan of a locked order shows it locked at once, and the right digits still do not open it.
  t.scan(store::demo_pickup_code(0));
  CHECK(t.notice() == "pickup.locked");
  REQUIRE(t.s().pick.order);
  CHECK(t.s().pick.order->locked);
  t.apply(cmd::VerifyPhone{"4567"});
  CHECK(t.s().pick.step == app::PickStep::Verify);
  CHECK(t.count("SELECT count(*) FROM orders WHERE locked_at IS NOT NULL") == 1);

  t.apply(cmd::CancelPickup{});
  t.apply(cmd::LookupPickup{store::demo_pickup_code(2)});  // prepaid, phone ...4321
  t.apply(cmd::VerifyPhone{"4321"});
  CHECK(t.notice() == "pickup.verified_prepaid");
  t.apply(cmd::ConfirmPickup{});
  CHECK(t.count("SELECT amount_paid FROM pickups WHERE pickup_code = '" + store::demo_pickup_code(2) + "'") == 0);
}

TEST_CASE("pickup: wrong kinds of code on the pickup screen change nothing") {
  test::ControllerFixture t;
  t.apply(cmd::Navigate{app::Screen::Pickup});
  t.scan("4006381333931");  // an EAN-13 product barcode
  CHECK(t.notice() == "scan.product_on_pickup");
  t.apply(cmd::LookupPickup{"PK0000000000"});
  CHECK((t.notice() == "pickup.code_invalid" || t.notice() == "pickup.not_found"));
  t.apply(cmd::LookupPickup{store::demo_member_code(0)});
  CHECK(t.notice() == "scan.not_pickup_code");
  CHECK(t.count("SELECT count(*) FROM pickups") == 1);  // the demo's own
}

TEST_CASE("a drop-off in progress is not lost to a pickup scan") {
  test::ControllerFixture t;
  t.scan(store::demo_member_code(0));
  t.apply(cmd::SelectProduct{t.product_id("CA-CHUA")});
  t.weigh(2'000'000);
  t.apply(cmd::AddItem{});
  t.scan(store::demo_pickup_code(4));
  CHECK(t.notice() == "scan.wrong_screen_pickup");
  CHECK(t.s().screen == app::Screen::DropOff);
  CHECK(t.s().drop.items.size() == 1);
}

TEST_CASE("print jobs go to the printer after the commit, are marked printed, and a reprint is a copy") {
  test::TempDir spool("spool");
  dev::VirtualPrinterOptions opt;
  opt.spool_dir = spool.path();
  dev::VirtualPrinter printer(opt);
  test::ControllerFixture t(&printer);
  printer.start([&t](dev::DeviceEvent e) { t.queue.post([e](app::Controller& c) { c.on_device(e); }); });
  t.scan(store::demo_member_code(5));
  t.apply(cmd::SelectProduct{t.product_id("GAO")});
  t.weigh(25'000'000);
  t.apply(cmd::AddItem{});
  t.apply(cmd::ConfirmDropOff{});
  for (int i = 0; i < 500 && t.c->busy(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    t.settle();
  }
  CHECK_FALSE(t.c->busy());
  CHECK(t.count("SELECT count(*) FROM print_jobs WHERE status = 'printed'") == 2);
  REQUIRE(t.s().drop.done);
  t.apply(cmd::Reprint{store::PrintKind::DropOffReceipt, t.s().drop.done->id});
  t.approve();
  for (int i = 0; i < 500 && t.c->busy(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    t.settle();
  }
  CHECK(t.count("SELECT count(*) FROM print_jobs WHERE copy = 1 AND status = 'printed'") == 1);
  auto last = printer.last_job();
  REQUIRE(last);
  CHECK(last->bytes.find("BẢN SAO") != std::string::npos);
  printer.stop();
}

TEST_CASE("the end-of-shift report sums the day's drop-offs and collections and is stored as a print job") {
  test::ControllerFixture t;
  t.scan(store::demo_member_code(1));
  t.apply(cmd::SelectProduct{t.product_id("BAP-CAI")});
  t.weigh(10'000'000);
  t.apply(cmd::AddItem{});
  t.apply(cmd::ConfirmDropOff{});
  t.apply(cmd::LookupPickup{store::demo_pickup_code(1)});
  t.apply(cmd::VerifyPhone{"3344"});
  t.apply(cmd::SetCashReceived{150'000});
  t.apply(cmd::ConfirmPickup{});
  t.apply(cmd::PrintShiftReport{});
  CHECK(t.notice() == "print.shift_report_sent");
  CHECK(t.count("SELECT count(*) FROM print_jobs WHERE kind = 'shift_report'") == 1);
  const std::string report = t.s().print.last_payload;
  INFO(report);
  CHECK(report.find("BÁO CÁO CA") != std::string::npos);
  CHECK(report.find("Phiếu nhận: 1, 10 kg") != std::string::npos);
  CHECK(report.find("Phải trả nông dân: 120.000\u00A0₫") != std::string::npos);
  // 145.000 ₫ collected here, and 95.000 ₫ from the demo order collected earlier today.
  CHECK(report.find("Thu tiền mặt: 240.000\u00A0₫") != std::string::npos);
}
