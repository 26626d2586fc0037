// The Stock screen's controller (docs/stock.md): lots held with their places and what to do
// before they spoil, oldest first when produce leaves, supervisor-approved write-offs, and
// stock counts whose every difference carries a reason.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "shared/codes/kiosk_codes.hpp"
#include "tests/unit/app/controller_fixture.hpp"
#include "tests/unit/app/counter_helpers.hpp"

using namespace hp;
namespace cmd = app::cmd;
using store::LotMoveKind;
using namespace hp::test::counter;

namespace {

constexpr UtcMillis kDay = 86'400'000;

// Lot codes in the order they were made.
std::vector<std::string> lot_codes(test::ControllerFixture& t) {
  auto d = db::Db::open(t.db_path);
  REQUIRE(d);
  auto st = d->prepare("SELECT code FROM lots ORDER BY created_at, rowid");
  REQUIRE(st);
  std::vector<std::string> out;
  while (st->step().value_or(false)) out.push_back(st->text(0));
  return out;
}

const app::StockRow* row(const test::ControllerFixture& t, const std::string& code) {
  for (const auto& r : t.s().stock.rows)
    if (r.held.lot.lot_code == code) return &r;
  return nullptr;
}

}  // namespace

TEST_CASE("stock: the lots held, what to do before they spoil, shelf places, and oldest first when sent on") {
  test::ControllerFixture t;
  const UtcMillis t0 = t.now;
  drop_off(t, 0, "CA-CHUA", {12'800'000});  // tomatoes keep 5 days, warned 2 days before
  t.now = t0 + 3'600'000;
  drop_off(t, 3, "CA-CHUA", {10'800'000});
  t.now = t0 + kDay;
  drop_off(t, 1, "CA-CHUA", {8'800'000});
  drop_off(t, 2, "GAO", {25'800'000});  // rice keeps
  const auto lots = lot_codes(t);
  REQUIRE(lots.size() == 4);

  t.now = t0 + 3 * kDay + kDay / 2;  // 1.5 days left for the first two
  t.apply(cmd::Navigate{app::Screen::Stock});
  const auto& s = t.s().stock;
  REQUIRE(s.loaded);
  REQUIRE(s.rows.size() == 4);
  CHECK(s.to_act == 2);
  // What must be done first on top.
  CHECK(s.rows[0].action == stock::Action::SendOn);
  CHECK(s.rows[1].action == stock::Action::SendOn);
  CHECK(row(t, lots[2])->action == stock::Action::Ok);
  CHECK(row(t, lots[3])->sell_by == 0);  // rice
  CHECK(row(t, lots[3])->shelf_life_known);
  CHECK(row(t, lots[0])->held.lot.net_mg == 12'000'000);
  CHECK(row(t, lots[0])->held.farmer_name == "Nguyễn Văn An");
  CHECK(s.rows[0].held.lot.lot_code == lots[0]);  // the oldest first among equals in urgency

  // A crate's label scanned selects its lot.
  t.scan(lots[1]);
  CHECK(s.selected == lots[1]);

  // A shelf place: refused when it is not one, stored upper-cased when it is.
  t.apply(cmd::ShelveLot{lots[0], "K2/05"});
  CHECK(t.notice() == "err.stock.bad_shelf");
  CHECK(t.count("SELECT count(*) FROM lot_moves") == 0);
  t.apply(cmd::ShelveLot{lots[0], " k2-05"});
  CHECK(t.notice() == "stock.moved.shelved");
  CHECK(row(t, lots[0])->held.lot.shelf == "K2-05");
  CHECK(t.count("SELECT count(*) FROM outbox WHERE kind = 'lot.moved'") == 1);

  // Sending on the newer tomatoes while older ones wait: the clerk is told which goes first.
  t.apply(cmd::MoveLot{lots[2], LotMoveKind::SentOn, ""});
  REQUIRE(t.s().question.kind == app::QuestionKind::NotOldestFirst);
  CHECK(t.s().question.arg == lots[0] + " (K2-05)");
  t.apply(cmd::Answer{false});
  CHECK(t.count("SELECT count(*) FROM lot_moves WHERE kind = 'sent_on'") == 0);
  CHECK(row(t, lots[2]) != nullptr);
  // The oldest goes without a question; a clerk who insists on another is asked, then obeyed.
  t.apply(cmd::MoveLot{lots[0], LotMoveKind::SentOn, ""});
  CHECK(t.s().question.kind == app::QuestionKind::None);
  CHECK(t.notice() == "stock.moved.sent_on");
  CHECK(row(t, lots[0]) == nullptr);
  t.apply(cmd::MoveLot{lots[2], LotMoveKind::SentOn, ""});
  REQUIRE(t.s().question.kind == app::QuestionKind::NotOldestFirst);
  t.apply(cmd::Answer{true});
  CHECK(row(t, lots[2]) == nullptr);
  CHECK(t.count("SELECT count(*) FROM lot_moves WHERE kind = 'sent_on'") == 2);
  // A lot that left cannot leave again.
  t.apply(cmd::MoveLot{lots[0], LotMoveKind::SentOn, ""});
  CHECK(t.notice() == "stock.not_held");

  // Past its sell-by (5 days after its drop-off at t0 + 1 h) the last tomato lot is to go back;
  // marking it down is recorded once.
  t.now = t0 + 5 * kDay + 2 * 3'600'000;
  t.apply(cmd::Navigate{app::Screen::Stock});
  CHECK(row(t, lots[1])->action == stock::Action::Return);
  t.apply(cmd::MoveLot{lots[1], LotMoveKind::MarkedDown, ""});
  CHECK(row(t, lots[1])->held.marked_down);
  CHECK(t.s().stock.rows.size() == 2);
}

