// Packages at the centre (docs/packages.md, PROTOCOL.md 3.3): an order with labelled packages,
// a check-in that notifies the buyer once, a pickup carrying the labels, refusals and the
// signature, and bad payloads refused with a 422 that change nothing.
#include <doctest/doctest.h>

#include "shared/base64.hpp"
#include "tests/support/server_process.hpp"

using namespace hp::test;
using nlohmann::json;

namespace {

// From tests/vectors/upu_s10.json.
const std::string kA = "EE876543216CA";
const std::string kB = "HB123456785AD";

json order_body(const std::string& ref, json packages) {
  return {{"external_ref", ref},
          {"post_office_id", "po-an-duong"},
          {"buyer_name", "Trần Văn Bình"},
          {"buyer_phone", "0912223344"},
          {"cash_on_delivery", true},
          {"amount_due_vnd", 59000},
          {"items", json::array({{{"name", "Cà chua"}, {"quantity_text", "2 kg"}, {"amount_vnd", 44000}},
                                 {{"name", "Bắp cải"}, {"quantity_text", "1,25 kg"}, {"amount_vnd", 15000}}})},
          {"packages", std::move(packages)}};
}

json checked_in(const std::string& id, std::int64_t seq, const std::string& code, const std::string& order_id) {
  return event(id, seq, "package.checked_in", code,
               {{"code", code}, {"order_id", order_id}, {"shelf", "A-01"}, {"checked_in_at", 1733100000000},
                {"hold_until", 1733700000000}});
}

}  // namespace

TEST_CASE("packages: intake checks labels; a check-in notifies the buyer once; a pickup keeps its signature") {
  Centre c("packages");
  const std::string key = c.api_key("shop");
  // A label with a wrong check digit, a label twice, an item line the order has not: 422.
  CHECK(c.post("/api/v1/orders", key, order_body("P-0", json::array({{{"code", "EB000717594HK"}}}))).status == 422);
  CHECK(c.post("/api/v1/orders", key, order_body("P-0", json::array({{{"code", kA}}, {{"code", kA}}}))).status == 422);
  CHECK(c.post("/api/v1/orders", key, order_body("P-0", json::array({{{"code", kA}, {"items", {5}}}}))).status == 422);
  auto made = c.post("/api/v1/orders", key,
                     order_body("P-1", json::array({{{"code", "ee 876543216ca"}, {"items", {0}}},
                                                    {{"code", kB}, {"items", {1}}}})));
  REQUIRE(made.status == 201);
  const std::string order_id = made.body["id"].get<std::string>();
  auto view = c.get("/api/v1/orders?external_ref=P-1", key);
  REQUIRE(view.status == 200);
  REQUIRE(view.body["packages"].size() == 2);
  CHECK(view.body["packages"][0]["code"] == kA);  // made canonical

  const std::string token = c.enrol_kiosk("po-an-duong");
  hp::Clock clock;
  hp::IdGenerator ids(clock);
  const json in_a = checked_in(ids.next(), 1, kA, order_id);
  json no_shelf = checked_in(ids.next(), 2, kB, order_id);
  no_shelf["payload"].erase("shelf");
  auto r = c.post("/api/v1/push", token, batch({in_a, no_shelf}));
  REQUIRE(r.status == 200);
  CHECK(r.body["results"][0]["status"] == 201);
  CHECK(r.body["results"][1]["status"] == 422);
  CHECK(r.body["results"][1]["error"]["code"] == "event.bad_payload");
  // Sent again (a retry): held already, and still one message for the buyer.
  auto again = c.post("/api/v1/push", token, batch({in_a}));
  CHECK(again.body["results"][0]["status"] == 200);
  auto notes = c.admin({"notifications"});
  REQUIRE(notes.exit_code == 0);
  REQUIRE(notes.lines.size() == 1);
  const json n = notes.json(0);
  CHECK(n["package"] == kA);
  CHECK(n["phone"] == "0912223344");
  CHECK(n["sent_at"].is_null());
  view = c.get("/api/v1/orders?external_ref=P-1", key);
  CHECK(view.body["packages"][0]["status"] == "checked_in");
  CHECK(view.body["packages"][0]["shelf"] == "A-01");
  CHECK_FALSE(view.body["packages"][1].contains("status"));  // its event was refused: nothing changed

  // A pickup with a refusal and the signature; a damaged signature or reason is refused.
  const std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + "rest of a picture";
  auto pickup = [&](std::int64_t seq, json extra) {
    const std::string pid = ids.next();
    json payload = {{"id", pid},
                    {"order_id", order_id},
                    {"method", "cash"},
                    {"amount_paid", 44000},
                    {"collected_at", 1733100500000},
                    {"packages", {kA}},
                    {"refused_packages", {kB}},
                    {"refusals", json::array({{{"line", 1}, {"reason", "damaged"}, {"amount", 15000}}})},
                    {"signature_png_base64", hp::base64_encode(png)}};
    for (auto& [k, v] : extra.items()) payload[k] = v;
    return event(ids.next(), seq, "pickup.recorded", pid, payload);
  };
  auto bad = c.post("/api/v1/push", token,
                    batch({pickup(3, {{"signature_png_base64", "not base64!"}}),
                           pickup(4, {{"refusals", json::array({{{"line", 1}, {"reason", "too expensive"}}})}}),
                           pickup(5, {{"refusals", json::array({{{"line", 1}, {"reason", "other"}}})}})}));
  REQUIRE(bad.status == 200);
  for (const auto& x : bad.body["results"]) {
    CHECK(x["status"] == 422);
    CHECK(x["error"]["code"] == "event.bad_payload");
  }
  view = c.get("/api/v1/orders?external_ref=P-1", key);
  CHECK(view.body["status"] == "ready");

  const json good_event = pickup(6, json::object());
  auto good = c.post("/api/v1/push", token, batch({good_event}));
  REQUIRE(good.status == 200);
  CHECK(good.body["results"][0]["status"] == 201);
  view = c.get("/api/v1/orders?external_ref=P-1", key);
  CHECK(view.body["status"] == "collected");
  CHECK(view.body["packages"][0]["status"] == "handed_over");
  CHECK(view.body["packages"][1]["status"] == "refused");
  CHECK(view.body["refusals"][0]["reason"] == "damaged");
  // The signature is kept with the event, as the kiosk sent it.
  auto kept = c.admin({"event", "--id", good_event["id"].get<std::string>()});
  REQUIRE(kept.exit_code == 0);
  REQUIRE(kept.lines.size() == 1);
  CHECK(kept.json(0)["signature_png_base64"] == hp::base64_encode(png));

  // The refused package goes back: its return is recorded at the centre too.
  auto ret = c.post("/api/v1/push", token,
                    batch({event(ids.next(), 7, "package.returned", kB,
                                 {{"code", kB}, {"order_id", order_id}, {"reason", "refused"}, {"returned_at", 1733200000000}}),
                           event(ids.next(), 8, "package.returned", kB,
                                 {{"code", kB}, {"order_id", order_id}, {"reason", "lost"}, {"returned_at", 1733200000000}})}));
  REQUIRE(ret.status == 200);
  CHECK(ret.body["results"][0]["status"] == 201);
  CHECK(ret.body["results"][1]["status"] == 422);
  view = c.get("/api/v1/orders?external_ref=P-1", key);
  CHECK(view.body["packages"][1]["status"] == "returned");
}
