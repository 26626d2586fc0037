// Clerks' accounts from the centre to the counter (docs/clerks.md): made with
// `kiosk-server admin clerk add` (PIN on stdin) at a real kiosk-server on loopback, pulled by
// the real sync client into a real kiosk.db, then checked there offline. A kiosk of another
// post office never receives them; a disabled account and a new PIN follow the same way. Sales
// agents (docs/agents.md) come the same way, to every kiosk.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "kiosk/store/store.hpp"
#include "kiosk/sync/enrolment.hpp"
#include "kiosk/sync/sync_client.hpp"
#include "shared/ids.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_support.hpp"

using namespace hp;
using nlohmann::json;

namespace {

std::string quoted(const std::string& s) { return "'" + s + "'"; }

// The PIN goes on stdin, as the admin command reads it.
test::CommandRun clerk_admin(const test::Centre& centre, const std::string& pin, const std::string& args) {
  return test::run_command("printf '%s\\n' " + quoted(pin) + " | " + HP_SERVER_BIN + " admin --data " +
                           quoted(centre.data()) + " clerk " + args);
}

std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }

struct Kiosk {
  std::string db;
  // The sync client keeps a reference to its clock: it lives as long as the client.
  std::unique_ptr<Clock> clock = std::make_unique<Clock>();
  std::unique_ptr<sync::SyncClient> client;
};

Kiosk enrolled_kiosk(test::Centre& centre, const std::string& post_office, const std::string& data) {
  const std::string code = centre.enrol_code(post_office);
  auto enrol = test::run_argv({HP_KIOSK_BIN, "--data", data, "--enrol",
                               "https://127.0.0.1:" + std::to_string(centre.port()), code, "--ca", centre.ca()});
  REQUIRE_MESSAGE(enrol.exit_code == 0, enrol.out);
  Kiosk k;
  k.db = data + "/kiosk.db";
  auto st = store::Store::open(k.db);
  REQUIRE(st);
  auto e = sync::load_enrolment(*st);
  REQUIRE(e);
  REQUIRE(e->has_value());
  auto client = sync::SyncClient::start(k.db, **e, sync::SyncOptions{.app_version = "test"}, *k.clock,
                                        [](const sync::SyncStatus&) {});
  REQUIRE(client);
  k.client = std::move(*client);
  return k;
}

}  // namespace

