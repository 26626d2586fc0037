#include <doctest/doctest.h>

#include "tests/unit/app/controller_fixture.hpp"

using namespace hp;
namespace cmd = app::cmd;
using S = dev::ScaleState;

TEST_CASE("drop-off: card, weighed item with tare, counted item, one commit with lots, outbox and jobs") {
  test::ControllerFixture t;
  t.scan(store::demo_member_code(0));
  REQUIRE(t.s().drop.farmer);
  CHECK(t.s().drop.farmer->name == "Nguyễn Văn An");
  CHECK(t.s().drop.step == app::DropStep::Items);

  t.apply(cmd::SelectProduct{t.product_id("CA-CHUA")});
  t.weigh(800'000);
  t.apply(cmd::TareFromScale{});
  CHECK(t.s().drop.tare_mg == 800'000);
  t.weigh(13'300'000);
  t.apply(cmd::AddItem{});
  REQUIRE(t.s().drop.items.size() == 1);
  CHECK(t.s().drop.items[0].value == 275'000);  // 12,5 kg x 22.000 ₫

  t.apply(cmd::SelectProduct{t.product_id("TRUNG-GA")});
  t.apply(cmd::SetPieces{30});
  t.apply(cmd::AddItem{});
  REQUIRE(t.s().drop.items.size() == 2);

  t.apply(cmd::ConfirmDropOff{});
  CHECK(t.s().drop.step == app::DropStep::Done);
  REQUIRE(t.s().drop.done);
  CHECK(t.s().drop.done->total == 380'000);
  // The short number the receipt printed, in the message and in the store.
  CHECK(t.s().drop.done->number == "PN-2026-000001");
  CHECK(t.notice() == "dropoff.saved");
  REQUIRE(t.s().notice.args.size() == 2);
  CHECK(t.s().notice.args[0] == "PN-2026-000001");
  CHECK(t.count("SELECT count(*) FROM drop_offs WHERE number = 'PN-2026-000001'") == 1);
  CHECK(t.count("SELECT count(*) FROM drop_offs") == 1);
  CHECK(t.count("SELECT count(*) FROM lots") == 2);
  CHECK(t.count("SELECT count(*) FROM outbox WHERE kind = 'dropoff.committed'") == 1);
  // No printer attached: the jobs wait in the store, to be printed when one is.
  CHECK(t.count("SELECT count(*) FROM print_jobs WHERE status = 'queued'") == 3);
}

TEST_CASE("drop-off: a weight is taken only when stable, in range and held") {
  test::ControllerFixture t;
  t.scan(store::demo_member_code(1));
  t.apply(cmd::SelectProduct{t.product_id("BAP-CAI")});

  t.weigh(5'000'000, S::InMotion);
  t.apply(cmd::AddItem{});
  CHECK(t.notice() == "scale.wait_stable");

  t.weigh(-200'000, S::UnderZero);
  t.apply(cmd::AddItem{});
  CHECK(t.notice() == "scale.under_zero");

  t.weigh(40'000'000, S::OverCapacity);
  t.apply(cmd::AddItem{});
  CHECK(t.notice() == "scale.over_capacity");

  t.weigh(0, S::Zero);
  t.apply(cmd::AddItem{});
  CHECK(t.notice() == "scale.empty");

  // Stable, but not yet held for the settle time.
  t.c->on_device(dev::ScaleReading{S::Stable, 5'000'000, 30'000'000, t.now});
  t.apply(cmd::AddItem{});
  CHECK(t.notice() == "scale.wait_stable");
  CHECK(t.c->busy());
  CHECK(t.c->next_deadline() == t.now + t.config.scale_settle_ms);

  t.now += t.config.scale_settle_ms;
  t.c->tick();
  t.apply(cmd::AddItem{});
  CHECK(t.notice() == "dropoff.item_added");
  CHECK(t.s().drop.items.size() == 1);
  CHECK(t.count("SELECT count(*) FROM drop_offs") == 0);
}

TEST_CASE("drop-off: the value on screen is the one Add would record, and none when Add would refuse") {
  test::ControllerFixture t;
  t.scan(store::demo_member_code(1));
  t.apply(cmd::SelectProduct{t.product_id("BAP-CAI")});
  t.apply(cmd::SetTare{300'000});
  // 4 g net (304,4 g less 300 g, in whole grams) is scale noise: the controller refuses it, so
  // the screen shows no price for it.
  t.weigh(304'400);
  CHECK_FALSE(t.s().drop.candidate.item);
  CHECK(t.s().drop.candidate.refusal == "scale.net_too_small");
  CHECK(t.s().drop.candidate.net_mg == 4'000);
  // Over capacity or moving: no price either.
  t.weigh(31'000'000, S::OverCapacity);
  CHECK_FALSE(t.s().drop.candidate.item);
  CHECK(t.s().drop.candidate.refusal == "scale.over_capacity");
  t.weigh(2'000'000, S::InMotion);
  CHECK_FALSE(t.s().drop.candidate.item);
  t.weigh(2'300'000);
  REQUIRE(t.s().drop.candidate.item);
  const Dong shown = t.s().drop.candidate.item->value;
  t.apply(cmd::AddItem{});
  REQUIRE(t.s().drop.items.size() == 1);
  CHECK(t.s().drop.items[0].value == shown);
  CHECK(t.s().drop.total == shown);
  t.apply(cmd::RemoveItem{0});
  CHECK(t.s().drop.total == 0);
}

TEST_CASE("drop-off: weights are whole grams, so the printed multiplication is exact for the farmer") {
  test::ControllerFixture t;
  t.scan(store::demo_member_code(1));
  t.apply(cmd::SelectProduct{t.product_id("CA-CHUA")});
  // The case: 1.234,5 g is shown as 1,235 kg and priced as 1,235 kg.
  t.weigh(1'234'500);
  REQUIRE(t.s().drop.candidate.item);
  CHECK(t.s().drop.candidate.net_mg == 1'235'000);
  CHECK(format_weight(t.s().drop.candidate.net_mg) == "1,235 kg");
  const Dong unit = t.s().drop.candidate.item->unit_price;
  CHECK(t.s().drop.candidate.item->value == (unit * 1235 + 500) / 1000);
  t.apply(cmd::AddItem{});
  // Gross and tare are whole grams too: 2.000,4 g less 765,6 g is 2,000 - 0,766 = 1,234 kg.
  t.apply(cmd::SetTare{765'600});
  t.weigh(2'000'400);
  t.apply(cmd::AddItem{});
  REQUIRE(t.s().drop.items.size() == 2);
  const auto& second = t.s().drop.items[1];
  CHECK(second.gross_mg == 2'000'000);
  CHECK(second.tare_mg == 766'000);
  CHECK(second.value == (unit * 1234 + 500) / 1000);
  CHECK(second.value == value_by_weight(unit, second.gross_mg - second.tare_mg));
  t.apply(cmd::ConfirmDropOff{});
  REQUIRE(t.s().drop.done);
  CHECK(t.count("SELECT count(*) FROM drop_off_items WHERE net_mg % 1000 != 0 OR gross_mg % 1000 != 0 "
                "OR tare_mg % 1000 != 0") == 0);
  CHECK(t.count("SELECT count(*) FROM drop_off_items WHERE net_mg = 1234000 AND gross_mg = 2000000") == 1);
}

TEST_CASE("drop-off: a second confirm while the first commits records one drop-off") {
  test::ControllerFixture t;
  t.scan(store::demo_member_code(2));
  t.apply(cmd::SelectProduct{t.product_id("KHOAI-TAY")});
  t.weigh(10'000'000);
  t.apply(cmd::AddItem{});
  t.c->apply(cmd::ConfirmDropOff{});
  t.c->apply(cmd::ConfirmDropOff{});
  t.c->apply(cmd::CancelDropOff{});  // ignored while committing
  t.settle();
  CHECK(t.count("SELECT count(*) FROM drop_offs") == 1);
  CHECK(t.s().drop.step == app::DropStep::Done);
}

TEST_CASE("drop-off: nothing to confirm, no farmer, no product") {
  test::ControllerFixture t;
  t.apply(cmd::AddItem{});
  CHECK(t.notice() == "dropoff.choose_farmer_first");
  t.scan(store::demo_member_code(3));
  t.apply(cmd::AddItem{});
  CHECK(t.notice() == "dropoff.choose_product");
  t.apply(cmd::ConfirmDropOff{});
  CHECK(t.notice() == "dropoff.no_items");
  t.apply(cmd::SelectProduct{t.product_id("TRUNG-GA")});
  t.apply(cmd::AddItem{});
  CHECK(t.notice() == "dropoff.enter_pieces");
  t.apply(cmd::SetPieces{-3});
  CHECK(t.notice() == "dropoff.pieces_invalid");
  CHECK(t.count("SELECT count(*) FROM drop_offs") == 0);
}

TEST_CASE("farmer search is accent-insensitive and registration validates") {
  test::ControllerFixture t;
  t.apply(cmd::SearchFarmers{"nguyen van"});
  REQUIRE(!t.s().drop.results.empty());
  CHECK(t.s().drop.results[0].name == "Nguyễn Văn An");
  t.apply(cmd::SelectFarmer{t.s().drop.results[0].id});
  CHECK(t.s().drop.farmer);
  t.apply(cmd::ChangeFarmer{});

  t.apply(cmd::StartRegister{});
  t.apply(cmd::RegisterFarmer{"Ngô Văn Tâm", "12345", "Tú Sơn", "Kiến Thụy", "", ""});
  CHECK(t.notice() == "farmer.phone_invalid");
  t.apply(cmd::RegisterFarmer{"Ngô Văn Tâm", "0912345678", "Tú Sơn", "Kiến Thụy", "", ""});  // An's phone
  // Names who has it, offers to open them, and keeps the phone number out of the clerk's words.
  CHECK(t.notice() == "farmer.phone_taken_by");
  const auto& n = t.s().notice;
  REQUIRE(n.args.size() == 2);
  CHECK(n.args[0] == "Nguyễn Văn An");
  CHECK(n.args[1] == store::demo_member_code(0));
  CHECK(n.action == app::NoticeAction::OpenFarmer);
  CHECK(n.action_key == "farmer.open_existing");
  CHECK(n.detail.find("0912345678") != std::string::npos);
  CHECK(t.s().problems.back().detail == n.detail);
  CHECK(t.s().drop.step == app::DropStep::Register);
  t.apply(cmd::ActOnNotice{});
  REQUIRE(t.s().drop.farmer);
  CHECK(t.s().drop.farmer->name == "Nguyễn Văn An");
  CHECK(t.s().drop.step == app::DropStep::Items);
  CHECK_FALSE(t.s().drop.phone_owner);
  t.apply(cmd::ActOnNotice{});  // nothing left to act on
  CHECK(t.s().drop.farmer->name == "Nguyễn Văn An");
  t.apply(cmd::ChangeFarmer{});
  t.apply(cmd::StartRegister{});
  t.apply(cmd::RegisterFarmer{"Ngô Văn Tâm", "", "Tú Sơn", "Kiến Thụy", "", ""});
  CHECK(t.notice() == "farmer.phone_invalid");
  t.apply(cmd::RegisterFarmer{"Ngo\xcc\x82 Va\xcc\x86n Ta\xcc\x82m", "0911 222 333", "Tú Sơn", "Kiến Thụy", "", ""});  // NFD input
  CHECK(t.notice() == "farmer.registered");
  REQUIRE(t.s().drop.farmer);
  CHECK(t.s().drop.farmer->name == "Ngô Văn Tâm");
  CHECK(t.s().drop.farmer->phone == "0911222333");
  CHECK(t.count("SELECT count(*) FROM outbox WHERE kind = 'farmer.registered' AND entity_id = '" + t.s().drop.farmer->id + "'") == 1);
}

TEST_CASE("scans that do not belong: garbage, a card with a bad check character, unknown card") {
  test::ControllerFixture t;
  // Read but not a code the counter knows: said so, not "could not be read".
  t.scan("hello world");
  CHECK(t.notice() == "scan.not_recognised");
  // The technical reason is for the technician only.
  CHECK(t.s().notice.detail.find("code.unknown") != std::string::npos);
  for (const auto& a : t.s().notice.args) CHECK(a.find("code.") == std::string::npos);
  std::string bad = store::demo_member_code(0);
  bad.back() = bad.back() == 'A' ? 'B' : 'A';
  t.scan(bad);
  CHECK(t.notice() == "scan.damaged");
  CHECK_FALSE(t.s().drop.farmer);
  t.scan(std::string(5000, '9'));
  CHECK(t.notice() == "scan.too_long");
  t.scan(std::string("\xff\xfe\x00\x01", 4));
  CHECK(t.notice() == "scan.not_recognised");
  CHECK(t.count("SELECT count(*) FROM drop_offs") == 0);
}

TEST_CASE("a locked database refuses the commit with a clear message, keeps the draft, and a retry succeeds") {
  test::ControllerFixture t;
  t.scan(store::demo_member_code(6));
  t.apply(cmd::SelectProduct{t.product_id("CA-ROT")});
  t.weigh(4'000'000);
  t.apply(cmd::AddItem{});
  {
    // Another connection holds the write lock (a backup tool, a stuck process).
    auto other = db::Db::open(t.dir.file("kiosk.db"));
    REQUIRE(other);
    REQUIRE(other->exec("BEGIN IMMEDIATE"));
    t.apply(cmd::ConfirmDropOff{});
    CHECK(t.notice() == "err.db.locked");
    CHECK(t.s().drop.items.size() == 1);  // nothing lost: the clerk can try again
    CHECK_FALSE(t.s().drop.committing);
    REQUIRE(other->exec("ROLLBACK"));
  }
  t.apply(cmd::ConfirmDropOff{});
  CHECK(t.notice() == "dropoff.saved");
  CHECK(t.count("SELECT count(*) FROM drop_offs") == 1);
  CHECK(t.count("SELECT count(*) FROM lots") == 1);
}

TEST_CASE("a member card scanned into the search box selects the farmer instead of searching for the code") {
  test::ControllerFixture t;
  t.apply(cmd::SearchFarmers{"HPM7K2"});  // typing, not yet a code
  CHECK_FALSE(t.s().drop.farmer);
  t.apply(cmd::SearchFarmers{store::demo_member_code(0) + "\r"});
  REQUIRE(t.s().drop.farmer);
  CHECK(t.s().drop.farmer->name == "Nguyễn Văn An");
  CHECK(t.s().drop.query.empty());
}
