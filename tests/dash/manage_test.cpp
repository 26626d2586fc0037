// The data-management API (server/dash/manage_web.cpp) against a real kiosk-server on
// loopback: each section's access rules, bad input that changes nothing, the audit trail, a
// price scheduled across Vietnam's midnight, and a price reaching a real kiosk store through
// a real pull. With HP_TEST_PG=1 the same on PostgreSQL (suite dash_manage_pg).
#include <doctest/doctest.h>

#include <atomic>
#include <thread>

#include "kiosk/store/store.hpp"
#include "kiosk/sync/enrolment.hpp"
#include "kiosk/sync/sync_client.hpp"
#include "server/auth/staff.hpp"
#include "server/dash/period.hpp"
#include "server/dash/prices.hpp"
#include "server/dash/schema.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_support.hpp"

using namespace hp;
using nlohmann::json;

namespace {

constexpr const char* kPassword = "mật-khẩu-thử-1234";
constexpr const char* kTomato = "01924f80-0000-7000-8000-100000000001";  // CA-CHUA in the demo catalogue

struct Session {
  std::string cookie;
  std::string csrf;
};

// A kiosk-server with its database open here too (to make staff and read what was stored).
struct Site {
  explicit Site(const std::string& tag) : tag_(tag), centre(tag) {
    auto d = server::dash::open_sql(centre.data(), test::Centre::on_postgres() ? "postgresql:///hp_" + tag : "");
    REQUIRE(d);
    db = std::move(*d);
    REQUIRE(server::dash::ensure_schema(*db));
  }
  std::string origin() const { return "https://127.0.0.1:" + std::to_string(centre.port()); }

  void add_staff(const std::string& username, const std::string& role, const std::string& unit = "",
                 const std::string& po = "") {
    server::auth::StaffStore staff(*db);
    auto s = staff.add({username, "Cán bộ " + username, role, unit, po}, kPassword, "staff-" + username, 1);
    REQUIRE_MESSAGE(s, (s ? "" : s.error().detail));
  }
  Session sign_in(const std::string& username, const std::string& password = kPassword) {
    auto c = centre.client();
    auto r = c->Post("/api/v1/dash/login", {{"Origin", origin()}}, json{{"username", username}, {"password", password}}.dump(),
                     "application/json");
    REQUIRE(r);
    REQUIRE_MESSAGE(r->status == 200, r->body);
    const std::string set = r->get_header_value("Set-Cookie");
    return {set.substr(0, set.find(';')), json::parse(r->body)["csrf"].get<std::string>()};
  }
  test::Reply get(const Session& s, const std::string& path) {
    auto r = centre.client()->Get(path.c_str(), {{"Cookie", s.cookie}});
    REQUIRE(r);
    return {r->status, json::parse(r->body, nullptr, false)};
  }
  // A state-changing call as the page makes it; csrf/origin overridable to test the refusals.
  test::Reply post(const Session& s, const std::string& path, const json& body, std::optional<std::string> csrf = {},
                   std::optional<std::string> origin_header = {}) {
    httplib::Headers h{{"Cookie", s.cookie}, {"X-CSRF-Token", csrf.value_or(s.csrf)},
                       {"Origin", origin_header.value_or(origin())}};
    auto r = centre.client()->Post(path.c_str(), h, body.dump(), "application/json");
    REQUIRE(r);
    return {r->status, json::parse(r->body, nullptr, false)};
  }
  std::int64_t count(const std::string& sql, const std::vector<server::dash::SqlValue>& params = {}) {
    auto r = db->query(sql, params);
    REQUIRE(r);
    return server::dash::to_int((*r)[0][0]);
  }
  json product(const std::string& id) {
    auto r = db->query("SELECT data FROM products WHERE id = ?1", {id});
    REQUIRE(r);
    REQUIRE(!r->empty());
    return json::parse(server::dash::to_text((*r)[0][0]));
  }
  std::int64_t audits(const std::string& action) {
    return count("SELECT count(*) FROM dash_audit WHERE action = ?1", {action});
  }

