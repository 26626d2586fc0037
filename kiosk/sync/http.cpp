#include "kiosk/sync/http.hpp"

#include <httplib.h>

#include <charconv>
#include <filesystem>

namespace hp::sync {

Result<Endpoint> parse_url(const std::string& url) {
  constexpr std::string_view scheme = "https://";
  if (!url.starts_with(scheme)) return fail("sync.bad_url", "the centre's URL must start with https:// (got '" + url + "')");
  std::string rest = url.substr(scheme.size());
  if (auto slash = rest.find('/'); slash != std::string::npos) {
    if (rest.find_first_not_of('/', slash) != std::string::npos)
      return fail("sync.bad_url", "the centre's URL takes no path (got '" + url + "')");
    rest.resize(slash);
  }
  Endpoint e;
  if (auto colon = rest.rfind(':'); colon != std::string::npos && rest.find(']') == std::string::npos) {
    const std::string port = rest.substr(colon + 1);
    int p = 0;
    auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), p);
    if (ec != std::errc() || ptr != port.data() + port.size() || p < 1 || p > 65535)
      return fail("sync.bad_url", "bad port in '" + url + "'");
    e.port = p;
    rest.resize(colon);
  }
  if (rest.empty()) return fail("sync.bad_url", "no host in '" + url + "'");
  e.host = rest;
  return e;
}

Result<Http> Http::open(const std::string& url, const std::string& ca_path, std::string token, HttpTimeouts t) {
  auto ep = parse_url(url);
  if (!ep) return std::unexpected(ep.error());
  std::error_code ec;
  if (!std::filesystem::is_regular_file(ca_path, ec)) return fail("sync.no_ca", "no CA file at " + ca_path);
  Http h;
  h.cli_ = std::make_unique<httplib::SSLClient>(ep->host, ep->port);
  // Only the enrolled CA: set_ca_cert_path replaces the default store, so system roots are
  // never consulted.
  h.cli_->set_ca_cert_path(ca_path.c_str());
  h.cli_->enable_server_certificate_verification(true);
  h.cli_->set_connection_timeout(t.connect_ms / 1000, (t.connect_ms % 1000) * 1000);
  h.cli_->set_read_timeout(t.read_ms / 1000, (t.read_ms % 1000) * 1000);
  h.cli_->set_write_timeout(t.write_ms / 1000, (t.write_ms % 1000) * 1000);
  h.cli_->set_compress(true);    // request bodies gzip-compressed
  h.cli_->set_decompress(true);  // answers gunzipped
  h.cli_->set_keep_alive(true);
  h.cli_->set_tcp_nodelay(true);  // without it Nagle and delayed ACKs add ~40 ms a request (PROTOCOL.md, 8)
  h.token_ = std::move(token);
  return h;
}

Http::Http(Http&&) noexcept = default;
Http& Http::operator=(Http&&) noexcept = default;
Http::~Http() = default;

void Http::stop() {
  if (cli_) cli_->stop();
}

Result<HttpAnswer> Http::post(const std::string& path, const nlohmann::json& body) {
  httplib::Headers headers = {{"Accept-Encoding", "gzip"}};
  if (!token_.empty()) headers.emplace("Authorization", "Bearer " + token_);
  auto res = cli_->Post(path.c_str(), headers, body.dump(), "application/json");
  if (!res) {
    const auto err = res.error();
    const std::string what = httplib::to_string(err);
    switch (err) {
      case httplib::Error::SSLServerVerification:
        return fail("sync.wrong_ca", "the centre's certificate is not from the enrolled CA or not for this host (" + what +
                                         ", verify result " + std::to_string(cli_->get_openssl_verify_result()) + ")");
      case httplib::Error::SSLConnection:
      case httplib::Error::SSLLoadingCerts: return fail("sync.tls", "TLS failed: " + what);
      case httplib::Error::Connection: return fail("sync.unreachable", "cannot connect: " + what);
      case httplib::Error::ConnectionTimeout: return fail("sync.timeout", "connection timed out: " + what);
      case httplib::Error::Read: return fail("sync.cut_off", "the answer stopped partway: " + what);
      default: return fail("sync.unreachable", "request failed: " + what);
    }
  }
  return HttpAnswer{.status = res->status, .body = res->body};
}

}  // namespace hp::sync
