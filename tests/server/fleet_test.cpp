// The operations page's API over a real kiosk-server on loopback (docs/dashboard.md
// "Operations"): who sees which kiosks, last contact and link state, the audit chain check
// against a tampered chain pushed over HTTPS, and the farmer merge round trip to real kiosk
// stores (enrolled and synced by the kiosk's own sync library).
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "kiosk/store/store.hpp"
#include "kiosk/sync/enrolment.hpp"
#include "kiosk/sync/sync_client.hpp"
#include "shared/audit/audit_chain.hpp"
#include "tests/support/dash_session.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_support.hpp"

using namespace hp;
using namespace hp::test;
using nlohmann::json;

namespace {

std::set<std::string> kiosk_ids(const Reply& r) {
  std::set<std::string> out;
  for (const auto& k : r.body["kiosks"]) out.insert(k["id"].get<std::string>());
  return out;
}

json kiosk_row(const Reply& r, const std::string& id) {
  for (const auto& k : r.body["kiosks"])
    if (k["id"] == id) return k;
  return nullptr;
}

json pull_with_state(const Centre& c, const std::string& token, std::int64_t interval_ms, json devices = json::object(),
                     std::int64_t dead = 0, std::int64_t flags = 0) {
  auto r = c.post("/api/v1/pull", token,
                  {{"cursor", nullptr},
                   {"limit", 1},
                   {"state",
                    {{"app_version", "0.9.1"}, {"unsent_count", 2}, {"oldest_unsent_ms", 1733099990000},
                     {"kiosk_time_ms", Clock().now()}, {"devices", std::move(devices)}, {"pull_interval_ms", interval_ms},
                     {"dead_letters", dead}, {"review_flags", flags}}}});
  REQUIRE(r.status == 200);
  return r.body;
}

// Audit entries as a kiosk's store makes them (docs/audit.md).
std::vector<audit::Entry> chain(IdGenerator& ids, int n) {
  std::vector<audit::Entry> out;
  std::string prev = audit::kGenesis;
  for (int i = 1; i <= n; ++i) {
    audit::Entry e{.seq = i, .id = ids.next(), .at = 1733000000000 + i, .actor = "Thu", .action = "receipt.reprinted",
                   .subject = "PN-0001-" + std::to_string(i), .detail = "", .prev_hash = prev, .hash = {}};
    e.hash = audit::entry_hash(e);
    prev = e.hash;
    out.push_back(e);
  }
  return out;
}

json audit_event(const audit::Entry& e, std::int64_t outbox_seq) {
  return event(e.id, outbox_seq, "audit.appended", e.id,
               {{"seq", e.seq}, {"id", e.id}, {"at", e.at}, {"actor", e.actor}, {"action", e.action},
                {"subject", e.subject}, {"detail", e.detail}, {"prev_hash", e.prev_hash}, {"hash", e.hash}});
}

}  // namespace

