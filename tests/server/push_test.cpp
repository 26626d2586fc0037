// Push: exactly once, per-event refusals that block nothing, whole-batch refusals that store
// nothing.
#include <doctest/doctest.h>

#include <map>
#include <set>

#include "shared/demo/demo_records.hpp"
#include "tests/support/server_process.hpp"

using namespace hp::test;
using nlohmann::json;

namespace {

const std::string kFarmer = "01924f80-0000-7000-8000-200000000001";

std::map<std::string, int> count_by_id(const std::vector<json>& events) {
  std::map<std::string, int> n;
  for (const auto& e : events) ++n[e["id"].get<std::string>()];
  return n;
}

}  // namespace

TEST_CASE("a batch sent twice and overlapping batches store each event once") {
  Centre c("push_once");
  std::string kiosk_id;
  const std::string token = c.enrol_kiosk("po-an-duong", &kiosk_id);
  hp::Clock clock;
  hp::IdGenerator ids(clock);
  std::vector<json> all;
  for (int i = 1; i <= 30; ++i) all.push_back(dropoff_event(ids, i, kFarmer));

  const std::vector<json> first(all.begin(), all.begin() + 20);
  auto r1 = c.post("/api/v1/push", token, batch(first));
  REQUIRE(r1.status == 200);
  CHECK(r1.body["stored"] == 20);
  for (const auto& r : r1.body["results"]) CHECK(r["status"] == 201);
  auto again = c.post("/api/v1/push", token, batch(first));
  REQUIRE(again.status == 200);
  CHECK(again.body["stored"] == 0);
  CHECK(again.body["duplicates"] == 20);
  for (std::size_t i = 0; i < first.size(); ++i) {
    CHECK(again.body["results"][i]["id"] == first[i]["id"]);
    CHECK(again.body["results"][i]["status"] == 200);
  }
  // Overlap: 10..29, with one event twice in the same batch.
  std::vector<json> overlap(all.begin() + 10, all.end());
  overlap.push_back(all.back());
  auto r2 = c.post("/api/v1/push", token, batch(overlap));
  REQUIRE(r2.status == 200);
  CHECK(r2.body["stored"] == 10);
  CHECK(r2.body["duplicates"] == 11);

  const auto events = c.events();
  CHECK(events.size() == 30);
  for (const auto& [id, n] : count_by_id(events)) CHECK(n == 1);
  for (std::size_t i = 0; i < events.size(); ++i) {
    CHECK(events[i]["id"] == all[i]["id"]);  // the centre's receipt order
    CHECK(events[i]["kiosk_id"] == kiosk_id);
    CHECK(events[i]["kind"] == "dropoff.committed");
    CHECK(events[i]["entity_id"] == all[i]["entity_id"]);
    CHECK(events[i]["kiosk_seq"] == all[i]["seq"]);
  }
}

TEST_CASE("a batch mixing kinds is stored in its order, text of any kind intact") {
  // Runs of drop-offs go in as one statement on PostgreSQL (text arrays): quotes, backslashes,
  // braces and commas in a payload must survive, and a farmer between two runs keeps its place.
  Centre c("push_mixed");
  const std::string token = c.enrol_kiosk("po-an-duong");
  hp::Clock clock;
  hp::IdGenerator ids(clock);
  json d1 = dropoff_event(ids, 1, kFarmer);
  d1["payload"]["clerk"] = R"(Lê "Bé" \ {a,b} NULL)";
  const json d2 = dropoff_event(ids, 2, kFarmer);
  const std::string f = ids.next();
  const json farmer = event(ids.next(), 3, "farmer.registered", f,
                            {{"id", f}, {"member_code", "HPM33333333X"}, {"name", "Đỗ \"Tư\""}, {"phone", "0911444555"},
                             {"created_at", 1733100000000}});
  const json d3 = dropoff_event(ids, 4, kFarmer);
  auto r = c.post("/api/v1/push", token, batch({d1, d2, farmer, d3, d1}));
  REQUIRE(r.status == 200);
  CHECK(r.body["stored"] == 4);
  CHECK(r.body["duplicates"] == 1);
  const std::vector<int> want{201, 201, 201, 201, 200};
  for (std::size_t i = 0; i < want.size(); ++i) CHECK(r.body["results"][i]["status"] == want[i]);
  const auto events = c.events();
  REQUIRE(events.size() == 4);
  const std::vector<json> order{d1, d2, farmer, d3};
  for (std::size_t i = 0; i < order.size(); ++i) CHECK(events[i]["id"] == order[i]["id"]);
  // The same batch again: every event acknowledged, none stored twice.
  auto again = c.post("/api/v1/push", token, batch({d1, d2, farmer, d3}));
  REQUIRE(again.status == 200);
  CHECK(again.body["duplicates"] == 4);
  CHECK(c.events().size() == 4);
}