  std::string tag_;
  test::Centre centre;
  std::unique_ptr<server::dash::SqlDb> db;
};

std::string code_of(const test::Reply& r) {
  return r.body.is_object() && r.body.contains("error") ? r.body["error"].value("code", "") : "";
}

std::int64_t price_of(const json& product, const std::string& grade) {
  for (const auto& g : product["prices"])
    if (g["grade"] == grade) return g["price_vnd"];
  return -1;
}

const std::string kApi = "/api/v1/dash/manage";

}  // namespace

TEST_CASE("post offices, enrolment codes and kiosks: the administrator's; the same functions as kiosk-server admin") {
  Site site("manage_fleet");
  site.add_staff("admin", "admin");
  site.add_staff("city", "city");
  Session admin = site.sign_in("admin"), city = site.sign_in("city");

  // Added on the page: a new post office in a known unit, published for kiosks, audited.
  auto added = site.post(admin, kApi + "/post-offices", {{"id", "po-an-hai"}, {"name", "  Bưu cục An Hải "}, {"unit_id", "vn-31-11617"}});
  REQUIRE_MESSAGE(added.status == 201, added.body.dump());
  CHECK(added.body["name"] == "Bưu cục An Hải");
  CHECK(site.count("SELECT count(*) FROM changes WHERE entity = 'post_office' AND entity_id = 'po-an-hai'") == 1);
  // The command line sees it: one implementation behind both.
  auto listed = site.centre.admin({"post-offices"});
  REQUIRE(listed.exit_code == 0);
  CHECK(std::any_of(listed.lines.begin(), listed.lines.end(), [](const std::string& l) { return l.find("po-an-hai") != std::string::npos; }));

  // Bad input: 400 with a message, and nothing stored.
  const auto before = site.count("SELECT count(*) FROM post_offices");
  for (const json& bad : {json{{"id", "PO AN HAI"}, {"name", "x"}}, json{{"id", "po-x"}, {"name", "   "}},
                          json{{"id", "po-x"}, {"name", "x"}, {"unit_id", "vn-31-none"}}, json{{"name", "no id"}}}) {
    auto r = site.post(admin, kApi + "/post-offices", bad);
    CHECK_MESSAGE(r.status == 400, bad.dump());
    CHECK_FALSE(r.body["error"]["message"].get<std::string>().empty());
  }
  CHECK(site.post(admin, kApi + "/post-offices", {{"id", "po-an-hai"}, {"name", "again"}}).status == 409);
  CHECK(site.count("SELECT count(*) FROM post_offices") == before);

  // Editing: the name and unit; the trail keeps before and after.
  auto edited = site.post(admin, kApi + "/post-offices/po-an-hai", {{"name", "Bưu cục An Hải mới"}});
  REQUIRE_MESSAGE(edited.status == 200, edited.body.dump());
  CHECK(edited.body["unit_id"] == "vn-31-11617");
  CHECK(site.post(admin, kApi + "/post-offices/po-nowhere", {{"name", "x"}}).status == 404);
  auto trail = site.get(admin, kApi + "/audit");
  REQUIRE(trail.status == 200);
  const json& last = trail.body["audit"][0];
  CHECK(last["action"] == "post_office.edit");
  CHECK(last["username"] == "admin");
  CHECK(last["detail"]["before"]["name"] == "Bưu cục An Hải");
  CHECK(last["detail"]["after"]["name"] == "Bưu cục An Hải mới");

  // Access: the city association neither reads nor changes post offices and kiosks; no CSRF
  // token, or another origin, is refused before anything is looked at.
  CHECK(site.get(city, kApi + "/post-offices").status == 403);
  CHECK(site.get(city, kApi + "/kiosks").status == 403);
  CHECK(site.post(city, kApi + "/enrol-codes", {{"post_office_id", "po-an-hai"}}).status == 403);
  CHECK(code_of(site.post(admin, kApi + "/post-offices", {{"id", "po-csrf"}, {"name", "x"}}, "wrong")) == "csrf.token");
  CHECK(code_of(site.post(admin, kApi + "/post-offices", {{"id", "po-csrf"}, {"name", "x"}}, {}, "https://evil.example")) ==
        "csrf.origin");
  CHECK(site.count("SELECT count(*) FROM post_offices WHERE id = 'po-csrf'") == 0);

  // An enrolment code, shown once (only its hash is kept), that a kiosk can use.
  CHECK(site.post(admin, kApi + "/enrol-codes", {{"post_office_id", "po-an-hai"}, {"ttl_seconds", -1}}).status == 400);
  CHECK(site.post(admin, kApi + "/enrol-codes", {{"post_office_id", "po-nowhere"}}).status == 400);
  auto code = site.post(admin, kApi + "/enrol-codes", {{"post_office_id", "po-an-hai"}, {"ttl_seconds", 600}});
  REQUIRE_MESSAGE(code.status == 201, code.body.dump());
  const std::string secret = code.body["code"];
  CHECK(site.centre.stored_text().find(secret) == std::string::npos);
  auto enrolled = site.centre.post("/api/v1/enrol", "", {{"code", secret}, {"name", "Quầy An Hải"}, {"app_version", "test"}});
  REQUIRE_MESSAGE(enrolled.status == 201, enrolled.body.dump());
  const std::string kiosk = enrolled.body["kiosk_id"], credential = enrolled.body["credential"];
  CHECK(site.centre.post("/api/v1/pull", credential, {{"cursor", nullptr}, {"limit", 10}}).status == 200);

  auto kiosks = site.get(admin, kApi + "/kiosks");
  REQUIRE(kiosks.status == 200);
  CHECK(std::any_of(kiosks.body["kiosks"].begin(), kiosks.body["kiosks"].end(),
                    [&](const json& k) { return k["id"] == kiosk && k["post_office_id"] == "po-an-hai" && !k["revoked"]; }));

  // Revoked on the page: its next request is refused.
  CHECK(site.post(admin, kApi + "/kiosks/no-such-kiosk/revoke", json::object()).status == 404);
  auto revoked = site.post(admin, kApi + "/kiosks/" + kiosk + "/revoke", json::object());
  REQUIRE_MESSAGE(revoked.status == 200, revoked.body.dump());
  CHECK(revoked.body["revoked"] == true);
  auto refused = site.centre.post("/api/v1/pull", credential, {{"cursor", nullptr}, {"limit", 10}});
  CHECK(refused.status == 401);
  CHECK(code_of(refused) == "auth.revoked");
  CHECK(site.audits("kiosk.revoke") == 1);
  CHECK(site.post(admin, kApi + "/kiosks/" + kiosk + "/revoke", json::object()).status == 200);
  CHECK(site.audits("kiosk.revoke") == 1);  // revoking twice changes nothing

  // The command line's changes are audited too, as "cli".
  REQUIRE(site.centre.admin({"post-office", "add", "--id", "po-cli", "--name", "Bưu cục CLI"}).exit_code == 0);
  CHECK(site.count("SELECT count(*) FROM dash_audit WHERE staff_id = 'cli' AND action = 'post_office.add'") == 1);
  CHECK(site.audits("enrol_code.issue") == 1);
}

