// Farmers' registration (issue 10, item 5) through the controller on a real store file: the
// CCCD number checked for form and kept masked on what is printed, the VietGAP certificate,
// the member card printed with the registration and again on request.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "tests/unit/app/controller_fixture.hpp"

using namespace hp;
namespace cmd = app::cmd;

namespace {

cmd::RegisterFarmer form(std::string cccd, std::string vietgap = {}) {
  return cmd::RegisterFarmer{"Ngô Văn Tâm", "0911222333", "Tú Sơn", "Kiến Thụy", "", "", std::move(cccd), std::move(vietgap)};
}

}  // namespace

TEST_CASE("registration: a CCCD of the wrong form is refused with its reason and nothing is stored") {
  test::ControllerFixture t;
  const auto farmers = t.count("SELECT count(*) FROM farmers");
  const auto events = t.count("SELECT count(*) FROM outbox WHERE kind = 'farmer.registered'");  // the demo's
  const auto jobs = t.count("SELECT count(*) FROM print_jobs");
  t.apply(cmd::StartRegister{});
  t.apply(form("03108500123"));
  CHECK(t.notice() == "cccd.length");
  t.apply(form("097085001234"));
  CHECK(t.notice() == "cccd.province");
  t.apply(form("03108500123A"));
  CHECK(t.notice() == "cccd.not_digits");
  t.apply(form("031230001234"));  // born in 2030
  CHECK(t.notice() == "cccd.birth_year");
  CHECK(t.count("SELECT count(*) FROM farmers") == farmers);
  CHECK(t.count("SELECT count(*) FROM outbox WHERE kind = 'farmer.registered'") == events);
  CHECK(t.count("SELECT count(*) FROM print_jobs") == jobs);
  CHECK(t.s().drop.step == app::DropStep::Register);
}

TEST_CASE("registration: CCCD and VietGAP kept, synced, masked on the member card printed with it") {
  test::ControllerFixture t;
  t.apply(cmd::StartRegister{});
  t.apply(form("031 085 001234", "  VietGAP-TT-19-01-31-0042 "));
  CHECK(t.notice() == "farmer.registered");
  REQUIRE(t.s().drop.farmer);
  const auto& f = *t.s().drop.farmer;
  CHECK(f.citizen_id == "031085001234");
  CHECK(f.vietgap == "VietGAP-TT-19-01-31-0042");
  CHECK(t.count("SELECT count(*) FROM farmers WHERE citizen_id = '031085001234' AND vietgap = 'VietGAP-TT-19-01-31-0042'") == 1);
  const auto ev = nlohmann::json::parse(
      text_of(t, "SELECT payload FROM outbox WHERE kind = 'farmer.registered' AND entity_id = '" + f.id + "'"));
  CHECK(ev["citizen_id"] == "031085001234");
  CHECK(ev["vietgap"] == "VietGAP-TT-19-01-31-0042");

  // The card was stored with the farmer, in the same transaction, and names the code the scanner reads.
  REQUIRE(t.count("SELECT count(*) FROM print_jobs WHERE kind = 'member_card' AND ref_id = '" + f.id + "'") == 1);
  const std::string card = text_of(t, "SELECT payload FROM print_jobs WHERE kind = 'member_card'");
  CHECK(card.find(f.member_code) != std::string::npos);
  CHECK(card.find("********1234") != std::string::npos);
  CHECK(card.find("031085001234") == std::string::npos);

  // Printed again on request, and the log says so.
  t.apply(cmd::PrintMemberCard{f.id});
  CHECK(t.notice() == "member_card.printed");
  CHECK(t.count("SELECT count(*) FROM print_jobs WHERE kind = 'member_card'") == 2);
  CHECK(t.count("SELECT count(*) FROM audit_log WHERE action = 'member_card.reprinted' AND subject = '" + f.member_code + "'") ==
        1);
  t.apply(cmd::PrintMemberCard{"no-such-farmer"});
  CHECK(t.notice() == "err.farmer.not_found");

  // The card scanned opens the farmer.
  t.apply(cmd::ChangeFarmer{});
  t.scan(f.member_code);
  REQUIRE(t.s().drop.farmer);
  CHECK(t.s().drop.farmer->citizen_id == "031085001234");
}

TEST_CASE("registration: without a CCCD or a certificate the farmer is registered as before") {
  test::ControllerFixture t;
  t.apply(cmd::StartRegister{});
  t.apply(form(""));
  CHECK(t.notice() == "farmer.registered");
  REQUIRE(t.s().drop.farmer);
  const auto ev = nlohmann::json::parse(text_of(
      t, "SELECT payload FROM outbox WHERE kind = 'farmer.registered' AND entity_id = '" + t.s().drop.farmer->id + "'"));
  CHECK_FALSE(ev.contains("citizen_id"));
  CHECK_FALSE(ev.contains("vietgap"));
  CHECK(t.count("SELECT count(*) FROM print_jobs WHERE kind = 'member_card'") == 1);
}
