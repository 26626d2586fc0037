#pragma once
// The kiosk's sync client: its own thread and its own SQLite connection (a second Store on the
// kiosk's file; WAL lets it read and write beside the store worker), so it never blocks the UI
// or the store worker. It pushes the outbox soon after each write (poke: a wake-up, never a
// wait) and on a retry timer after a failure, pulls on a jittered timer, backs off
// exponentially (capped, with jitter) while the centre cannot be reached, and publishes its
// state after every round (docs/PROTOCOL.md; docs/sync.md).
#include <chrono>
#include <condition_variable>
#include <optional>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>

#include "kiosk/records/sync_status.hpp"
#include "kiosk/store/store.hpp"
#include "kiosk/sync/backoff.hpp"
#include "kiosk/sync/enrolment.hpp"
#include "kiosk/sync/http.hpp"
#include "shared/clock.hpp"
#include "shared/result.hpp"

namespace hp::sync {

struct SyncOptions {
  std::int64_t pull_interval_ms = 15'000;
  double pull_jitter = 0.2;          // +/- 20 %
  int batch = 500;                   // events per push (the centre takes up to 1000)
  int pull_limit = 500;
  std::int64_t poke_delay_ms = 50;   // writes that come together go up together
  BackoffPolicy backoff = {};
  // How long a connection, a handshake or an answer may take before the round fails (a
  // stalled centre or proxy holds the sync thread no longer than this; the UI never waits).
  HttpTimeouts timeouts = {};
  std::string app_version;
};

class SyncClient {
 public:
  using Publish = std::function<void(const SyncStatus&)>;

  // Opens the client's own connection to db_path and starts its thread. publish runs on the
  // sync thread: it must only hand the status on (the kiosk posts it to its RunQueue).
  static Result<std::unique_ptr<SyncClient>> start(const std::string& db_path, Enrolment enrolment, SyncOptions options,
                                                    const Clock& clock, Publish publish);
  // Stops and joins: a request under way is cut off at once; a TLS handshake in progress
  // only at the connect timeout (cpp-httplib holds its socket lock through the handshake).
  ~SyncClient();
  SyncClient(const SyncClient&) = delete;
  SyncClient& operator=(const SyncClient&) = delete;

  // Any thread, never blocking. A write happened: push soon.
  void poke();
  // Push and pull now, forgetting the backoff (the technician's "Sync now"; also retries a
  // rejected kiosk once).
  void sync_now();
  // Device states for the next state report ("scale" -> "ok").
  void set_devices(std::map<std::string, std::string> devices);
  SyncStatus status() const;
  // Blocks the caller until nothing is unsent, the centre cannot be reached, or the time is
  // up; true when nothing is unsent. For shutdown, so a scripted session's last drop-off
  // reaches the centre before the kiosk exits.
  bool drain(std::chrono::milliseconds timeout);

 private:
  SyncClient(store::Store store, Enrolment enrolment, SyncOptions options, const Clock& clock, Publish publish);
  void run(std::stop_token st);
  // One round: push everything unsent, then pull (when due) until the centre has no more.
  // Returns the error that ended it, if any.
  Status push_all();
  Status pull_all();
  Status ensure_http();
  void refresh_counts();
  void publish();
  void set_http(std::unique_ptr<Http> h);
  void finish_round();

  store::Store store_;
  Enrolment enrolment_;
  SyncOptions options_;
  const Clock& clock_;
  Publish publish_;
  std::unique_ptr<Http> http_;
  std::mt19937_64 rng_;

  mutable std::mutex mutex_;
  std::condition_variable_any cv_;
  bool poked_ = false;
  bool now_ = false;
  std::map<std::string, std::string> devices_;
  SyncStatus status_;
  std::optional<SyncStatus> published_;
  int rounds_ = 0;  // rounds finished, for drain
  std::condition_variable_any round_cv_;
  // http_ is made and used on the sync thread; the lock lets stop() reach it from another.
  std::mutex http_mutex_;

  // Sync thread only.
  int failures_ = 0;
  int batch_limit_ = 0;  // lowered to find an event a whole batch was refused for
  std::int64_t data_version_ = -1;
  std::jthread thread_;
};

}  // namespace hp::sync
