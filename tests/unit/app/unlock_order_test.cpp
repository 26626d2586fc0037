// A locked order stays locked (a rescan, a restart, another clerk) until the technician
// releases it with `kioskctl pickup unlock`, which is recorded for the centre.
#include <doctest/doctest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "tests/support/store_access.hpp"
#include "tests/unit/app/controller_fixture.hpp"

using namespace hp;
namespace cmd = app::cmd;

TEST_CASE("kioskctl pickup unlock releases an order locked after wrong phone digits") {
  REQUIRE_MESSAGE(std::filesystem::exists(HP_BINARY_DIR "/bin/kioskctl"), "build the kioskctl target before this suite");
  const std::string code = store::demo_pickup_code(1);  // COD, phone ...3344
  test::ControllerFixture t;
  t.apply(cmd::LookupPickup{code});
  for (int i = 0; i < t.config.max_phone_attempts; ++i) t.apply(cmd::VerifyPhone{"0000"});
  REQUIRE(t.notice() == "pickup.locked");

  const std::string ctl = std::string(HP_BINARY_DIR "/bin/kioskctl") + " pickup ";
  const std::string data = " --data " + t.dir.path().string();
  auto shown = test::run_command(ctl + "show " + code + data);
  REQUIRE(shown.exit_code == 0);
  CHECK(nlohmann::json::parse(shown.out)["locked"] == true);

  // Another counter session (a restart) still finds it locked.
  t.apply(cmd::CancelPickup{});
  t.apply(cmd::LookupPickup{code});
  CHECK(t.notice() == "pickup.locked");

  auto released = test::run_command(ctl + "unlock " + code + " --by 'Kỹ thuật viên Tuấn'" + data);
  REQUIRE(released.exit_code == 0);
  CHECK(nlohmann::json::parse(released.out)["locked"] == false);
  CHECK(t.count("SELECT count(*) FROM outbox WHERE kind = 'order.unlocked' AND "
                "json_extract(payload, '$.released_by') = 'Kỹ thuật viên Tuấn'") == 1);
  // The audit log shows who released it, and its chain holds, as kioskctl audit checks.
  const std::string audit = std::string(HP_BINARY_DIR "/bin/kioskctl") + " audit ";
  auto listed = test::run_command(audit + "list" + data);
  REQUIRE(listed.exit_code == 0);
  // After the fixture's sign-in entry.
  const std::string second = listed.out.substr(listed.out.find('\n') + 1);
  const auto entry = nlohmann::json::parse(second.substr(0, second.find('\n')));
  CHECK(entry["action"] == "order.unlocked");
  CHECK(entry["actor"] == "Kỹ thuật viên Tuấn");
  CHECK(entry["subject"] == code);
  auto verified = test::run_command(audit + "verify" + data);
  CHECK(verified.exit_code == 0);
  CHECK(nlohmann::json::parse(verified.out)["ok"] == true);
  // An entry edited behind SQLite's back (the trigger dropped first): verify names it.
  t.worker->post([](store::Store& st) {
    const auto& db = store::StoreTestAccess::db(st);
    REQUIRE(db.exec("DROP TRIGGER audit_log_no_update"));
    REQUIRE(db.exec("UPDATE audit_log SET actor = 'ai đó' WHERE seq = 1"));
  });
  t.settle();
  auto tampered = test::run_command(audit + "verify" + data);
  CHECK(tampered.exit_code == 1);
  CHECK(nlohmann::json::parse(tampered.out)["break"]["seq"] == 1);
  CHECK(nlohmann::json::parse(tampered.out)["break"]["reason"] == "hash");

  // Not locked any more: a second release is refused, an unknown code too.
  auto again = test::run_command(ctl + "unlock " + code + data);
  CHECK(again.exit_code == 1);
  CHECK(nlohmann::json::parse(again.out)["error"] == "pickup.not_locked");
  CHECK(nlohmann::json::parse(test::run_command(ctl + "show PKNOSUCHCODE" + data).out)["error"] == "pickup.not_found");

  t.apply(cmd::CancelPickup{});
  t.apply(cmd::LookupPickup{code});
  t.apply(cmd::VerifyPhone{"3344"});
  CHECK(t.s().pick.step == app::PickStep::Pay);
}
