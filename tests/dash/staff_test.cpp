#include <doctest/doctest.h>

#include "server/auth/staff.hpp"
#include "server/crypto.hpp"
#include "server/dash/schema.hpp"
#include "tests/support/test_support.hpp"

using namespace hp::server;
using auth::NewStaff;
using auth::StaffStore;

namespace {

constexpr const char* kPassword = "a-long-enough-password";

struct Fixture {
  hp::test::TempDir dir{"dash_staff"};
  std::unique_ptr<dash::SqlDb> db;
  Fixture() {
    auto d = dash::open_sql(dir.path().string(), "");
    REQUIRE(d);
    db = std::move(*d);
    REQUIRE(dash::ensure_schema(*db));
    // The protocol's post offices, as kiosk-server's storage makes them.
    REQUIRE(db->exec("CREATE TABLE post_offices (id TEXT PRIMARY KEY, name TEXT NOT NULL, unit_id TEXT NOT NULL)"));
    REQUIRE(db->exec("INSERT INTO post_offices VALUES ('po-an-lao', 'Bưu cục An Lão', 'vn-31-313')"));
    REQUIRE(db->exec("INSERT INTO dash_units(id, kind, name, valid_from, verified) VALUES ('vn-31-313', 'district', "
                     "'An Lão', '', 0)"));
  }
};

}  // namespace

TEST_CASE("staff accounts: roles with their scope, passwords hashed with Argon2id") {
  Fixture f;
  StaffStore staff(*f.db);
  auto bad = [&](NewStaff s, const std::string& pw) {
    auto r = staff.add(s, pw, "id-x", 1);
    REQUIRE_FALSE(r);
    return r.error().code;
  };
  CHECK(bad({"u", "U", "mayor", "", ""}, kPassword) == "staff.invalid");
  CHECK(bad({"u", "U", "district", "", ""}, kPassword) == "staff.invalid");          // no unit
  CHECK(bad({"u", "U", "district", "vn-99", ""}, kPassword) == "staff.invalid");     // unknown unit
  CHECK(bad({"u", "U", "post_office", "", "po-nowhere"}, kPassword) == "staff.invalid");
  CHECK(bad({"u", "U", "city", "", ""}, "short") == "staff.invalid");
  CHECK(bad({"Has Space", "U", "city", "", ""}, kPassword) == "staff.invalid");
  auto pm = staff.add({"an.lao", "Quản lý", "post_office", "", "po-an-lao"}, kPassword, "id-1", 1);
  REQUIRE(pm);
  CHECK(pm->post_office_id == "po-an-lao");
  CHECK(bad({"an.lao", "Again", "city", "", ""}, kPassword) == "staff.username_taken");
  auto rows = f.db->query("SELECT password_hash FROM dash_staff");
  REQUIRE(rows);
  CHECK(dash::to_text((*rows)[0][0]).starts_with("$argon2id$"));
  CHECK(staff.list()->size() == 1);
}

TEST_CASE("sessions: only the token's hash is kept; they expire, end at sign-out and at a new password") {
  Fixture f;
  StaffStore staff(*f.db);
  REQUIRE(staff.add({"city", "City", "city", "", ""}, kPassword, "id-1", 1));
  const hp::UtcMillis now = 1767200400000;
  auto s = staff.login("city", kPassword, "127.0.0.1", now);
  REQUIRE(s);
  auto stored = f.db->query("SELECT token_hash FROM dash_sessions");
  REQUIRE(stored);
  CHECK(dash::to_text((*stored)[0][0]) == hp::sha256_hex(s->token));
  CHECK((*staff.session(s->token, now + 1))->staff.username == "city");
  CHECK_FALSE(*staff.session(s->token, now + auth::kSessionMs));  // expired
  CHECK_FALSE(*staff.session("hps_forged", now));
  CHECK_FALSE(*staff.session("", now));
  REQUIRE(staff.logout(s->token));
  CHECK_FALSE(*staff.session(s->token, now + 1));

  auto again = staff.login("city", kPassword, "127.0.0.1", now);
  REQUIRE(again);
  REQUIRE(staff.set_password("city", "another-long-password"));
  CHECK_FALSE(*staff.session(again->token, now + 1));
  CHECK(staff.login("city", kPassword, "127.0.0.1", now).error().code == "auth.bad_credentials");
  CHECK(staff.login("city", "another-long-password", "127.0.0.1", now));
}

TEST_CASE("five failures for a user name throttle it for the window, the right password included") {
  Fixture f;
  StaffStore staff(*f.db);
  REQUIRE(staff.add({"city", "City", "city", "", ""}, kPassword, "id-1", 1));
  const hp::UtcMillis now = 1767200400000;
  for (int i = 0; i < auth::kMaxFailuresPerUser; ++i)
    CHECK(staff.login("city", "wrong-" + std::to_string(i), "10.0.0.1", now + i).error().code == "auth.bad_credentials");
  CHECK(staff.login("city", kPassword, "10.0.0.1", now + 10).error().code == "auth.throttled");
  CHECK(staff.login("city", kPassword, "10.0.0.1", now + auth::kThrottleWindowMs + 10));
  // Unknown user names count as failures too (no way to probe which names exist).
  CHECK(staff.login("nobody", kPassword, "10.0.0.2", now).error().code == "auth.bad_credentials");
}
