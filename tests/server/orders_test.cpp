// Order intake for the e-commerce platform: idempotent by external_ref, cancellation, status.
#include <doctest/doctest.h>

#include "shared/codes/kiosk_codes.hpp"
#include "tests/support/server_process.hpp"

using namespace hp::test;
using nlohmann::json;

namespace {

json order_body(const std::string& ref) {
  return {{"external_ref", ref},
          {"post_office_id", "po-an-duong"},
          {"buyer_name", "Trần Văn Bình"},
          {"buyer_phone", "0912223344"},
          {"cash_on_delivery", true},
          {"amount_due_vnd", 59000},
          {"items", json::array({{{"name", "Cà chua"}, {"quantity_text", "2 kg"}, {"amount_vnd", 44000}},
                                 {{"name", "Bắp cải"}, {"quantity_text", "1,25 kg"}, {"amount_vnd", 15000}}})}};
}

}  // namespace

TEST_CASE("the same external_ref returns the same order; a changed body is a 422") {
  Centre c("orders_idem");
  const std::string key = c.api_key("shop");
  auto first = c.post("/api/v1/orders", key, order_body("SHOP-1"));
  REQUIRE(first.status == 201);
  CHECK(hp::is_uuid(first.body["id"].get<std::string>()));
  CHECK(hp::codes::parse_kiosk_code(first.body["pickup_code"].get<std::string>(), hp::codes::KioskCodeKind::pickup)
            .has_value());
  CHECK(first.body["status"] == "ready");
  auto again = c.post("/api/v1/orders", key, order_body("SHOP-1"));
  CHECK(again.status == 200);
  CHECK(again.body["id"] == first.body["id"]);
  CHECK(again.body["pickup_code"] == first.body["pickup_code"]);
  json changed = order_body("SHOP-1");
  changed["amount_due_vnd"] = 60000;
  auto conflict = c.post("/api/v1/orders", key, changed);
  CHECK(conflict.status == 422);
  CHECK(conflict.body["error"]["code"] == "order.external_ref_reused");
  // Another platform's SHOP-1 is its own order.
  auto other = c.post("/api/v1/orders", c.api_key("market"), order_body("SHOP-1"));
  CHECK(other.status == 201);
  CHECK(other.body["id"] != first.body["id"]);

  auto by_ref = c.get("/api/v1/orders?external_ref=SHOP-1", key);
  REQUIRE(by_ref.status == 200);
  CHECK(by_ref.body["id"] == first.body["id"]);
  CHECK(by_ref.body["status"] == "ready");
}

TEST_CASE("invalid orders get a clear 4xx and create nothing") {
  Centre c("orders_bad");
  const std::string key = c.api_key("shop");
  const std::string kiosk = c.enrol_kiosk("po-an-duong");
  auto code = [](const Reply& r) { return r.body["error"]["code"].get<std::string>(); };
  json unknown_po = order_body("X-1");
  unknown_po["post_office_id"] = "po-nowhere";
  CHECK(code(c.post("/api/v1/orders", key, unknown_po)) == "order.unknown_post_office");
  json no_items = order_body("X-2");
  no_items["items"] = json::array();
  CHECK(c.post("/api/v1/orders", key, no_items).status == 422);
  json prepaid_due = order_body("X-3");
  prepaid_due["cash_on_delivery"] = false;
  CHECK(code(c.post("/api/v1/orders", key, prepaid_due)) == "order.invalid");
  json phone = order_body("X-4");
  phone["buyer_phone"] = "09-12";
  CHECK(c.post("/api/v1/orders", key, phone).status == 422);
  json missing = order_body("X-5");
  missing.erase("buyer_name");
  CHECK(code(c.post("/api/v1/orders", key, missing)) == "request.missing_field");
  json wrong_type = order_body("X-6");
  wrong_type["amount_due_vnd"] = "59000";
  CHECK(code(c.post("/api/v1/orders", key, wrong_type)) == "request.malformed");
  CHECK(c.post_raw("/api/v1/orders", key, "not json").status == 400);
  CHECK(c.post("/api/v1/orders", "hpa_wrong", order_body("X-7")).status == 401);
  CHECK(code(c.post("/api/v1/orders", kiosk, order_body("X-8"))) == "auth.wrong_kind");
  for (int i = 1; i <= 8; ++i)
    CHECK(c.get("/api/v1/orders?external_ref=X-" + std::to_string(i), key).status == 404);
  // Nothing reached the kiosk beyond the demo's orders.
  const auto pulled = pull_all(c, kiosk, nullptr);
  int orders = 0;
  for (const auto& ch : pulled.changes) orders += ch["entity"] == "order";
  CHECK(orders == 21);
}

TEST_CASE("cancellation and status: ready, collected, cancelled; another platform sees nothing") {
  Centre c("orders_cancel");
  const std::string key = c.api_key("shop");
  const std::string kiosk = c.enrol_kiosk("po-an-duong");
  auto a = c.post("/api/v1/orders", key, order_body("S-1"));
  auto b = c.post("/api/v1/orders", key, order_body("S-2"));
  REQUIRE(a.status == 201);
  REQUIRE(b.status == 201);
  const std::string ida = a.body["id"].get<std::string>(), idb = b.body["id"].get<std::string>();
  CHECK(c.get("/api/v1/orders/" + ida, key).body["status"] == "ready");

  auto cancel = c.post("/api/v1/orders/" + ida + "/cancel", key, {{"reason", "buyer"}});
  CHECK(cancel.status == 200);
  CHECK(cancel.body["status"] == "cancelled");
  CHECK(c.post("/api/v1/orders/" + ida + "/cancel", key, json::object()).status == 200);
  CHECK(c.get("/api/v1/orders/" + ida, key).body["status"] == "cancelled");

  hp::Clock clock;
  hp::IdGenerator ids(clock);
  const std::string p = ids.next();
  REQUIRE(c.post("/api/v1/push", kiosk,
                 batch({event(ids.next(), 1, "pickup.recorded", p,
                              {{"id", p}, {"order_id", idb}, {"collected_at", 1733100000000}})}))
              .body["stored"] == 1);
  auto collected = c.get("/api/v1/orders/" + idb, key);
  CHECK(collected.body["status"] == "collected");
  CHECK(collected.body["collected_at"] == 1733100000000);
  auto late = c.post("/api/v1/orders/" + idb + "/cancel", key, json::object());
  CHECK(late.status == 409);
  CHECK(late.body["error"]["code"] == "order.not_cancellable");
  CHECK(c.get("/api/v1/orders/" + idb, key).body["status"] == "collected");

  // Returned: the counter sends the parcel back.
  auto r = c.post("/api/v1/orders", key, order_body("S-3"));
  const std::string idr = r.body["id"].get<std::string>();
  REQUIRE(c.post("/api/v1/push", kiosk,
                 batch({event(ids.next(), 2, "order.returned", idr, {{"order_id", idr}, {"returned_at", 5}})}))
              .body["stored"] == 1);
  CHECK(c.get("/api/v1/orders/" + idr, key).body["status"] == "returned");

  const std::string other = c.api_key("market");
  CHECK(c.get("/api/v1/orders/" + ida, other).status == 404);
  CHECK(c.post("/api/v1/orders/" + idb + "/cancel", other, json::object()).status == 404);
  CHECK(c.get("/api/v1/orders/01924f80-0000-7000-8000-999999999999", key).status == 404);
  auto not_an_id = c.get("/api/v1/orders/not-an-id", key);
  CHECK(not_an_id.status == 404);
  CHECK(not_an_id.body["error"]["code"] == "order.not_found");
}
