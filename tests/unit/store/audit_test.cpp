// The audit log in the store (docs/audit.md): numbered and chained on append, each entry also
// an outbox event for the centre, refused edits and deletes, and tampering that the chain shows.
#include <doctest/doctest.h>

#include "tests/unit/store/store_fixture.hpp"

using namespace hp;
using namespace hp::store;
using namespace hp::store::testing;

TEST_CASE("audit entries are numbered, chained to the one before and sent to the centre") {
  Fixture fx("audit_chain");
  Store store = fx.open();
  const std::int64_t outbox_before = count_rows(store, "outbox");
  for (int i = 0; i < 3; ++i)
    REQUIRE(store.audit(AuditRecord{.id = fx.ids.next(), .at = kNow + i, .actor = " Nguyễn Thị Lan ",
                                    .action = "drawer.opened", .subject = "PK7H3N8P5RT9", .detail = "cash payment"}));
  auto entries = store.audit_entries(0, 100);
  REQUIRE(entries);
  REQUIRE(entries->size() == 3);
  CHECK((*entries)[0].seq == 1);
  CHECK((*entries)[0].prev_hash == audit::kGenesis);
  CHECK((*entries)[0].actor == "Nguyễn Thị Lan");  // trimmed, NFC
  CHECK((*entries)[1].prev_hash == (*entries)[0].hash);
  CHECK((*entries)[2].seq == 3);
  CHECK_FALSE(audit::verify(*entries));
  auto page = store.audit_entries(1, 1);
  REQUIRE(page);
  REQUIRE(page->size() == 1);
  CHECK(page->front().seq == 2);

  // Each entry is an outbox event whose id is the entry's, with the fields the centre re-checks.
  CHECK(count_rows(store, "outbox") == outbox_before + 3);
  auto events = store.outbox_after(0, 100);
  REQUIRE(events);
  const auto& last = events->back();
  CHECK(last.kind == "audit.appended");
  CHECK(last.id == (*entries)[2].id);
  const auto payload = nlohmann::json::parse(last.payload);
  CHECK(payload["seq"] == 3);
  CHECK(payload["hash"] == (*entries)[2].hash);
  CHECK(payload["prev_hash"] == (*entries)[1].hash);
}

TEST_CASE("an entry without an actor or an action is refused and nothing is written") {
  Fixture fx("audit_invalid");
  Store store = fx.open();
  const auto before = counts(store);
  auto r = store.audit(AuditRecord{.id = fx.ids.next(), .at = kNow, .actor = "  ", .action = "drawer.opened"});
  REQUIRE_FALSE(r);
  CHECK(r.error().code == "audit.invalid");
  CHECK_FALSE(store.audit(AuditRecord{.id = fx.ids.next(), .at = kNow, .actor = "Lan", .action = ""}));
  CHECK(count_rows(store, "audit_log") == 0);
  CHECK(counts(store) == before);
}

TEST_CASE("the log refuses edits and deletes; an edit that goes around SQLite's rules shows in the chain") {
  Fixture fx("audit_tamper");
  Store store = fx.open();
  for (int i = 0; i < 4; ++i)
    REQUIRE(store.audit(AuditRecord{.id = fx.ids.next(), .at = kNow + i, .actor = "Lan", .action = "receipt.reprinted",
                                    .subject = "PN-2026-00000" + std::to_string(i + 1)}));
  const db::Db& db = db_of(store);
  CHECK_FALSE(db.exec("UPDATE audit_log SET actor = 'someone else' WHERE seq = 2"));
  CHECK_FALSE(db.exec("DELETE FROM audit_log WHERE seq = 3"));
  auto intact = store.audit_entries(0, 100);
  REQUIRE(intact);
  CHECK(intact->size() == 4);
  CHECK_FALSE(audit::verify(*intact));

  // Someone with the file drops the triggers and edits a row: the chain names the entry.
  REQUIRE(db.exec("DROP TRIGGER audit_log_no_update"));
  REQUIRE(db.exec("UPDATE audit_log SET actor = 'someone else' WHERE seq = 2"));
  auto edited = store.audit_entries(0, 100);
  REQUIRE(edited);
  auto b = audit::verify(*edited);
  REQUIRE(b);
  CHECK(b->seq == 2);
  CHECK(b->reason == "hash");

  REQUIRE(db.exec("DROP TRIGGER audit_log_no_delete"));
  REQUIRE(db.exec("DELETE FROM audit_log WHERE seq = 3"));
  auto gap = store.audit_entries(2, 100);
  REQUIRE(gap);
  b = audit::verify(*gap, 3, (*edited)[1].hash);
  REQUIRE(b);
  CHECK(b->seq == 3);
  CHECK(b->reason == "gap");
}
