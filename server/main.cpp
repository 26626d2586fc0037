// kiosk-server: the central server of docs/PROTOCOL.md (docs/server.md).
//   kiosk-server --data DIR [--listen HOST:PORT] [--db postgresql://...] [--demo [--no-demo-history]]
//   kiosk-server admin --data DIR <command>
#include <netinet/in.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "server/admin/admin.hpp"
#include "server/api/api.hpp"
#include "server/dash/dash_admin.hpp"
#include "server/dash/demo_history.hpp"
#include "server/dash/forecast_weeks.hpp"
#include "server/dash/prices.hpp"
#include "server/dash/rollup.hpp"
#include "server/dash/schema.hpp"
#include "server/dash/web.hpp"
#include "server/options.hpp"
#include "server/storage/storage.hpp"
#include "server/tls/tls_files.hpp"

namespace {

constexpr std::size_t kWorkerThreads = 128;
constexpr std::size_t kKeepAliveRequests = 1000;
constexpr time_t kKeepAliveIdleSeconds = 2;
constexpr long kSessionCacheSize = 20'000;

int die(const std::string& what) {
  std::cerr << "kiosk-server: " << what << "\n";
  return 2;
}

// cpp-httplib gives each connection a pool thread for as long as it stays open: enough
// threads that handshakes and the storage lock overlap, kept-alive connections that serve many
// requests (a kiosk's backlog, a load balancer's pool), and a short idle wait so a kiosk that
// went quiet for its 15 s pull interval gives its thread back (docs/server.md, "Tuning").
void tune(httplib::SSLServer& server) {
  server.new_task_queue = [] { return new httplib::ThreadPool(kWorkerThreads); };
  server.set_keep_alive_max_count(kKeepAliveRequests);
  server.set_keep_alive_timeout(kKeepAliveIdleSeconds);
  // TLS session resumption: OpenSSL's server cache and TLS 1.3 tickets are on by default;
  // the cache is made large enough for a fleet's sessions between two pulls.
  SSL_CTX_sess_set_cache_size(server.ssl_context(), kSessionCacheSize);
}

// cpp-httplib 0.11 listens with a backlog of 5: a fleet's connections arriving together
// overflow it, and each dropped SYN costs its kiosk a one-second retransmission. listen() again
// on the bound socket (found by its port) raises the backlog to the system's limit.
void widen_backlog(int port) {
  for (int fd = 0; fd < 1024; ++fd) {
    int listening = 0;
    socklen_t len = sizeof listening;
    if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) != 0 || !listening) continue;
    sockaddr_storage addr{};
    socklen_t alen = sizeof addr;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &alen) != 0) continue;
    const int bound = addr.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port)
                                                 : ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port);
    if (bound == port) ::listen(fd, SOMAXCONN);
  }
}

