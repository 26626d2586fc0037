// The sync client when the centre cannot be reached (a closed port on loopback): offline
// since the first failure, the unsent count and the oldest's age still follow the writes, and
// shutdown does not wait for the centre.
#include <doctest/doctest.h>

#include <chrono>
#include <fstream>
#include <mutex>
#include <thread>

#include "kiosk/store/store.hpp"
#include "kiosk/sync/sync_client.hpp"
#include "shared/ids.hpp"
#include "tests/support/test_support.hpp"

using namespace hp;

TEST_CASE("offline: the state says since when and why, and the unsent count follows the writes") {
  test::TempDir dir("sync_client_offline");
  const std::string db = dir.file("kiosk.db");
  const std::string ca = dir.file("ca.pem");
  std::ofstream(ca) << "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n";
  Clock clock;
  IdGenerator ids(clock);
  auto opened = store::Store::open(db);
  REQUIRE(opened.has_value());
  store::Store& st = *opened;
  auto add = [&](const std::string& code, const std::string& phone) {
    store::NewFarmer f{.id = ids.next(), .member_code = code, .name = "Nông dân " + code, .phone = phone, .commune = "",
                       .district = "", .branch = "", .cooperative = "", .created_at = clock.now()};
    auto r = st.register_farmer(f, ids.next());
    REQUIRE_MESSAGE(r.has_value(), (r ? std::string() : r.error().code + ": " + r.error().detail));
  };
  add("HPM0000001", "0912000001");
  add("HPM0000002", "0912000002");

  std::mutex m;
  std::vector<sync::SyncStatus> seen;
  const sync::Enrolment e{.url = "https://127.0.0.1:" + std::to_string(test::free_port()), .kiosk_id = "k1", .credential = "hpk_x",
                          .post_office_id = "po1", .post_office_name = "", .ca_path = ca};
  sync::SyncOptions o{.pull_interval_ms = 15'000, .pull_jitter = 0.2, .batch = 500, .pull_limit = 500, .poke_delay_ms = 0,
                      .backoff = {.base_ms = 40, .cap_ms = 160}, .app_version = "test"};
  auto client = sync::SyncClient::start(db, e, o, clock, [&](const sync::SyncStatus& s) {
    std::lock_guard lock(m);
    seen.push_back(s);
  });
  REQUIRE(client.has_value());
  sync::SyncClient& c = **client;

  REQUIRE(test::eventually([&] { return c.status().phase == sync::SyncPhase::Offline; }));
  auto s = c.status();
  CHECK(s.reason_code == "sync.unreachable");
  CHECK(s.offline_since > 0);
  CHECK(s.unsent == 2);
  REQUIRE(s.oldest_unsent_at.has_value());
  CHECK(*s.oldest_unsent_at <= clock.now());
  // Kept for kioskctl and the next start (saved as it is published, just after).
  CHECK(test::eventually([&] { return st.sync_record()->phase == "offline"; }));
  CHECK(st.sync_record()->offline_since == s.offline_since);
  const UtcMillis since = s.offline_since;

  // A write while offline: the count follows (the poke recounts), the retry timer keeps
  // trying, and "offline since" stays the first failure.
  add("HPM0000003", "0912000003");
  c.poke();
  CHECK(test::eventually([&] { return c.status().unsent == 3; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(400));  // several capped retries
  CHECK(c.status().offline_since == since);
  CHECK(c.status().phase == sync::SyncPhase::Offline);
  CHECK(st.sync_counts()->unsent == 3);  // nothing was marked sent without an answer

  // Draining with the centre away returns at once with "not everything went".
  const auto t0 = std::chrono::steady_clock::now();
  CHECK_FALSE(c.drain(std::chrono::seconds(5)));
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(4));
  {
    std::lock_guard lock(m);
    REQUIRE_FALSE(seen.empty());
    CHECK(seen.front().phase == sync::SyncPhase::Syncing);
    // Published only when something changed: never two equal reports in a row.
    for (std::size_t i = 1; i < seen.size(); ++i) CHECK_FALSE(seen[i] == seen[i - 1]);
  }
}
