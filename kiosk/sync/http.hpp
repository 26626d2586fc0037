#pragma once
// HTTPS to the centre: cpp-httplib's SSLClient trusting only the CA the kiosk enrolled with
// (no system roots), host name checked, gzip both ways. Used from one thread (the sync
// thread, or the enrolment command).
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "shared/result.hpp"

namespace httplib {
class SSLClient;
}

namespace hp::sync {

struct Endpoint {
  std::string host;
  int port = 443;
};
// "https://host[:port][/]"; "sync.bad_url" otherwise (plain http is refused: the credential
// travels in every request).
Result<Endpoint> parse_url(const std::string& url);

struct HttpAnswer {
  int status = 0;
  std::string body;  // decompressed
};

struct HttpTimeouts {
  int connect_ms = 5'000;
  int read_ms = 20'000;
  int write_ms = 20'000;
};

class Http {
 public:
  // ca_path: the PEM file of the CA to trust; token: the bearer credential (empty: none).
  static Result<Http> open(const std::string& url, const std::string& ca_path, std::string token,
                           HttpTimeouts timeouts = {});
  Http(Http&&) noexcept;
  Http& operator=(Http&&) noexcept;
  ~Http();

  // POST path with a JSON body. An answer of any status is a value; failing to get one is an
  // error: "sync.wrong_ca" (the server's certificate is not from the pinned CA, or not for this
  // host), "sync.tls" (the handshake failed otherwise), "sync.unreachable" (no connection),
  // "sync.timeout", "sync.cut_off" (the answer stopped partway).
  Result<HttpAnswer> post(const std::string& path, const nlohmann::json& body);
  // Any thread: cuts off a request under way (shutdown does not wait out a read timeout).
  // Between requests it closes the kept-alive connection; the next request opens a new one.
  void stop();
  // Handshakes on this object's connections so far, and how many resumed the last TLS session.
  int handshakes() const;
  int resumed() const;

  struct Sessions;  // the newest TLS session the centre gave, offered again on reconnecting

 private:
  Http() = default;
  std::unique_ptr<Sessions> sessions_;
  std::unique_ptr<httplib::SSLClient> cli_;
  std::string token_;
};

}  // namespace hp::sync