TEST_CASE("stock: a return or write-off needs a reason and a supervisor, and is in the audit log") {
  test::ControllerFixture t;
  drop_off(t, 0, "NAM-ROM", {5'800'000});
  const auto lots = lot_codes(t);
  t.apply(cmd::Navigate{app::Screen::Stock});
  REQUIRE(t.s().stock.rows.size() == 1);

  t.apply(cmd::MoveLot{lots[0], LotMoveKind::WrittenOff, ""});
  CHECK(t.notice() == "stock.choose_reason");
  CHECK_FALSE(t.s().approval.open);

  t.apply(cmd::MoveLot{lots[0], LotMoveKind::WrittenOff, "spoiled"});
  REQUIRE(t.s().approval.open);
  CHECK(t.s().approval.kind == app::ApprovalKind::LotOut);
  t.approve("9999");  // wrong: nothing happens
  CHECK(t.count("SELECT count(*) FROM lot_moves") == 0);
  CHECK(t.s().stock.rows.size() == 1);
  t.approve();
  CHECK(t.notice() == "stock.moved.written_off");
  CHECK(t.s().stock.rows.empty());
  CHECK(t.count("SELECT count(*) FROM lot_moves WHERE kind = 'written_off' AND reason = 'spoiled'") == 1);
  CHECK(t.count("SELECT count(*) FROM audit_log WHERE action = 'lot.written_off' AND detail LIKE '%approved_by=" +
                test::ControllerFixture::clerk_id(store::ClerkRole::Supervisor) + "%'") == 1);
  CHECK(t.count("SELECT count(*) FROM outbox WHERE kind = 'lot.moved'") == 1);
}

