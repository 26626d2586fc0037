#include <doctest/doctest.h>

#include "server/dash/lots.hpp"
#include "server/dash/schema.hpp"
#include "server/storage/storage.hpp"
#include "tests/support/test_support.hpp"

using namespace hp::server;

namespace {

void add_dropoff(dash::SqlDb& db, const std::string& id, const std::string& lot) {
  const nlohmann::json payload = {{"id", id}, {"farmer_id", "f"}, {"items", {{{"id", "i-" + id}, {"lot_code", lot}}}}};
  REQUIRE(db.exec("INSERT INTO events(id, kiosk_id, kiosk_seq, kind, schema_version, entity_id, kiosk_time_ms, "
                  "received_at, payload) VALUES (?1, 'k', 1, 'dropoff.committed', 1, ?1, 0, 0, ?2)",
                  {id, payload.dump()}));
}

}  // namespace

TEST_CASE("the lot index finds a lot's drop-off, catches up with new events, and never rescans on demand") {
  hp::test::TempDir dir("dash_lots");
  REQUIRE(open_storage(dir.path().string(), ""));  // the protocol's schema, as kiosk-server makes it
  auto db = dash::open_sql(dir.path().string(), "");
  REQUIRE(db);
  REQUIRE(dash::ensure_schema(**db));
  dash::LotIndex lots(**db);
  add_dropoff(**db, "e1", "HPL0000000001");
  add_dropoff(**db, "e2", "HPL0000000002");
  CHECK(**lots.event_of("HPL0000000002") == "e2");  // a miss catches up, then finds it
  CHECK(**lots.event_of("HPL0000000001") == "e1");  // found in the index: no catch-up needed
  add_dropoff(**db, "e3", "HPL0000000003");
  // Within a second of the last catch-up a miss does not scan again: an unknown code costs nothing.
  CHECK_FALSE(*lots.event_of("HPL0000000003"));
  CHECK_FALSE(*lots.event_of("HPLNOSUCHLOT"));
  REQUIRE(lots.catch_up());
  CHECK(**lots.event_of("HPL0000000003") == "e3");
  auto n = (*db)->query("SELECT count(*) FROM dash_lots");
  REQUIRE(n);
  CHECK(dash::to_int((*n)[0][0]) == 3);
  // The mark stands at the last event read: a second catch-up adds nothing.
  REQUIRE(lots.catch_up());
  CHECK(dash::to_int((*(*db)->query("SELECT count(*) FROM dash_lots"))[0][0]) == 3);
}
