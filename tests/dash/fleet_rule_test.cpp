// The operations page's written rules without a server: the link state at its boundaries,
// the last-contact flush (several processes, one database), and the dashboard schema's
// migration that lets an existing database hold technicians.
#include <doctest/doctest.h>

#include "server/api/seen.hpp"
#include "server/auth/staff.hpp"
#include "server/crypto.hpp"
#include "server/dash/fleet_rule.hpp"
#include "server/dash/schema.hpp"
#include "server/storage/storage.hpp"
#include "tests/support/test_support.hpp"

using namespace hp::server;
using dash::Link;
using dash::link_state;

TEST_CASE("online within 1.5 pull intervals, late until 10, then offline; offline long after an hour") {
  const hp::UtcMillis last = 1'000'000'000;
  // The kiosk's 15 s interval.
  CHECK(link_state(last, last, 15'000) == Link::Online);
  CHECK(link_state(last + 22'500, last, 15'000) == Link::Online);
  CHECK(link_state(last + 22'501, last, 15'000) == Link::Late);
  CHECK(link_state(last + 150'000, last, 15'000) == Link::Late);
  CHECK(link_state(last + 150'001, last, 15'000) == Link::Offline);
  // No interval reported: the protocol's 15 s. Out-of-range reports are bounded.
  CHECK(link_state(last + 22'501, last, 0) == Link::Late);
  CHECK(dash::effective_interval_ms(-5) == 15'000);
  CHECK(dash::effective_interval_ms(10) == 1'000);
  CHECK(link_state(last + 1'501, last, 10) == Link::Late);
  CHECK(dash::effective_interval_ms(86'400'000) == 3'600'000);
  // A contact stamped slightly ahead (another process's clock) counts as now.
  CHECK(link_state(last, last + 5'000, 15'000) == Link::Online);
  // Offline long: offline, and an hour or more since the last contact.
  CHECK_FALSE(dash::offline_long(last + 150'001, last, 15'000));
  CHECK_FALSE(dash::offline_long(last + 3'599'999, last, 15'000));
  CHECK(dash::offline_long(last + 3'600'000, last, 15'000));
  // A kiosk that pulls every hour is late, not offline long, at 1 h 30 min.
  CHECK_FALSE(dash::offline_long(last + 5'400'000, last, 3'600'000));
  CHECK(std::string(dash::to_string(Link::Late)) == "late");
}

namespace {

// A kiosk row in a real server.db (the protocol's storage), and its seen_at read back
// through the dashboard's own connection.
struct SeenFixture {
  hp::test::TempDir dir{"dash_seen"};
  std::unique_ptr<Storage> storage;
  std::unique_ptr<dash::SqlDb> db;
  SeenFixture() {
    auto s = open_storage(dir.path().string(), "");
    REQUIRE(s);
    storage = std::move(*s);
    REQUIRE(storage->add_post_office({"po-1", "Bưu cục Một", "vn-31-313"}));
    for (const char* id : {"k1", "k2"}) {
      const std::string code = std::string("code-") + id;
      REQUIRE(storage->add_enrol_code(hp::sha256_hex(code), "po-1", 9'999'999'999'999));
      REQUIRE(storage->enrol(hp::sha256_hex(code), NewKiosk{id, hp::sha256_hex(std::string("cred-") + id), id, "t"}, 1000));
    }
    auto d = dash::open_sql(dir.path().string(), "");
    REQUIRE(d);
    db = std::move(*d);
  }
  std::optional<std::int64_t> seen(const std::string& id) {
    auto r = db->query("SELECT seen_at FROM kiosks WHERE id = ?1", {id});
    REQUIRE(r);
    REQUIRE(r->size() == 1);
    if (!(*r)[0][0]) return std::nullopt;
    return dash::to_int((*r)[0][0]);
  }
};

}  // namespace

TEST_CASE("last contact is kept in memory and flushed in one write; the flush keeps the latest") {
  SeenFixture f;
  SeenTracker one, two;  // two server processes on one database
  for (int i = 0; i < 1000; ++i) one.saw("k1", 5000 + i);
  two.saw("k1", 4000);
  two.saw("k2", 7000);
  two.saw("unknown-kiosk", 9000);  // revoked or never enrolled: ignored
  // Nothing is written per request.
  CHECK_FALSE(f.seen("k1"));
  CHECK(one.pending() == 1);
  REQUIRE(one.flush(*f.storage));
  CHECK(one.pending() == 0);
  CHECK(f.seen("k1") == 5999);
  CHECK_FALSE(f.seen("k2"));
  // The other process flushes later with an older sighting of k1: the later time stays.
  REQUIRE(two.flush(*f.storage));
  CHECK(f.seen("k1") == 5999);
  CHECK(f.seen("k2") == 7000);
  // An empty flush writes nothing and succeeds.
  REQUIRE(two.flush(*f.storage));
  {
    // The background flusher writes on its own, and a last time when it stops.
    SeenTracker t;
    SeenFlusher flusher(t, *f.storage, std::chrono::milliseconds(100));
    t.saw("k2", 8000);
    CHECK(hp::test::eventually([&] { return f.seen("k2") == 8000; }, std::chrono::seconds(5)));
    t.saw("k2", 8500);
  }
  CHECK(f.seen("k2") == 8500);
}

TEST_CASE("a server.db made before seen_at is migrated: the column is added and the version recorded") {
  hp::test::TempDir dir("dash_seen_migrate");
  {
    auto s = open_storage(dir.path().string(), "");
    REQUIRE(s);
  }
  {
    // Back to the shape of version 1: no seen_at.
    auto d = dash::open_sql(dir.path().string(), "");
    REQUIRE(d);
    REQUIRE((*d)->exec("ALTER TABLE kiosks DROP COLUMN seen_at"));
    REQUIRE((*d)->exec("PRAGMA user_version = 1"));
  }
  auto s = open_storage(dir.path().string(), "");
  REQUIRE(s);
  auto d = dash::open_sql(dir.path().string(), "");
  REQUIRE(d);
  auto v = (*d)->query("PRAGMA user_version");
  REQUIRE(v);
  CHECK(dash::to_int((*v)[0][0]) == 2);
  CHECK((*d)->exec("SELECT seen_at FROM kiosks"));
}

TEST_CASE("an existing dashboard database gains the technician role: dash_staff rebuilt, accounts kept") {
  hp::test::TempDir dir("dash_tech_migrate");
  auto d = dash::open_sql(dir.path().string(), "");
  REQUIRE(d);
  auto& db = **d;
  // The dashboard's staff table as first shipped, with one account in it.
  REQUIRE(db.exec("CREATE TABLE dash_staff (id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, display_name TEXT NOT "
                  "NULL, role TEXT NOT NULL CHECK (role IN ('city', 'district', 'commune', 'post_office', 'admin')), "
                  "unit_id TEXT, post_office_id TEXT, password_hash TEXT NOT NULL, created_at BIGINT NOT NULL, "
                  "disabled_at BIGINT)"));
  REQUIRE(db.exec("INSERT INTO dash_staff VALUES ('s1', 'hoa', 'Hoa', 'city', NULL, NULL, 'h', 1, NULL)"));
  CHECK_FALSE(db.exec("INSERT INTO dash_staff VALUES ('s2', 'tech', 'T', 'technician', NULL, NULL, 'h', 1, NULL)"));
  REQUIRE(dash::ensure_schema(db));
  auto v = db.query("SELECT value FROM dash_meta WHERE key = 'schema_version'");
  REQUIRE(v);
  CHECK(dash::to_text((*v)[0][0]) == "2");
  auth::StaffStore staff(db);
  auto all = staff.list();
  REQUIRE(all);
  REQUIRE(all->size() == 1);
  CHECK(all->front().username == "hoa");
  auto t = staff.add({"tech", "Kỹ thuật viên", "technician", "", ""}, "a-long-enough-password", "s2", 2);
  REQUIRE_MESSAGE(t.has_value(), (t ? std::string() : t.error().detail));
  CHECK(t->role == "technician");
  // Still refused: a role that does not exist, by the rebuilt CHECK itself.
  CHECK_FALSE(db.exec("INSERT INTO dash_staff VALUES ('s3', 'x', 'X', 'janitor', NULL, NULL, 'h', 1, NULL)"));
  // Running again changes nothing.
  REQUIRE(dash::ensure_schema(db));
  CHECK(staff.list()->size() == 2);
}
