// The kiosk's sync client against a real kiosk-server process on loopback, through the
// server's documented interface (docs/server.md, docs/PROTOCOL.md).
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "kiosk/store/store.hpp"
#include "kiosk/sync/enrolment.hpp"
#include "kiosk/sync/http.hpp"
#include "kiosk/sync/sync_client.hpp"
#include "shared/ids.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_support.hpp"

using namespace hp;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

using Run = test::CommandRun;

Run run(const std::vector<std::string>& argv) { return test::run_argv(argv); }

std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);)
    if (!l.empty()) out.push_back(l);
  return out;
}


// The server suites' kiosk-server process (tests/support/server_process.hpp), asked through
// its documented admin interface; a scratch folder beside it for the kiosk's side.
struct Server {
  explicit Server(const std::string& tag) : centre(tag), dir(tag + "_kiosk") {}
  std::string url() const { return "https://127.0.0.1:" + std::to_string(centre.port()); }
  std::string ca() const { return centre.ca(); }
  Run admin(const std::vector<std::string>& args) const {
    auto r = centre.admin(args);
    Run out{.exit_code = r.exit_code, .out = {}};
    for (const auto& l : r.lines) out.out += l + "\n";
    out.out += r.err;
    return out;
  }
  std::string first_post_office() const {
    auto r = admin({"post-offices"});
    REQUIRE_MESSAGE(r.exit_code == 0, r.out);
    auto l = lines(r.out);
    REQUIRE(!l.empty());
    return json::parse(l.front())["id"].get<std::string>();
  }
  std::string enrol_code() const {
    auto r = admin({"enrol-code", "--post-office", first_post_office()});
    REQUIRE_MESSAGE(r.exit_code == 0, r.out);
    return lines(r.out).back();
  }

  test::Centre centre;
  test::TempDir dir;
};

Run enrol(const std::string& data, const std::string& url, const std::string& code, const std::string& ca) {
  return run({HP_KIOSK_BIN, "--data", data, "--enrol", url, code, "--ca", ca});
}

}  // namespace

