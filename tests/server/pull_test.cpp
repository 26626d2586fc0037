// Pull: scope by post office, cursors that never skip, snapshots for unknown cursors, the
// state report, and the conflict rules the centre applies.
#include <doctest/doctest.h>

#include <map>
#include <set>
#include <thread>

#include "shared/demo/demo_records.hpp"
#include "tests/support/server_process.hpp"

using namespace hp::test;
using nlohmann::json;

namespace {

json order_body(const std::string& ref, const std::string& po) {
  return {{"external_ref", ref},
          {"post_office_id", po},
          {"buyer_name", "Ngô Thị Mai"},
          {"buyer_phone", "0901234567"},
          {"cash_on_delivery", true},
          {"amount_due_vnd", 44000},
          {"items", json::array({{{"name", "Cà chua"}, {"quantity_text", "2 kg"}, {"amount_vnd", 44000}}})}};
}

std::map<std::string, json> latest(const std::vector<json>& changes, const std::string& entity) {
  std::map<std::string, json> out;
  for (const auto& ch : changes)
    if (ch["entity"] == entity) out[ch["id"].get<std::string>()] = ch["data"];
  return out;
}

}  // namespace

TEST_CASE("a kiosk pulls its own post office's orders, the catalogue, farmers and units, and nothing else") {
  Centre c("pull_scope");
  const std::string a = c.enrol_kiosk("po-an-duong");
  const std::string b = c.enrol_kiosk("po-an-lao");
  CHECK(c.admin({"post-offices"}).json(0)["id"] == "po-an-duong");
  const std::string key = c.api_key("shop");
  REQUIRE(c.post("/api/v1/orders", key, order_body("B-1", "po-an-lao")).status == 201);

  const auto pa = pull_all(c, a, nullptr, 7);
  CHECK(pa.reset);
  const auto orders_a = latest(pa.changes, "order");
  CHECK(orders_a.size() == hp::demo::kReadyOrders + 1);
  std::set<std::string> codes;
  for (const auto& [id, o] : orders_a) {
    CHECK(o["post_office_id"] == "po-an-duong");
    codes.insert(o["pickup_code"].get<std::string>());
  }
  CHECK(codes.contains("PK7H3N8P5RT9"));
  CHECK(orders_a.at(hp::demo::orders(0).back().id)["status"] == "collected");
  bool tomato = false;
  for (const auto& [id, p] : latest(pa.changes, "product")) {
    if (p["sku"] != "CA-CHUA") continue;
    tomato = true;
    // Each product's shelf life, set at the centre, for the counters' stock warnings.
    CHECK(p["shelf_life_days"] == 5);
    CHECK(p["shelf_warn_days"] == 2);
  }
  CHECK(tomato);
  bool card = false;
  for (const auto& [id, f] : latest(pa.changes, "farmer")) card = card || f["member_code"] == "HPM7K2M9QX4A";
  CHECK(card);
  CHECK(latest(pa.changes, "admin_unit").size() == hp::demo::admin_units().size());
  const auto offices = latest(pa.changes, "post_office");
  REQUIRE(offices.size() == 1);
  CHECK(offices.begin()->first == "po-an-duong");

  const auto pb = pull_all(c, b, nullptr);
  const auto orders_b = latest(pb.changes, "order");
  REQUIRE(orders_b.size() == 1);
  CHECK(orders_b.begin()->second["external_ref"] == "B-1");

  // Kiosk B cannot write A's orders either.
  hp::Clock clock;
  hp::IdGenerator ids(clock);
  const auto order = hp::demo::orders(0).front();
  const std::string pickup = ids.next();
  auto r = c.post("/api/v1/push", b,
                  batch({event(ids.next(), 1, "pickup.recorded", pickup,
                               {{"id", pickup}, {"order_id", order.id}, {"pickup_code", order.pickup_code},
                                {"method", "cash"}, {"amount_paid", order.amount_due}, {"collected_at", 1}})}));
  REQUIRE(r.status == 200);
  CHECK(r.body["results"][0]["status"] == 403);
  CHECK(r.body["results"][0]["error"]["code"] == "scope.other_post_office");
  CHECK(c.events().empty());
  const auto again = pull_all(c, a, pa.cursor);
  CHECK(again.changes.empty());
}

