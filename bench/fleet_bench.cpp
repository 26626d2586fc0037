// Fleet: 10,000 simulated kiosks against one kiosk-server (SQLite, --demo), each pulling every
// 15 s and pushing a drop-off in one round of ten, at the full fleet's rate (~670 rounds/s).
//   fleet_bench [--kiosks N] [--interval-ms MS] [--seconds S] [--no-pin]
// A kiosk's round is what the kiosk's client does after its pull interval: a new TCP + TLS
// connection (resuming its last TLS session when resumption is on), the push if any, the pull
// with its state report, then it closes. Latency is measured from the round's scheduled start
// to the end of its last answer, so a late load generator counts against the server, never in
// its favour (no coordinated omission). Every kiosk starts from an up-to-date cursor (the
// fleet's steady state); rounds that start in the first interval (each kiosk's first
// handshake of the run) are not counted, and a 20 s warm-up run before both is not reported.
// The generator is a pool of blocking OpenSSL clients (kWorkers threads, each owning a slice of
// the kiosks). With --pin (the default) the server runs on CPU 0 and the generator on CPU 1, and
// both CPU times are reported from /proc and getrusage.
// Also: the server-side CPU of one TLS handshake, full with an ECDSA P-256 or an RSA-2048
// certificate and resumed, measured in-process over memory BIOs.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "bench/centre_process.hpp"
#include "server/crypto.hpp"
#include "shared/clock.hpp"
#include "shared/demo/demo_records.hpp"
#include "shared/store/sqlite.hpp"

namespace {

using nlohmann::json;
using namespace hp::bench;
namespace fs = std::filesystem;
using Clk = std::chrono::steady_clock;

constexpr int kWorkers = 128;
constexpr int kPushOneIn = 10;

struct Kiosk {
  std::string token;
  std::string cursor;
  SSL_SESSION* session = nullptr;
  std::int64_t seq = 0;
  std::int64_t phase_us = 0;
};

// The newest session the server gave this kiosk (TLS 1.3 tickets come after the handshake).
int keep_session(SSL* ssl, SSL_SESSION* s) {
  auto* k = static_cast<Kiosk*>(SSL_get_app_data(ssl));
  if (!k) return 0;
  if (k->session) SSL_SESSION_free(k->session);
  k->session = s;
  return 1;  // ours now
}

struct Answer {
  int status = 0;
  std::string body;
};

bool write_all(SSL* s, const std::string& data) {
  std::size_t off = 0;
  while (off < data.size()) {
    const int n = SSL_write(s, data.data() + off, static_cast<int>(data.size() - off));
    if (n <= 0) return false;
    off += static_cast<std::size_t>(n);
  }
  return true;
}

std::string gunzip(const std::string& in) {
  z_stream z{};
  if (inflateInit2(&z, 15 + 32) != Z_OK) return {};
  std::string out;
  char buf[16384];
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buf, sizeof buf - z.avail_out);
  }
  inflateEnd(&z);
  return rc == Z_STREAM_END ? out : std::string();
}

// One HTTP/1.1 exchange on an open TLS connection; status 0 when it failed.
Answer exchange(SSL* s, const std::string& path, const std::string& token, const std::string& body, bool gz,
                bool last) {
  std::string req = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token +
                    "\r\nContent-Type: application/json\r\nAccept-Encoding: gzip\r\n" +
                    (gz ? "Content-Encoding: gzip\r\n" : "") + (last ? "Connection: close\r\n" : "") +
                    "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  req += body;
  Answer a;
  if (!write_all(s, req)) return a;
  std::string in;
  char buf[16384];
  std::size_t head_end = std::string::npos;
  while (head_end == std::string::npos) {
    const int n = SSL_read(s, buf, sizeof buf);
    if (n <= 0) return a;
    in.append(buf, static_cast<std::size_t>(n));
    head_end = in.find("\r\n\r\n");
  }
  std::string head = in.substr(0, head_end);
  for (auto& ch : head) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  const auto len_at = head.find("content-length:");
  if (head.size() < 12 || len_at == std::string::npos) return a;
  const std::size_t len = std::stoul(head.substr(len_at + 15));
  std::string payload = in.substr(head_end + 4);
  while (payload.size() < len) {
    const int n = SSL_read(s, buf, sizeof buf);
    if (n <= 0) return a;
    payload.append(buf, static_cast<std::size_t>(n));
  }
  a.body = head.find("content-encoding: gzip") != std::string::npos ? gunzip(payload) : payload;
  a.status = std::atoi(head.c_str() + 9);
  return a;
}

