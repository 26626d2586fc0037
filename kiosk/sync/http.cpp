#include "kiosk/sync/http.hpp"

#include <httplib.h>

#include <openssl/ssl.h>
#include <zlib.h>

#include <atomic>
#include <charconv>
#include <filesystem>

namespace hp::sync {

// TLS session resumption. The kiosk pulls every 15 s and the centre closes idle connections
// sooner, so nearly every round opens a new connection; resuming the last session makes that
// an abbreviated handshake (no certificate, no signature) for both sides. cpp-httplib 0.11
// does not resume on its own, so the SSL_CTX it made gets two callbacks: one keeps each
// session (ticket) the centre sends, the other offers the kept one as a handshake starts.
struct Http::Sessions {
  SSL_SESSION* last = nullptr;
  std::atomic<int> handshakes = 0;
  std::atomic<int> resumed = 0;
  ~Sessions() {
    if (last) SSL_SESSION_free(last);
  }
};

namespace {

int sessions_index() {
  static const int index = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return index;
}

Http::Sessions* sessions_of(const SSL* ssl) {
  return static_cast<Http::Sessions*>(SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), sessions_index()));
}

int keep_session(SSL* ssl, SSL_SESSION* session) {
  auto* s = sessions_of(ssl);
  if (!s) return 0;
  if (s->last) SSL_SESSION_free(s->last);
  s->last = session;
  return 1;  // the reference is ours now
}

void on_handshake(const SSL* ssl, int where, int) {
  auto* s = sessions_of(ssl);
  if (!s) return;
  // Before the ClientHello is written: the session it offers is still open to choose.
  if ((where & SSL_CB_HANDSHAKE_START) && s->last && SSL_in_before(ssl))
    SSL_set_session(const_cast<SSL*>(ssl), s->last);
  if (where & SSL_CB_HANDSHAKE_DONE) {
    ++s->handshakes;
    if (SSL_session_reused(ssl)) ++s->resumed;
  }
}

void enable_resumption(SSL_CTX* ctx, Http::Sessions* sessions) {
  SSL_CTX_set_ex_data(ctx, sessions_index(), sessions);
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
  SSL_CTX_sess_set_new_cb(ctx, keep_session);
  SSL_CTX_set_info_callback(ctx, on_handshake);
}

// gzip at zlib's fastest level. cpp-httplib compresses at the default level (6), which for a
// 500-event push costs the kiosk several times the CPU for about a tenth fewer bytes; a week's
// backlog goes up in twenty of them.
std::string gzip_fast(const std::string& in) {
  z_stream z{};
  if (deflateInit2(&z, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out(deflateBound(&z, static_cast<uLong>(in.size())) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return rc == Z_STREAM_END ? out : std::string();
}

}  // namespace

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
  h.sessions_ = std::make_unique<Sessions>();
  h.cli_ = std::make_unique<httplib::SSLClient>(ep->host, ep->port);
  enable_resumption(h.cli_->ssl_context(), h.sessions_.get());
  // Only the enrolled CA: set_ca_cert_path replaces the default store, so system roots are
  // never consulted.
  h.cli_->set_ca_cert_path(ca_path.c_str());
  h.cli_->enable_server_certificate_verification(true);
  h.cli_->set_connection_timeout(t.connect_ms / 1000, (t.connect_ms % 1000) * 1000);
  h.cli_->set_read_timeout(t.read_ms / 1000, (t.read_ms % 1000) * 1000);
  h.cli_->set_write_timeout(t.write_ms / 1000, (t.write_ms % 1000) * 1000);
  h.cli_->set_compress(false);   // request bodies are gzipped by post(), at the fastest level
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

int Http::handshakes() const { return sessions_ ? sessions_->handshakes.load() : 0; }
int Http::resumed() const { return sessions_ ? sessions_->resumed.load() : 0; }

Result<HttpAnswer> Http::post(const std::string& path, const nlohmann::json& body) {
  httplib::Headers headers = {{"Accept-Encoding", "gzip"}};
  if (!token_.empty()) headers.emplace("Authorization", "Bearer " + token_);
  const std::string text = body.dump();
  std::string sent = gzip_fast(text);
  if (sent.empty()) sent = text;  // zlib could not start: plain JSON is still a valid request
  else headers.emplace("Content-Encoding", "gzip");
  auto res = cli_->Post(path.c_str(), headers, sent, "application/json");
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