TEST_CASE("staff accounts: only an administrator manages them; passwords of 10 or more, hashed with Argon2id") {
  Site site("manage_staff");
  site.add_staff("admin", "admin");
  site.add_staff("city", "city");
  Session admin = site.sign_in("admin"), city = site.sign_in("city");

  CHECK(site.get(city, kApi + "/staff").status == 403);
  CHECK(site.post(city, kApi + "/staff", {{"username", "x"}, {"display_name", "x"}, {"role", "city"}, {"password", "0123456789"}})
            .status == 403);

  const json good = {{"username", "anlao"}, {"display_name", "Cán bộ An Lão"}, {"role", "district"},
                     {"unit_id", "vn-31-313"}, {"password", "mười-ký-tự-ok"}};
  for (auto [field, value] : std::vector<std::pair<std::string, json>>{
           {"password", "short-pw"}, {"role", "king"}, {"unit_id", "vn-31-none"}, {"username", "Có Dấu"}, {"unit_id", ""}}) {
    json b = good;
    b[field] = value;
    auto r = site.post(admin, kApi + "/staff", b);
    CHECK_MESSAGE(r.status == 400, (field + ": " + r.body.dump()));
  }
  CHECK(site.count("SELECT count(*) FROM dash_staff WHERE username = 'anlao'") == 0);

  auto made = site.post(admin, kApi + "/staff", good);
  REQUIRE_MESSAGE(made.status == 201, made.body.dump());
  const std::string id = made.body["id"];
  CHECK(site.post(admin, kApi + "/staff", good).status == 409);
  auto hash = site.db->query("SELECT password_hash FROM dash_staff WHERE id = ?1", {id});
  REQUIRE(hash);
  CHECK(server::dash::to_text((*hash)[0][0]).starts_with("$argon2id$"));
  CHECK(site.centre.stored_text().find("mười-ký-tự-ok") == std::string::npos);
  auto trail = site.get(admin, kApi + "/audit");
  CHECK(trail.body["audit"][0]["action"] == "staff.add");
  CHECK(trail.body["audit"][0]["detail"].dump().find("mười-ký-tự-ok") == std::string::npos);

  // The new account signs in, sees its district; a role change narrows it at once.
  Session anlao = site.sign_in("anlao", "mười-ký-tự-ok");
  CHECK(site.get(anlao, "/api/v1/dash/me").body["user"]["role"] == "district");
  CHECK(site.post(admin, kApi + "/staff/" + id, {{"role", "post_office"}}).status == 400);  // needs its post office
  auto changed = site.post(admin, kApi + "/staff/" + id, {{"role", "post_office"}, {"post_office_id", "po-an-lao"}});
  REQUIRE_MESSAGE(changed.status == 200, changed.body.dump());
  CHECK(changed.body["unit_id"].is_null());
  CHECK(site.get(anlao, "/api/v1/dash/me").body["user"]["post_office_id"] == "po-an-lao");
  CHECK(site.post(admin, kApi + "/staff/no-such-id", {{"role", "city"}}).status == 404);

  // An administrator cannot lock themselves out.
  auto self = site.get(admin, "/api/v1/dash/me").body["user"]["id"].get<std::string>();
  CHECK(site.post(admin, kApi + "/staff/" + self + "/disable", json::object()).status == 400);
  CHECK(site.post(admin, kApi + "/staff/" + self, {{"role", "city"}}).status == 400);

  // Disabled: the open session ends and signing in fails.
  auto off = site.post(admin, kApi + "/staff/" + id + "/disable", json::object());
  REQUIRE_MESSAGE(off.status == 200, off.body.dump());
  CHECK_FALSE(off.body["disabled_at"].is_null());
  CHECK(site.get(anlao, "/api/v1/dash/me").status == 401);
  auto c = site.centre.client();
  auto again = c->Post("/api/v1/dash/login", {{"Origin", site.origin()}},
                       json{{"username", "anlao"}, {"password", "mười-ký-tự-ok"}}.dump(), "application/json");
  REQUIRE(again);
  CHECK(again->status == 401);
  CHECK(site.audits("staff.role") == 1);
  CHECK(site.audits("staff.disable") == 1);
}

