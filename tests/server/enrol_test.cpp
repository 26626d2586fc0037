// Enrolment, credentials and TLS pinning against a real kiosk-server.
#include <doctest/doctest.h>

#include "tests/support/server_process.hpp"

using namespace hp::test;
using nlohmann::json;

TEST_CASE("a code enrols once; replayed, expired and unknown codes are refused and create nothing") {
  Centre c("enrol");
  const std::string code = c.enrol_code("po-an-duong");
  auto first = c.post("/api/v1/enrol", "", {{"code", code}, {"name", "Quầy 1"}});
  REQUIRE(first.status == 201);
  CHECK(first.body["post_office_id"] == "po-an-duong");
  CHECK(first.body["credential"].get<std::string>().starts_with("hpk_"));
  // Typed in lower case without dashes: the same code, already used.
  std::string typed;
  for (char ch : code)
    if (ch != '-') typed.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
  auto replay = c.post("/api/v1/enrol", "", {{"code", typed}});
  CHECK(replay.status == 409);
  CHECK(replay.body["error"]["code"] == "enrol.code_used");

  auto expired = c.post("/api/v1/enrol", "", {{"code", c.enrol_code("po-an-duong", 0)}});
  CHECK(expired.status == 410);
  CHECK(expired.body["error"]["code"] == "enrol.code_expired");
  auto unknown = c.post("/api/v1/enrol", "", {{"code", "AAAA-BBBB-CCCC-DDDD"}});
  CHECK(unknown.status == 401);
  CHECK(unknown.body["error"]["code"] == "enrol.code_unknown");
  auto missing = c.post("/api/v1/enrol", "", json::object());
  CHECK(missing.status == 400);
  CHECK(missing.body["error"]["code"] == "request.missing_field");

  auto kiosks = c.admin({"kiosks"});
  REQUIRE(kiosks.exit_code == 0);
  REQUIRE(kiosks.lines.size() == 1);
  CHECK(kiosks.json(0)["id"] == first.body["kiosk_id"]);
  CHECK(kiosks.json(0)["name"] == "Quầy 1");
  // The server keeps only a hash: the credential is nowhere in its database.
  const std::string db = c.stored_text();
  REQUIRE(db.find(first.body["kiosk_id"].get<std::string>()) != std::string::npos);  // it does see the tables
  CHECK(db.find(first.body["credential"].get<std::string>()) == std::string::npos);
  CHECK(db.find(code) == std::string::npos);
}

TEST_CASE("a wrong or revoked credential is refused; a platform key cannot push") {
  Centre c("revoke");
  std::string kiosk_id;
  const std::string token = c.enrol_kiosk("po-an-duong", &kiosk_id);
  CHECK(c.post("/api/v1/pull", token, {{"limit", 1}}).status == 200);

  auto wrong = c.post("/api/v1/pull", token + "x", json::object());
  CHECK(wrong.status == 401);
  CHECK(wrong.body["error"]["code"] == "auth.invalid");
  CHECK(c.post("/api/v1/pull", "", json::object()).status == 401);
  auto platform = c.post("/api/v1/push", c.api_key("shop"), batch({}));
  CHECK(platform.status == 403);
  CHECK(platform.body["error"]["code"] == "auth.wrong_kind");

  auto revoked = c.admin({"revoke", "--kiosk", kiosk_id});
  REQUIRE(revoked.exit_code == 0);
  auto after = c.post("/api/v1/pull", token, json::object());
  CHECK(after.status == 401);
  CHECK(after.body["error"]["code"] == "auth.revoked");
  CHECK(c.admin({"kiosks"}).json(0)["revoked"] == true);
  CHECK(c.admin({"revoke", "--kiosk", "no-such-kiosk"}).exit_code == 1);
}

TEST_CASE("the certificate covers 127.0.0.1 and localhost; a client pinning another CA refuses it") {
  Centre a("tls_a", false);
  Centre b("tls_b", false);
  for (const char* host : {"127.0.0.1", "localhost"}) {
    httplib::SSLClient ok(host, a.port());
    ok.set_ca_cert_path(a.ca().c_str());
    ok.enable_server_certificate_verification(true);
    auto r = ok.Get("/healthz");
    REQUIRE(r);
    CHECK(r->status == 200);
  }
  httplib::SSLClient pinned_elsewhere("127.0.0.1", a.port());
  pinned_elsewhere.set_ca_cert_path(b.ca().c_str());
  pinned_elsewhere.enable_server_certificate_verification(true);
  auto r = pinned_elsewhere.Get("/healthz");
  CHECK_FALSE(r);
  CHECK(r.error() == httplib::Error::SSLServerVerification);

  // A restart keeps the CA the kiosks pinned.
  const std::string before = read_text(a.ca());
  a.stop();
  a.start();
  CHECK(read_text(a.ca()) == before);
  CHECK(a.get("/healthz", "").status == 200);
}
