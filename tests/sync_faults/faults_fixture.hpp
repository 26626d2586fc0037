#pragma once
// What the sync-fault suites share: a kiosk-server with the demo data (tests/support/
// server_process.hpp), the fault proxy in front of it, a kiosk data folder enrolled through the
// proxy by the real `kiosk --enrol`, the intake API the shop posts orders to, and the checks
// every fault ends with (each kiosk event once at the centre, every order at the kiosk).
#include <doctest/doctest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "kiosk/store/store.hpp"
#include "kiosk/sync/sync_client.hpp"
#include "tests/support/fault_proxy.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_support.hpp"

namespace hp::test {

inline const std::string kPostOffice = "po-an-duong";  // the demo's first post office

// Short timeouts and retries, so a stall costs a second or two, not the 20 s of the kiosk's
// defaults; batches of 25 so a phase's events take several pushes.
inline sync::SyncOptions fast_sync_options() {
  return sync::SyncOptions{.pull_interval_ms = 400,
                           .pull_jitter = 0.2,
                           .batch = 25,
                           .pull_limit = 500,
                           .poke_delay_ms = 20,
                           .backoff = {.base_ms = 50, .cap_ms = 400},
                           .timeouts = {.connect_ms = 1'500, .read_ms = 1'500, .write_ms = 1'500},
                           .app_version = "sync-faults"};
}

struct FaultRig {
  explicit FaultRig(const std::string& tag)
      : centre(tag), proxy(centre.port()), kiosk_tmp("kiosk_" + tag), kiosk_dir(kiosk_tmp.file("data")),
        shop_key(centre.api_key("shop")) {
    enrol();
  }

  std::string db() const { return kiosk_dir + "/kiosk.db"; }

  // `kiosk --enrol` through the proxy: the kiosk keeps the proxy's URL as the centre's.
  void enrol() {
    auto r = run_argv({HP_KIOSK_BIN, "--data", kiosk_dir, "--enrol", proxy.url(), centre.enrol_code(kPostOffice),
                       "--ca", centre.ca()});
    REQUIRE_MESSAGE(r.exit_code == 0, r.out);
  }

  // A kiosk-server restarted on new storage settings or flags listens on a new port; the proxy
  // (the kiosk's "centre") follows it, as a balancer would.
  void restart_centre(const std::vector<std::string>& extra_args = {}) {
    centre.kill_hard();
    centre.start(extra_args);
    proxy.set_upstream(centre.port());
  }

  // The shop posts an order for this post office straight to the centre; its pickup code.
  std::string post_order() {
    const std::string ref = "SHOP-FAULTS-" + std::to_string(++orders_posted);
    const nlohmann::json body = {{"external_ref", ref},       {"post_office_id", kPostOffice},
                                 {"buyer_name", "Ngô Thị Mai"}, {"buyer_phone", "0901234567"},
                                 {"cash_on_delivery", false},  {"amount_due_vnd", 0},
                                 {"items", {{{"name", "Cà chua"}, {"quantity_text", "2 kg"}, {"amount_vnd", 59000}}}}};
    auto r = centre.post("/api/v1/orders", shop_key, body);
    REQUIRE_MESSAGE(r.status == 201, r.body.dump());
    const std::string code = r.body["pickup_code"].get<std::string>();
    pickup_codes.push_back(code);
    return code;
  }

  Centre centre;
  FaultProxy proxy;
  TempDir kiosk_tmp;
  std::string kiosk_dir;
  std::string shop_key;
  int orders_posted = 0;
  std::vector<std::string> pickup_codes;  // of every order posted
};

// How often each id is held at the centre.
inline std::map<std::string, int> centre_event_counts(const Centre& c) {
  std::map<std::string, int> n;
  for (const auto& e : c.events()) ++n[e["id"].get<std::string>()];
  return n;
}

// Every event in the kiosk's outbox.
inline std::set<std::string> kiosk_event_ids(store::Store& st) {
  std::set<std::string> ids;
  auto events = st.outbox_after(0, 1'000'000);
  REQUIRE(events.has_value());
  for (const auto& e : *events) ids.insert(e.id);
  return ids;
}

// After recovery: the centre holds every kiosk event exactly once (and nothing else), the
// kiosk holds every order posted, nothing is unsent and nothing was dead-lettered.
inline void check_nothing_lost_nothing_doubled(FaultRig& rig, store::Store& st) {
  const auto at_kiosk = kiosk_event_ids(st);
  const auto at_centre = centre_event_counts(rig.centre);
  CHECK(at_centre.size() == at_kiosk.size());
  int doubled = 0, missing = 0;
  for (const auto& [id, n] : at_centre)
    if (n != 1) ++doubled;
  for (const auto& id : at_kiosk)
    if (!at_centre.contains(id)) ++missing;
  CHECK(doubled == 0);
  CHECK(missing == 0);
  int orders_missing = 0;
  for (const auto& code : rig.pickup_codes) {
    auto o = st.order_by_pickup_code(code);
    if (!o || !o->has_value()) ++orders_missing;
  }
  CHECK(orders_missing == 0);
  auto counts = st.sync_counts();
  REQUIRE(counts.has_value());
  CHECK(counts->unsent == 0);
  CHECK(counts->dead == 0);
  MESSAGE(at_kiosk.size() << " kiosk events, each once at the centre; " << rig.pickup_codes.size() << " orders posted");
}

}  // namespace hp::test