TEST_CASE("each role sees the kiosks of its own scope, with state, last contact and alerts") {
  Centre c("fleet_scope");
  c.start({"--seen-flush-ms", "200"});
  std::string duong_id, lao_id, hai_id;
  REQUIRE(c.admin({"post-office", "add", "--id", "po-an-hai", "--name", "Bưu cục An Hải", "--unit", "vn-31-11617"})
              .exit_code == 0);
  const std::string duong = c.enrol_kiosk("po-an-duong", &duong_id);
  const std::string lao = c.enrol_kiosk("po-an-lao", &lao_id);
  c.enrol_kiosk("po-an-hai", &hai_id);
  add_staff(c, "anhai", "commune", {"--unit", "vn-31-11617"});
  add_staff(c, "tech", "technician");
  add_staff(c, "duong.manager", "post_office", {"--post-office", "po-an-duong"});
  add_staff(c, "lao.district", "district", {"--unit", "vn-31-313"});
  add_staff(c, "lao.tech", "technician", {"--post-office", "po-an-lao"});

  pull_with_state(c, duong, 1000, {{"printer", "printer.paper_out"}, {"scale", "scale.overload"}, {"scanner", "ready"}}, 3, 1);
  pull_with_state(c, lao, 15000, {{"printer", "ready"}, {"scale", "ready"}});

  Dash tech(c, "tech");
  // The last contact reaches the database within the flush interval, not at the pull.
  REQUIRE(eventually([&] {
    auto r = tech.get("/api/v1/dash/ops/kiosks");
    return r.status == 200 && kiosk_row(r, duong_id)["last_seen_ms"] > kiosk_row(r, duong_id)["enrolled_at"];
  }));
  auto all = tech.get("/api/v1/dash/ops/kiosks");
  CHECK(kiosk_ids(all) == std::set<std::string>{duong_id, lao_id, hai_id});
  json d = kiosk_row(all, duong_id);
  CHECK(d["post_office_name"] == "Bưu cục An Dương");
  CHECK(d["app_version"] == "0.9.1");
  CHECK(d["unsent_count"] == 2);
  CHECK(d["oldest_unsent_ms"] == 1733099990000);
  CHECK(d["pull_interval_ms"] == 1000);
  CHECK(d["devices"]["printer"] == "printer.paper_out");
  std::set<std::string> codes;
  for (const auto& a : d["alerts"]) codes.insert(a["code"].get<std::string>());
  CHECK(codes == std::set<std::string>{"printer_paper_out", "scale_fault", "dead_letters", "conflicts_flagged"});
  CHECK(kiosk_row(all, lao_id)["alerts"].empty());
  CHECK(all.body["may_merge"] == true);

  // Late once 1.5 of its 1 s intervals have passed without contact (the other pulls every 15 s).
  REQUIRE(eventually([&] { return kiosk_row(tech.get("/api/v1/dash/ops/kiosks"), duong_id)["link"] == "late"; },
                     std::chrono::seconds(10)));
  auto later = tech.get("/api/v1/dash/ops/kiosks");
  CHECK(kiosk_row(later, lao_id)["link"] == "online");
  CHECK(later.body["kiosks"][0]["id"] == duong_id);  // the one needing help first

  // A post office manager sees only their kiosk, and asking for another is refused.
  Dash manager(c, "duong.manager");
  auto mine = manager.get("/api/v1/dash/ops/kiosks");
  REQUIRE(mine.status == 200);
  CHECK(kiosk_ids(mine) == std::set<std::string>{duong_id});
  CHECK(mine.body["may_merge"] == false);
  CHECK(manager.get("/api/v1/dash/ops/kiosks?post_office=po-an-lao").status == 403);
  // A district account sees its district's post offices only.
  Dash district(c, "lao.district");
  CHECK(kiosk_ids(district.get("/api/v1/dash/ops/kiosks")) == std::set<std::string>{lao_id});
  CHECK(district.get("/api/v1/dash/ops/kiosks?post_office=po-an-duong").status == 403);
  // A commune account: its commune's post office only.
  Dash commune(c, "anhai");
  CHECK(kiosk_ids(commune.get("/api/v1/dash/ops/kiosks")) == std::set<std::string>{hai_id});
  CHECK(commune.get("/api/v1/dash/ops/kiosks?post_office=po-an-lao").status == 403);
  // A technician of one post office likewise.
  Dash lao_tech(c, "lao.tech");
  CHECK(kiosk_ids(lao_tech.get("/api/v1/dash/ops/kiosks")) == std::set<std::string>{lao_id});
  // No session: 401.
  CHECK(c.get("/api/v1/dash/ops/kiosks", "").status == 401);
  // The page itself.
  auto page = c.client()->Get("/dash/ops");
  REQUIRE(page);
  CHECK(page->status == 200);
  CHECK(page->body.find("ops.js") != std::string::npos);
}