TEST_CASE("clerks made at the centre reach only their post office's kiosks, and sign in there offline") {
  test::Centre centre("clerks_sync");
  auto pos = centre.admin({"post-offices"});
  REQUIRE(pos.exit_code == 0);
  REQUIRE(!pos.lines.empty());
  const std::string po = json::parse(pos.lines.front())["id"].get<std::string>();
  auto added_other = centre.admin({"post-office", "add", "--id", "po-other", "--name", "Bưu điện khác"});
  REQUIRE_MESSAGE(added_other.exit_code == 0, added_other.err);

  // Bad input changes nothing: a short PIN, an unknown role, an unknown post office.
  CHECK(clerk_admin(centre, "12", "add --post-office " + po + " --name Lan --role clerk").exit_code == 1);
  CHECK(clerk_admin(centre, "1234", "add --post-office " + po + " --name Lan --role boss").exit_code == 1);
  CHECK(clerk_admin(centre, "1234", "add --post-office NOPE --name Lan --role clerk").exit_code == 1);
  auto none = test::run_command(std::string(HP_SERVER_BIN) + " admin --data " + quoted(centre.data()) + " clerk list");
  REQUIRE(none.exit_code == 0);
  CHECK(none.out.empty());

  auto lan = clerk_admin(centre, "47118093", "add --post-office " + po + " --name 'Lê Thị Lan' --role clerk --badge nv-1001");
  REQUIRE_MESSAGE(lan.exit_code == 0, lan.out);
  const json lan_line = json::parse(first_line(lan.out));
  CHECK(lan_line["badge"] == "NV-1001");
  CHECK_FALSE(lan_line.contains("pin_hash"));  // the admin command never prints the hash
  const std::string lan_id = lan_line["id"].get<std::string>();
  auto sup = clerk_admin(centre, "8080", "add --post-office " + po + " --name 'Đỗ Văn Hải' --role supervisor");
  REQUIRE_MESSAGE(sup.exit_code == 0, sup.out);
  auto other = clerk_admin(centre, "5555", "add --post-office po-other --name 'Người Khác' --role clerk");
  REQUIRE_MESSAGE(other.exit_code == 0, other.out);
  // The badge is unique at the centre.
  CHECK(clerk_admin(centre, "1234", "add --post-office " + po + " --name X --role clerk --badge NV-1001").exit_code == 1);
  // The PIN is nowhere in the centre's database as text.
  CHECK(centre.stored_text().find("47118093") == std::string::npos);

  test::TempDir dir("clerks_sync_kiosk");
  Kiosk k = enrolled_kiosk(centre, po, dir.file("kiosk"));
  auto st = store::Store::open(k.db);
  REQUIRE(st);
  CHECK(test::eventually([&] { return st->clerks().value_or(std::vector<store::Clerk>{}).size() == 2; }));
  auto clerks = st->clerks();
  REQUIRE(clerks);
  REQUIRE(clerks->size() == 2);
  for (const auto& c : *clerks) CHECK(c.name != "Người Khác");  // another post office's clerk never comes

  // Offline: the centre stopped, the PIN checked from the pulled hash.
  k.client.reset();
  centre.stop();
  const Clock clock;
  IdGenerator ids(clock);
  auto attempt = [&](const std::string& who, const std::string& pin) {
    auto r = st->check_clerk_pin({.who = who, .pin = pin, .now = clock.now(), .max_tries = 5, .lock_ms = 300'000,
                                  .approval = false, .audit_id = ids.next()});
    REQUIRE(r);
    return r->outcome;
  };
  CHECK(attempt("NV-1001", "47118093") == store::PinCheck::Outcome::Ok);
  CHECK(attempt(lan_id, "47118094") == store::PinCheck::Outcome::Wrong);

  // Disabled and a new PIN at the centre: the next pull brings both.
  centre.start();
  auto disabled = test::run_command(std::string(HP_SERVER_BIN) + " admin --data " + quoted(centre.data()) +
                                    " clerk disable --id " + json::parse(first_line(sup.out))["id"].get<std::string>());
  REQUIRE_MESSAGE(disabled.exit_code == 0, disabled.out);
  auto repinned = clerk_admin(centre, "2468", "pin --id " + lan_id);
  REQUIRE_MESSAGE(repinned.exit_code == 0, repinned.out);
  // Enrolled again at the new port; the pull starts from a full snapshot.
  Kiosk again = enrolled_kiosk(centre, po, dir.file("kiosk"));
  CHECK(test::eventually([&] {
    auto all = st->clerks();
    if (!all) return false;
    for (const auto& c : *all)
      if (c.role == store::ClerkRole::Supervisor && !c.disabled) return false;
    return true;
  }));
  CHECK(test::eventually([&] { return attempt(lan_id, "2468") == store::PinCheck::Outcome::Ok; }));
  CHECK(attempt(lan_id, "47118093") == store::PinCheck::Outcome::Wrong);
}

TEST_CASE("a sales agent made at the centre reaches a kiosk through its own sync client, and a new rate follows") {
  test::Centre centre("agents_sync");
  auto pos = centre.admin({"post-offices"});
  REQUIRE(pos.exit_code == 0);
  REQUIRE(!pos.lines.empty());
  const std::string po = json::parse(pos.lines.front())["id"].get<std::string>();
  auto added = centre.admin({"agent", "add", "--code", "DL-0007", "--name", "Phạm Văn Tư", "--phone", "0912000007",
                             "--commission-bp", "400"});
  REQUIRE_MESSAGE(added.exit_code == 0, added.err);

  test::TempDir dir("agents_sync_kiosk");
  Kiosk k = enrolled_kiosk(centre, po, dir.file("kiosk"));
  auto st = store::Store::open(k.db);
  REQUIRE(st);
  auto agent_now = [&]() -> std::optional<store::Agent> {
    auto a = st->agent_by_code("dl-0007");
    return a && *a ? std::optional(**a) : std::nullopt;
  };
  CHECK(test::eventually([&] { return agent_now().has_value(); }));
  REQUIRE(agent_now());
  CHECK(agent_now()->name == "Phạm Văn Tư");
  CHECK(agent_now()->commission_bp == 400);
  CHECK(agent_now()->phone.empty());  // the phone stays at the centre

  REQUIRE(centre.admin({"agent", "rate", "--code", "DL-0007", "--commission-bp", "550"}).exit_code == 0);
  k.client->sync_now();
  CHECK(test::eventually([&] { return agent_now() && agent_now()->commission_bp == 550; }));
  REQUIRE(centre.admin({"agent", "disable", "--code", "DL-0007"}).exit_code == 0);
  k.client->sync_now();
  CHECK(test::eventually([&] { return agent_now() && agent_now()->disabled; }));
  CHECK(st->agents()->empty());  // no longer offered at the counter
}