TEST_CASE("prices with effective dates: today's applies at once, a later one waits; bad input changes nothing") {
  Site site("manage_prices");
  site.add_staff("city", "city");
  site.add_staff("anlao.pm", "post_office", "", "po-an-lao");
  Session city = site.sign_in("city"), pm = site.sign_in("anlao.pm");
  const UtcMillis now = Clock().now();
  const std::string today = server::dash::vn_date(now), tomorrow = server::dash::vn_date(now + 86'400'000),
                    yesterday = server::dash::vn_date(now - 86'400'000);

  const json tomato = site.product(kTomato);
  for (const json& bad : {json{{"product_id", kTomato}, {"grade", "D"}, {"price_vnd", 1000}, {"effective_date", today}},
                          json{{"product_id", kTomato}, {"grade", "A"}, {"price_vnd", -1}, {"effective_date", today}},
                          json{{"product_id", kTomato}, {"grade", "A"}, {"price_vnd", 1000}, {"effective_date", yesterday}},
                          json{{"product_id", kTomato}, {"grade", "A"}, {"price_vnd", 1000}, {"effective_date", "2026-02-30"}},
                          json{{"product_id", "no-such-product"}, {"grade", "A"}, {"price_vnd", 1000}, {"effective_date", today}},
                          json{{"product_id", kTomato}, {"grade", "A"}, {"price_vnd", "1000"}, {"effective_date", today}}}) {
    auto r = site.post(city, kApi + "/prices", bad);
    CHECK_MESSAGE(r.status == 400, (bad.dump() + " " + r.body.dump()));
  }
  CHECK(site.product(kTomato) == tomato);
  CHECK(site.count("SELECT count(*) FROM dash_price_schedule") == 0);
  CHECK(site.post(pm, kApi + "/prices", {{"product_id", kTomato}, {"grade", "A"}, {"price_vnd", 1}, {"effective_date", today}})
            .status == 403);
  CHECK(site.get(pm, kApi + "/prices").status == 403);

  auto now_price = site.post(city, kApi + "/prices", {{"product_id", kTomato}, {"grade", "A"}, {"price_vnd", 23500}, {"effective_date", today}});
  REQUIRE_MESSAGE(now_price.status == 201, now_price.body.dump());
  CHECK_FALSE(now_price.body["applied_at"].is_null());
  CHECK(price_of(site.product(kTomato), "A") == 23500);

  auto later = site.post(city, kApi + "/prices", {{"product_id", kTomato}, {"grade", "B"}, {"price_vnd", 16000}, {"effective_date", tomorrow}});
  REQUIRE_MESSAGE(later.status == 201, later.body.dump());
  CHECK(later.body["applied_at"].is_null());
  CHECK(later.body["effective_at"] == *server::dash::vn_midnight(tomorrow));
  CHECK(price_of(site.product(kTomato), "B") != 16000);
  auto listed = site.get(city, kApi + "/prices");
  REQUIRE(listed.status == 200);
  REQUIRE(listed.body["schedule"]["pending"].size() == 1);

  // Withdrawn before it applies; an applied one cannot be.
  CHECK(site.post(city, kApi + "/prices/" + now_price.body["id"].get<std::string>() + "/cancel", json::object()).status == 409);
  CHECK(site.post(city, kApi + "/prices/" + later.body["id"].get<std::string>() + "/cancel", json::object()).status == 200);
  CHECK(site.count("SELECT count(*) FROM dash_price_schedule WHERE applied_at IS NULL") == 0);
  CHECK(site.audits("price.set") == 1);
  CHECK(site.audits("price.schedule") == 1);
  CHECK(site.audits("price.cancel") == 1);
}