struct Totals {
  std::vector<double> latency_ms;  // counted rounds
  long rounds = 0, errors = 0, resumed = 0, pushes = 0;
  std::string first_error;
};

struct Run {
  SSL_CTX* ctx = nullptr;
  int port = 0;
  bool resume = true;
  std::int64_t interval_us = 0;
  Clk::time_point t0, count_from, end;
};

// One round of one kiosk; returns an error text, empty when it went well.
std::string round_of(const Run& run, Kiosk& k, hp::IdGenerator& ids, bool push, bool& resumed) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return "socket";
  timeval tv{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  const int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(run.port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string err;
  SSL* s = nullptr;
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    err = "connect";
  } else {
    s = SSL_new(run.ctx);
    SSL_set_fd(s, fd);
    SSL_set_app_data(s, &k);
    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(s), "127.0.0.1");
    if (run.resume && k.session) SSL_set_session(s, k.session);
    if (SSL_connect(s) != 1) {
      err = "handshake";
    } else {
      resumed = SSL_session_reused(s) == 1;
      if (push) {
        const json ev = make_dropoff(ids, ++k.seq);
        auto a = exchange(s, "/api/v1/push", k.token, gzip(json{{"events", json::array({ev})}}.dump()), true, false);
        if (a.status != 200) err = "push " + std::to_string(a.status);
      }
      if (err.empty()) {
        const json state = {{"app_version", "fleet-bench"}, {"unsent_count", 0}, {"oldest_unsent_ms", nullptr},
                            {"kiosk_time_ms", hp::Clock().now()}, {"devices", {{"scale", "ok"}, {"printer", "ok"}}}};
        const json body = {{"cursor", k.cursor.empty() ? json(nullptr) : json(k.cursor)}, {"limit", 500}, {"state", state}};
        auto a = exchange(s, "/api/v1/pull", k.token, gzip(body.dump()), true, true);
        if (a.status != 200) {
          err = "pull " + std::to_string(a.status);
        } else {
          const json j = json::parse(a.body, nullptr, false);
          if (j.is_discarded() || !j.contains("cursor")) err = "pull answer";
          else k.cursor = j["cursor"].get<std::string>();
        }
      }
      SSL_shutdown(s);
    }
    SSL_free(s);
  }
  close(fd);
  return err;
}

void worker(const Run& run, std::vector<Kiosk*> mine, Totals& out, std::mutex& m) {
  std::sort(mine.begin(), mine.end(), [](auto* a, auto* b) { return a->phase_us < b->phase_us; });
  hp::Clock clock;
  hp::IdGenerator ids(clock);
  std::mt19937 rng(static_cast<unsigned>(reinterpret_cast<std::uintptr_t>(&out) ^ mine.size()));
  Totals t;
  for (std::int64_t cycle = 0;; ++cycle) {
    for (Kiosk* k : mine) {
      const auto due = run.t0 + std::chrono::microseconds(k->phase_us + cycle * run.interval_us);
      if (due >= run.end) goto done;
      std::this_thread::sleep_until(due);
      bool resumed = false;
      const bool push = rng() % kPushOneIn == 0;
      const std::string err = round_of(run, *k, ids, push, resumed);
      if (due < run.count_from) continue;
      ++t.rounds;
      t.pushes += push;
      t.resumed += resumed;
      if (!err.empty()) {
        ++t.errors;
        if (t.first_error.empty()) t.first_error = err;
      } else {
        t.latency_ms.push_back(std::chrono::duration<double, std::milli>(Clk::now() - due).count());
      }
    }
  }
done:
  std::lock_guard lock(m);
  out.latency_ms.insert(out.latency_ms.end(), t.latency_ms.begin(), t.latency_ms.end());
  out.rounds += t.rounds;
  out.errors += t.errors;
  out.resumed += t.resumed;
  out.pushes += t.pushes;
  if (out.first_error.empty()) out.first_error = t.first_error;
}

