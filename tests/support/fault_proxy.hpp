#pragma once
// A fault-injecting TCP proxy on loopback, for tests that put it between a kiosk and
// kiosk-server. TLS passes through untouched: the proxy never decrypts; it reads only the
// 5-byte TLS record headers the kiosk sends, to tell its handshake from its requests, and treats
// whatever the server sends after a request as that request's answer (HTTP/1.1 with no
// pipelining: one request, one answer, then the next request). The kiosk's Finished is its
// first record after its ChangeCipherSpec; in TLS 1.3 an encrypted alert (close_notify) is an
// application-data record too, told from a request by its size (at most 32 bytes).
//
// The mode can be switched while the proxy runs. It is read when a connection is accepted
// (stall) and when a request starts on a connection (every other mode), and applies to that
// request; a connection already held by a stall stays held until the kiosk gives up on it.
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace hp::test {

class FaultProxy {
 public:
  enum class Mode {
    Pass,               // forward both ways
    DropBeforeRequest,  // the handshake passes; the connection is closed before the request is forwarded
    DropAfterRequest,   // the request reaches the server; the connection is closed before its answer
    Delay,              // the answer is held for delay before it is forwarded
    CutResponse,        // the answer arrives whole at the proxy; only its first half is forwarded, then close
    Stall,              // a new connection is accepted and held with nothing forwarded or answered; on a
                        // kept-alive one, the request is swallowed and the connection held
  };

  // Listens on 127.0.0.1 (a free port) and forwards to 127.0.0.1:upstream_port.
  explicit FaultProxy(int upstream_port);
  ~FaultProxy();  // closes every connection and joins every thread
  FaultProxy(const FaultProxy&) = delete;
  FaultProxy& operator=(const FaultProxy&) = delete;

  int port() const { return port_; }
  std::string url() const { return "https://127.0.0.1:" + std::to_string(port_); }

  // Resets faults() to 0.
  void set_mode(Mode m, std::chrono::milliseconds delay = std::chrono::milliseconds(0));
  // Where new connections go (a restarted server listens elsewhere; a balancer follows it).
  void set_upstream(int port) { upstream_port_ = port; }

  // Requests (or, for a stall, connections) the current mode's fault was applied to.
  int faults() const { return faults_; }
  // Requests forwarded to the server whole or in part, in every mode, since the start.
  int requests_forwarded() const { return forwarded_; }

 private:
  void accept_loop();
  void serve(int client_fd);
  void register_fd(int fd);
  void forget_fd(int fd);

  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<int> upstream_port_;
  std::atomic<Mode> mode_{Mode::Pass};
  std::atomic<int> delay_ms_{0};
  std::atomic<int> faults_{0};
  std::atomic<int> forwarded_{0};
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::vector<int> open_fds_;          // shut down on stop, so blocked threads wake
  std::vector<std::thread> threads_;   // one a connection
  std::thread acceptor_;
};

}  // namespace hp::test