TEST_CASE("the centre checks each kiosk's audit chain as it arrives and flags the first break") {
  Centre c("fleet_audit");
  c.start();
  Clock clock;
  IdGenerator ids(clock);
  std::string good_id, edited_id, gap_id;
  const std::string good = c.enrol_kiosk("po-an-duong", &good_id);
  const std::string edited = c.enrol_kiosk("po-an-duong", &edited_id);
  const std::string gap = c.enrol_kiosk("po-an-duong", &gap_id);
  add_staff(c, "admin", "admin");
  Dash admin(c, "admin");

  auto g = chain(ids, 5);
  std::vector<json> first, second;
  for (int i = 0; i < 3; ++i) first.push_back(audit_event(g[i], i + 1));
  REQUIRE(c.post("/api/v1/push", good, batch(first)).status == 200);
  auto r = admin.get("/api/v1/dash/ops/kiosks");
  CHECK(kiosk_row(r, good_id)["audit"]["entries"] == 3);
  // The rest arrives later: checked from where the check stopped.
  for (int i = 3; i < 5; ++i) second.push_back(audit_event(g[i], i + 1));
  REQUIRE(c.post("/api/v1/push", good, batch(second)).status == 200);
  r = admin.get("/api/v1/dash/ops/kiosks");
  CHECK(kiosk_row(r, good_id)["audit"]["entries"] == 5);
  CHECK(kiosk_row(r, good_id)["audit"]["broken_seq"].is_null());
  CHECK(kiosk_row(r, good_id)["alerts"].empty());

  // An entry edited after it was hashed (its hash no longer matches its fields).
  auto e = chain(ids, 4);
  e[2].detail = "sửa sau";
  std::vector<json> tampered;
  for (int i = 0; i < 4; ++i) tampered.push_back(audit_event(e[i], i + 1));
  REQUIRE(c.post("/api/v1/push", edited, batch(tampered)).status == 200);
  // An entry missing: 1, 2, then 4.
  auto m = chain(ids, 4);
  REQUIRE(c.post("/api/v1/push", gap, batch({audit_event(m[0], 1), audit_event(m[1], 2), audit_event(m[3], 4)})).status == 200);

  r = admin.get("/api/v1/dash/ops/kiosks");
  json ed = kiosk_row(r, edited_id);
  CHECK(ed["audit"]["broken_seq"] == 3);
  CHECK(ed["audit"]["reason"] == "hash");
  CHECK(ed["audit"]["entries"] == 2);
  REQUIRE(ed["alerts"].size() == 1);
  CHECK(ed["alerts"][0]["code"] == "audit_chain_break");
  json gp = kiosk_row(r, gap_id);
  CHECK(gp["audit"]["broken_seq"] == 3);
  CHECK(gp["audit"]["reason"] == "gap");
  // The break stays where it was found, whatever comes after.
  auto more = chain(ids, 1);
  REQUIRE(c.post("/api/v1/push", edited, batch({audit_event(more[0], 9)})).status == 200);
  CHECK(kiosk_row(admin.get("/api/v1/dash/ops/kiosks"), edited_id)["audit"]["broken_seq"] == 3);
}

