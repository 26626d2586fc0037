// The kiosk meets a certificate from another CA, presents a wrong credential, then a revoked
// one: each time it shows "rejected" with the reason, stops retrying, keeps every event, and
// once put right sends them all, once.
#include <doctest/doctest.h>

#include <memory>

#include "kiosk/sync/enrolment.hpp"
#include "kiosk/sync/sync_client.hpp"
#include "shared/ids.hpp"
#include "tests/sync_faults/faults_fixture.hpp"

using namespace hp;
using namespace hp::test;
using namespace std::chrono_literals;

namespace {

struct Kiosk {
  Kiosk(FaultRig& r, store::Store s) : rig(r), st(std::move(s)) {}
  FaultRig& rig;
  store::Store st;
  Clock clock;
  IdGenerator ids{clock};
  int farmers = 0;
  std::unique_ptr<sync::SyncClient> client;

  sync::Enrolment enrolment() {
    auto e = sync::load_enrolment(st);
    REQUIRE(e.has_value());
    REQUIRE(e->has_value());
    return **e;
  }
  void start() {
    client.reset();
    auto c = sync::SyncClient::start(rig.db(), enrolment(), fast_sync_options(), clock, {});
    REQUIRE(c.has_value());
    client = std::move(*c);
  }
  void register_farmers(int n) {
    for (int i = 0; i < n; ++i, ++farmers) {
      const std::string k = std::to_string(1000 + farmers);
      store::NewFarmer f{.id = ids.next(), .member_code = "HPMCRED" + k, .name = "Nông dân " + k,
                         .phone = "097700" + k, .commune = "", .district = "", .branch = "", .cooperative = "",
                         .created_at = clock.now()};
      REQUIRE(st.register_farmer(f, ids.next()).has_value());
    }
    if (client) client->poke();
  }
  store::Store::SyncCounts counts() {
    auto c = st.sync_counts();
    REQUIRE(c.has_value());
    return *c;
  }
  // Rejected with `reason` on screen and in the store (kioskctl sync status), retrying nothing.
  void check_rejected(const std::string& reason, std::int64_t unsent) {
    INFO("expected: rejected, " << reason);
    REQUIRE(eventually([&] { return client->status().phase == sync::SyncPhase::Rejected; }));
    CHECK(client->status().reason_code == reason);
    CHECK(!client->status().reason_detail.empty());
    // What kioskctl sync status shows: the client saves its phase just after publishing it.
    CHECK(eventually([&] {
      auto rec = st.sync_record();
      return rec && rec->phase == "rejected" && rec->reason_code == reason;
    }));
    // Every event kept, none a dead letter: the kiosk was refused, not its events.
    CHECK(counts().unsent == unsent);
    CHECK(counts().dead == 0);
  }
  void check_synced() {
    CHECK(eventually([&] { return counts().unsent == 0 && client->status().phase == sync::SyncPhase::UpToDate; }));
  }
};

store::Store open_store(const std::string& db) {
  auto s = store::Store::open(db);
  REQUIRE(s.has_value());
  return std::move(*s);
}

}  // namespace

TEST_CASE("the wrong CA, a wrong credential and a revoked one: rejected with the reason, every event kept") {
  FaultRig rig("faults_credentials");
  Kiosk k(rig, open_store(rig.db()));

  // Another centre, with its own CA, answers at the kiosk's URL (a DNS or balancer mistake,
  // or an impostor).
  Centre impostor("faults_impostor", false);
  rig.proxy.set_upstream(impostor.port());
  k.register_farmers(20);
  k.start();
  k.check_rejected("sync.wrong_ca", 20);
  CHECK(impostor.events().empty());
  // Rejected means no retry loop: more writes only update the counts.
  const int forwarded = rig.proxy.requests_forwarded();
  k.register_farmers(5);
  CHECK(eventually([&] { return k.client->status().unsent == 25; }));
  CHECK(rig.proxy.requests_forwarded() == forwarded);
  // Put right, "Sync now" sends everything.
  rig.proxy.set_upstream(rig.centre.port());
  k.client->sync_now();
  k.check_synced();

  // A credential the centre does not know (a restored backup of another kiosk, a typo).
  const sync::Enrolment good = k.enrolment();
  REQUIRE(k.st.set_setting("sync.credential", "hpk_" + std::string(40, 'x')).has_value());
  k.register_farmers(20);
  k.start();
  k.check_rejected("auth.invalid", 20);
  REQUIRE(k.st.set_setting("sync.credential", good.credential).has_value());
  k.start();
  k.check_synced();

  // Revoked at the centre: a new enrolment is the way back.
  auto revoked = rig.centre.admin({"revoke", "--kiosk", good.kiosk_id});
  REQUIRE_MESSAGE(revoked.exit_code == 0, revoked.err);
  k.register_farmers(20);
  k.check_rejected("auth.revoked", 20);
  k.client.reset();
  rig.enrol();
  CHECK(k.enrolment().kiosk_id != good.kiosk_id);
  k.start();
  k.check_synced();

  check_nothing_lost_nothing_doubled(rig, k.st);
}
