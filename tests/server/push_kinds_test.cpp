// The kinds issue 10 adds at the drop-off side (docs/PROTOCOL.md): a void of a drop-off,
// and a farmer's registration with the CCCD number and the VietGAP certificate. A real
// kiosk-server over loopback HTTPS; the CCCD is kept with the event and never published.
#include <doctest/doctest.h>

#include "tests/support/server_process.hpp"

using namespace hp::test;
using nlohmann::json;

namespace {

const std::string kFarmer = "01924f80-0000-7000-8000-200000000001";

json void_event(hp::IdGenerator& ids, std::int64_t seq, const json& dropoff) {
  const std::string drop_off_id = dropoff["entity_id"].get<std::string>();
  return event(ids.next(), seq, "dropoff.voided", drop_off_id,
               {{"id", ids.next()},
                {"drop_off_id", drop_off_id},
                {"number", "PN-2026-000001"},
                {"farmer_id", kFarmer},
                {"total", dropoff["payload"].value("total", 0)},
                {"created_at", dropoff["payload"].value("created_at", 0)},
                {"reason", "Nhầm nông dân"},
                {"clerk_id", "clerk-1"},
                {"approved_by", "supervisor-1"},
                {"voided_at", 1795850060000}});
}

json farmer_event(hp::IdGenerator& ids, std::int64_t seq, const std::string& phone, json extra) {
  const std::string f = ids.next();
  json p = {{"id", f}, {"member_code", "HPM33333333X"}, {"name", "Ngô Văn Tâm"}, {"phone", phone},
            {"created_at", 1795850000000}};
  p.update(extra);
  return event(ids.next(), seq, "farmer.registered", f, p);
}

}  // namespace

TEST_CASE("a void of a drop-off is stored as its own event; a void without its reason, approver or id is refused") {
  Centre c("push_void");
  const std::string token = c.enrol_kiosk("po-an-duong");
  hp::Clock clock;
  hp::IdGenerator ids(clock);
  const json d = dropoff_event(ids, 1, kFarmer);
  const json good = void_event(ids, 2, d);
  json no_reason = void_event(ids, 3, d);
  no_reason["payload"].erase("reason");
  json no_approver = void_event(ids, 4, d);
  no_approver["payload"]["approved_by"] = "";
  json mismatch = void_event(ids, 5, d);
  mismatch["entity_id"] = ids.next();
  json bad_time = void_event(ids, 6, d);
  bad_time["payload"]["voided_at"] = "soon";
  auto r = c.post("/api/v1/push", token, batch({d, good, no_reason, no_approver, mismatch, bad_time}));
  REQUIRE(r.status == 200);
  const auto& res = r.body["results"];
  REQUIRE(res.size() == 6);
  CHECK(res[0]["status"] == 201);
  CHECK(res[1]["status"] == 201);
  for (int i = 2; i < 6; ++i) {
    CAPTURE(i);
    CHECK(res[i]["status"] == 422);
    CHECK(res[i]["error"]["code"] == "event.bad_payload");
  }
  // Both stored, the drop-off as it was: a void never changes the event it voids.
  const auto events = c.events();
  REQUIRE(events.size() == 2);
  CHECK(events[0]["kind"] == "dropoff.committed");
  CHECK(events[1]["kind"] == "dropoff.voided");
  CHECK(events[1]["entity_id"] == d["entity_id"]);
  // Sent again: acknowledged, stored once.
  auto again = c.post("/api/v1/push", token, batch({good}));
  REQUIRE(again.status == 200);
  CHECK(again.body["duplicates"] == 1);
  CHECK(c.events().size() == 2);
}

TEST_CASE("a farmer's CCCD is checked for form, kept with the event and never published to kiosks") {
  Centre c("push_cccd");
  const std::string token = c.enrol_kiosk("po-an-duong");
  const std::string other = c.enrol_kiosk("po-an-lao");
  hp::Clock clock;
  hp::IdGenerator ids(clock);
  const json good = farmer_event(ids, 1, "0911444555", {{"citizen_id", "031085001234"}, {"vietgap", "VietGAP-42"}});
  const json short_id = farmer_event(ids, 2, "0911444556", {{"citizen_id", "03108500123"}});
  const json bad_province = farmer_event(ids, 3, "0911444557", {{"citizen_id", "097085001234"}});
  const json letters = farmer_event(ids, 4, "0911444558", {{"citizen_id", "03108500123A"}});
  const json bad_vietgap = farmer_event(ids, 5, "0911444559", {{"vietgap", 42}});
  const json without = farmer_event(ids, 6, "0911444560", json::object());
  auto r = c.post("/api/v1/push", token, batch({good, short_id, bad_province, letters, bad_vietgap, without}));
  REQUIRE(r.status == 200);
  const auto& res = r.body["results"];
  REQUIRE(res.size() == 6);
  CHECK(res[0]["status"] == 201);
  for (int i = 1; i < 5; ++i) {
    CAPTURE(i);
    CHECK(res[i]["status"] == 422);
    CHECK(res[i]["error"]["code"] == "event.bad_payload");
  }
  CHECK(res[5]["status"] == 201);
  // The refusal does not repeat the number it refused.
  CHECK(r.body.dump().find("03108500123") == std::string::npos);
  CHECK(r.body.dump().find("097085001234") == std::string::npos);

  const auto events = c.events();
  REQUIRE(events.size() == 2);
  // The farmer reaches every kiosk, without the CCCD.
  const auto pulled = pull_all(c, other, nullptr);
  REQUIRE(pulled.status == 200);
  bool seen = false;
  for (const auto& ch : pulled.changes) {
    if (ch["entity"] != "farmer" || ch["id"] != good["entity_id"]) continue;
    seen = true;
    CHECK(ch["data"]["name"] == "Ngô Văn Tâm");
    CHECK_FALSE(ch["data"].contains("citizen_id"));
  }
  CHECK(seen);
  CHECK(pulled.changes.size() > 0);
  for (const auto& ch : pulled.changes) CHECK(ch.dump().find("031085001234") == std::string::npos);
}