TEST_CASE("a cursor never skips a change; an unknown cursor gets a snapshot") {
  Centre c("pull_cursor");
  const std::string a = c.enrol_kiosk("po-an-duong");
  const std::string key = c.api_key("shop");
  const auto first = pull_all(c, a, nullptr, 10);
  REQUIRE(first.status == 200);
  const auto nothing = pull_all(c, a, first.cursor);
  CHECK_FALSE(nothing.reset);
  CHECK(nothing.changes.empty());
  CHECK(nothing.cursor == first.cursor);

  // Changes made between pulls, paged one at a time: every one arrives, in order.
  std::vector<std::string> made;
  for (int i = 0; i < 5; ++i) {
    auto o = c.post("/api/v1/orders", key, order_body("R-" + std::to_string(i), "po-an-duong"));
    REQUIRE(o.status == 201);
    made.push_back(o.body["id"].get<std::string>());
  }
  REQUIRE(c.post("/api/v1/orders/" + made[2] + "/cancel", key, {{"reason", "buyer"}}).status == 200);
  const auto next = pull_all(c, a, first.cursor, 1);
  CHECK_FALSE(next.reset);
  REQUIRE(next.changes.size() == 6);
  for (int i = 0; i < 5; ++i) CHECK(next.changes[static_cast<std::size_t>(i)]["id"] == made[static_cast<std::size_t>(i)]);
  CHECK(next.changes[5]["id"] == made[2]);
  CHECK(next.changes[5]["data"]["status"] == "cancelled");

  const std::string epoch = first.cursor.substr(0, first.cursor.find(':'));
  for (const json& bad : {json("garbage"), json("other-epoch:5"), json(epoch + ":999999")}) {
    auto snap = pull_all(c, a, bad, 1000);
    CHECK(snap.reset);
    const auto orders = latest(snap.changes, "order");
    CHECK(orders.size() == hp::demo::kReadyOrders + 1 + 5);
    CHECK(orders.at(made[2])["status"] == "cancelled");
    // A snapshot holds each record once, at its newest.
    std::set<std::string> seen;
    for (const auto& ch : snap.changes) CHECK(seen.insert(ch["entity"].get<std::string>() + ch["id"].get<std::string>()).second);
  }
  // Another server's cursor (another database) is unknown there too.
  Centre other("pull_cursor_other");
  const std::string o = other.enrol_kiosk("po-an-duong");
  CHECK(pull_all(other, o, first.cursor).reset);
  CHECK(c.post("/api/v1/pull", a, {{"limit", 0}}).status == 400);
}

TEST_CASE("the state report is written only when it changes; a clock 5 minutes off is warned") {
  Centre c("pull_state");
  std::string kiosk_id;
  const std::string a = c.enrol_kiosk("po-an-duong", &kiosk_id);
  auto now = [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
  json state = {{"app_version", "0.1.0"},
                {"unsent_count", 2},
                {"oldest_unsent_ms", now() - 1000},
                {"devices", {{"scale", "ok"}, {"printer", "ok"}}}};
  state["kiosk_time_ms"] = now();
  auto r = c.post("/api/v1/pull", a, {{"state", state}, {"limit", 1}});
  REQUIRE(r.status == 200);
  CHECK(r.body["clock_warning"] == false);
  auto k1 = c.admin({"kiosks"}).json(0);
  CHECK(k1["state"]["unsent_count"] == 2);
  CHECK(k1["state"]["devices"]["scale"] == "ok");
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  state["kiosk_time_ms"] = now();
  REQUIRE(c.post("/api/v1/pull", a, {{"state", state}, {"limit", 1}}).status == 200);
  CHECK(c.admin({"kiosks"}).json(0)["state_at"] == k1["state_at"]);

  state["devices"]["printer"] = "paper_out";
  state["kiosk_time_ms"] = now() + 6 * 60 * 1000;
  auto off = c.post("/api/v1/pull", a, {{"state", state}, {"limit", 1}});
  REQUIRE(off.status == 200);
  CHECK(off.body["clock_warning"] == true);
  CHECK(off.body["clock_offset_ms"].get<std::int64_t>() > 5 * 60 * 1000);
  auto k2 = c.admin({"kiosks"}).json(0);
  CHECK(k2["state"]["devices"]["printer"] == "paper_out");
  CHECK(k2["state"]["clock_offset_s"].get<std::int64_t>() >= 359);
}

TEST_CASE("a pickup recorded offline for an order cancelled meanwhile is stored and flagged") {
  Centre c("pull_conflict");
  const std::string a = c.enrol_kiosk("po-an-duong");
  const std::string key = c.api_key("shop");
  auto made = c.post("/api/v1/orders", key, order_body("C-1", "po-an-duong"));
  REQUIRE(made.status == 201);
  const std::string order_id = made.body["id"].get<std::string>();
  const auto before = pull_all(c, a, nullptr);
  REQUIRE(c.post("/api/v1/orders/" + order_id + "/cancel", key, json::object()).status == 200);

  hp::Clock clock;
  hp::IdGenerator ids(clock);
  const std::string pickup = ids.next();
  const json ev = event(ids.next(), 1, "pickup.recorded", pickup,
                        {{"id", pickup}, {"order_id", order_id}, {"pickup_code", made.body["pickup_code"]},
                         {"method", "cash"}, {"amount_paid", 44000}, {"collected_at", 1733100000000}});
  auto r = c.post("/api/v1/push", a, batch({ev}));
  REQUIRE(r.status == 200);
  CHECK(r.body["results"][0]["status"] == 201);
  CHECK(c.events().size() == 1);
  auto status = c.get("/api/v1/orders/" + order_id, key);
  CHECK(status.body["status"] == "cancelled");
  CHECK(status.body["review"] == "collected_after_cancel");
  const auto after = pull_all(c, a, before.cursor);
  const auto orders = latest(after.changes, "order");
  REQUIRE(orders.contains(order_id));
  CHECK(orders.at(order_id)["review"] == "collected_after_cancel");

  // A normal pickup marks a ready order collected for the platform.
  const auto demo_order = hp::demo::orders(0).front();
  const std::string p2 = ids.next();
  REQUIRE(c.post("/api/v1/push", a,
                 batch({event(ids.next(), 2, "pickup.recorded", p2,
                              {{"id", p2}, {"order_id", demo_order.id}, {"collected_at", 1733100000001}})}))
              .body["stored"] == 1);
  const auto last = pull_all(c, a, after.cursor);
  CHECK(latest(last.changes, "order").at(demo_order.id)["status"] == "collected");
}
