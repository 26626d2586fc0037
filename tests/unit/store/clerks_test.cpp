// Clerks' accounts and PIN tries in the store (docs/clerks.md), on a real SQLite file: the
// Argon2id check, the count of wrong tries and the lock, both kept across a reopen, a PIN
// reset from the centre, disabled accounts, and supervisors only for approvals.
#include <doctest/doctest.h>

#include "kiosk/store/demo_data.hpp"
#include "shared/auth/pin.hpp"
#include "tests/unit/store/store_fixture.hpp"

using namespace hp;
using namespace hp::store;
using namespace hp::store::testing;
using O = PinCheck::Outcome;

namespace {

ClerkAccount account(const std::string& id, const std::string& name, ClerkRole role, const std::string& pin,
                     const std::string& badge = "") {
  auto hash = auth::hash_pin(pin);
  REQUIRE(hash);
  return ClerkAccount{.id = id, .name = name, .role = role, .badge = badge, .pin_hash = *hash, .disabled = false};
}

PinAttempt attempt(Fixture& f, const std::string& who, const std::string& pin, bool approval = false) {
  return PinAttempt{.who = who, .pin = pin, .now = f.now, .max_tries = 5, .lock_ms = 300'000, .approval = approval,
                    .audit_id = f.ids.next(), .action = approval ? "receipt.reprint X" : ""};
}

}  // namespace

TEST_CASE("a PIN is 4 to 8 digits, hashed with Argon2id at the chosen cost") {
  CHECK(auth::check_pin_form("1234"));
  CHECK(auth::check_pin_form("12345678"));
  CHECK_FALSE(auth::check_pin_form("123"));
  CHECK_FALSE(auth::check_pin_form("123456789"));
  CHECK_FALSE(auth::check_pin_form("12a4"));
  CHECK(auth::hash_pin("12a4").error().code == "clerk.pin_form");
  auto h = auth::hash_pin("4321");
  REQUIRE(h);
  CHECK(h->starts_with("$argon2id$v=19$m=32768,t=3,p=1$"));
  CHECK(auth::verify_pin(*h, "4321"));
  CHECK_FALSE(auth::verify_pin(*h, "4322"));
  CHECK_FALSE(auth::verify_pin("$2y$10$notargon", "4321"));
  // The demo's stored hashes still open with their documented PINs.
  for (const auto& d : demo_clerks()) {
    CHECK(auth::verify_pin(std::string(d.pin_hash), d.pin));
    CHECK(std::string(d.pin_hash).starts_with("$argon2id$v=19$m=32768,t=3,p=1$"));
  }
}