TEST_CASE("a scheduled price applies at 00:00 Vietnam time on its date, exactly once across appliers") {
  Site site("manage_midnight");
  const UtcMillis now = Clock().now();
  // Two days ahead: the server's own scheduler, on real time, leaves it alone.
  const std::string date = server::dash::vn_date(now + 2 * 86'400'000);
  const UtcMillis midnight = *server::dash::vn_midnight(date);
  CHECK(server::dash::vn_date(midnight - 1) < date);
  auto s = server::dash::schedule_price(*site.db, "sched-1", {kTomato, "C", 9900}, date, {"staff-city", now});
  REQUIRE_MESSAGE(s, (s ? "" : s.error().detail));
  const auto changes = site.count("SELECT count(*) FROM changes WHERE entity = 'product'");

  // One millisecond before midnight in Hai Phong (17:00 UTC the day before): not yet.
  auto early = server::dash::apply_due_prices(*site.db, midnight - 1);
  REQUIRE(early);
  CHECK(*early == 0);
  CHECK(price_of(site.product(kTomato), "C") != 9900);

  // Midnight: several appliers at once (each its own connection, as several processes are);
  // exactly one applies it.
  std::vector<std::unique_ptr<server::dash::SqlDb>> dbs;
  for (int i = 0; i < 4; ++i) {
    auto d = server::dash::open_sql(site.centre.data(), test::Centre::on_postgres() ? "postgresql:///hp_manage_midnight" : "");
    REQUIRE(d);
    dbs.push_back(std::move(*d));
  }
  std::atomic<int> applied = 0, failed = 0;
  std::vector<std::thread> threads;
  for (auto& d : dbs)
    threads.emplace_back([&, db = d.get()] {
      auto n = server::dash::apply_due_prices(*db, midnight);
      if (n) applied += *n;
      else ++failed;
    });
  for (auto& t : threads) t.join();
  CHECK(failed == 0);
  CHECK(applied == 1);
  CHECK(price_of(site.product(kTomato), "C") == 9900);
  CHECK(site.count("SELECT count(*) FROM changes WHERE entity = 'product'") == changes + 1);
  CHECK(site.audits("price.apply") == 1);
  auto later = server::dash::apply_due_prices(*site.db, midnight + 86'400'000);
  REQUIRE(later);
  CHECK(*later == 0);

  // The scheduler thread a kiosk-server process runs, on a clock the test moves.
  const std::string next = server::dash::vn_date(now + 3 * 86'400'000);
  REQUIRE(server::dash::schedule_price(*site.db, "sched-2", {kTomato, "C", 8800}, next, {"staff-city", now}));
  std::atomic<UtcMillis> fake = *server::dash::vn_midnight(next) - 1;
  Clock clock([&] { return fake.load(); });
  server::dash::PriceScheduler scheduler(*dbs[0], clock, 20);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  CHECK(price_of(site.product(kTomato), "C") == 9900);
  fake = *server::dash::vn_midnight(next);
  CHECK(test::eventually([&] { return price_of(site.product(kTomato), "C") == 8800; }));
}

