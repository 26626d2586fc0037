// The protocol's bodies against a real store: what goes up, and what an answer does to the
// outbox and the local records (docs/PROTOCOL.md, version 1).
#include <doctest/doctest.h>

#include "kiosk/store/store.hpp"
#include "kiosk/sync/http.hpp"
#include "kiosk/sync/wire.hpp"
#include "shared/ids.hpp"
#include "tests/support/test_support.hpp"

using namespace hp;
using namespace hp::sync;
using nlohmann::json;

namespace {

constexpr UtcMillis kNow = 1'795'849'500'000;

struct Kiosk {
  explicit Kiosk(const std::string& tag) : dir(tag), clock([this] { return now; }), ids(clock) {
    auto s = store::Store::open(dir.file("kiosk.db"));
    REQUIRE(s.has_value());
    store.emplace(std::move(*s));
  }
  test::TempDir dir;
  UtcMillis now = kNow;
  Clock clock;
  IdGenerator ids;
  std::optional<store::Store> store;

  void register_farmer(const std::string& name, const std::string& phone, const std::string& code) {
    store::NewFarmer f{.id = ids.next(), .member_code = code, .name = name, .phone = phone, .commune = "Đặng Cương",
                       .district = "An Dương", .branch = "", .cooperative = "", .created_at = now};
    REQUIRE(store->register_farmer(f, ids.next()).has_value());
  }
};

}  // namespace

TEST_CASE("a push batch carries each event's id, seq, kind, schema version, kiosk time and payload") {
  Kiosk k("sync_wire_push_body");
  k.register_farmer("Nguyễn Văn An", "0912345678", "HPM0000001");
  k.register_farmer("Lê Thị Bình", "0912345679", "HPM0000002");
  auto events = k.store->unsent_events(500);
  REQUIRE(events->size() == 2);
  auto body = wire::push_body(*events);
  REQUIRE(body.has_value());
  const json& list = (*body)["events"];
  REQUIRE(list.size() == 2);
  CHECK(list[0]["id"] == (*events)[0].id);
  CHECK(list[0]["seq"] == 1);
  CHECK(list[1]["seq"] == 2);
  CHECK(list[0]["kind"] == "farmer.registered");
  CHECK(list[0]["schema_version"] == 1);
  CHECK(list[0]["entity_id"] == (*events)[0].entity_id);
  CHECK(list[0]["kiosk_time_ms"] == kNow);
  CHECK(list[0]["payload"]["name"] == "Nguyễn Văn An");
  CHECK(list[0]["payload"]["phone"] == "0912345678");
}

TEST_CASE("a push answer acknowledges 200 and 201, dead-letters 4xx, and leaves the rest unsent") {
  Kiosk k("sync_wire_push_answer");
  for (int i = 0; i < 4; ++i) k.register_farmer("Nông dân " + std::to_string(i), "091234567" + std::to_string(i), "HPM000000" + std::to_string(i));
  auto events = *k.store->unsent_events(500);
  const json answer = {{"results",
                        {{{"id", events[0].id}, {"status", 201}},
                         {{"id", events[1].id}, {"status", 200}},
                         {{"id", events[2].id},
                          {"status", 422},
                          {"error", {{"code", "event.bad_payload"}, {"message", "phone missing"}}}},
                         {{"id", "not-one-of-ours"}, {"status", 201}}}},
                       {"stored", 1},
                       {"server_time_ms", kNow + 42}};
  auto parsed = wire::parse_push_answer(answer.dump(), events);
  REQUIRE(parsed.has_value());
  CHECK(parsed->server_time == kNow + 42);
  REQUIRE(parsed->outcomes.size() == 3);  // the fourth event was not answered for
  REQUIRE(k.store->settle_events(parsed->outcomes, kNow).has_value());
  auto unsent = *k.store->unsent_events(500);
  REQUIRE(unsent.size() == 1);
  CHECK(unsent[0].seq == events[3].seq);
  auto dead = *k.store->dead_letters(10);
  REQUIRE(dead.size() == 1);
  CHECK(dead[0].code == "event.bad_payload");
  CHECK(dead[0].reason == "phone missing");

  CHECK(wire::parse_push_answer("<html>502 Bad Gateway</html>", events).error().code == "sync.bad_answer");
  CHECK(wire::parse_push_answer(R"({"results": [{"status": 201}]})", events).error().code == "sync.bad_answer");
}

TEST_CASE("an error body gives its stable code; a body without one gives the HTTP status") {
  auto e = wire::error_of(401, R"({"error": {"code": "auth.revoked", "message": "credential revoked"}})");
  CHECK(e.code == "auth.revoked");
  CHECK(e.detail.find("credential revoked") != std::string::npos);
  CHECK(wire::error_of(503, "Service Unavailable").code == "http.503");
}

