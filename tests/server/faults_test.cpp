// Faults: the server SIGKILLed mid-batch keeps exactly once; garbage on the wire changes
// nothing; gzip both ways; health and metrics.
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <map>
#include <thread>

#include "tests/support/server_process.hpp"

using namespace hp::test;
using nlohmann::json;

namespace {

const std::string kFarmer = "01924f80-0000-7000-8000-200000000001";

void send_raw(int port, const std::string& bytes) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    (void)!write(fd, bytes.data(), bytes.size());
    shutdown(fd, SHUT_WR);
    char buf[256];
    while (read(fd, buf, sizeof buf) > 0) {
    }
  }
  close(fd);
}

}  // namespace

TEST_CASE("kiosk-server SIGKILLed mid-batch and restarted keeps every event exactly once") {
  Centre c("faults_kill");
  const std::string token = c.enrol_kiosk("po-an-duong");
  hp::Clock clock;
  hp::IdGenerator ids(clock);
  std::vector<json> batches;
  std::int64_t seq = 0;
  for (int b = 0; b < 4; ++b) {
    std::vector<json> events;
    for (int i = 0; i < 1000; ++i) events.push_back(dropoff_event(ids, ++seq, kFarmer));
    batches.push_back(batch(std::move(events)));
  }
  // Kill while the batches are on their way; whatever was committed stays, the rest is gone.
  std::thread sender([&] {
    for (const auto& b : batches) (void)c.post("/api/v1/push", token, b);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  c.kill_hard();
  sender.join();
  const auto partial = c.events().size();
  CHECK(partial % 1000 == 0);  // a batch is stored whole or not at all
  c.start();
  // The kiosk sends every unacknowledged batch again (here: all of them).
  for (const auto& b : batches) {
    auto r = c.post("/api/v1/push", token, b);
    REQUIRE(r.status == 200);
    CHECK(r.body["refused"] == 0);
  }
  const auto events = c.events();
  CHECK(events.size() == 4000);
  std::map<std::string, int> n;
  for (const auto& e : events) ++n[e["id"].get<std::string>()];
  CHECK(n.size() == 4000);
}

TEST_CASE("garbage on the wire, plain HTTP and truncated requests change nothing and crash nothing") {
  Centre c("faults_garbage");
  const std::string token = c.enrol_kiosk("po-an-duong");
  send_raw(c.port(), std::string("\x16\x03\x01\x00\x05hello", 10));
  send_raw(c.port(), "POST /api/v1/push HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n{}");
  send_raw(c.port(), std::string(100000, 'A'));
  auto bad_gzip = c.client();
  httplib::Headers h{{"Authorization", "Bearer " + token}, {"Content-Encoding", "gzip"}};
  auto r = bad_gzip->Post("/api/v1/push", h, std::string("not gzip at all"), "application/json");
  if (r) CHECK(r->status >= 400);
  CHECK(c.get("/healthz", "").status == 200);
  CHECK(c.events().empty());
}

TEST_CASE("gzip on the wire both ways") {
  Centre c("faults_gzip");
  const std::string token = c.enrol_kiosk("po-an-duong");
  hp::Clock clock;
  hp::IdGenerator ids(clock);
  auto client = c.client();
  client->set_compress(true);
  client->set_decompress(true);
  httplib::Headers h{{"Authorization", "Bearer " + token}, {"Accept-Encoding", "gzip"}};
  std::vector<json> events;
  for (int i = 1; i <= 50; ++i) events.push_back(dropoff_event(ids, i, kFarmer));
  auto push = client->Post("/api/v1/push", h, batch(events).dump(), "application/json");
  REQUIRE(push);
  CHECK(push->status == 200);
  CHECK(json::parse(push->body)["stored"] == 50);
  auto pull = client->Post("/api/v1/pull", h, json{{"limit", 1000}}.dump(), "application/json");
  REQUIRE(pull);
  CHECK(pull->status == 200);
  CHECK(pull->get_header_value("Content-Encoding") == "gzip");
  CHECK(json::parse(pull->body)["changes"].size() > 50);
}

TEST_CASE("metrics count kiosks, events and refusals in the Prometheus text format") {
  Centre c("faults_metrics");
  std::string kiosk_id;
  const std::string token = c.enrol_kiosk("po-an-duong", &kiosk_id);
  hp::Clock clock;
  hp::IdGenerator ids(clock);
  json bad = dropoff_event(ids, 2, kFarmer);
  bad["kind"] = "nope";
  REQUIRE(c.post("/api/v1/push", token, batch({dropoff_event(ids, 1, kFarmer), bad})).status == 200);
  REQUIRE(c.post("/api/v1/push", token, json::object()).status == 400);
  auto client = c.client();
  auto m = client->Get("/metrics");
  REQUIRE(m);
  CHECK(m->status == 200);
  const std::string& text = m->body;
  CHECK(text.find("hp_kiosks_seen 1\n") != std::string::npos);
  CHECK(text.find("hp_kiosk_last_sync_seconds{kiosk_id=\"" + kiosk_id + "\"}") != std::string::npos);
  CHECK(text.find("hp_events_stored_total 1\n") != std::string::npos);
  CHECK(text.find("hp_events_refused_total 1\n") != std::string::npos);
  CHECK(text.find("hp_batches_refused_total 1\n") != std::string::npos);
  CHECK(text.find("hp_http_request_duration_seconds_count") != std::string::npos);
}

TEST_CASE("--fail-sync (fault tests) takes only a 500 or a 503 and a count, with a clear message otherwise") {
  TempDir dir("server_fail_sync_options");
  for (const char* bad : {"404:3", "503", "503:-1", "500:x"}) {
    // timeout: a server that took the flag would serve until killed (exit 124).
    auto r = run_argv({"timeout", "10", HP_SERVER_BIN, "--data", dir.file("data"), "--listen", "127.0.0.1:0", "--fail-sync", bad});
    CHECK_MESSAGE(r.exit_code == 2, bad);
    CHECK_MESSAGE(r.out.find("--fail-sync") != std::string::npos, r.out);
  }
}