TEST_CASE("a price changed on the page reaches a real kiosk store through a real pull") {
  Site site("manage_reach");
  site.add_staff("admin", "admin");
  site.add_staff("city", "city");
  Session admin = site.sign_in("admin"), city = site.sign_in("city");

  // The kiosk enrols with a code made on the page, then pulls the catalogue.
  auto code = site.post(admin, kApi + "/enrol-codes", {{"post_office_id", "po-an-lao"}});
  REQUIRE_MESSAGE(code.status == 201, code.body.dump());
  test::TempDir kiosk("manage_reach_kiosk");
  const std::string db_path = kiosk.file("kiosk.db");
  auto opened = store::Store::open(db_path);
  REQUIRE(opened);
  store::Store& st = *opened;
  auto enrolment = sync::enrol(st, {kiosk.path().string(), site.origin(), code.body["code"], site.centre.ca(), "Quầy An Lão", "test"});
  REQUIRE_MESSAGE(enrolment, (enrolment ? "" : enrolment.error().detail));
  Clock clock;
  auto client = sync::SyncClient::start(db_path, *enrolment, sync::SyncOptions{.app_version = "test"}, clock,
                                        [](const sync::SyncStatus&) {});
  REQUIRE(client);
  auto kiosk_price = [&](const std::string& grade) -> std::int64_t {
    auto ps = st.products();
    if (!ps) return -2;
    for (const auto& p : *ps)
      if (p.id == kTomato)
        for (const auto& g : p.prices)
          if (g.grade == grade) return g.price;
    return -1;
  };
  REQUIRE(test::eventually([&] { return kiosk_price("A") > 0; }));
  CHECK(kiosk_price("A") != 24500);

  auto set = site.post(city, kApi + "/prices", {{"product_id", kTomato}, {"grade", "A"}, {"price_vnd", 24500},
                                                {"effective_date", server::dash::vn_date(clock.now())}});
  REQUIRE_MESSAGE(set.status == 201, set.body.dump());
  (*client)->sync_now();
  CHECK(test::eventually([&] { return kiosk_price("A") == 24500; }));
}

