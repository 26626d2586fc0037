// kiosk-server: the central server of docs/PROTOCOL.md (docs/server.md).
//   kiosk-server --data DIR [--listen HOST:PORT] [--db postgresql://...] [--demo]
//   kiosk-server admin --data DIR <command>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "server/admin/admin.hpp"
#include "server/api/api.hpp"
#include "server/options.hpp"
#include "server/storage/storage.hpp"
#include "server/tls/tls_files.hpp"

namespace {

int die(const std::string& what) {
  std::cerr << "kiosk-server: " << what << "\n";
  return 2;
}

int serve(const hp::server::Options& opt) {
  auto storage = hp::server::open_storage(opt.data_dir, opt.db_url);
  if (!storage) return die(storage.error().code + ": " + storage.error().detail);
  const hp::Clock clock;
  if (opt.demo)
    if (auto s = (*storage)->seed_demo(clock.now()); !s) return die("demo: " + s.error().code + ": " + s.error().detail);
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
  api.install(server);
  if (opt.fail_count > 0) api.fail_sync(opt.fail_status, opt.fail_count);

  int port = opt.port;
  if (port == 0) {
    port = server.bind_to_any_port(opt.host);
    if (port < 0) return die("cannot listen on " + opt.host);
  } else if (!server.bind_to_port(opt.host, port)) {
    return die("cannot listen on " + opt.host + ":" + std::to_string(port));
  }
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    server.stop();
  });
  std::cout << nlohmann::json{{"listening", opt.host + ":" + std::to_string(port)}, {"port", port}, {"ca", tls->ca}}.dump()
            << std::endl;
  const bool ok = server.listen_after_bind();
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
