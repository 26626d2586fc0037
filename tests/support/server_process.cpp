#include "tests/support/server_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libpq-fe.h>

#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <thread>

namespace hp::test {
namespace {

using nlohmann::json;

// Runs argv with stdout and stderr to pipes; returns the pid (stdout and stderr fds out).
pid_t spawn(const std::vector<std::string>& argv, int& out_fd, int& err_fd, const std::string* input = nullptr) {
  int out[2], err[2], in[2] = {-1, -1};
  if (pipe(out) != 0 || pipe(err) != 0) throw std::runtime_error("pipe");
  if (input && pipe(in) != 0) throw std::runtime_error("pipe");
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork");
  if (pid == 0) {
    if (input) {
      dup2(in[0], 0);
      close(in[0]);
      close(in[1]);
    }
    dup2(out[1], 1);
    dup2(err[1], 2);
    close(out[0]);
    close(err[0]);
    close(out[1]);
    close(err[1]);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  close(out[1]);
  close(err[1]);
  if (input) {
    close(in[0]);
    // Small (a password line): fits the pipe's buffer, so the write does not wait for a reader.
    if (write(in[1], input->data(), input->size()) != static_cast<ssize_t>(input->size())) throw std::runtime_error("write");
    close(in[1]);
  }
  out_fd = out[0];
  err_fd = err[0];
  return pid;
}

std::string read_all(int fd) {
  std::string s;
  char buf[4096];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) s.append(buf, static_cast<std::size_t>(n));
  close(fd);
  return s;
}

Reply reply_of(const httplib::Result& r) {
  Reply out;
  if (!r) return out;
  out.status = r->status;
  out.body = json::parse(r->body, nullptr, false);
  return out;
}

// Runs one statement on the cluster's maintenance database (or `db`); returns the first value.
std::string pg_exec(const std::string& sql, const std::string& db = "postgres") {
  PGconn* c = PQconnectdb(("dbname=" + db).c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    const std::string e = PQerrorMessage(c);
    PQfinish(c);
    throw std::runtime_error("PostgreSQL: " + e);
  }
  PGresult* r = PQexec(c, sql.c_str());
  const auto st = PQresultStatus(r);
  std::string out;
  if (st == PGRES_TUPLES_OK && PQntuples(r) > 0 && !PQgetisnull(r, 0, 0)) out = PQgetvalue(r, 0, 0);
  const std::string e = PQresultErrorMessage(r);
  PQclear(r);
  PQfinish(c);
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) throw std::runtime_error("PostgreSQL: " + e);
  return out;
}

}  // namespace

bool Centre::on_postgres() {
  const char* v = std::getenv("HP_TEST_PG");
  return v && std::string_view(v) == "1";
}