TEST_CASE("two kiosks register one farmer twice; a technician merges them and the kiosks find the kept one") {
  Centre c("fleet_merge");
  c.start();
  Clock clock;
  IdGenerator ids(clock);
  add_staff(c, "tech", "technician");
  add_staff(c, "duong.manager", "post_office", {"--post-office", "po-an-duong"});
  add_staff(c, "thuy.manager", "post_office", {"--post-office", "po-thuy-nguyen"});

  struct Kiosk {
    TempDir dir;
    std::optional<store::Store> st;
    std::optional<sync::Enrolment> enrolment;
    explicit Kiosk(const std::string& tag) : dir(tag) {}
  };
  auto open_kiosk = [&](Kiosk& k, const std::string& po) {
    auto opened = store::Store::open(k.dir.file("kiosk.db"));
    REQUIRE(opened.has_value());
    k.st.emplace(std::move(*opened));
    auto en = sync::enrol(*k.st, {.data_dir = k.dir.path().string(), .url = "https://127.0.0.1:" + std::to_string(c.port()),
                                  .code = c.enrol_code(po), .ca_file = c.ca(), .name = "Quầy " + po, .app_version = "test"});
    REQUIRE_MESSAGE(en.has_value(), en.error().detail);
    k.enrolment = *en;
  };
  Kiosk a("fleet_kiosk_a"), b("fleet_kiosk_b");
  open_kiosk(a, "po-an-duong");
  open_kiosk(b, "po-an-lao");

  // Offline at both counters: the same farmer, the same phone, registered twice.
  const std::string phone = "0988123456";
  store::NewFarmer fa{.id = ids.next(), .member_code = "HPMFLEET0001", .name = "Đỗ Thị Lan", .phone = phone,
                      .commune = "An Đồng", .district = "", .branch = "", .cooperative = "", .created_at = clock.now()};
  REQUIRE(a.st->register_farmer(fa, ids.next()).has_value());
  store::NewFarmer fb = fa;
  fb.id = ids.next();
  fb.member_code = "HPMFLEET0002";
  fb.created_at = clock.now() + 1;
  REQUIRE(b.st->register_farmer(fb, ids.next()).has_value());

  auto run_sync = [&](Kiosk& k) {
    auto client = sync::SyncClient::start(k.dir.file("kiosk.db"), *k.enrolment, sync::SyncOptions{.app_version = "test"},
                                          clock, [](const sync::SyncStatus&) {});
    REQUIRE(client.has_value());
    (*client)->sync_now();
    REQUIRE((*client)->drain(std::chrono::seconds(15)));
    // One more round that starts after the pushes: it pulls everything the centre holds now.
    (*client)->sync_now();
    REQUIRE((*client)->drain(std::chrono::seconds(15)));
  };
  run_sync(a);
  run_sync(b);
  // Each side's drop-off, so the centre's figures can be checked after the merge.
  auto push_dropoff = [&](const std::string& token, const std::string& farmer, std::int64_t seq) {
    REQUIRE(c.post("/api/v1/push", token, batch({dropoff_event(ids, seq, farmer)})).status == 200);
  };
  push_dropoff(a.enrolment->credential, fa.id, 100);
  push_dropoff(b.enrolment->credential, fb.id, 100);

  Dash tech(c, "tech");
  auto q = tech.get("/api/v1/dash/ops/conflicts");
  REQUIRE(q.status == 200);
  REQUIRE(q.body["conflicts"].size() == 1);
  json conflict = q.body["conflicts"][0];
  CHECK(conflict["reason"] == "same_phone");
  CHECK(conflict["keep"]["id"] == fa.id);  // registered first
  CHECK(conflict["duplicate"]["id"] == fb.id);
  CHECK(conflict["duplicate"]["post_office_id"] == "po-an-lao");

  // A manager of a post office where neither was registered sees nothing and cannot merge.
  Dash thuy(c, "thuy.manager");
  CHECK(thuy.get("/api/v1/dash/ops/conflicts").body["conflicts"].empty());
  CHECK(thuy.post("/api/v1/dash/ops/merge", {{"keep_id", fa.id}, {"duplicate_id", fb.id}}).status == 403);
  // The manager where one was registered sees it, but merging is a technician's.
  Dash duong(c, "duong.manager");
  CHECK(duong.get("/api/v1/dash/ops/conflicts").body["conflicts"].size() == 1);
  CHECK(duong.post("/api/v1/dash/ops/merge", {{"keep_id", fa.id}, {"duplicate_id", fb.id}}).status == 403);
  // Bad input changes nothing.
  CHECK(tech.post("/api/v1/dash/ops/merge", {{"keep_id", fa.id}, {"duplicate_id", fa.id}}).status == 422);
  CHECK(tech.post("/api/v1/dash/ops/merge", {{"keep_id", fa.id}}).status == 400);
  CHECK(tech.post("/api/v1/dash/ops/merge", {{"keep_id", fa.id}, {"duplicate_id", ids.next()}}).status == 422);

  // The test's drop-offs are dated 2 December 2024 (tests/support event()).
  const std::string period = "/api/v1/dash/overview?from=2024-12-01&to=2024-12-03";
  auto before = tech.get(period);
  REQUIRE(before.status == 200);
  const auto active_before = before.body["totals"]["farmers_active"].get<int>();
  CHECK(active_before >= 2);

  auto merged = tech.post("/api/v1/dash/ops/merge", {{"keep_id", fa.id}, {"duplicate_id", fb.id}});
  REQUIRE(merged.status == 200);
  CHECK(merged.body["merged_into"] == fa.id);
  CHECK(tech.get("/api/v1/dash/ops/conflicts").body["conflicts"].empty());
  // Once only.
  CHECK(tech.post("/api/v1/dash/ops/merge", {{"keep_id", fa.id}, {"duplicate_id", fb.id}}).status == 422);
  // The centre's figures: both drop-offs are the kept farmer's.
  auto after = tech.get(period);
  CHECK(after.body["totals"]["farmers_active"] == active_before - 1);
  CHECK(after.body["totals"]["dropoffs"] == before.body["totals"]["dropoffs"]);
  // Audited: the stored text holds the merge with who did it.
  CHECK(c.dash_audit_text().find("farmer.merged") != std::string::npos);

  // Back at the counters, through their next pull.
  run_sync(a);
  run_sync(b);
  for (Kiosk* k : {&a, &b}) {
    auto found = k->st->search_farmers(phone, 10);
    REQUIRE(found.has_value());
    REQUIRE(found->size() == 1);
    CHECK(found->front().id == fa.id);
    auto by_name = k->st->search_farmers("Đỗ Thị Lan", 10);
    REQUIRE(by_name.has_value());
    REQUIRE(by_name->size() == 1);
    CHECK(by_name->front().id == fa.id);
    // The duplicate's card opens the kept farmer; the row itself stays for its drop-offs.
    auto card = k->st->farmer_by_member_code("HPMFLEET0002");
    REQUIRE(card.has_value());
    REQUIRE(card->has_value());
    CHECK((*card)->id == fa.id);
    CHECK(k->st->farmer_by_id(fb.id)->has_value());
  }
}