TEST_CASE("indicators are data: the overview's target progress counts what the table says") {
  Site site("manage_indicators");
  site.add_staff("city", "city");
  site.add_staff("anlao", "district", "vn-31-313");
  Session city = site.sign_in("city"), district = site.sign_in("anlao");
  const std::string year = server::dash::vn_date(Clock().now()).substr(0, 4);

  auto list = site.get(district, kApi + "/indicators");
  REQUIRE(list.status == 200);
  CHECK(list.body["indicators"].size() == 5);  // the plan's five, seeded once
  CHECK(site.post(district, kApi + "/indicators", {{"id", "x"}, {"label_vi", "x"}, {"label_en", "x"}, {"measure", "dropoffs"},
                                                   {"active_from", 2026}}).status == 403);
  for (const json& bad : {json{{"id", "Bad Id"}, {"label_vi", "x"}, {"label_en", "x"}, {"measure", "dropoffs"}, {"active_from", 2026}},
                          json{{"id", "ok"}, {"label_vi", " "}, {"label_en", "x"}, {"measure", "dropoffs"}, {"active_from", 2026}},
                          json{{"id", "ok"}, {"label_vi", "x"}, {"label_en", "x"}, {"measure", "tonnes"}, {"active_from", 2026}},
                          json{{"id", "ok"}, {"label_vi", "x"}, {"label_en", "x"}, {"measure", "dropoffs"}}})
    CHECK_MESSAGE(site.post(city, kApi + "/indicators", bad).status == 400, bad.dump());
  auto made = site.post(city, kApi + "/indicators", {{"id", "registrations"}, {"label_vi", "Lượt đăng ký nông dân"},
                                                      {"label_en", "Farmer registrations"}, {"measure", "farmers_registered"},
                                                      {"active_from", std::stoi(year)}});
  REQUIRE_MESSAGE(made.status == 201, made.body.dump());
  CHECK(site.post(city, kApi + "/indicators", made.body).status == 409);
  auto edited = site.post(city, kApi + "/indicators/registrations", {{"label_vi", "Nông dân đăng ký mới"}, {"label_en", "New farmers"},
                                                                      {"measure", "farmers_registered"}, {"active_from", std::stoi(year)}});
  REQUIRE_MESSAGE(edited.status == 200, edited.body.dump());
  CHECK(site.audits("indicator.add") == 1);
  CHECK(site.audits("indicator.edit") == 1);

  // A target for it, through the dashboard's targets call; one for a year before it counts is refused.
  auto target = site.post(city, "/api/v1/dash/targets", {{"unit_id", "vn-31-313"}, {"year", std::stoi(year)}, {"indicator", "registrations"}, {"target", 4}});
  REQUIRE_MESSAGE(target.status == 200, target.body.dump());
  CHECK(site.post(city, "/api/v1/dash/targets", {{"unit_id", "vn-31-313"}, {"year", std::stoi(year) - 1}, {"indicator", "registrations"},
                                                 {"target", 4}}).status == 422);
  CHECK(site.post(city, "/api/v1/dash/targets", {{"unit_id", "vn-31-313"}, {"year", std::stoi(year)}, {"indicator", "nothing"},
                                                 {"target", 4}}).status == 422);
  auto trail = site.get(city, kApi + "/audit");
  CHECK(trail.body["audit"][0]["action"] == "target.set");
  CHECK(trail.body["audit"][0]["detail"]["after"]["target"] == 4);
  CHECK(trail.body["audit"][0]["detail"]["before"].is_null());

  // A farmer registered at An Lão's kiosk counts towards it.
  std::string kiosk_id;
  const std::string credential = site.centre.enrol_kiosk("po-an-lao", &kiosk_id);
  const Clock id_clock;
  IdGenerator ids(id_clock);
  const std::string farmer = ids.next();
  json ev = test::event(ids.next(), 1, "farmer.registered", farmer,
                        {{"id", farmer}, {"member_code", "HPM-T-1"}, {"name", "Đỗ Văn An"}, {"phone", "0912000111"},
                         {"commune", ""}, {"district", ""}, {"branch", ""}, {"cooperative", ""}, {"created_at", Clock().now()}});
  ev["kiosk_time_ms"] = Clock().now();
  auto pushed = site.centre.post("/api/v1/push", credential, test::batch({ev}));
  REQUIRE_MESSAGE(pushed.status == 200, pushed.body.dump());
  auto o = site.get(city, "/api/v1/dash/overview?unit=vn-31-313");
  REQUIRE_MESSAGE(o.status == 200, o.body.dump());
  bool seen = false;
  for (const auto& u : o.body["by_unit"])
    for (const auto& t : u["targets"])
      if (t["indicator"] == "registrations") {
        seen = true;
        CHECK(t["target"] == 4);
        CHECK(t["actual"] == 1);
      }
  CHECK(seen);
}