Centre::Centre(const std::string& tag, bool demo, bool demo_history)
    : dir_("server_" + tag), demo_(demo), demo_history_(demo_history) {
  // A server killed mid-request closes sockets under the client's writes: that must be an
  // error value in the client, not a signal that ends the test.
  ::signal(SIGPIPE, SIG_IGN);
  if (on_postgres()) {
    const std::string db = "hp_" + tag;
    pg_exec("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
    pg_exec("CREATE DATABASE " + db);
    db_url_ = "postgresql:///" + db;
  }
  start();
}

std::vector<std::string> Centre::db_args() const {
  if (db_url_.empty()) return {};
  return {"--db", db_url_};
}

std::string Centre::stored_text() const {
  if (db_url_.empty()) return read_text(dir_.file("server.db")) + read_text(dir_.file("server.db-wal"));
  return pg_exec("SELECT coalesce((SELECT string_agg(k::text, ' ') FROM kiosks k), '') || "
                 "coalesce((SELECT string_agg(e::text, ' ') FROM enrol_codes e), '') || "
                 "coalesce((SELECT string_agg(a::text, ' ') FROM api_keys a), '')",
                 db_url_.substr(std::string("postgresql:///").size()));
}

std::string Centre::dash_audit_text() const {
  if (db_url_.empty()) return read_text(dir_.file("server.db")) + read_text(dir_.file("server.db-wal"));
  return pg_exec("SELECT coalesce((SELECT string_agg(a::text, ' ') FROM dash_audit a), '')",
                 db_url_.substr(std::string("postgresql:///").size()));
}

Centre::~Centre() {
  if (pid_ > 0) kill_hard();
}

Centre::Peer Centre::start_peer(const std::vector<std::string>& extra_args) const {
  std::vector<std::string> argv{HP_SERVER_BIN, "--data", data(), "--listen", "127.0.0.1:0"};
  if (demo_) argv.push_back("--demo");
  if (demo_ && !demo_history_) argv.push_back("--no-demo-history");
  for (const auto& a : db_args()) argv.push_back(a);
  for (const auto& a : extra_args) argv.push_back(a);
  int out = -1, err = -1;
  Peer peer;
  peer.pid = spawn(argv, out, err);
  close(err);
  // The first stdout line says where it listens; read it byte by byte (nothing else is read).
  std::string line;
  char c;
  while (read(out, &c, 1) == 1 && c != '\n') line.push_back(c);
  close(out);
  const json j = json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.contains("port")) throw std::runtime_error("kiosk-server did not start: " + line);
  peer.port = j["port"].get<int>();
  return peer;
}

void Centre::kill_peer(Peer& p) {
  if (p.pid <= 0) return;
  ::kill(p.pid, SIGKILL);
  waitpid(p.pid, nullptr, 0);
  p.pid = -1;
}

void Centre::start(const std::vector<std::string>& extra_args) {
  // Started again with other arguments (as the fleet tests do right after construction): the
  // one running is replaced, not left behind when the test ends.
  kill_hard();
  const Peer p = start_peer(extra_args);
  pid_ = p.pid;
  port_ = p.port;
}

Reply Centre::post_to(int port, const std::string& path, const std::string& token, const json& body) const {
  httplib::SSLClient c("127.0.0.1", port);
  c.set_ca_cert_path(ca().c_str());
  c.enable_server_certificate_verification(true);
  c.set_connection_timeout(5);
  c.set_read_timeout(10);
  httplib::Headers h;
  if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
  return reply_of(c.Post(path.c_str(), h, body.dump(), "application/json"));
}

