#pragma once
// A real kiosk-server process on loopback for the server and sync-fault suites, an HTTPS client that trusts
// only its CA, and its admin commands.
#include <httplib.h>
#include <sys/types.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "shared/clock.hpp"
#include "shared/ids.hpp"
#include "tests/support/test_support.hpp"

namespace hp::test {

struct AdminRun {
  int exit_code = -1;
  std::vector<std::string> lines;  // stdout
  std::string err;
  nlohmann::json json(std::size_t i) const { return nlohmann::json::parse(lines.at(i)); }
};

struct Reply {
  int status = 0;  // 0: no answer (connection failed)
  nlohmann::json body;
};

class Centre {
 public:
  // demo_history: also the demo's two years of seasonal history (kiosk-server passes
  // --no-demo-history otherwise, so suites that need none start quickly).
  explicit Centre(const std::string& tag, bool demo = true, bool demo_history = false);
  ~Centre();
  Centre(const Centre&) = delete;
  Centre& operator=(const Centre&) = delete;

  // extra_args go after the usual ones (e.g. {"--fail-sync", "503:5"}); each start listens on
  // a new free port.
  void start(const std::vector<std::string>& extra_args = {});
  // Another kiosk-server process on the same storage (a second node behind a balancer).
  struct Peer {
    pid_t pid = -1;
    int port = 0;
  };
  Peer start_peer(const std::vector<std::string>& extra_args = {}) const;
  static void kill_peer(Peer& p);
  Reply post_to(int port, const std::string& path, const std::string& token, const nlohmann::json& body) const;
  void kill_hard();  // SIGKILL and reap
  bool running() const { return pid_ > 0; }
  void stop();       // SIGTERM and reap; returns when the process is gone
  int port() const { return port_; }
  std::string data() const { return dir_.path().string(); }
  std::string ca() const { return dir_.file("tls/ca.pem"); }

  AdminRun admin(const std::vector<std::string>& args) const;
  // The same, with `input` on its stdin (a password for `staff add`).
  AdminRun admin_with_input(const std::vector<std::string>& args, const std::string* input) const;
  std::string enrol_code(const std::string& post_office, int ttl_seconds = 3600) const;
  std::string api_key(const std::string& name) const;
  // Enrols a kiosk at the post office; returns its credential (and id through kiosk_id).
  std::string enrol_kiosk(const std::string& post_office, std::string* kiosk_id = nullptr);
  std::vector<nlohmann::json> events() const;
  // Every secret-bearing table's raw stored text (the SQLite files, or the PostgreSQL rows).
  std::string stored_text() const;
  // The dashboard's audit trail (dash_audit) as text, on either backend.
  std::string dash_audit_text() const;
  // The backend under test: SQLite, or PostgreSQL when HP_TEST_PG=1 (a database per Centre,
  // in the cluster the PG* environment names, e.g. under pg_virtualenv).
  static bool on_postgres();

  std::unique_ptr<httplib::SSLClient> client() const;
  Reply post(const std::string& path, const std::string& token, const nlohmann::json& body) const;
  Reply post_raw(const std::string& path, const std::string& token, const std::string& body,
                 const std::string& content_type = "application/json") const;
  Reply get(const std::string& path, const std::string& token) const;

 private:
  std::vector<std::string> db_args() const;
  TempDir dir_;
  std::string db_url_;
  bool demo_;
  bool demo_history_;
  pid_t pid_ = -1;
  int port_ = 0;
};

// An outbox event as a kiosk sends it.
nlohmann::json event(const std::string& id, std::int64_t seq, const std::string& kind, const std::string& entity_id,
                     nlohmann::json payload);
nlohmann::json dropoff_event(IdGenerator& ids, std::int64_t seq, const std::string& farmer_id);
nlohmann::json batch(std::vector<nlohmann::json> events);

// Pulls until `more` is false from `cursor`; returns the last answer's cursor and every change.
struct PullAll {
  std::string cursor;
  std::vector<nlohmann::json> changes;
  bool reset = false;
  int status = 0;
};
std::string read_text(const std::string& path);
PullAll pull_all(const Centre& c, const std::string& token, const nlohmann::json& cursor, int limit = 500);

}  // namespace hp::test