TEST_CASE("farmers: found and corrected within the staff member's scope only") {
  Site site("manage_farmers");
  site.add_staff("city", "city");
  site.add_staff("anlao.pm", "post_office", "", "po-an-lao");
  site.add_staff("other.pm", "post_office", "", "po-an-duong");
  Session city = site.sign_in("city"), pm = site.sign_in("anlao.pm"), other = site.sign_in("other.pm");

  std::string kiosk_id;
  const std::string credential = site.centre.enrol_kiosk("po-an-lao", &kiosk_id);
  const Clock id_clock;
  IdGenerator ids(id_clock);
  const std::string farmer = ids.next();
  auto pushed = site.centre.post("/api/v1/push", credential, test::batch({test::event(ids.next(), 1, "farmer.registered", farmer,
      {{"id", farmer}, {"member_code", "HPM-T-2"}, {"name", "Nguyễn Thị Lành"}, {"phone", "0912000222"}, {"commune", ""},
       {"district", ""}, {"branch", ""}, {"cooperative", ""}, {"created_at", 1}})}));
  REQUIRE_MESSAGE(pushed.status == 200, pushed.body.dump());

  auto mine = site.get(pm, kApi + "/farmers?q=lanh");  // accent-insensitive
  REQUIRE(mine.status == 200);
  REQUIRE(mine.body["farmers"].size() == 1);
  CHECK(mine.body["farmers"][0]["post_office_id"] == "po-an-lao");
  CHECK(site.get(other, kApi + "/farmers?q=lanh").body["farmers"].empty());
  CHECK(site.get(city, kApi + "/farmers?q=0912000222").body["farmers"].size() == 1);

  // Another post office's manager cannot edit them: unknown to them, nothing changes.
  CHECK(site.post(other, kApi + "/farmers/" + farmer, {{"phone", "0912999999"}}).status == 404);
  CHECK(site.post(pm, kApi + "/farmers/" + farmer, {{"phone", "12345"}}).status == 400);
  CHECK(site.post(pm, kApi + "/farmers/" + farmer, {{"phone", 912000333}}).status == 400);
  CHECK(site.post(pm, kApi + "/farmers/" + farmer, json::object()).status == 400);
  CHECK(site.count("SELECT count(*) FROM farmers WHERE phone = '0912000222'") == 1);

  const auto changes = site.count("SELECT count(*) FROM changes WHERE entity = 'farmer'");
  auto ok = site.post(pm, kApi + "/farmers/" + farmer, {{"phone", "0912000333"}, {"cooperative", " HTX Rau an toàn An Lão "}});
  REQUIRE_MESSAGE(ok.status == 200, ok.body.dump());
  CHECK(ok.body["cooperative"] == "HTX Rau an toàn An Lão");
  CHECK(site.count("SELECT count(*) FROM farmers WHERE phone = '0912000333'") == 1);
  CHECK(site.count("SELECT count(*) FROM changes WHERE entity = 'farmer'") == changes + 1);  // kiosks get the correction
  CHECK(site.audits("farmer.edit") == 1);
  // The trail is the city's and the administrator's.
  CHECK(site.get(pm, kApi + "/audit").status == 403);
  auto trail = site.get(city, kApi + "/audit?limit=1");
  REQUIRE(trail.status == 200);
  CHECK(trail.body["audit"][0]["detail"]["before"]["phone"] == "0912000222");
  CHECK(trail.body["audit"][0]["detail"]["after"]["phone"] == "0912000333");
  CHECK(site.get(city, kApi + "/audit?limit=abc").status == 400);
}
