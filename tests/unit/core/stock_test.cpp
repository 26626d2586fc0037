// Produce on the shelf (shared/stock/stock.hpp): first to spoil leaves first, warnings before
// it spoils, and a count's differences each with a reason.
#include <doctest/doctest.h>

#include "shared/stock/stock.hpp"

using namespace hp::stock;

namespace {

constexpr hp::UtcMillis kDay = kDayMs, kHour = 3'600'000;
const hp::UtcMillis t0 = 1780000000000;

// Lychee keeps 3 days (warn 2 before), tomatoes 6 (warn 2), rice keeps.
std::optional<ShelfLife> life(std::string_view product) {
  if (product == "vai-thieu") return ShelfLife{3, 2};
  if (product == "ca-chua") return ShelfLife{6, 2};
  if (product == "gao") return ShelfLife{0, 0};
  return std::nullopt;
}

std::vector<StockLot> shelf() {
  return {
      {"HPL-TOM-OLD", "ca-chua", "A", 12'500'000, 0, t0 - 5 * kDay, "K1-01"},
      {"HPL-TOM-NEW", "ca-chua", "A", 10'000'000, 0, t0 - 1 * kDay, "K1-02"},
      {"HPL-TOM-B", "ca-chua", "B", 8'000'000, 0, t0 - 2 * kDay, "K1-03"},
      {"HPL-LYC-1", "vai-thieu", "A", 20'000'000, 0, t0 - 2 * kDay - 12 * kHour, "K2-01"},
      {"HPL-LYC-2", "vai-thieu", "A", 20'000'000, 0, t0 - 1 * kDay - 12 * kHour, "K2-02"},
      {"HPL-LYC-3", "vai-thieu", "A", 20'000'000, 0, t0 - 4 * kDay, "K2-03"},
      {"HPL-RICE", "gao", "A", 50'000'000, 0, t0 - 90 * kDay, "K3-01"},
      {"HPL-ODD", "unknown", "A", 1'000'000, 0, t0 - 90 * kDay, ""},
  };
}

}  // namespace

TEST_CASE("stock: warnings before produce spoils, most urgent first, with what to do") {
  const auto lots = shelf();
  const auto advice = stock_advice(lots, life, t0);
  REQUIRE(advice.size() == 4);
  // Lychee from 4 days ago is past its 3 days: back to the farmer, never sold.
  CHECK(advice[0].lot_code == "HPL-LYC-3");
  CHECK(advice[0].action == Action::Return);
  CHECK(advice[0].hours_left == 0);
  // 12 h left, in the last half of a 2-day window: mark down.
  CHECK(advice[1].lot_code == "HPL-LYC-1");
  CHECK(advice[1].action == Action::MarkDown);
  CHECK(advice[1].hours_left == 12);
  // Tomatoes of 5 days ago: 1 day left of 6, the second half of the window.
  CHECK(advice[2].lot_code == "HPL-TOM-OLD");
  CHECK(advice[2].action == Action::MarkDown);
  // 36 h left: send it on while it can still sell at the hub.
  CHECK(advice[3].lot_code == "HPL-LYC-2");
  CHECK(advice[3].action == Action::SendOn);
  CHECK(advice[3].sell_by == t0 + 36 * kHour);
  CHECK(action_name(advice[3].action) == "send_on");
  // Rice keeps and the unknown product has no shelf life: neither is warned about.
  for (const auto& a : advice) CHECK((a.lot_code != "HPL-RICE" && a.lot_code != "HPL-ODD"));
  // At the boundaries: exactly at the window's start it warns, a millisecond before it does not.
  const StockLot edge{"E", "ca-chua", "A", 1, 0, t0, ""};
  CHECK(stock_advice(std::span(&edge, 1), life, t0 + 4 * kDay - 1).empty());
  CHECK(stock_advice(std::span(&edge, 1), life, t0 + 4 * kDay)[0].action == Action::SendOn);
  CHECK(stock_advice(std::span(&edge, 1), life, t0 + 5 * kDay)[0].action == Action::MarkDown);
  CHECK(stock_advice(std::span(&edge, 1), life, t0 + 6 * kDay)[0].action == Action::Return);
}

TEST_CASE("stock: the first to spoil leaves first, then the oldest; a grade can be asked for") {
  const auto lots = shelf();
  const auto tomatoes = oldest_first(lots, life, "ca-chua");
  REQUIRE(tomatoes.size() == 3);
  CHECK(tomatoes[0].lot_code == "HPL-TOM-OLD");
  CHECK(tomatoes[0].shelf == "K1-01");  // the hint says where it is
  CHECK(tomatoes[1].lot_code == "HPL-TOM-B");
  CHECK(tomatoes[2].lot_code == "HPL-TOM-NEW");
  const auto grade_a = oldest_first(lots, life, "ca-chua", "A");
  REQUIRE(grade_a.size() == 2);
  CHECK(grade_a[0].lot_code == "HPL-TOM-OLD");
  const auto lychee = oldest_first(lots, life, "vai-thieu");
  CHECK(lychee.front().lot_code == "HPL-LYC-3");
  CHECK(oldest_first(lots, life, "nothing").empty());
}

TEST_CASE("stock: a count finds missing, unexpected and reweighed lots; each difference needs a reason") {
  const auto lots = shelf();
  std::vector<Counted> counted;
  for (const auto& l : lots)
    if (l.lot_code != "HPL-TOM-NEW") counted.push_back({l.lot_code, l.net_mg});
  counted[0].net_mg -= 40'000;   // HPL-TOM-OLD dried out 40 g: within a 50 g tolerance
  counted[2].net_mg -= 900'000;  // HPL-LYC-1 lost 900 g
  counted.push_back({"HPL-STRAY", 5'000'000});
  auto d = count_differences(lots, counted, 50'000);
  REQUIRE(d);
  REQUIRE(d->size() == 3);
  CHECK((*d)[0].lot_code == "HPL-TOM-NEW");
  CHECK((*d)[0].kind == DifferenceKind::Missing);
  CHECK((*d)[1].lot_code == "HPL-LYC-1");
  CHECK((*d)[1].kind == DifferenceKind::Weight);
  CHECK((*d)[1].expected_mg - (*d)[1].counted_mg == 900'000);
  CHECK((*d)[2].lot_code == "HPL-STRAY");
  CHECK(difference_name((*d)[2].kind) == "unexpected");
  // A full count with nothing changed has no differences.
  std::vector<Counted> exact;
  for (const auto& l : lots) exact.push_back({l.lot_code, l.net_mg});
  CHECK(count_differences(lots, exact, 0)->empty());
  exact.push_back(exact.front());
  CHECK(count_differences(lots, exact, 0).error().code == "stock.counted_twice");

  CHECK(check_reason("spoiled", ""));
  CHECK(check_reason("other", "chuột cắn"));
  CHECK(check_reason("other", "  ").error().code == "stock.note");
  CHECK(check_reason("", "").error().code == "stock.reason");
  CHECK(check_reason("lost", "").error().code == "stock.reason");
}
