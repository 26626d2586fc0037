// A week offline: a kiosk that synced once, then recorded 10,000 drop-offs with no network,
// catches up with the real SyncClient (kiosk/sync) on a real store file against a real
// kiosk-server (SQLite, --demo) over loopback HTTPS. Timed from the client's start until
// drain() reports nothing unsent (every event acknowledged and settled in the store, and the
// round's pull done); then checked at the centre (/metrics: events stored).
// The outbox rows are written straight into the store file in one transaction: 10,000
// drop-off commits would take a minute of fsyncs and time nothing the catch-up does.
// Issue 8's target: <= 2 s.
#include <httplib.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include "bench/centre_process.hpp"
#include "kiosk/store/store.hpp"
#include "kiosk/sync/enrolment.hpp"
#include "kiosk/sync/sync_client.hpp"
#include "shared/clock.hpp"
#include "shared/store/sqlite.hpp"

namespace {

using nlohmann::json;
using namespace hp::bench;
namespace fs = std::filesystem;
using Clk = std::chrono::steady_clock;

constexpr int kEvents = 10'000;

long events_stored(const std::string& data, int port) {
  httplib::SSLClient cli("127.0.0.1", port);
  cli.set_ca_cert_path((data + "/tls/ca.pem").c_str());
  cli.enable_server_certificate_verification(true);
  auto r = cli.Get("/metrics");
  if (!r || r->status != 200) return -1;
  const auto at = r->body.find("\nhp_events_stored_total ");
  if (at == std::string::npos) return -1;
  return std::atol(r->body.c_str() + at + 24);
}

}  // namespace

int main() {
  const fs::path dir = fs::temp_directory_path() / ("week_offline_bench_" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "kiosk");
  const std::string data = (dir / "centre").string();
  const std::string kiosk_dir = (dir / "kiosk").string();
  auto report = [&](const std::string& figure) {
    std::printf("| a week offline caught up: %d drop-offs in the outbox, the real SyncClient and store file, "
                "loopback HTTPS | %s | - | - | <= 2 s |\n",
                kEvents, figure.c_str());
    fs::remove_all(dir);
    return 0;
  };
  Centre centre = Centre::start(data, "", {"--demo", "--no-demo-history"});
  if (centre.pid <= 0) return report("not measured (kiosk-server did not start)");
  auto po = run_capture(admin(data, "", {"post-offices"}));
  const std::string po_id = json::parse(po.substr(0, po.find('\n')), nullptr, false).value("id", "");
  const std::string code = last_line(run_capture(admin(data, "", {"enrol-code", "--post-office", po_id})));

  hp::Clock clock;
  hp::IdGenerator ids(clock);
  const std::string db_path = kiosk_dir + "/kiosk.db";
  std::optional<hp::sync::Enrolment> enrolment;
  {
    auto st = hp::store::Store::open(db_path);
    if (!st) return report("not measured (store: " + st.error().code + ")");
    auto e = hp::sync::enrol(*st, {.data_dir = kiosk_dir, .url = "https://127.0.0.1:" + std::to_string(centre.port),
                                   .code = code, .ca_file = data + "/tls/ca.pem", .name = "week", .app_version = "bench"});
    if (!e) return report("not measured (enrol: " + e.error().code + ")");
    enrolment = *e;
  }
  hp::sync::SyncOptions options{.app_version = "bench"};
  {
    // Online once: the demo snapshot pulled and the cursor kept, as before the network went.
    auto c = hp::sync::SyncClient::start(db_path, *enrolment, options, clock, [](const hp::sync::SyncStatus&) {});
    if (!c || !(*c)->drain(std::chrono::seconds(30))) return report("not measured (the first sync failed)");
  }
  const long before = events_stored(data, centre.port);
  {
    auto db = hp::db::Db::open(db_path, hp::db::Durability::Full);
    if (!db) return report("not measured (store file)");
    auto tx = hp::db::Transaction::begin(*db);
    auto ins = db->prepare("INSERT INTO outbox(id, kind, entity_id, payload, created_at) VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!tx || !ins) return report("not measured (outbox)");
    for (int i = 0; i < kEvents; ++i) {
      const json e = make_dropoff(ids, i + 1);
      ins->reset().bind_all(e["id"].get<std::string>(), "dropoff.committed", e["entity_id"].get<std::string>(),
                            e["payload"].dump(), clock.now());
      if (!ins->run()) return report("not measured (outbox insert)");
    }
    if (!tx->commit()) return report("not measured (outbox commit)");
  }
  const auto start = Clk::now();
  auto client = hp::sync::SyncClient::start(db_path, *enrolment, options, clock, [](const hp::sync::SyncStatus&) {});
  const bool drained = client && (*client)->drain(std::chrono::seconds(60));
  const double s = std::chrono::duration<double>(Clk::now() - start).count();
  const auto status = client ? (*client)->status() : hp::sync::SyncStatus{};
  if (client) client->reset();  // stopped and joined before the centre is read
  const long after = events_stored(data, centre.port);
  centre.stop();
  if (!drained || status.unsent != 0 || after - before != kEvents) {
    char b[160];
    std::snprintf(b, sizeof b, "failed: drained %d, unsent %lld, centre stored %ld of %d", drained,
                  static_cast<long long>(status.unsent), after - before, kEvents);
    return report(b);
  }
  char b[64];
  std::snprintf(b, sizeof b, "%.2f s", s);
  return report(b);
}
