#pragma once
// The HTTP endpoints of docs/PROTOCOL.md on a cpp-httplib server.
#include <httplib.h>

#include <atomic>

#include "server/api/bank.hpp"
#include "server/api/metrics.hpp"
#include "server/api/seen.hpp"
#include "server/storage/storage.hpp"
#include "shared/clock.hpp"
#include "shared/ids.hpp"

namespace hp::server {

inline constexpr std::size_t kMaxBody = 8u << 20;

class Api {
 public:
  Api(Storage& storage, const Clock& clock) : storage_(storage), clock_(clock), ids_(clock) {}
  void install(httplib::Server& server);
  Metrics& metrics() { return metrics_; }
  // Every authenticated kiosk request notes the kiosk here; main flushes it (seen.hpp).
  SeenTracker& seen() { return seen_; }
  // The keys bank notifications are signed with (server/api/bank.hpp); none: the webhook
  // refuses every notification.
  void set_bank_keys(BankKeys keys) { bank_keys_ = std::move(keys); }
  // Fault tests only (--fail-sync): the next `count` pushes and pulls are answered `status`.
  void fail_sync(int status, int count) {
    fail_status_ = status;
    fail_left_ = count;
  }

 private:
  void enrol(const httplib::Request& req, httplib::Response& res);
  void push(const httplib::Request& req, httplib::Response& res);
  void pull(const httplib::Request& req, httplib::Response& res);
  void create_order(const httplib::Request& req, httplib::Response& res);
  void cancel_order(const httplib::Request& req, httplib::Response& res);
  void order_status(const httplib::Request& req, httplib::Response& res);
  void order_by_ref(const httplib::Request& req, httplib::Response& res);
  void bank_notification(const httplib::Request& req, httplib::Response& res);

  std::optional<KioskAuth> kiosk(const httplib::Request& req, httplib::Response& res);
  std::optional<std::string> platform(const httplib::Request& req, httplib::Response& res);

  Storage& storage_;
  const Clock& clock_;
  IdGenerator ids_;
  Metrics metrics_;
  SeenTracker seen_;
  BankKeys bank_keys_;
  int fail_status_ = 0;
  std::atomic<int> fail_left_{0};
};

}  // namespace hp::server
