// The counter's stock events (docs/stock.md, PROTOCOL.md 3.2 lot.moved, stock.counted): the
// centre keeps what is well formed and refuses, one by one, what is not.
#include <doctest/doctest.h>

#include "tests/support/server_process.hpp"

using namespace hp::test;
using nlohmann::json;

namespace {

json lot_moved(hp::IdGenerator& ids, std::int64_t seq, const std::string& kind, const std::string& shelf) {
  const std::string id = ids.next();
  return event(id, seq, "lot.moved", id,
               {{"id", id}, {"lot_id", ids.next()}, {"lot_code", "HPL0000000001X"}, {"kind", kind}, {"shelf", shelf},
                {"reason", kind == "written_off" ? "spoiled" : ""}, {"clerk_id", "NV-0001"}, {"approved_by", ""},
                {"at", 1733100000000}});
}

json stock_counted(hp::IdGenerator& ids, std::int64_t seq, const std::string& reason) {
  const std::string id = ids.next();
  return event(id, seq, "stock.counted", id,
               {{"id", id},
                {"clerk_id", "NV-0001"},
                {"at", 1733100000000},
                {"lots_held", 3},
                {"lots_counted", 2},
                {"differences", json::array({{{"lot_code", "HPL0000000001X"}, {"kind", "missing"}, {"expected_mg", 12000000},
                                              {"counted_mg", 0}, {"reason", reason}, {"note", ""}}})}});
}

}  // namespace

TEST_CASE("lot moves and stock counts are stored; a bad kind or reason is refused and stores nothing") {
  Centre c("stock_push");
  const std::string token = c.enrol_kiosk("po-an-duong");
  hp::Clock clock;
  hp::IdGenerator ids(clock);
  const std::vector<json> events{lot_moved(ids, 1, "shelved", "K2-05"), lot_moved(ids, 2, "written_off", ""),
                                 stock_counted(ids, 3, "spoiled"),
                                 // Refused, each alone:
                                 lot_moved(ids, 4, "eaten", ""), lot_moved(ids, 5, "shelved", ""),
                                 stock_counted(ids, 6, "lost_it")};
  auto r = c.post("/api/v1/push", token, batch(events));
  REQUIRE(r.status == 200);
  CHECK(r.body["stored"] == 3);
  const auto& results = r.body["results"];
  REQUIRE(results.size() == 6);
  for (int i = 0; i < 3; ++i) CHECK(results[i]["status"] == 201);
  for (int i = 3; i < 6; ++i) {
    CHECK(results[i]["status"] == 422);
    CHECK(results[i]["error"]["code"] == "event.bad_payload");
  }
  const auto stored = c.events();
  REQUIRE(stored.size() == 3);
  CHECK(stored[0]["kind"] == "lot.moved");
  CHECK(stored[2]["kind"] == "stock.counted");
}