TEST_CASE("a refused event gets a 4xx with a reason and never blocks the others") {
  Centre c("push_refuse");
  const std::string token = c.enrol_kiosk("po-an-duong");
  hp::Clock clock;
  hp::IdGenerator ids(clock);
  const json good1 = dropoff_event(ids, 1, kFarmer);
  json unknown_kind = dropoff_event(ids, 2, kFarmer);
  unknown_kind["kind"] = "drop.off";
  json bad_payload = dropoff_event(ids, 3, kFarmer);
  bad_payload["payload"].erase("items");
  json new_schema = dropoff_event(ids, 4, kFarmer);
  new_schema["schema_version"] = 2;
  json bad_id = dropoff_event(ids, 5, kFarmer);
  bad_id["id"] = "not-a-uuid";
  json mismatch = dropoff_event(ids, 6, kFarmer);
  mismatch["entity_id"] = ids.next();
  const json not_object = "event";
  const json good2 = dropoff_event(ids, 7, kFarmer);
  auto r = c.post("/api/v1/push", token,
                  batch({good1, unknown_kind, bad_payload, new_schema, bad_id, mismatch, not_object, good2}));
  REQUIRE(r.status == 200);
  const auto& res = r.body["results"];
  REQUIRE(res.size() == 8);
  CHECK(res[0]["status"] == 201);
  CHECK(res[1]["status"] == 422);
  CHECK(res[1]["error"]["code"] == "event.unknown_kind");
  CHECK(res[2]["status"] == 422);
  CHECK(res[2]["error"]["code"] == "event.bad_payload");
  CHECK(res[3]["status"] == 422);
  CHECK(res[3]["error"]["code"] == "event.unknown_schema");
  CHECK(res[4]["status"] == 400);
  CHECK(res[4]["error"]["code"] == "event.malformed");
  CHECK(res[5]["error"]["code"] == "event.bad_payload");
  CHECK(res[6]["status"] == 400);
  CHECK(res[7]["status"] == 201);
  CHECK(r.body["refused"] == 6);
  for (const auto& x : res)
    if (x["status"].get<int>() >= 400) CHECK_FALSE(x["error"]["message"].get<std::string>().empty());
  const auto events = c.events();
  REQUIRE(events.size() == 2);
  CHECK(events[0]["id"] == good1["id"]);
  CHECK(events[1]["id"] == good2["id"]);
}

TEST_CASE("bad batches are refused whole with a clear 4xx and store nothing") {
  Centre c("push_bad");
  const std::string token = c.enrol_kiosk("po-an-duong");
  hp::Clock clock;
  hp::IdGenerator ids(clock);
  auto code_of = [](const Reply& r) { return r.body["error"]["code"].get<std::string>(); };

  auto malformed = c.post_raw("/api/v1/push", token, "{\"events\": [");
  CHECK(malformed.status == 400);
  CHECK(code_of(malformed) == "request.malformed");
  CHECK(c.post("/api/v1/push", token, json::object()).status == 400);
  CHECK(c.post("/api/v1/push", token, batch({})).status == 400);
  CHECK(c.post("/api/v1/push", token, json::array()).status == 400);
  auto type = c.post_raw("/api/v1/push", token, batch({dropoff_event(ids, 1, kFarmer)}).dump(), "text/plain");
  CHECK(type.status == 415);
  std::vector<json> many;
  for (int i = 1; i <= 1001; ++i) many.push_back(dropoff_event(ids, i, kFarmer));
  auto big = c.post("/api/v1/push", token, batch(many));
  CHECK(big.status == 413);
  CHECK(code_of(big) == "push.batch_too_large");
  // Over 8 MiB: refused before it is parsed.
  json huge = dropoff_event(ids, 1, kFarmer);
  huge["payload"]["clerk"] = std::string(9u << 20, 'x');
  auto oversized = c.post("/api/v1/push", token, batch({huge}));
  CHECK(oversized.status == 413);
  CHECK(code_of(oversized) == "request.too_large");
  auto version = c.post("/api/v2/push", token, batch({dropoff_event(ids, 1, kFarmer)}));
  CHECK(version.status == 404);
  CHECK(code_of(version) == "api.unknown_version");

  CHECK(c.events().empty());
  CHECK(c.get("/healthz", "").status == 200);
}

TEST_CASE("a farmer registered at two counters with the same phone is kept twice and flagged") {
  Centre c("push_farmers");
  const std::string a = c.enrol_kiosk("po-an-duong");
  const std::string b = c.enrol_kiosk("po-an-lao");
  hp::Clock clock;
  hp::IdGenerator ids(clock);
  auto farmer = [&](const std::string& id, const std::string& code) {
    return event(ids.next(), 1, "farmer.registered", id,
                 {{"id", id}, {"member_code", code}, {"name", "Phạm Văn Tâm"}, {"phone", "0911222333"},
                  {"commune", "An Hòa"}, {"district", "An Dương"}, {"branch", ""}, {"cooperative", ""},
                  {"created_at", 1733100000000}});
  };
  const std::string fa = ids.next(), fb = ids.next();
  REQUIRE(c.post("/api/v1/push", a, batch({farmer(fa, "HPM11111111X")})).body["stored"] == 1);
  REQUIRE(c.post("/api/v1/push", b, batch({farmer(fb, "HPM22222222X")})).body["stored"] == 1);
  // A demo farmer a demo kiosk pushes again is not a duplicate.
  const auto demo_farmer = hp::demo::farmers(0).front();
  REQUIRE(c.post("/api/v1/push", a,
                 batch({farmer(demo_farmer.id, demo_farmer.member_code)}))
              .body["stored"] == 1);

  const auto pulled = pull_all(c, a, nullptr);
  std::map<std::string, json> farmers;
  for (const auto& ch : pulled.changes)
    if (ch["entity"] == "farmer") farmers[ch["id"].get<std::string>()] = ch["data"];
  CHECK(farmers.size() == 10);  // the demo's eight and both new ones
  REQUIRE(farmers.contains(fa));
  REQUIRE(farmers.contains(fb));
  CHECK(farmers[fa]["duplicate_of"].is_null());
  CHECK(farmers[fb]["duplicate_of"] == fa);
  CHECK(farmers[demo_farmer.id]["duplicate_of"].is_null());
}
