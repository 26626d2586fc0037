// Today's figures on the kiosk: the day's drop-offs by product (kg or pieces, value), largest
// value first, whatever the list's search.
#include <doctest/doctest.h>

#include "tests/unit/app/controller_fixture.hpp"

using namespace hp;
namespace cmd = app::cmd;

TEST_CASE("the day by product sums every drop-off's items, by kg or by pieces, largest value first") {
  test::ControllerFixture t;
  t.scan(store::demo_member_code(0));
  t.apply(cmd::SelectProduct{t.product_id("GAO")});
  t.weigh(10'000'000);
  t.apply(cmd::AddItem{});
  t.apply(cmd::SelectProduct{t.product_id("TRUNG-GA")});
  t.apply(cmd::SetPieces{30});
  t.apply(cmd::AddItem{});
  t.apply(cmd::ConfirmDropOff{});
  t.apply(cmd::NewDropOff{});
  t.scan(store::demo_member_code(1));
  t.apply(cmd::SelectProduct{t.product_id("GAO")});
  t.weigh(2'500'000);
  t.apply(cmd::AddItem{});
  t.apply(cmd::ConfirmDropOff{});

  t.apply(cmd::Navigate{app::Screen::Today});
  const auto& day = t.s().today.by_product;
  REQUIRE(day.size() == 2);
  CHECK(day[0].name == "Gạo");
  CHECK(day[0].net_mg == 12'500'000);
  CHECK(day[0].value == 12'500 * 22);  // 22.000 ₫/kg, grade A
  CHECK(day[1].unit == PriceUnit::PerPiece);
  CHECK(day[1].pieces == 30);
  CHECK(day[1].value == 30 * 3'500);

  // A search narrows the list, never the day's figures.
  t.apply(cmd::SearchToday{"no such farmer"});
  CHECK(t.s().today.entries.empty());
  CHECK(t.s().today.by_product.size() == 2);
}