double pct(std::vector<double>& v, double p) {
  if (v.empty()) return -1;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

double self_cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

void pin(pid_t pid, int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  sched_setaffinity(pid, sizeof set, &set);
}

// Pins every thread of the server (the pool starts at listen, before the first line).
void pin_process(pid_t pid, int cpu) {
  for (const auto& t : fs::directory_iterator("/proc/" + std::to_string(pid) + "/task"))
    pin(static_cast<pid_t>(std::stol(t.path().filename().string())), cpu);
}

struct FleetResult {
  double p50 = -1, p99 = -1, max = -1, rate = 0, server_cpu = 0, gen_cpu = 0, resumed_share = 0;
  long rounds = 0, errors = 0, pushes = 0, rss_kb = -1;
  std::string first_error;
};

FleetResult fleet(const std::string& data, int port, pid_t server, std::vector<Kiosk>& kiosks, bool resume,
                  std::int64_t interval_ms, int seconds) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  SSL_CTX_load_verify_locations(ctx, (data + "/tls/ca.pem").c_str(), nullptr);
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
  SSL_CTX_sess_set_new_cb(ctx, keep_session);
  for (auto& k : kiosks) {
    if (k.session) SSL_SESSION_free(k.session);
    k.session = nullptr;
  }
  Run run;
  run.ctx = ctx;
  run.port = port;
  run.resume = resume;
  run.interval_us = interval_ms * 1000;
  run.t0 = Clk::now() + std::chrono::milliseconds(200);
  run.count_from = run.t0 + std::chrono::milliseconds(interval_ms);
  run.end = run.count_from + std::chrono::seconds(seconds);
  std::vector<std::vector<Kiosk*>> slices(kWorkers);
  for (std::size_t i = 0; i < kiosks.size(); ++i) slices[i % kWorkers].push_back(&kiosks[i]);
  Totals totals;
  std::mutex m;
  std::vector<std::thread> threads;
  for (auto& s : slices) threads.emplace_back(worker, std::cref(run), s, std::ref(totals), std::ref(m));
  // CPU over the counted window only.
  std::this_thread::sleep_until(run.count_from);
  const double s0 = cpu_seconds(server), g0 = self_cpu_seconds();
  std::this_thread::sleep_until(run.end);
  const double s1 = cpu_seconds(server), g1 = self_cpu_seconds();
  for (auto& t : threads) t.join();
  SSL_CTX_free(ctx);
  FleetResult r;
  r.rounds = totals.rounds;
  r.errors = totals.errors;
  r.pushes = totals.pushes;
  r.first_error = totals.first_error;
  r.p50 = pct(totals.latency_ms, 0.50);
  r.p99 = pct(totals.latency_ms, 0.99);
  r.max = totals.latency_ms.empty() ? -1 : totals.latency_ms.back();
  r.rate = static_cast<double>(totals.rounds) / seconds;
  r.server_cpu = (s1 - s0) / seconds;
  r.gen_cpu = (g1 - g0) / seconds;
  r.resumed_share = totals.rounds ? static_cast<double>(totals.resumed) / static_cast<double>(totals.rounds) : 0;
  r.rss_kb = status_kb(server, "VmHWM");
  return r;
}

// --- handshake cost, in-process -------------------------------------------------------------

struct KeyCert {
  EVP_PKEY* key = nullptr;
  X509* cert = nullptr;
};

KeyCert self_signed(EVP_PKEY* key) {
  X509* x = X509_new();
  ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
  X509_gmtime_adj(X509_getm_notBefore(x), 0);
  X509_gmtime_adj(X509_getm_notAfter(x), 3600);
  X509_set_pubkey(x, key);
  X509_NAME* n = X509_get_subject_name(x);
  X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("bench"), -1, -1, 0);
  X509_set_issuer_name(x, n);
  X509_sign(x, key, EVP_sha256());
  return {key, x};
}

// Drives one client/server handshake over memory BIOs; returns the server's seconds in it.
double handshake(SSL_CTX* sctx, SSL_CTX* cctx, SSL_SESSION* resume, SSL_SESSION** got, bool& reused) {
  SSL* c = SSL_new(cctx);
  SSL* s = SSL_new(sctx);
  BIO *c_in = BIO_new(BIO_s_mem()), *c_out = BIO_new(BIO_s_mem());
  BIO *s_in = BIO_new(BIO_s_mem()), *s_out = BIO_new(BIO_s_mem());
  SSL_set_bio(c, c_in, c_out);
  SSL_set_bio(s, s_in, s_out);
  SSL_set_connect_state(c);
  SSL_set_accept_state(s);
  if (resume) SSL_set_session(c, resume);
  double server_s = 0;
  char buf[16384];
  auto pump = [&](BIO* from, BIO* to) {
    int n;
    while ((n = BIO_read(from, buf, sizeof buf)) > 0) BIO_write(to, buf, n);
  };
  bool c_done = false, s_done = false;
  for (int i = 0; i < 20 && !(c_done && s_done); ++i) {
    if (!c_done) c_done = SSL_do_handshake(c) == 1;
    pump(c_out, s_in);
    const auto t = Clk::now();
    if (!s_done) s_done = SSL_do_handshake(s) == 1;
    server_s += std::chrono::duration<double>(Clk::now() - t).count();
    pump(s_out, c_in);
  }
  // The client reads the server's session tickets (TLS 1.3 sends them after the handshake).
  const auto t = Clk::now();
  SSL_write(s, "x", 1);
  server_s += std::chrono::duration<double>(Clk::now() - t).count();
  pump(s_out, c_in);
  SSL_read(c, buf, sizeof buf);
  reused = SSL_session_reused(c) == 1;
  if (got) *got = SSL_get1_session(c);
  // Closed cleanly: OpenSSL marks the session of a connection freed without it not resumable.
  SSL_shutdown(c);
  pump(c_out, s_in);
  SSL_shutdown(s);
  SSL_free(c);
  SSL_free(s);
  return server_s;
}