TEST_CASE("the pull request carries the cursor and the kiosk's state report") {
  wire::KioskReport r{.app_version = "0.1.0", .unsent = 3, .oldest_unsent_at = kNow - 10'000, .kiosk_time = kNow,
                      .devices = {{"scale", "ok"}, {"printer", "paper_low"}}};
  const json b = wire::pull_body("c-9", 500, r);
  CHECK(b["cursor"] == "c-9");
  CHECK(b["limit"] == 500);
  CHECK(b["state"]["app_version"] == "0.1.0");
  CHECK(b["state"]["unsent_count"] == 3);
  CHECK(b["state"]["oldest_unsent_ms"] == kNow - 10'000);
  CHECK(b["state"]["kiosk_time_ms"] == kNow);
  CHECK(b["state"]["devices"]["printer"] == "paper_low");
  r.oldest_unsent_at.reset();
  const json first = wire::pull_body("", 500, r);
  CHECK(first["cursor"].is_null());
  CHECK(first["state"]["oldest_unsent_ms"].is_null());
}

TEST_CASE("a pull answer becomes one batch: records, flags and cursor applied together") {
  Kiosk k("sync_wire_pull");
  k.register_farmer("Trần Thị Bình", "0987654321", "HPM0000001");
  const json answer = {
      {"cursor", "k7:1290"}, {"reset", true}, {"more", false}, {"server_time_ms", kNow + 50},
      {"clock_offset_ms", -50}, {"clock_warning", false},
      {"changes",
       {{{"entity", "admin_unit"}, {"id", "d-ad"}, {"data", {{"id", "d-ad"}, {"kind", "district"}, {"name", "An Dương"}, {"parent_id", nullptr}, {"active", true}}}},
        {{"entity", "product"}, {"id", "p1"},
         {"data", {{"id", "p1"}, {"sku", "CA-CHUA"}, {"name_vi", "Cà chua"}, {"name_en", "Tomato"}, {"unit", "kg"},
                   {"gtin", nullptr}, {"image", ""}, {"prices", {{{"grade", "A"}, {"price_vnd", 22000}}}}}}},
        {{"entity", "farmer"}, {"id", "f-there"},
         {"data", {{"id", "f-there"}, {"member_code", "HPM0000002"}, {"name", "Trần Thị Bình"}, {"phone", "0987654321"},
                   {"commune", ""}, {"district", ""}, {"branch", ""}, {"cooperative", ""}, {"created_at", kNow},
                   {"duplicate_of", nullptr}}}},
        {{"entity", "order"}, {"id", "o1"},
         {"data", {{"id", "o1"}, {"post_office_id", "po-ad"}, {"external_ref", "SHOP-1"}, {"pickup_code", "PK7H3N8P5RT9"},
                   {"buyer_name", "Đặng Văn Long"}, {"buyer_phone", "0911223344"}, {"status", "ready"},
                   {"cash_on_delivery", true}, {"amount_due_vnd", 59000}, {"total_vnd", 59000}, {"shelf", "K1-01"},
                   {"created_at", kNow}, {"hold_until", kNow + 86'400'000},
                   {"items", {{{"name", "Cà chua"}, {"quantity_text", "2 kg"}, {"amount_vnd", 44000}},
                              {{"name", "Bắp cải"}, {"quantity_text", "1,25 kg"}, {"amount_vnd", 15000}}}},
                   {"review", "collected_after_cancel"}}}},
        {{"entity", "post_office"}, {"id", "po-ad"}, {"data", {{"id", "po-ad"}, {"name", "Bưu cục An Dương"}}}}}}};
  auto parsed = wire::parse_pull_answer(answer.dump());
  REQUIRE_MESSAGE(parsed.has_value(), (parsed ? "" : parsed.error().detail));
  CHECK(parsed->reset);
  CHECK_FALSE(parsed->more);
  CHECK(parsed->clock_offset_ms == -50);
  CHECK(parsed->unknown_entities == 1);
  auto applied = k.store->apply_pull(parsed->batch, kNow);
  REQUIRE_MESSAGE(applied.has_value(), (applied ? "" : applied.error().detail));
  CHECK(k.store->sync_record()->pull_cursor == "k7:1290");
  auto o = k.store->order_by_pickup_code("PK7H3N8P5RT9");
  REQUIRE(o->has_value());
  CHECK((*o)->amount_due == 59000);
  CHECK((*o)->cash_on_delivery);
  REQUIRE((*o)->items.size() == 2);
  CHECK((*o)->items[1].quantity_text == "1,25 kg");
  CHECK(k.store->products()->front().prices.front().price == 22000);
  // The pulled farmer with the local farmer's phone is kept, and flagged; the review too.
  CHECK(k.store->search_farmers("0987654321", 10)->size() == 2);
  auto flags = *k.store->sync_flags(10);
  CHECK(flags.size() == 2);
}

TEST_CASE("a pull answer with one unreadable record applies nothing") {
  Kiosk k("sync_wire_pull_bad");
  const json answer = {{"cursor", "k7:2"}, {"more", false},
                       {"changes", {{{"entity", "order"}, {"id", "o1"}, {"data", {{"id", "o1"}, {"pickup_code", "PK1"}, {"status", "lost"}}}}}}};
  auto parsed = wire::parse_pull_answer(answer.dump());
  REQUIRE_FALSE(parsed.has_value());
  CHECK(parsed.error().code == "sync.bad_answer");
  CHECK(wire::parse_pull_answer(R"({"changes": []})").error().code == "sync.bad_answer");  // no cursor
  CHECK(k.store->sync_record()->pull_cursor.empty());
}

TEST_CASE("the centre's URL must be https with an optional port") {
  auto e = parse_url("https://127.0.0.1:8443");
  REQUIRE(e.has_value());
  CHECK(e->host == "127.0.0.1");
  CHECK(e->port == 8443);
  CHECK(parse_url("https://centre.example/")->port == 443);
  CHECK(parse_url("http://127.0.0.1:8443").error().code == "sync.bad_url");
  CHECK(parse_url("https://127.0.0.1:99999").error().code == "sync.bad_url");
  CHECK(parse_url("https://127.0.0.1:8443/api").error().code == "sync.bad_url");
  CHECK(parse_url("https://").error().code == "sync.bad_url");
}

TEST_CASE("a pulled farmer_balance is stored and sets what may be paid out (docs/cash.md)") {
  Kiosk k("sync_wire_balance");
  const json answer = {
      {"cursor", "k7:3"}, {"more", false},
      {"changes", {{{"entity", "farmer_balance"}, {"id", "f-1"},
                    {"data", {{"farmer_id", "f-1"}, {"sold_value_vnd", 440000}, {"paid_vnd", 150000}, {"balance_vnd", 290000},
                              {"as_of", kNow}, {"paid_through", {{"kiosk-a", 7}}}}}}}}};
  auto parsed = wire::parse_pull_answer(answer.dump());
  REQUIRE_MESSAGE(parsed.has_value(), (parsed ? "" : parsed.error().detail));
  CHECK(parsed->unknown_entities == 0);
  REQUIRE(parsed->batch.balances.size() == 1);
  CHECK(parsed->batch.balances[0].paid_through.at("kiosk-a") == 7);
  auto applied = k.store->apply_pull(parsed->batch, kNow);
  REQUIRE(applied.has_value());
  CHECK(applied->balances == 1);
  auto room = k.store->payout_room("f-1");
  REQUIRE(room.has_value());
  REQUIRE(room->pulled);
  CHECK(room->pulled->sold_value == 440000);
  CHECK(room->available == 290000);
}

TEST_CASE("a pulled agent is stored with its rate; one without a whole rate refuses the answer") {
  Kiosk k("sync_wire_pull_agent");
  const json agent = {{"id", "ag-1"}, {"post_office_id", "po-ad"}, {"code", "DL-0007"}, {"name", "Lê Văn Hùng"},
                      {"phone", "0912345670"}, {"commission_bp", 450}, {"disabled", false}};
  const json answer = {{"cursor", "k7:3"}, {"more", false}, {"changes", {{{"entity", "agent"}, {"id", "ag-1"}, {"data", agent}}}}};
  auto parsed = wire::parse_pull_answer(answer.dump());
  REQUIRE_MESSAGE(parsed.has_value(), (parsed ? "" : parsed.error().detail));
  REQUIRE(parsed->batch.agents.size() == 1);
  REQUIRE(k.store->apply_pull(parsed->batch, kNow));
  auto a = k.store->agent_by_code("DL-0007");
  REQUIRE(a);
  REQUIRE(*a);
  CHECK((*a)->commission_bp == 450);
  CHECK((*a)->name == "Lê Văn Hùng");

  json bad = agent;
  bad["commission_bp"] = "4.5%";
  const json bad_answer = {{"cursor", "k7:4"}, {"more", false}, {"changes", {{{"entity", "agent"}, {"id", "ag-1"}, {"data", bad}}}}};
  auto refused = wire::parse_pull_answer(bad_answer.dump());
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code == "sync.bad_answer");
  CHECK(refused.error().detail.find("commission_bp") != std::string::npos);
}