TEST_CASE("stock count: missing, not on the books and weight differences, each with a reason, saved together") {
  test::ControllerFixture t;
  drop_off(t, 0, "CA-CHUA", {12'800'000, 10'800'000, 8'800'000});
  const auto lots = lot_codes(t);
  REQUIRE(lots.size() == 3);
  t.apply(cmd::Navigate{app::Screen::Stock});
  t.apply(cmd::StartStockCount{});
  REQUIRE(t.s().stock.mode == app::StockMode::Count);

  // Each crate on the scale, then its label.
  t.scan(lots[0]);
  CHECK(t.notice() == "stock.weigh_first");
  CHECK(t.s().stock.counted.empty());
  t.weigh(12'750'000);  // 50 g of water gone: the same lot
  t.scan(lots[0]);
  CHECK(t.notice() == "stock.counted");
  t.scan(lots[0]);
  CHECK(t.notice() == "stock.counted_twice");
  CHECK(t.s().stock.counted.size() == 1);
  t.weigh(0, dev::ScaleState::Zero);
  t.weigh(9'800'000);  // a kilogram short
  t.scan(lots[1]);
  // lots[2] is not found on the shelf; a crate from elsewhere is.
  t.weigh(0, dev::ScaleState::Zero);
  t.weigh(4'000'000);
  const std::string stranger = codes::generate_kiosk_code(codes::KioskCodeKind::lot, [] { return std::uint64_t{42}; });
  t.scan(stranger);
  CHECK(t.notice() == "stock.counted_unexpected");
  t.apply(cmd::FinishStockCount{});
  REQUIRE(t.s().stock.mode == app::StockMode::Review);
  const auto& d = t.s().stock.differences;
  REQUIRE(d.size() == 3);  // lots[0] is within tolerance: no difference

  // Not saved until every difference has a reason.
  t.apply(cmd::ConfirmStockCount{});
  CHECK(t.notice() == "stock.difference_needs_reason");
  CHECK(t.count("SELECT count(*) FROM stock_counts") == 0);
  for (std::size_t i = 0; i < d.size(); ++i) t.apply(cmd::SetDifferenceReason{i, i == 0 ? "shrinkage" : "mix_up", ""});
  t.apply(cmd::ConfirmStockCount{});
  CHECK(t.notice() == "stock.count_saved");
  CHECK(t.s().stock.mode == app::StockMode::List);
  CHECK(t.count("SELECT count(*) FROM stock_counts WHERE lots_held = 3") == 1);
  CHECK(t.count("SELECT count(*) FROM stock_differences") == 3);
  CHECK(t.count("SELECT count(*) FROM stock_differences WHERE kind = 'weight' AND expected_mg = 10000000 AND "
                "counted_mg = 9000000") == 1);
  CHECK(t.count("SELECT count(*) FROM stock_differences WHERE kind = 'missing' AND lot_code = '" + lots[2] + "'") == 1);
  CHECK(t.count("SELECT count(*) FROM audit_log WHERE action = 'stock.difference'") == 3);
  CHECK(t.count("SELECT count(*) FROM outbox WHERE kind = 'stock.counted'") == 1);
  // The missing lot left the stock; the others stay.
  CHECK(t.s().stock.rows.size() == 2);
  CHECK(row(t, lots[2]) == nullptr);
}

TEST_CASE("stock count: dropping a count with lots scanned asks first") {
  test::ControllerFixture t;
  drop_off(t, 0, "CA-CHUA", {12'800'000});
  const auto lots = lot_codes(t);
  t.apply(cmd::Navigate{app::Screen::Stock});
  t.apply(cmd::StartStockCount{});
  t.weigh(12'800'000);
  t.scan(lots[0]);
  t.apply(cmd::CancelStockCount{});
  REQUIRE(t.s().question.kind == app::QuestionKind::CancelStockCount);
  t.apply(cmd::Answer{false});
  CHECK(t.s().stock.mode == app::StockMode::Count);
  CHECK(t.s().stock.counted.size() == 1);
  t.apply(cmd::CancelStockCount{});
  t.apply(cmd::Answer{true});
  CHECK(t.s().stock.mode == app::StockMode::List);
  CHECK(t.count("SELECT count(*) FROM stock_counts") == 0);
}