struct HandshakeCost {
  double full_ms = -1, resumed_ms = -1;
};

HandshakeCost handshake_cost(EVP_PKEY* key, int n) {
  KeyCert kc = self_signed(key);
  SSL_CTX* sctx = SSL_CTX_new(TLS_server_method());
  SSL_CTX_use_certificate(sctx, kc.cert);
  SSL_CTX_use_PrivateKey(sctx, kc.key);
  SSL_CTX* cctx = SSL_CTX_new(TLS_client_method());
  SSL_CTX_set_verify(cctx, SSL_VERIFY_NONE, nullptr);
  HandshakeCost out;
  double full = 0, resumed = 0;
  int resumed_n = 0;
  SSL_SESSION* sess = nullptr;
  bool reused = false;
  for (int i = 0; i < n; ++i) full += handshake(sctx, cctx, nullptr, i == n - 1 ? &sess : nullptr, reused);
  for (int i = 0; i < n && sess; ++i) {
    SSL_SESSION* next = nullptr;
    resumed += handshake(sctx, cctx, sess, &next, reused);
    resumed_n += reused;
    SSL_SESSION_free(sess);
    sess = next;
  }
  if (sess) SSL_SESSION_free(sess);
  out.full_ms = full / n * 1000;
  if (resumed_n == n) out.resumed_ms = resumed / n * 1000;
  SSL_CTX_free(sctx);
  SSL_CTX_free(cctx);
  X509_free(kc.cert);
  EVP_PKEY_free(kc.key);
  return out;
}

std::string ms(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1f ms", v);
  return b;
}

