// Sales agents at the centre (docs/agents.md): made, re-rated and disabled with
// `kiosk-server admin agent`, sent to every kiosk without their phone numbers; the report
// credits each with the drop-offs kiosks recorded for them (voids left out, a retried push
// counted once) and the orders they sold that were collected, and a dashboard user sees only
// the credit earned at the post offices in their scope.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "shared/money.hpp"
#include "tests/support/dash_session.hpp"
#include "tests/support/server_process.hpp"

using namespace hp;
using namespace hp::test;
using nlohmann::json;

namespace {

json order_with_agent(const std::string& ref, const json& agent_code) {
  json o = {{"external_ref", ref},     {"post_office_id", "po-an-duong"}, {"buyer_name", "Ngô Thị Mai"},
            {"buyer_phone", "0901234567"}, {"cash_on_delivery", false},   {"amount_due_vnd", 0},
            {"items", {{{"name", "Gạo ST25"}, {"quantity_text", "5 kg"}, {"amount_vnd", 150000}}}}};
  if (!agent_code.is_null()) o["agent_code"] = agent_code;
  return o;
}

// A drop-off credited to an agent, as the kiosk's outbox sends it.
json agent_dropoff(IdGenerator& ids, std::int64_t seq, const std::string& farmer_id, const json& agent, std::int64_t bp) {
  json e = dropoff_event(ids, seq, farmer_id);
  json& p = e["payload"];
  p["agent_id"] = agent["id"];
  p["agent_code"] = agent["code"];
  p["agent_visit_id"] = "visit-1";
  p["agent_commission_bp"] = bp;
  p["agent_commission"] = commission_of(p["total"].get<Dong>(), bp);
  return e;
}

json credit_of(const AdminRun& r, const std::string& code) {
  for (const auto& l : r.lines) {
    json j = json::parse(l);
    if (j["code"] == code) return j;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("agents: made and re-rated at the centre, pulled by kiosks without phones, credited with drop-offs and orders") {
  Centre c("agents");
  // Bad input changes nothing.
  CHECK(c.admin({"agent", "add", "--code", "DL-12", "--name", "Hùng", "--phone", "0912345670", "--commission-bp", "500"})
            .exit_code == 1);
  CHECK(c.admin({"agent", "add", "--code", "DL-0001", "--name", "Hùng", "--phone", "0912345670", "--commission-bp", "3001"})
            .exit_code == 1);
  CHECK(c.admin({"agent", "add", "--code", "DL-0001", "--name", "Hùng", "--phone", "12", "--commission-bp", "500"})
            .exit_code == 1);
  CHECK(c.admin({"agent", "add", "--code", "DL-0001", "--name", " ", "--phone", "0912345670", "--commission-bp", "500"})
            .exit_code == 1);
  CHECK(c.admin({"agent", "add", "--code", "DL-0001", "--name", "Hùng", "--phone", "0912345670", "--commission-bp", "5%"})
            .exit_code == 1);
  auto none = c.admin({"agent", "list"});
  REQUIRE(none.exit_code == 0);
  CHECK(none.lines.empty());

  auto hung = c.admin({"agent", "add", "--code", "DL-0001", "--name", "Lê Văn Hùng", "--phone", "0912345670",
                       "--commission-bp", "500"});
  REQUIRE_MESSAGE(hung.exit_code == 0, hung.err);
  const json a1 = hung.json(0);
  CHECK(a1["code"] == "DL-0001");
  auto mai = c.admin({"agent", "add", "--code", "dl-0002", "--name", "Đỗ Thị Mai", "--phone", "0987654321",
                      "--commission-bp", "350"});
  REQUIRE_MESSAGE(mai.exit_code == 0, mai.err);
  const json a2 = mai.json(0);
  CHECK(a2["code"] == "DL-0002");  // the code as printed on the card
  auto taken = c.admin({"agent", "add", "--code", "DL-0001", "--name", "Người Khác", "--phone", "0900000000",
                        "--commission-bp", "100"});
  CHECK(taken.exit_code == 1);
  CHECK(taken.err.find("agent.code_taken") != std::string::npos);
  CHECK(c.admin({"agent", "rate", "--code", "DL-9999", "--commission-bp", "100"}).exit_code == 1);
  CHECK(c.admin({"agent", "rate", "--code", "DL-0001", "--commission-bp", "-1"}).exit_code == 1);

  // Every kiosk gets them, without the phone; a new rate follows.
  const std::string kiosk = c.enrol_kiosk("po-an-duong");
  auto agents_pulled = [&](const json& cursor) {
    std::map<std::string, json> out;
    auto pulled = pull_all(c, kiosk, cursor);
    for (const auto& ch : pulled.changes)
      if (ch["entity"] == "agent") out[ch["data"]["code"].get<std::string>()] = ch["data"];
    return std::pair(out, pulled.cursor);
  };
  auto [first, cursor] = agents_pulled(nullptr);
  REQUIRE(first.size() == 2);
  CHECK(first["DL-0001"]["commission_bp"] == 500);
  CHECK_FALSE(first["DL-0001"].contains("phone"));
  auto rated = c.admin({"agent", "rate", "--code", "DL-0001", "--commission-bp", "650"});
  REQUIRE_MESSAGE(rated.exit_code == 0, rated.err);
  auto [next, _] = agents_pulled(cursor);
  REQUIRE(next.size() == 1);
  CHECK(next["DL-0001"]["commission_bp"] == 650);
  CHECK(c.dash_audit_text().find("agent.rate") != std::string::npos);

  // Drop-offs: two farmers' by DL-0001 at the rate the visit started with (500), a third
  // voided, and a farmer's own; the batch pushed twice.
  Clock clock;
  IdGenerator ids(clock);
  const json d1 = agent_dropoff(ids, 1, "farmer-1", a1, 500);
  const json d2 = agent_dropoff(ids, 2, "farmer-2", a1, 500);
  const json d3 = agent_dropoff(ids, 3, "farmer-1", a1, 500);
  const json own = dropoff_event(ids, 4, "farmer-3");
  const json void3 = event(ids.next(), 5, "dropoff.voided", d3["entity_id"],
                           {{"id", ids.next()}, {"drop_off_id", d3["entity_id"]}, {"reason", "cân nhầm"},
                            {"approved_by", "supervisor-1"}, {"voided_at", 1733100000900}});
  const json b = batch({d1, d2, d3, own, void3});
  auto pushed = c.post("/api/v1/push", kiosk, b);
  REQUIRE(pushed.status == 200);
  REQUIRE_MESSAGE(pushed.body["stored"] == 5, pushed.body.dump());
  auto again = c.post("/api/v1/push", kiosk, b);  // the answer lost, the batch sent again
  REQUIRE(again.status == 200);
  CHECK(again.body["stored"] == 0);

  // Orders: DL-0002 sold two, one collected; a malformed agent code is refused.
  const std::string shop = c.api_key("shop");
  CHECK(c.post("/api/v1/orders", shop, order_with_agent("AG-BAD", "DL-12")).status == 422);
  CHECK(c.post("/api/v1/orders", shop, order_with_agent("AG-BAD2", 7)).status == 400);
  auto o1 = c.post("/api/v1/orders", shop, order_with_agent("AG-1", "dl-0002"));
  auto o2 = c.post("/api/v1/orders", shop, order_with_agent("AG-2", "DL-0002"));
  REQUIRE(o1.status == 201);
  REQUIRE(o2.status == 201);
  const std::string p = ids.next();
  REQUIRE(c.post("/api/v1/push", kiosk,
                 batch({event(ids.next(), 6, "pickup.recorded", p,
                              {{"id", p}, {"order_id", o1.body["id"]}, {"collected_at", 1733100000000}})}))
              .status == 200);

  auto report = c.admin({"agent", "report", "--from", "2024-12-01", "--to", "2024-12-31"});
  REQUIRE_MESSAGE(report.exit_code == 0, report.err);
  const json r1 = credit_of(report, "DL-0001"), r2 = credit_of(report, "DL-0002");
  REQUIRE(r1.is_object());
  REQUIRE(r2.is_object());
  CHECK(r1["commission_bp"] == 650);  // the rate now
  CHECK(r1["drop_offs"] == 2);
  CHECK(r1["farmers"] == 2);
  CHECK(r1["dropoff_value_vnd"] == 440000);
  CHECK(r1["commission_vnd"] == 2 * commission_of(220000, 500));  // at the visit's rate
  CHECK(r1["orders_collected"] == 0);
  CHECK(r2["drop_offs"] == 0);
  CHECK(r2["orders_collected"] == 1);
  CHECK(r2["order_sales_vnd"] == 150000);
  // Another period: nothing credited, every agent still listed.
  auto empty = c.admin({"agent", "report", "--from", "2025-01-01", "--to", "2025-01-31"});
  REQUIRE(empty.exit_code == 0);
  CHECK(empty.lines.size() == 2);
  CHECK(credit_of(empty, "DL-0001")["drop_offs"] == 0);

  // The dashboard: the city sees the credit; another post office's manager sees none of it.
  add_staff(c, "city.officer", "city");
  add_staff(c, "lao.manager", "post_office", {"--post-office", "po-an-lao"});
  const Dash city(c, "city.officer");
  auto seen = city.get("/api/v1/dash/agents?from=2024-12-01&to=2024-12-31");
  REQUIRE(seen.status == 200);
  REQUIRE(seen.body["agents"].size() == 2);
  CHECK(seen.body["agents"][0]["code"] == "DL-0001");
  CHECK(seen.body["agents"][0]["commission_vnd"] == r1["commission_vnd"]);
  CHECK_FALSE(seen.body["agents"][0].contains("phone"));
  const Dash lao(c, "lao.manager");
  auto theirs = lao.get("/api/v1/dash/agents?from=2024-12-01&to=2024-12-31");
  REQUIRE(theirs.status == 200);
  CHECK(theirs.body["agents"][0]["drop_offs"] == 0);
  CHECK(theirs.body["agents"][1]["orders_collected"] == 0);
  CHECK(lao.get("/api/v1/dash/agents?post_office=po-an-duong").status == 403);
  CHECK(city.get("/api/v1/dash/agents?from=2024-13-01").status == 400);

  // Disabled: kiosks learn it, and the credit already earned stays.
  REQUIRE(c.admin({"agent", "disable", "--code", "DL-0001"}).exit_code == 0);
  auto [after, __] = agents_pulled(cursor);
  CHECK(after["DL-0001"]["disabled"] == true);
  CHECK(credit_of(c.admin({"agent", "report", "--from", "2024-12-01", "--to", "2024-12-31"}), "DL-0001")["drop_offs"] == 2);
}