TEST_CASE("wrong PINs are counted, the fifth locks, the lock survives a reopen and passes with time") {
  Fixture f("clerks-lock");
  {
    Store s = f.open();
    REQUIRE(s.upsert_clerk(account("c1", "Lan", ClerkRole::Clerk, "1111", "nv-1"), f.now));
    auto ok = s.check_clerk_pin(attempt(f, "NV-1", "1111"));  // by badge, whatever the case
    REQUIRE(ok);
    CHECK(ok->outcome == O::Ok);
    for (int i = 1; i <= 4; ++i) {
      auto r = s.check_clerk_pin(attempt(f, "c1", "0000"));
      REQUIRE(r);
      CHECK(r->outcome == O::Wrong);
      CHECK(r->clerk.failed == i);
      CHECK(r->clerk.locked_until == 0);
    }
    auto fifth = s.check_clerk_pin(attempt(f, "c1", "0000"));
    REQUIRE(fifth);
    CHECK(fifth->outcome == O::Wrong);
    CHECK(fifth->clerk.locked_until == f.now + 300'000);
  }
  Store s = f.open();  // a restart
  f.now += 299'999;
  auto locked = s.check_clerk_pin(attempt(f, "c1", "1111"));
  REQUIRE(locked);
  CHECK(locked->outcome == O::Locked);
  auto listed = s.clerks();
  REQUIRE(listed);
  REQUIRE(listed->size() == 1);
  CHECK(listed->front().locked_until == kNow + 300'000);
  f.now += 1;
  auto open = s.check_clerk_pin(attempt(f, "c1", "1111"));
  REQUIRE(open);
  CHECK(open->outcome == O::Ok);
  CHECK(open->clerk.failed == 0);
  CHECK(open->clerk.locked_until == 0);
  CHECK(count_rows(s, "audit_log") == 8);  // every try is logged: 2 in, 4 wrong, 1 lock, 1 refused
}

TEST_CASE("a new PIN from the centre clears the lock; the same account again does not") {
  Fixture f("clerks-reset");
  Store s = f.open();
  const auto a = account("c1", "Lan", ClerkRole::Clerk, "1111");
  REQUIRE(s.upsert_clerk(a, f.now));
  for (int i = 0; i < 5; ++i) REQUIRE(s.check_clerk_pin(attempt(f, "c1", "0000")));
  REQUIRE(s.upsert_clerk(a, f.now));  // a pull that brings the same account again
  CHECK(s.check_clerk_pin(attempt(f, "c1", "1111"))->outcome == O::Locked);
  REQUIRE(s.upsert_clerk(account("c1", "Lan", ClerkRole::Clerk, "5555"), f.now));  // clerk pin at the centre
  CHECK(s.check_clerk_pin(attempt(f, "c1", "1111"))->outcome == O::Wrong);
  CHECK(s.check_clerk_pin(attempt(f, "c1", "5555"))->outcome == O::Ok);
}

TEST_CASE("disabled accounts, unknown ones and approvals by a clerk are refused without a try counted") {
  Fixture f("clerks-refused");
  Store s = f.open();
  auto off = account("c2", "Nghỉ", ClerkRole::Supervisor, "2222");
  off.disabled = true;
  REQUIRE(s.upsert_clerk(off, f.now));
  REQUIRE(s.upsert_clerk(account("c1", "Lan", ClerkRole::Clerk, "1111"), f.now));
  REQUIRE(s.upsert_clerk(account("s1", "Đức", ClerkRole::Supervisor, "3333"), f.now));
  CHECK(s.check_clerk_pin(attempt(f, "c2", "2222"))->outcome == O::Disabled);
  CHECK(s.check_clerk_pin(attempt(f, "nobody", "2222"))->outcome == O::Unknown);
  auto clerk = s.check_clerk_pin(attempt(f, "c1", "1111", true));
  CHECK(clerk->outcome == O::NotAllowed);
  CHECK(clerk->clerk.failed == 0);
  CHECK(s.check_clerk_pin(attempt(f, "s1", "3333", true))->outcome == O::Ok);
  // The audit log has the refusals and the approval; the chain's actor is the account's id.
  auto entries = s.audit_entries(0, 10);
  REQUIRE(entries);
  REQUIRE(entries->size() == 3);
  CHECK(entries->at(0).action == "clerk.refused");
  CHECK(entries->at(1).action == "clerk.refused");
  CHECK(entries->at(1).actor == "c1");
  CHECK(entries->at(2).action == "supervisor.approved");
  CHECK(entries->at(2).actor == "s1");
}

TEST_CASE("an account needs an Argon2id hash; a badge moved to another account follows it") {
  Fixture f("clerks-badge");
  Store s = f.open();
  auto bad = account("c1", "Lan", ClerkRole::Clerk, "1111");
  bad.pin_hash = "1111";
  CHECK(s.upsert_clerk(bad, f.now).error().code == "clerk.invalid");
  REQUIRE(s.upsert_clerk(account("c1", "Lan", ClerkRole::Clerk, "1111", "NV-7"), f.now));
  REQUIRE(s.upsert_clerk(account("c2", "Hoa", ClerkRole::Clerk, "2222", "NV-7"), f.now));
  auto all = s.clerks();
  REQUIRE(all);
  REQUIRE(all->size() == 2);
  CHECK(all->at(0).name == "Hoa");
  CHECK(all->at(0).badge == "NV-7");
  CHECK(all->at(1).badge.empty());
}