int serve(const hp::server::Options& opt) {
  auto storage = hp::server::open_storage(opt.data_dir, opt.db_url);
  if (!storage) return die(storage.error().code + ": " + storage.error().detail);
  const hp::Clock clock;
  if (opt.demo)
    if (auto s = (*storage)->seed_demo(clock.now()); !s) return die("demo: " + s.error().code + ": " + s.error().detail);
  const std::string assets = opt.assets_dir.empty() ? hp::server::dash::default_assets_dir() : opt.assets_dir;
  auto dash_db = hp::server::dash::open_sql(opt.data_dir, opt.db_url);
  if (!dash_db) return die("dashboard: " + dash_db.error().code + ": " + dash_db.error().detail);
  if (auto s = hp::server::dash::ensure_schema(**dash_db); !s) return die("dashboard: " + s.error().code + ": " + s.error().detail);
  if (opt.demo && hp::server::dash::load_units_if_empty(opt.data_dir, opt.db_url, assets, std::cerr) != 0) return 2;
  if (opt.demo && opt.demo_history)
    if (auto h = hp::server::dash::seed_demo_history(**dash_db, clock.now()); !h)
      return die("demo history: " + h.error().code + ": " + h.error().detail);
  auto tls = hp::server::ensure_tls_files(opt.data_dir);
  if (!tls) return die(tls.error().code + ": " + tls.error().detail);

  // Block the stop signals before any thread starts, so only the waiter below receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  httplib::SSLServer server(tls->cert.c_str(), tls->key.c_str());
  if (!server.is_valid()) return die("cannot load " + tls->cert + " / " + tls->key);
  hp::server::Api api(**storage, clock);
  auto bank_keys = hp::server::load_bank_keys(hp::server::bank_keys_path(opt.data_dir));
  if (!bank_keys) return die(bank_keys.error().code + ": " + bank_keys.error().detail);
  api.set_bank_keys(std::move(*bank_keys));
  // The dashboard's routes first: the protocol's catch-all answers whatever is left.
  hp::server::dash::Dashboard dashboard(**dash_db, clock, assets);
  dashboard.install(server);
  // The overview's rollup folds on start and every few seconds on its own connection, so a
  // request (which folds what is left first) rarely finds much to fold.
  auto rollup_db = hp::server::dash::open_sql(opt.data_dir, opt.db_url);
  if (!rollup_db) return die("dashboard: " + rollup_db.error().code + ": " + rollup_db.error().detail);
  hp::server::dash::RollupFolder rollup(std::move(*rollup_db), std::chrono::seconds(5), std::cerr);
  // Prices scheduled for a date apply at 00:00 Vietnam time, here or in a sibling process.
  hp::server::dash::PriceScheduler scheduled_prices(**dash_db, clock);
  // The forecasts' weekly table catches up with the events in the background, in small
  // batches, so the first forecast request after a start on a large database does not fold
  // them all itself (docs/forecast.md). A stop ends it between two batches.
  std::jthread fold_forecasts([&db = **dash_db](std::stop_token stop) {
    if (auto f = hp::server::dash::fold_forecast_weeks(db, 50000, stop); !f)
      std::cerr << "kiosk-server: forecast fold: " << f.error().code << ": " << f.error().detail << "\n";
  });
  api.install(server);
  tune(server);
  // Last contact: flushed from memory every few seconds (server/api/seen.hpp); declared
  // after the server so it is destroyed, and flushes a last time, after listening stopped.
  hp::server::SeenFlusher seen_flusher(api.seen(), **storage, std::chrono::milliseconds(opt.seen_flush_ms));
  if (opt.fail_count > 0) api.fail_sync(opt.fail_status, opt.fail_count);

  int port = opt.port;
  if (port == 0) {
    port = server.bind_to_any_port(opt.host);
    if (port < 0) return die("cannot listen on " + opt.host);
  } else if (!server.bind_to_port(opt.host, port)) {
    return die("cannot listen on " + opt.host + ":" + std::to_string(port));
  }
  widen_backlog(port);
  std::atomic<bool> listening_done = false;
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    // A stop before listen_after_bind has started is a no-op in cpp-httplib: repeat it until
    // the listen loop has ended (a signal right after the "listening" line is not lost).
    while (!listening_done) {
      server.stop();
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
  std::cout << nlohmann::json{{"listening", opt.host + ":" + std::to_string(port)}, {"port", port}, {"ca", tls->ca}}.dump()
            << std::endl;
  const bool ok = server.listen_after_bind();
  listening_done = true;
  // Wake the waiter if listen ended on its own.
  if (waiter.joinable()) {
    pthread_kill(waiter.native_handle(), SIGTERM);
    waiter.join();
  }
  return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && args[0] == "admin") {
    args.erase(args.begin());
    return hp::server::run_admin(args, std::cout, std::cerr);
  }
  auto opt = hp::server::parse_serve_options(args);
  if (!opt) {
    std::cerr << "kiosk-server: " << opt.error().detail << "\n" << hp::server::kUsage;
    return 2;
  }
  return serve(*opt);
}