void print_fleet(const char* what, int kiosks, std::int64_t interval_ms, int seconds, const FleetResult& r,
                 const std::string& cpu_note) {
  std::printf("| fleet: %d kiosks, a round every %.0f s each, 1 push in %d rounds, %s (%d s counted) | p50 %s, p99 %s "
              "(max %s), %ld rounds (%.0f/s), %ld pushes, %ld errors%s%s; %.0f%% resumed; server CPU %.0f%% of a "
              "core, generator %.0f%%%s | - | - | p99 <= 50 ms, no errors |\n",
              kiosks, static_cast<double>(interval_ms) / 1000, kPushOneIn, what, seconds, ms(r.p50).c_str(),
              ms(r.p99).c_str(), ms(r.max).c_str(), r.rounds, r.rate, r.pushes, r.errors,
              r.first_error.empty() ? "" : ", first: ", r.first_error.c_str(), r.resumed_share * 100,
              r.server_cpu * 100, r.gen_cpu * 100, cpu_note.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  int n_kiosks = 10'000, seconds = 60;
  std::int64_t interval_ms = 15'000;
  bool pin_cpus = std::thread::hardware_concurrency() >= 2;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--kiosks" && i + 1 < argc) n_kiosks = std::atoi(argv[++i]);
    else if (a == "--seconds" && i + 1 < argc) seconds = std::atoi(argv[++i]);
    else if (a == "--interval-ms" && i + 1 < argc) interval_ms = std::atoll(argv[++i]);
    else if (a == "--no-pin") pin_cpus = false;
  }
  signal(SIGPIPE, SIG_IGN);
  struct rlimit nofile{65536, 65536};
  setrlimit(RLIMIT_NOFILE, &nofile);
  const fs::path dir = fs::temp_directory_path() / ("fleet_bench_" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string data = (dir / "centre").string();

  // The demo centre, then the fleet's kiosks written straight into its file in one transaction
  // (enrolling 10,000 kiosks over HTTPS would only time enrolment).
  Centre first = Centre::start(data, "", {"--demo", "--no-demo-history"});
  first.stop();
  std::vector<Kiosk> kiosks(static_cast<std::size_t>(n_kiosks));
  {
    auto db = hp::db::Db::open(data + "/server.db", hp::db::Durability::Full);
    if (!db) return 1;
    auto tx = hp::db::Transaction::begin(*db);
    auto ins = db->prepare("INSERT INTO kiosks(id, post_office_id, credential_hash, name, app_version, enrolled_at) "
                           "VALUES (?1, ?2, ?3, ?4, 'fleet-bench', 1)");
    if (!tx || !ins) return 1;
    std::mt19937_64 rng(42);
    for (int i = 0; i < n_kiosks; ++i) {
      Kiosk& k = kiosks[static_cast<std::size_t>(i)];
      k.token = "hpk_" + hp::server::random_token(32);
      k.phase_us = static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(interval_ms * 1000));
      ins->reset().bind_all("fleet-" + std::to_string(i), hp::demo::kPostOffice, hp::sha256_hex(k.token),
                            "Fleet " + std::to_string(i));
      if (!ins->run()) return 1;
    }
    if (!tx->commit()) return 1;
  }
  Centre centre = Centre::start(data, "");
  if (centre.pid <= 0) {
    std::printf("| fleet | not measured (kiosk-server did not start) | - | - | p99 <= 50 ms, no errors |\n");
    return 0;
  }
  // Every kiosk already synced before the run (the fleet's steady state): one kiosk pulls the
  // post office's snapshot to its end and every kiosk starts from that cursor.
  {
    SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_load_verify_locations(ctx, (data + "/tls/ca.pem").c_str(), nullptr);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
    Run run;
    run.ctx = ctx;
    run.port = centre.port;
    hp::Clock clock;
    hp::IdGenerator ids(clock);
    Kiosk& k = kiosks.front();
    std::string before;
    bool resumed = false;
    for (int page = 0; page < 1000 && (page == 0 || k.cursor != before); ++page) {
      before = k.cursor;
      if (const std::string err = round_of(run, k, ids, false, resumed); !err.empty()) {
        std::printf("| fleet | not measured (the first pull failed: %s) | - | - | p99 <= 50 ms, no errors |\n", err.c_str());
        centre.stop();
        return 0;
      }
    }
    for (auto& other : kiosks) other.cursor = k.cursor;
    SSL_CTX_free(ctx);
  }
  std::string cpu_note = " (shared CPUs)";
  if (pin_cpus) {
    pin_process(centre.pid, 0);
    pin(0, 1);
    cpu_note = " (server pinned to CPU 0, generator to CPU 1)";
  }
  // A warm-up run, not reported: the first run on a freshly started server had tails of
  // seconds in every trial (its thread pool, caches and session cache filling up at once).
  (void)fleet(data, centre.port, centre.pid, kiosks, true, interval_ms, 5);
  const int off_seconds = std::max(10, seconds / 2);
  const FleetResult off = fleet(data, centre.port, centre.pid, kiosks, false, interval_ms, off_seconds);
  const FleetResult on = fleet(data, centre.port, centre.pid, kiosks, true, interval_ms, seconds);
  print_fleet("TLS session resumption on", n_kiosks, interval_ms, seconds, on, cpu_note);
  print_fleet("TLS session resumption off", n_kiosks, interval_ms, off_seconds, off, cpu_note);
  std::printf("| fleet: server CPU per round, resumption on vs off | %.2f ms on | %.2f ms off | %.2f | - |\n",
              on.rate > 0 ? on.server_cpu / on.rate * 1000 : -1, off.rate > 0 ? off.server_cpu / off.rate * 1000 : -1,
              off.server_cpu > 0 ? on.server_cpu / off.server_cpu : 0.0);
  std::printf("| memory: peak RSS (VmHWM) of kiosk-server under the fleet load | %ld kB | - | - | - |\n",
              status_kb(centre.pid, "VmHWM"));
  centre.stop();
  for (auto& k : kiosks)
    if (k.session) SSL_SESSION_free(k.session);

  pin(0, 0);
  const HandshakeCost ec = handshake_cost(EVP_EC_gen("P-256"), 300);
  const HandshakeCost rsa = handshake_cost(EVP_RSA_gen(2048), 100);
  std::printf("| TLS handshake, server CPU (in-process, TLS 1.3): full with ECDSA P-256 / resumed | %.3f ms / %.3f ms | "
              "%.3f ms full with RSA-2048 | %.2f (ECDSA / RSA) | - |\n",
              ec.full_ms, ec.resumed_ms, rsa.full_ms, rsa.full_ms > 0 ? ec.full_ms / rsa.full_ms : 0.0);
  fs::remove_all(dir);
  return 0;
}
