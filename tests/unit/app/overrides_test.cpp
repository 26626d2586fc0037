// Supervisor approvals at the drop-off side (docs/clerks.md), through the controller's
// commands on a real store file: a weight typed by hand only when the scale cannot weigh, a
// price override in whole đồng, a void from Today (a record of its own, out of the totals).
// Each: approved by a supervisor's PIN; a wrong PIN or a clerk's account changes nothing.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "tests/unit/app/controller_fixture.hpp"

using namespace hp;
namespace cmd = app::cmd;
using store::ClerkRole;

namespace {

// A clerk's account is refused and a supervisor's wrong PIN is refused; the dialog stays open.
void refused_twice(test::ControllerFixture& t) {
  REQUIRE(t.s().approval.open);
  t.apply(cmd::ChooseApprover{t.clerk_id(ClerkRole::Clerk)});
  CHECK(t.s().approval.refusal == "approval.not_supervisor");
  t.apply(cmd::Approve{"1111"});
  CHECK(t.s().approval.open);
  CHECK(t.s().approval.refusal == "approval.not_supervisor");
  t.approve("0000");
  CHECK(t.s().approval.open);
  CHECK(t.s().approval.refusal == "signin.wrong_pin");
}

std::string supervisor(test::ControllerFixture& t) { return t.clerk_id(ClerkRole::Supervisor); }

}  // namespace

