// Ingest: batches of 500 kiosk events pushed over loopback HTTPS into kiosk-server (SQLite),
// beside the same rows inserted directly into the same table with the same statement
// (500-row transactions, INSERT ... ON CONFLICT DO NOTHING, synchronous=FULL) in this run.
// Issue 8's targets: >= 50,000 events/s on SQLite and >= 0.5 of the direct figure.
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "shared/clock.hpp"
#include "shared/ids.hpp"
#include "shared/store/sqlite.hpp"

namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr int kBatch = 500;
constexpr int kBatches = 40;

std::string run_capture(const std::vector<std::string>& argv) {
  int out[2];
  if (pipe(out) != 0) return {};
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], 1);
    close(out[0]);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  close(out[1]);
  std::string s;
  char buf[4096];
  ssize_t n;
  while ((n = read(out[0], buf, sizeof buf)) > 0) s.append(buf, static_cast<std::size_t>(n));
  close(out[0]);
  waitpid(pid, nullptr, 0);
  return s;
}

std::string last_line(const std::string& s) {
  std::string t = s;
  while (!t.empty() && t.back() == '\n') t.pop_back();
  return t.substr(t.rfind('\n') == std::string::npos ? 0 : t.rfind('\n') + 1);
}

json make_event(hp::IdGenerator& ids, std::int64_t seq) {
  const std::string d = ids.next();
  json item = {{"id", ids.next()}, {"product_id", "01924f80-0000-7000-8000-100000000001"}, {"product_name", "Cà chua"},
               {"grade", "A"}, {"unit", "kg"}, {"gross_mg", 10500000}, {"tare_mg", 500000}, {"net_mg", 10000000},
               {"pieces", 0}, {"unit_price", 22000}, {"value", 220000}, {"lot_id", ids.next()},
               {"lot_code", "HPL0000000001X"}};
  return {{"id", ids.next()}, {"seq", seq}, {"kind", "dropoff.committed"}, {"schema_version", 1}, {"entity_id", d},
          {"kiosk_time_ms", 1733100000000 + seq},
          {"payload", {{"id", d}, {"farmer_id", "01924f80-0000-7000-8000-200000000001"}, {"farmer_name", "Nguyễn Văn An"},
                       {"clerk", "Bench"}, {"kiosk_id", "k"}, {"created_at", 1733100000000}, {"total", 220000},
                       {"items", json::array({item})}}}};
}

long peak_rss_kb(pid_t pid) {
  FILE* f = std::fopen(("/proc/" + std::to_string(pid) + "/status").c_str(), "r");
  if (!f) return -1;
  char line[256];
  long kb = -1;
  while (std::fgets(line, sizeof line, f))
    if (std::sscanf(line, "VmHWM: %ld kB", &kb) == 1) break;
  std::fclose(f);
  return kb;
}

double direct_insert(const std::string& path, const std::vector<json>& batches) {
  auto db = hp::db::Db::open(path, hp::db::Durability::Full);
  if (!db) return 0;
  (void)db->exec(
      "CREATE TABLE events (received_seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, kiosk_id TEXT NOT "
      "NULL, kiosk_seq INTEGER NOT NULL, kind TEXT NOT NULL, schema_version INTEGER NOT NULL, entity_id TEXT NOT NULL, "
      "kiosk_time_ms INTEGER NOT NULL, received_at INTEGER NOT NULL, payload TEXT NOT NULL)");
  auto ins = db->prepare(
      "INSERT INTO events(id, kiosk_id, kiosk_seq, kind, schema_version, entity_id, kiosk_time_ms, received_at, payload) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT(id) DO NOTHING");
  if (!ins) return 0;
  const auto start = std::chrono::steady_clock::now();
  for (const auto& b : batches) {
    auto tx = hp::db::Transaction::begin(*db);
    if (!tx) return 0;
    for (const auto& e : b["events"]) {
      ins->reset().bind_all(e["id"].get<std::string>(), "kiosk", e["seq"].get<std::int64_t>(), e["kind"].get<std::string>(),
                            1, e["entity_id"].get<std::string>(), e["kiosk_time_ms"].get<std::int64_t>(),
                            std::int64_t{1}, e["payload"].dump());
      if (!ins->run()) return 0;
    }
    if (!tx->commit()) return 0;
  }
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return kBatch * kBatches / s;
}

}  // namespace