void Centre::kill_hard() {
  if (pid_ <= 0) return;  // kill(-1, ...) would signal every process we may signal
  ::kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

void Centre::stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

AdminRun Centre::admin(const std::vector<std::string>& args) const { return admin_with_input(args, nullptr); }

AdminRun Centre::admin_with_input(const std::vector<std::string>& args, const std::string* input) const {
  std::vector<std::string> argv{HP_SERVER_BIN, "admin", "--data", data()};
  for (const auto& a : db_args()) argv.push_back(a);
  argv.insert(argv.end(), args.begin(), args.end());
  int out = -1, err = -1;
  const pid_t pid = spawn(argv, out, err, input);
  AdminRun run;
  std::thread errs([&] { run.err = read_all(err); });
  const std::string text = read_all(out);
  errs.join();
  int status = 0;
  waitpid(pid, &status, 0);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto nl = text.find('\n', start);
    run.lines.push_back(text.substr(start, nl - start));
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return run;
}

std::string Centre::enrol_code(const std::string& post_office, int ttl_seconds) const {
  auto r = admin({"enrol-code", "--post-office", post_office, "--ttl-seconds", std::to_string(ttl_seconds)});
  if (r.exit_code != 0 || r.lines.empty()) throw std::runtime_error("enrol-code failed: " + r.err);
  return r.lines.back();
}

std::string Centre::api_key(const std::string& name) const {
  auto r = admin({"api-key", "add", "--name", name});
  if (r.exit_code != 0 || r.lines.empty()) throw std::runtime_error("api-key add failed: " + r.err);
  return r.lines.back();
}

std::string Centre::enrol_kiosk(const std::string& post_office, std::string* kiosk_id) {
  auto r = post("/api/v1/enrol", "", {{"code", enrol_code(post_office)}, {"name", "test"}, {"app_version", "t"}});
  if (r.status != 201) throw std::runtime_error("enrolment failed: " + r.body.dump());
  if (kiosk_id) *kiosk_id = r.body["kiosk_id"].get<std::string>();
  return r.body["credential"].get<std::string>();
}

std::vector<json> Centre::events() const {
  auto r = admin({"events"});
  if (r.exit_code != 0) throw std::runtime_error("admin events failed: " + r.err);
  std::vector<json> out;
  for (const auto& l : r.lines) out.push_back(json::parse(l));
  return out;
}

std::unique_ptr<httplib::SSLClient> Centre::client() const {
  auto c = std::make_unique<httplib::SSLClient>("127.0.0.1", port_);
  c->set_ca_cert_path(ca().c_str());
  c->enable_server_certificate_verification(true);
  c->set_connection_timeout(5);
  c->set_read_timeout(10);
  return c;
}

Reply Centre::post(const std::string& path, const std::string& token, const json& body) const {
  return post_raw(path, token, body.dump());
}

Reply Centre::post_raw(const std::string& path, const std::string& token, const std::string& body,
                       const std::string& content_type) const {
  auto c = client();
  httplib::Headers h;
  if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
  return reply_of(c->Post(path.c_str(), h, body, content_type.c_str()));
}

Reply Centre::get(const std::string& path, const std::string& token) const {
  auto c = client();
  httplib::Headers h;
  if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
  return reply_of(c->Get(path.c_str(), h));
}

json event(const std::string& id, std::int64_t seq, const std::string& kind, const std::string& entity_id,
           json payload) {
  return {{"id", id},
          {"seq", seq},
          {"kind", kind},
          {"schema_version", 1},
          {"entity_id", entity_id},
          {"kiosk_time_ms", 1733100000000 + seq},
          {"payload", std::move(payload)}};
}

json dropoff_event(IdGenerator& ids, std::int64_t seq, const std::string& farmer_id) {
  const std::string d = ids.next();
  json item = {{"id", ids.next()},     {"product_id", "01924f80-0000-7000-8000-100000000001"},
               {"product_name", "Cà chua"}, {"grade", "A"}, {"unit", "kg"}, {"gross_mg", 10500000},
               {"tare_mg", 500000},    {"net_mg", 10000000}, {"pieces", 0}, {"unit_price", 22000},
               {"value", 220000},      {"lot_id", ids.next()}, {"lot_code", "HPL0000000001X"}};
  return event(ids.next(), seq, "dropoff.committed", d,
               {{"id", d}, {"farmer_id", farmer_id}, {"farmer_name", "Nguyễn Văn An"}, {"clerk", "Test"},
                {"kiosk_id", "k"}, {"created_at", 1733100000000}, {"total", 220000}, {"items", json::array({item})}});
}

std::string read_text(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY);
  if (fd < 0) return {};
  return read_all(fd);
}

json batch(std::vector<json> events) { return {{"events", std::move(events)}}; }

PullAll pull_all(const Centre& c, const std::string& token, const json& cursor, int limit) {
  PullAll out;
  json cur = cursor;
  for (int page = 0; page < 1000; ++page) {
    auto r = c.post("/api/v1/pull", token, {{"cursor", cur}, {"limit", limit}});
    out.status = r.status;
    if (r.status != 200) return out;
    if (page == 0) out.reset = r.body["reset"].get<bool>();
    for (auto& ch : r.body["changes"]) out.changes.push_back(ch);
    cur = r.body["cursor"];
    out.cursor = cur.get<std::string>();
    if (!r.body["more"].get<bool>()) break;
  }
  return out;
}

}  // namespace hp::test