TEST_CASE("kiosk --enrol: a bad code, an unreachable URL and the wrong CA fail clearly; a good code enrols once") {
  Server centre("sync_e2e_enrol");
  const std::string kiosk = centre.dir.file("kiosk");

  auto bad = enrol(kiosk, centre.url(), "AAAA-BBBB-CCCC-DDDD", centre.ca());
  CHECK(bad.exit_code != 0);
  CHECK_MESSAGE(bad.out.find("enrolment failed") != std::string::npos, bad.out);
  CHECK_MESSAGE(bad.out.find("enrol.code_unknown") != std::string::npos, bad.out);

  auto unreachable = enrol(kiosk, "https://127.0.0.1:" + std::to_string(test::free_port()), centre.enrol_code(), centre.ca());
  CHECK(unreachable.exit_code != 0);
  CHECK_MESSAGE(unreachable.out.find("cannot reach the centre") != std::string::npos, unreachable.out);

  // Another CA than the centre's: the kiosk refuses the centre's certificate.
  const std::string other_ca = centre.dir.file("other-ca.pem");
  auto made = run({"openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                   centre.dir.file("other-key.pem"), "-out", other_ca, "-subj", "/CN=Another CA", "-days", "2"});
  REQUIRE_MESSAGE(made.exit_code == 0, made.out);
  const std::string code = centre.enrol_code();
  auto wrong_ca = enrol(kiosk, centre.url(), code, other_ca);
  CHECK(wrong_ca.exit_code != 0);
  CHECK_MESSAGE(wrong_ca.out.find("sync.wrong_ca") != std::string::npos, wrong_ca.out);

  // Nothing of the failures was kept; the good code (not spent by the wrong-CA try) enrols.
  auto ok = enrol(kiosk, centre.url(), code, centre.ca());
  REQUIRE_MESSAGE(ok.exit_code == 0, ok.out);
  CHECK(ok.out.find("enrolled: kiosk") != std::string::npos);
  CHECK(fs::exists(kiosk + "/tls/centre-ca.pem"));

  // The same code again (a replayed enrolment) gets no second credential.
  auto replay = enrol(centre.dir.file("kiosk2"), centre.url(), code, centre.ca());
  CHECK(replay.exit_code != 0);
  CHECK_MESSAGE(replay.out.find("enrol.code_used") != std::string::npos, replay.out);
}

TEST_CASE("an enrolled kiosk pushes its events exactly once and pulls its post office's orders") {
  Server centre("sync_e2e_sync");
  const std::string kiosk = centre.dir.file("kiosk");
  auto ok = enrol(kiosk, centre.url(), centre.enrol_code(), centre.ca());
  REQUIRE_MESSAGE(ok.exit_code == 0, ok.out);

  Clock clock;
  IdGenerator ids(clock);
  auto opened = store::Store::open(kiosk + "/kiosk.db");
  REQUIRE(opened.has_value());
  store::Store& st = *opened;
  auto enrolment = sync::load_enrolment(st);
  REQUIRE(enrolment.has_value());
  REQUIRE(enrolment->has_value());

  const std::string farmer_event = ids.next();
  store::NewFarmer f{.id = ids.next(), .member_code = "HPMTEST00001", .name = "Vũ Thị Hoa", .phone = "0977000111",
                     .commune = "", .district = "", .branch = "", .cooperative = "", .created_at = clock.now()};
  REQUIRE(st.register_farmer(f, farmer_event).has_value());

  std::mutex m;
  std::vector<sync::SyncStatus> seen;
  auto client = sync::SyncClient::start(kiosk + "/kiosk.db", **enrolment, sync::SyncOptions{.app_version = "test"}, clock,
                                        [&](const sync::SyncStatus& s) {
                                          std::lock_guard lock(m);
                                          seen.push_back(s);
                                        });
  REQUIRE(client.has_value());
  CHECK((*client)->drain(std::chrono::seconds(15)));
  CHECK(test::eventually([&] { return (*client)->status().phase == sync::SyncPhase::UpToDate; }));
  CHECK(st.sync_counts()->unsent == 0);

  // At the centre: the event once.
  auto events = centre.admin({"events"});
  REQUIRE_MESSAGE(events.exit_code == 0, events.out);
  int found = 0;
  for (const auto& l : lines(events.out)) {
    auto j = json::parse(l, nullptr, false);
    if (!j.is_discarded() && j.value("id", "") == farmer_event) ++found;
  }
  CHECK(found == 1);
  // From the centre: the demo orders of this post office.
  CHECK(test::eventually([&] { return st.order_count().value_or(0) > 0; }));
  CHECK_FALSE(st.sync_record()->pull_cursor.empty());

  // An order posted to the intake API reaches the counter at the next pull ("Sync now").
  auto key_run = centre.admin({"api-key", "add", "--name", "shop"});
  REQUIRE_MESSAGE(key_run.exit_code == 0, key_run.out);
  auto shop = sync::Http::open(centre.url(), centre.ca(), lines(key_run.out).back());
  REQUIRE(shop.has_value());
  const json order = {{"external_ref", "SHOP-E2E-1"}, {"post_office_id", enrolment->value().post_office_id},
                      {"buyer_name", "Ngô Thị Mai"}, {"buyer_phone", "0901234567"}, {"cash_on_delivery", true},
                      {"amount_due_vnd", 59000},
                      {"items", {{{"name", "Cà chua"}, {"quantity_text", "2 kg"}, {"amount_vnd", 59000}}}}};
  auto posted = shop->post("/api/v1/orders", order);
  REQUIRE(posted.has_value());
  REQUIRE_MESSAGE(posted->status == 201, posted->body);
  const std::string pickup_code = json::parse(posted->body)["pickup_code"].get<std::string>();
  (*client)->sync_now();
  CHECK(test::eventually([&] {
    auto o = st.order_by_pickup_code(pickup_code);
    return o && o->has_value() && (*o)->amount_due == 59000;
  }));

  // A revoked credential: rejected, with the reason, and no retry loop.
  auto revoked = centre.admin({"revoke", "--kiosk", enrolment->value().kiosk_id});
  REQUIRE_MESSAGE(revoked.exit_code == 0, revoked.out);
  (*client)->sync_now();
  CHECK(test::eventually([&] { return (*client)->status().phase == sync::SyncPhase::Rejected; }));
  CHECK((*client)->status().reason_code == "auth.revoked");
  // The sync thread saves its state after it publishes it: wait for the saved one too.
  CHECK(test::eventually([&] { return st.sync_record()->phase == "rejected"; }));

  // Enrolled again with a new code: the old cursor is forgotten, so the new enrolment starts
  // from a full snapshot, and its credential works where the revoked one did not.
  client->reset();
  auto again = enrol(kiosk, centre.url(), centre.enrol_code(), centre.ca());
  REQUIRE_MESSAGE(again.exit_code == 0, again.out);
  CHECK(st.sync_record()->pull_cursor.empty());
  auto renewed = sync::load_enrolment(st);
  REQUIRE(renewed.has_value());
  REQUIRE(renewed->has_value());
  CHECK(renewed->value().kiosk_id != enrolment->value().kiosk_id);
  auto client2 = sync::SyncClient::start(kiosk + "/kiosk.db", **renewed, sync::SyncOptions{.app_version = "test"}, clock,
                                         [](const sync::SyncStatus&) {});
  REQUIRE(client2.has_value());
  CHECK(test::eventually([&] { return (*client2)->status().phase == sync::SyncPhase::UpToDate; }));
  CHECK_FALSE(st.sync_record()->pull_cursor.empty());
}

TEST_CASE("the kiosk's client resumes its TLS session when it reconnects") {
  Server centre("sync_e2e_resume");
  auto http = sync::Http::open(centre.url(), centre.ca(), "");
  REQUIRE(http.has_value());
  auto first = http->post("/api/v1/enrol", json{{"code", "AAAA-BBBB-CCCC-DDDD"}});
  REQUIRE(first.has_value());
  CHECK(first->status == 401);
  // What the sync client does after each round: close the idle connection. The next request
  // opens a new one and offers the session the centre gave on the first.
  http->stop();
  auto second = http->post("/api/v1/enrol", json{{"code", "AAAA-BBBB-CCCC-DDDD"}});
  REQUIRE(second.has_value());
  CHECK(second->status == 401);
  CHECK(http->handshakes() == 2);
  CHECK(http->resumed() == 1);
}

// Packages (docs/packages.md): labels come with the order, a check-in reaches the centre and
// leaves one notification for the buyer, and the centre's copy never undoes the counter's.
TEST_CASE("a package checked in at the counter notifies the buyer through the centre, once") {
  Server centre("sync_e2e_packages");
  const std::string kiosk = centre.dir.file("kiosk");
  auto ok = enrol(kiosk, centre.url(), centre.enrol_code(), centre.ca());
  REQUIRE_MESSAGE(ok.exit_code == 0, ok.out);
  Clock clock;
  IdGenerator ids(clock);
  auto opened = store::Store::open(kiosk + "/kiosk.db");
  REQUIRE(opened.has_value());
  store::Store& st = *opened;
  auto enrolment = sync::load_enrolment(st);
  REQUIRE(enrolment.has_value());
  REQUIRE(enrolment->has_value());
  auto client = sync::SyncClient::start(kiosk + "/kiosk.db", **enrolment, sync::SyncOptions{.app_version = "test"}, clock,
                                        [](const sync::SyncStatus&) {});
  REQUIRE(client.has_value());

  auto key_run = centre.admin({"api-key", "add", "--name", "shop"});
  REQUIRE_MESSAGE(key_run.exit_code == 0, key_run.out);
  auto shop = sync::Http::open(centre.url(), centre.ca(), lines(key_run.out).back());
  REQUIRE(shop.has_value());
  const std::string label = "RR473124829GB";  // tests/vectors/upu_s10.json
  const json order = {{"external_ref", "SHOP-PKG-1"}, {"post_office_id", enrolment->value().post_office_id},
                      {"buyer_name", "Ngô Thị Mai"}, {"buyer_phone", "0901234567"}, {"cash_on_delivery", false},
                      {"amount_due_vnd", 0},
                      {"items", {{{"name", "Cà chua"}, {"quantity_text", "2 kg"}, {"amount_vnd", 59000}}}},
                      {"packages", {{{"code", label}}}}};
  auto posted = shop->post("/api/v1/orders", order);
  REQUIRE(posted.has_value());
  REQUIRE_MESSAGE(posted->status == 201, posted->body);
  const std::string order_id = json::parse(posted->body)["id"].get<std::string>();
  (*client)->sync_now();
  CHECK(test::eventually([&] {
    auto p = st.package_by_code(label);
    return p && p->has_value() && (*p)->order_id == order_id;
  }));

  auto in = st.check_in_package(store::CheckIn{.code = label, .shelf = "A-01", .hold_until = clock.now() + 7 * 86'400'000LL,
                                               .now = clock.now(), .clerk_id = "clerk-1", .event_id = ids.next()});
  REQUIRE_MESSAGE(in.has_value(), (in ? std::string() : in.error().code + ": " + in.error().detail));
  (*client)->sync_now();
  CHECK((*client)->drain(std::chrono::seconds(15)));
  CHECK(test::eventually([&] {
    auto n = centre.admin({"notifications"});
    return n.exit_code == 0 && lines(n.out).size() == 1;
  }));
  const json note = json::parse(lines(centre.admin({"notifications"}).out).front());
  CHECK(note["package"] == label);
  CHECK(note["phone"] == "0901234567");
  // The centre's changed order comes back on the next pull; the check-in stays as it was.
  (*client)->sync_now();
  CHECK((*client)->drain(std::chrono::seconds(15)));
  auto p = st.package_by_code(label);
  REQUIRE(p.has_value());
  REQUIRE(p->has_value());
  CHECK((*p)->status == store::PackageStatus::CheckedIn);
  CHECK((*p)->shelf == "A-01");
}
