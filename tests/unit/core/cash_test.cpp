// The drawer's arithmetic (shared/cash/cash.hpp): counts by banknote, movements, the
// reconciliation at the close, and change in the fewest notes.
#include <doctest/doctest.h>

#include <algorithm>
#include <vector>

#include "shared/cash/cash.hpp"

using namespace hp::cash;
using Entries = std::vector<std::pair<hp::Dong, std::int64_t>>;

TEST_CASE("cash: a count by banknote adds up; anything but a banknote, or a silly number, is refused") {
  const Entries e{{500000, 2}, {200000, 1}, {10000, 3}, {1000, 7}};
  auto c = count_of(e);
  REQUIRE(c);
  CHECK(c->total() == 1237000);
  CHECK(c->notes() == 13);
  CHECK(count_of(Entries{})->total() == 0);
  // Every note, once: 888.000 d.
  Entries all;
  for (auto d : kDenominations) all.push_back({d, 1});
  CHECK(count_of(all)->total() == 888000);

  CHECK(count_of(Entries{{500, 1}}).error().code == "cash.denomination");
  CHECK(count_of(Entries{{300000, 1}}).error().code == "cash.denomination");
  CHECK(count_of(Entries{{10000, -1}}).error().code == "cash.pieces");
  CHECK(count_of(Entries{{10000, kMaxPieces + 1}}).error().code == "cash.pieces");
  CHECK(count_of(Entries{{10000, 1}, {10000, 2}}).error().code == "cash.repeated");
  CHECK(count_of(Entries{{10000, 1}, {10000, 2}}).error().detail.find("10.000") != std::string::npos);
}

TEST_CASE("cash: movements carry their direction in their kind, never in a sign") {
  CHECK(check({MovementKind::CodCash, 59000, 1, "c", "p", ""}));
  CHECK(check({MovementKind::Float, 0, 1, "c", "", ""}));  // a shift may open with an empty drawer
  CHECK(check({MovementKind::DrawerOpen, 0, 1, "c", "", "sup"}));
  CHECK(check({MovementKind::Payout, -5, 1, "c", "", ""}).error().code == "cash.amount");
  CHECK(check({MovementKind::DrawerOpen, 1000, 1, "c", "", ""}).error().code == "cash.amount");
  CHECK(check({MovementKind::Payout, 0, 1, "c", "", ""}).error().code == "cash.amount");
  CHECK(effect({MovementKind::CodCash, 59000, 1, "", "", ""}) == 59000);
  CHECK(effect({MovementKind::CashIn, 100000, 1, "", "", ""}) == 100000);
  CHECK(effect({MovementKind::Payout, 40000, 1, "", "", ""}) == -40000);
  CHECK(effect({MovementKind::CashOut, 500000, 1, "", "", ""}) == -500000);
  CHECK(effect({MovementKind::DrawerOpen, 0, 1, "", "", ""}) == 0);
  CHECK(kind_name(MovementKind::CashOut) == "cash_out");
}

TEST_CASE("cash: the close reconciles float, cash pickups, payouts and cash in and out, to the dong") {
  const auto opening = *count_of(Entries{{100000, 5}, {50000, 4}, {10000, 10}});  // 800.000
  const std::vector<Movement> moves{
      {MovementKind::Float, 800000, 1, "an", "", ""},
      {MovementKind::CodCash, 59000, 2, "an", "p1", ""},
      {MovementKind::CodCash, 150000, 3, "an", "p2", ""},
      {MovementKind::Payout, 120000, 4, "an", "f1", "binh"},
      {MovementKind::CashIn, 200000, 5, "an", "", "binh"},
      {MovementKind::CashOut, 500000, 6, "an", "", "binh"},
      {MovementKind::DrawerOpen, 0, 7, "an", "", "binh"},
      {MovementKind::DrawerOpen, 0, 8, "an", "", "binh"},
  };
  // 800.000 + 209.000 - 120.000 + 200.000 - 500.000 = 589.000 expected.
  const auto exact = *count_of(Entries{{500000, 1}, {50000, 1}, {20000, 1}, {10000, 1}, {5000, 1}, {2000, 2}});
  Balance b = reconcile(opening, moves, exact);
  CHECK(b.opening_float == 800000);
  CHECK(b.cod_cash == 209000);
  CHECK(b.payouts == 120000);
  CHECK(b.cash_in == 200000);
  CHECK(b.cash_out == 500000);
  CHECK(b.drawer_opens == 2);
  CHECK(b.expected == 589000);
  CHECK(b.counted == 589000);
  CHECK(b.over_short == 0);
  CHECK(reconcile(opening, moves, *count_of(Entries{{500000, 1}, {50000, 1}, {20000, 1}})).over_short == -19000);
  CHECK(reconcile(opening, moves, *count_of(Entries{{500000, 1}, {100000, 1}})).over_short == 11000);
  // A shift with no movements expects its float back.
  CHECK(reconcile(opening, {}, opening).over_short == 0);
}

TEST_CASE("cash: change in the fewest notes, what no note makes left to the clerk") {
  auto c = change_for(59000, 100000);
  REQUIRE(c);
  CHECK(c->amount == 41000);
  CHECK(c->notes.total() == 41000);
  CHECK(c->notes.notes() == 3);  // 20.000 + 20.000 + 1.000
  CHECK(c->notes.pieces[4] == 2);
  CHECK(c->notes.pieces[8] == 1);
  CHECK(c->remainder == 0);
  auto odd = change_for(59500, 100000);
  REQUIRE(odd);
  CHECK(odd->amount == 40500);
  CHECK(odd->notes.total() == 40000);
  CHECK(odd->remainder == 500);
  CHECK(change_for(59000, 59000)->amount == 0);
  CHECK(change_for(59000, 50000).error().code == "cash.short");
  CHECK(change_for(-1, 50000).error().code == "cash.amount");
  // Every change from 0 to 1.000.000 in steps of 1.000: the notes add up, and there are no
  // more of them than the fewest that could make it (found by dynamic programming).
  std::vector<std::int64_t> fewest(1001, 1 << 30);
  fewest[0] = 0;
  for (int k = 1; k <= 1000; ++k)
    for (auto d : kDenominations)
      if (d / 1000 <= k) fewest[k] = std::min(fewest[k], fewest[k - d / 1000] + 1);
  for (hp::Dong due = 0; due <= 1000000; due += 1000) {
    auto ch = change_for(due, 1000000);
    REQUIRE(ch);
    CHECK(ch->notes.total() + ch->remainder == 1000000 - due);
    CHECK(ch->notes.notes() == fewest[(1000000 - due) / 1000]);
  }
}