int main() {
  const fs::path dir = fs::temp_directory_path() / ("server_ingest_bench_" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string data = (dir / "centre").string();
  hp::Clock clock;
  hp::IdGenerator ids(clock);
  std::vector<json> batches;
  std::int64_t seq = 0;
  for (int b = 0; b < kBatches; ++b) {
    json events = json::array();
    for (int i = 0; i < kBatch; ++i) events.push_back(make_event(ids, ++seq));
    batches.push_back({{"events", std::move(events)}});
  }
  std::vector<std::string> bodies;
  for (const auto& b : batches) bodies.push_back(b.dump());

  (void)run_capture({HP_SERVER_BIN, "admin", "--data", data, "post-office", "add", "--id", "po-bench", "--name", "Bench"});
  const std::string code =
      last_line(run_capture({HP_SERVER_BIN, "admin", "--data", data, "enrol-code", "--post-office", "po-bench"}));
  int out[2];
  if (pipe(out) != 0) return 1;
  const pid_t server = fork();
  if (server == 0) {
    dup2(out[1], 1);
    close(out[0]);
    execl(HP_SERVER_BIN, HP_SERVER_BIN, "--data", data.c_str(), "--listen", "127.0.0.1:0", static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);
  std::string line;
  char ch;
  while (read(out[0], &ch, 1) == 1 && ch != '\n') line.push_back(ch);
  close(out[0]);
  const json started = json::parse(line, nullptr, false);
  double over_https = 0;
  double week_seconds = -1;
  long rss_kb = -1;
  if (!started.is_discarded() && started.contains("port")) {
    httplib::SSLClient cli("127.0.0.1", started["port"].get<int>());
    cli.set_ca_cert_path((data + "/tls/ca.pem").c_str());
    cli.enable_server_certificate_verification(true);
    cli.set_keep_alive(true);
    cli.set_tcp_nodelay(true);
    cli.set_read_timeout(60);
    auto enrol = cli.Post("/api/v1/enrol", json{{"code", code}}.dump(), "application/json");
    if (enrol && enrol->status == 201) {
      const std::string token = json::parse(enrol->body)["credential"].get<std::string>();
      httplib::Headers h{{"Authorization", "Bearer " + token}};
      bool ok = true;
      const auto start = std::chrono::steady_clock::now();
      for (const auto& body : bodies) {
        auto r = cli.Post("/api/v1/push", h, body, "application/json");
        ok = ok && r && r->status == 200;
      }
      const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (ok) over_https = kBatch * kBatches / s;
      // A week offline, the centre's side: 10,000 events (20 batches of 500) up, then a pull.
      std::vector<std::string> week;
      for (int b = 0; b < 20; ++b) {
        json events = json::array();
        for (int i = 0; i < kBatch; ++i) events.push_back(make_event(ids, ++seq));
        week.push_back(json{{"events", std::move(events)}}.dump());
      }
      const auto w0 = std::chrono::steady_clock::now();
      bool week_ok = true;
      for (const auto& body : week) {
        auto r = cli.Post("/api/v1/push", h, body, "application/json");
        week_ok = week_ok && r && r->status == 200;
      }
      auto pulled = cli.Post("/api/v1/pull", h, json{{"limit", 500}}.dump(), "application/json");
      week_ok = week_ok && pulled && pulled->status == 200;
      const double week_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count();
      week_seconds = week_ok ? week_s : -1;
    }
    rss_kb = peak_rss_kb(server);
  }
  kill(server, SIGTERM);
  waitpid(server, nullptr, 0);
  const double direct = direct_insert((dir / "direct.db").string(), batches);
  std::printf("| server ingest, SQLite (%d x %d events over loopback HTTPS) | %.0f events/s | %.0f events/s direct "
              "insert | %.2f | >= 50000 events/s and >= 0.5 |\n",
              kBatches, kBatch, over_https, direct, direct > 0 ? over_https / direct : 0.0);
  std::printf("| server: a week offline caught up (10,000 events in 20 pushes, then a pull) | %.2f s | - | - | <= 2 s |\n",
              week_seconds);
  std::printf("| server: peak RSS of kiosk-server after the ingest runs | %ld kB | - | - | - |\n", rss_kb);
  fs::remove_all(dir);
  return 0;
}