TEST_CASE("manual weight: with no scale, typed by hand once a supervisor approves; recorded and printed as such") {
  test::ControllerFixture t;  // no scale attached, no reading
  t.scan(store::demo_member_code(0));
  t.apply(cmd::SelectProduct{t.product_id("CA-CHUA")});
  CHECK(t.s().drop.manual_weight_allowed);
  t.apply(cmd::SetTare{500'000});
  t.apply(cmd::EnterWeight{5'500'000});
  REQUIRE(t.s().approval.open);
  CHECK(t.s().approval.kind == app::ApprovalKind::ManualWeight);
  refused_twice(t);
  CHECK(t.s().drop.items.empty());
  CHECK(t.count("SELECT count(*) FROM audit_log WHERE action = 'weight.manual'") == 0);

  t.approve("2222");
  CHECK_FALSE(t.s().approval.open);
  REQUIRE(t.s().drop.items.size() == 1);
  const auto& it = t.s().drop.items[0];
  CHECK(it.weight_manual);
  CHECK(it.weight_by == supervisor(t));
  CHECK(it.gross_mg == 5'500'000);
  CHECK(it.tare_mg == 500'000);
  CHECK(it.value == 110'000);  // 5 kg x 22.000 ₫
  CHECK(t.count("SELECT count(*) FROM audit_log WHERE action = 'weight.manual' AND actor = '" + t.clerk_id(ClerkRole::Clerk) +
                "' AND detail LIKE '%approved_by=" + supervisor(t) + "'") == 1);

  t.apply(cmd::ConfirmDropOff{});
  REQUIRE(t.s().drop.done);
  CHECK(t.count("SELECT count(*) FROM drop_off_items WHERE weight_manual = 1 AND weight_by = '" + supervisor(t) + "'") == 1);
  const auto payload = nlohmann::json::parse(text_of(t, "SELECT payload FROM outbox WHERE kind = 'dropoff.committed'"));
  CHECK(payload["items"][0]["weight_manual"] == true);
  CHECK(payload["items"][0]["weight_by"] == supervisor(t));
  const std::string receipt = text_of(t, "SELECT payload FROM print_jobs WHERE kind = 'dropoff_receipt'");
  CHECK(receipt.find("Cân tay") != std::string::npos);
}

TEST_CASE("manual weight: refused while the scale weighs; allowed once it faults or is unplugged") {
  test::ControllerFixture t;
  t.scan(store::demo_member_code(0));
  t.apply(cmd::SelectProduct{t.product_id("CA-CHUA")});
  t.weigh(5'000'000);
  CHECK_FALSE(t.s().drop.manual_weight_allowed);
  t.apply(cmd::EnterWeight{7'000'000});
  CHECK(t.notice() == "weight.manual_not_allowed");
  CHECK_FALSE(t.s().approval.open);

  t.weigh(0, dev::ScaleState::Fault);
  CHECK(t.s().drop.manual_weight_allowed);
  t.apply(cmd::EnterWeight{7'000'000});
  REQUIRE(t.s().approval.open);
  t.apply(cmd::CancelApproval{});
  CHECK(t.s().drop.items.empty());

  // Weighing again, then unplugged: the stale reading is dropped and the weight may be typed.
  t.weigh(5'000'000);
  CHECK_FALSE(t.s().drop.manual_weight_allowed);
  t.c->on_device(dev::DeviceStatus{dev::DeviceKind::Scale, "test scale", dev::Link::Disconnected, ""});
  t.settle();
  CHECK(t.s().drop.manual_weight_allowed);
  CHECK_FALSE(t.s().scale.has_reading);

  // A counted product takes a count, never a weight; a weight out of range is refused before
  // any supervisor is called.
  t.apply(cmd::EnterWeight{0});
  CHECK(t.notice() == "weight.manual_invalid");
  CHECK_FALSE(t.s().approval.open);
  t.apply(cmd::SelectProduct{t.product_id("TRUNG-GA")});
  t.apply(cmd::EnterWeight{7'000'000});
  CHECK(t.notice() == "weight.manual_counted");
  CHECK_FALSE(t.s().approval.open);
}

TEST_CASE("price override: whole đồng, the list price kept, approved by a supervisor only") {
  test::ControllerFixture t;
  t.scan(store::demo_member_code(0));
  t.apply(cmd::SelectProduct{t.product_id("CA-CHUA")});
  t.weigh(5'000'000);
  t.apply(cmd::AddItem{});
  REQUIRE(t.s().drop.items.size() == 1);
  REQUIRE(t.s().drop.items[0].unit_price == 22'000);

  t.apply(cmd::OverridePrice{0, 0});
  CHECK(t.notice() == "price.invalid");
  t.apply(cmd::OverridePrice{3, 20'500});
  CHECK(t.notice() == "price.no_item");
  t.apply(cmd::OverridePrice{0, 22'000});
  CHECK(t.notice() == "price.same");
  CHECK_FALSE(t.s().approval.open);

  t.apply(cmd::OverridePrice{0, 20'500});
  REQUIRE(t.s().approval.open);
  CHECK(t.s().approval.kind == app::ApprovalKind::PriceOverride);
  refused_twice(t);
  CHECK(t.s().drop.items[0].unit_price == 22'000);
  CHECK(t.s().drop.total == 110'000);

  t.approve("2222");
  const auto& it = t.s().drop.items[0];
  CHECK(it.unit_price == 20'500);
  CHECK(it.list_price == 22'000);
  CHECK(it.price_by == supervisor(t));
  CHECK(it.value == 102'500);  // 5 kg x 20.500 ₫, to the đồng
  CHECK(t.s().drop.total == 102'500);
  CHECK(t.count("SELECT count(*) FROM audit_log WHERE action = 'price.overridden' AND detail LIKE '%list=22000 from=22000 "
                "to=20500; approved_by=" + supervisor(t) + "'") == 1);

  t.apply(cmd::ConfirmDropOff{});
  REQUIRE(t.s().drop.done);
  CHECK(t.s().drop.done->total == 102'500);
  CHECK(t.count("SELECT count(*) FROM drop_off_items WHERE unit_price = 20500 AND list_price = 22000 AND value = 102500 "
                "AND price_by = '" + supervisor(t) + "'") == 1);
  CHECK(t.count("SELECT total FROM drop_offs") == 102'500);
  const std::string receipt = text_of(t, "SELECT payload FROM print_jobs WHERE kind = 'dropoff_receipt'");
  CHECK(receipt.find("Giá niêm yết 22.000") != std::string::npos);
}

TEST_CASE("void: a new record and an event, the drop-off untouched, its lots marked, out of today's totals") {
  test::ControllerFixture t;
  t.scan(store::demo_member_code(0));
  t.apply(cmd::SelectProduct{t.product_id("CA-CHUA")});
  t.weigh(5'000'000);
  t.apply(cmd::AddItem{});
  t.apply(cmd::SelectProduct{t.product_id("TRUNG-GA")});
  t.apply(cmd::SetPieces{30});
  t.apply(cmd::AddItem{});
  t.apply(cmd::ConfirmDropOff{});
  REQUIRE(t.s().drop.done);
  const std::string id = t.s().drop.done->id;
  const Dong total = t.s().drop.done->total;
  t.apply(cmd::Navigate{app::Screen::Today});
  const int dropoffs = t.s().today.dropoffs;
  const Dong day_total = t.s().today.dropoff_total;
  REQUIRE(dropoffs >= 1);
  CHECK_FALSE(t.s().today.by_product.empty());

  t.apply(cmd::VoidDropOff{id, "   "});
  CHECK(t.notice() == "void.reason_required");
  CHECK_FALSE(t.s().approval.open);

  t.apply(cmd::VoidDropOff{id, " Nhầm nông dân "});
  REQUIRE(t.s().approval.open);
  CHECK(t.s().approval.kind == app::ApprovalKind::VoidDropOff);
  CHECK(t.s().approval.subject == "PN-2026-000001");
  refused_twice(t);
  CHECK(t.count("SELECT count(*) FROM drop_off_voids") == 0);
  CHECK(t.count("SELECT count(*) FROM outbox WHERE kind = 'dropoff.voided'") == 0);

  const auto jobs = t.count("SELECT count(*) FROM print_jobs");
  t.approve("2222");
  CHECK_FALSE(t.s().approval.open);
  CHECK(t.notice() == "void.done");
  CHECK(t.count("SELECT count(*) FROM drop_off_voids WHERE drop_off_id = '" + id + "' AND reason = 'Nhầm nông dân' AND "
                "approved_by = '" + supervisor(t) + "' AND clerk_id = '" + t.clerk_id(ClerkRole::Clerk) + "'") == 1);
  // The drop-off and its items are as they were: a void is never an update or a delete.
  CHECK(t.count("SELECT count(*) FROM drop_offs WHERE id = '" + id + "' AND total = " + std::to_string(total)) == 1);
  CHECK(t.count("SELECT count(*) FROM drop_off_items WHERE drop_off_id = '" + id + "'") == 2);
  CHECK(t.count("SELECT count(*) FROM lots WHERE drop_off_id = '" + id + "' AND voided_at IS NOT NULL") == 2);
  CHECK(t.count("SELECT count(*) FROM outbox WHERE kind = 'dropoff.committed'") == 1);
  const auto ev = nlohmann::json::parse(text_of(t, "SELECT payload FROM outbox WHERE kind = 'dropoff.voided'"));
  CHECK(ev["drop_off_id"] == id);
  CHECK(ev["total"] == total);
  CHECK(ev["approved_by"] == supervisor(t));
  CHECK(text_of(t, "SELECT entity_id FROM outbox WHERE kind = 'dropoff.voided'") == id);
  CHECK(t.count("SELECT count(*) FROM audit_log WHERE action = 'dropoff.voided' AND subject = 'PN-2026-000001' AND "
                "detail LIKE '%approved_by=" + supervisor(t) + "'") == 1);
  CHECK(t.count("SELECT count(*) FROM print_jobs") == jobs + 1);
  CHECK(text_of(t, "SELECT payload FROM print_jobs WHERE kind = 'void_slip'").find("Nhầm nông dân") != std::string::npos);

  // Still listed, marked, and in no total.
  int listed = 0;
  for (const auto& e : t.s().today.entries)
    if (e.id == id) {
      ++listed;
      CHECK(e.voided);
    }
  CHECK(listed == 1);
  CHECK(t.s().today.dropoffs == dropoffs - 1);
  CHECK(t.s().today.dropoff_total == day_total - total);
  CHECK(t.s().today.voided == 1);
  for (const auto& p : t.s().today.by_product) CHECK(p.name != "Trứng gà");  // only the voided drop-off had eggs

  // Once only: a second void is refused before a supervisor is called.
  t.apply(cmd::VoidDropOff{id, "lần nữa"});
  CHECK(t.notice() == "void.already_voided");
  CHECK_FALSE(t.s().approval.open);
  CHECK(t.count("SELECT count(*) FROM drop_off_voids") == 1);
}

TEST_CASE("void: from the drop-off's own Done step too; an unknown drop-off is refused by the store") {
  test::ControllerFixture t;
  t.scan(store::demo_member_code(1));
  t.apply(cmd::SelectProduct{t.product_id("TRUNG-GA")});
  t.apply(cmd::SetPieces{10});
  t.apply(cmd::AddItem{});
  t.apply(cmd::ConfirmDropOff{});
  REQUIRE(t.s().drop.done);
  const std::string id = t.s().drop.done->id;
  // Not on a Today list the controller holds: the store finds the drop-off itself.
  t.apply(cmd::VoidDropOff{id, "một"});
  t.approve("2222");
  CHECK(t.count("SELECT count(*) FROM drop_off_voids") == 1);
  t.apply(cmd::Navigate{app::Screen::DropOff});
  t.apply(cmd::VoidDropOff{"no-such-id", "hai"});
  t.approve("2222");
  CHECK(t.notice() == "err.void.not_found");
  CHECK(t.count("SELECT count(*) FROM drop_off_voids") == 1);
  CHECK(t.count("SELECT count(*) FROM outbox WHERE kind = 'dropoff.voided'") == 1);
}
