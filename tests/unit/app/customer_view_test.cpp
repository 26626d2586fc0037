// What the customer display shows, from the counter's state alone (kiosk/app/customer_view).
#include <doctest/doctest.h>

#include "kiosk/app/customer_view.hpp"

using namespace hp;
using namespace hp::app;
using Mode = CustomerView::Mode;

namespace {

AppState weighing(dev::ScaleState st, Milligrams mg, bool stable) {
  AppState s;
  s.screen = Screen::DropOff;
  s.scale.has_reading = true;
  s.scale.reading.state = st;
  s.scale.reading.mg = mg;
  s.scale.stable = stable;
  return s;
}

}  // namespace

TEST_CASE("customer view: the scale's weight, net of the tare, whenever it reads; never a fault") {
  AppState s = weighing(dev::ScaleState::Stable, 13'300'000, true);
  s.drop.tare_mg = 800'000;
  auto v = customer_view(s);
  CHECK(v.mode == Mode::Welcome);
  CHECK(v.weighing);
  CHECK(v.weight == format_weight(12'500'000));
  CHECK(v.stable);
  // Moving: shown as it reads, not as settled.
  auto m = customer_view(weighing(dev::ScaleState::InMotion, 9'000'000, true));
  CHECK(m.weighing);
  CHECK_FALSE(m.stable);
  CHECK(customer_view(weighing(dev::ScaleState::Zero, 5, true)).weight == format_weight(0));
  for (auto st : {dev::ScaleState::Fault, dev::ScaleState::OverCapacity, dev::ScaleState::NeedsCalibration,
                  dev::ScaleState::UnderZero})
    CHECK_FALSE(customer_view(weighing(st, 1'000'000, false)).weighing);
  AppState none;
  CHECK_FALSE(customer_view(none).weighing);
}

TEST_CASE("customer view: a drop-off's items and total for the farmer, then thanks") {
  AppState s;
  s.drop.step = DropStep::Items;
  s.drop.farmer = Farmer{};
  s.drop.farmer->name = "Nguyễn Văn An";
  s.products.push_back(Product{.id = "p1", .sku = "CA-CHUA", .name_vi = "Cà chua", .name_en = "Tomato", .unit = PriceUnit::PerKg,
                               .gtin = {}, .image = {}, .prices = {}});
  s.drop.product_id = "p1";
  s.drop.items.push_back({.product_id = "p1", .product_name = "Cà chua", .grade = "A", .unit = PriceUnit::PerKg,
                          .gross_mg = 13'300'000, .tare_mg = 800'000, .pieces = 0, .unit_price = 22000, .value = 275000});
  s.drop.items.push_back({.product_id = "p2", .product_name = "Trứng gà", .grade = "A", .unit = PriceUnit::PerPiece,
                          .gross_mg = 0, .tare_mg = 0, .pieces = 30, .unit_price = 3500, .value = 105000});
  s.drop.total = 380000;
  auto v = customer_view(s);
  CHECK(v.mode == Mode::DropOff);
  CHECK(v.name == "Nguyễn Văn An");
  CHECK(v.product == "Cà chua");
  REQUIRE(v.lines.size() == 2);
  CHECK(v.lines[0].quantity == format_weight(12'500'000));
  CHECK(v.lines[1].quantity.empty());
  CHECK(v.lines[1].pieces == 30);
  CHECK(v.total == 380000);
  // Finding the farmer is the clerk's business: nothing of it on the customer's side.
  s.drop.step = DropStep::FindFarmer;
  s.drop.query = "0912";
  CHECK(customer_view(s).mode == Mode::Welcome);
  CHECK(customer_view(s).lines.empty());

  DropOff done;
  done.farmer_name = "Nguyễn Văn An";
  done.total = 380000;
  done.items.push_back({});
  s.drop.step = DropStep::Done;
  s.drop.done = done;
  auto t = customer_view(s);
  CHECK(t.mode == Mode::Thanks);
  CHECK(t.total == 380000);
  CHECK(t.lines.size() == 1);
}

TEST_CASE("customer view: the order only after the phone check; cash with change, VietQR with its code") {
  AppState s;
  s.screen = Screen::Pickup;
  Order o;
  o.buyer_name = "Đặng Văn Long";
  o.cash_on_delivery = true;
  o.amount_due = 145000;
  o.total = 145000;
  o.items.push_back({"Gạo", "5 kg", 110000});
  s.pick.order = o;
  s.pick.step = PickStep::Verify;
  CHECK(customer_view(s).mode == Mode::Welcome);
  CHECK(customer_view(s).name.empty());

  s.pick.step = PickStep::Pay;
  s.pick.method = PaymentMethod::Cash;
  s.pick.cash_received = 200000;
  s.pick.change = 55000;
  s.pick.cash_enough = true;
  auto cash = customer_view(s);
  CHECK(cash.mode == Mode::Pay);
  CHECK(cash.amount_due == 145000);
  CHECK(cash.cash_received == 200000);
  CHECK(cash.change == 55000);
  CHECK(cash.vietqr_payload.empty());
  REQUIRE(cash.lines.size() == 1);
  CHECK(cash.lines[0].quantity == "5 kg");
  s.pick.cash_enough = false;  // not enough yet: no change to show
  CHECK(customer_view(s).change == 0);

  s.pick.method = PaymentMethod::VietQr;
  s.pick.vietqr_payload = "000201...";
  auto qr = customer_view(s);
  CHECK(qr.vietqr_payload == "000201...");
  CHECK(qr.cash_received == 0);

  s.pick.order->cash_on_delivery = false;
  s.pick.order->amount_due = 0;
  CHECK(customer_view(s).prepaid);

  Pickup p;
  p.buyer_name = "Đặng Văn Long";
  p.amount_paid = 145000;
  p.method = PaymentMethod::VietQr;
  s.pick.step = PickStep::Done;
  s.pick.done = p;
  auto t = customer_view(s);
  CHECK(t.mode == Mode::Thanks);
  CHECK(t.total == 145000);
}
