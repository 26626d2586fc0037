// Sales agents in the store (docs/agents.md): the centre's records as pulled, and the drop-offs
// an agent brought, with the commission checked against the rate before anything is written.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "tests/unit/store/store_fixture.hpp"

using namespace hp;
using namespace hp::store;
using namespace hp::store::testing;

namespace {

Agent agent(std::string id, std::string code, std::int64_t bp, bool disabled = false) {
  return Agent{.id = std::move(id), .code = std::move(code), .name = "Lê Văn Hùng", .phone = "0912345670",
               .commission_bp = bp, .disabled = disabled};
}

}  // namespace

TEST_CASE("agents from the centre: kept by code, a rate out of range refused with nothing changed, a reissued code moves") {
  Fixture fx("agents-pull");
  Store st = fx.open();
  Store::PullBatch b;
  b.cursor = "c:1";
  b.agents = {agent("a1", " dl-0001 ", 500), agent("a2", "DL-0002", 0, true)};
  auto applied = st.apply_pull(b, fx.now);
  REQUIRE(applied);
  CHECK(applied->agents == 2);
  auto found = st.agent_by_code("DL-0001");
  REQUIRE(found);
  REQUIRE(*found);
  CHECK((*found)->id == "a1");
  CHECK((*found)->commission_bp == 500);
  auto active = st.agents();
  REQUIRE(active);
  REQUIRE(active->size() == 1);  // the disabled one is not offered
  CHECK(active->front().code == "DL-0001");

  // A rate above 30 % is a centre's error: the whole batch is refused, its cursor not saved.
  Store::PullBatch bad;
  bad.cursor = "c:2";
  bad.agents = {agent("a1", "DL-0001", 700), agent("a3", "DL-0003", 3'001)};
  auto refused = st.apply_pull(bad, fx.now);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code == "sync.bad_batch");
  CHECK((*st.agent_by_code("DL-0001"))->commission_bp == 500);
  CHECK_FALSE(*st.agent_by_code("DL-0003"));
  CHECK(st.sync_record()->pull_cursor == "c:1");

  // The centre gave DL-0001 to another agent: the old holder no longer answers to it.
  Store::PullBatch moved;
  moved.cursor = "c:3";
  moved.agents = {agent("a4", "DL-0001", 250)};
  REQUIRE(st.apply_pull(moved, fx.now));
  CHECK((*st.agent_by_code("DL-0001"))->id == "a4");
  CHECK(count_rows(st, "agents") == 2);
}

TEST_CASE("an agent's drop-off stores the credit and sends it; a commission that is not the rate's is refused") {
  Fixture fx("agents-dropoff");
  Store st = fx.open();
  const Farmer f = add_farmer(st, fx.ids, "Nguyễn Văn An", "0912000001", "HPM7K2M9QX4B");
  const Product p = add_product(st, fx.ids, "CA-CHUA", "Cà chua");
  DropOff d = drop_off(fx.ids, f, {kg_item(fx.ids, p, 10'800'000, 800'000, 22'000, "LOT-A1")});
  REQUIRE(d.total == 220'000);
  d.agent = AgentCredit{.agent_id = "a1", .code = "DL-0001", .name = "Lê Văn Hùng", .visit_id = "v1",
                        .commission_bp = 350, .commission = 7'701};  // 3,5 % of 220.000 is 7.700
  const Counts before = counts(st);
  auto wrong = st.commit_drop_off(d, fx.ids.next(), jobs_for(fx.ids, d.id, 2));
  REQUIRE_FALSE(wrong);
  CHECK(wrong.error().code == "dropoff.invalid");
  CHECK(counts(st) == before);

  d.agent->commission = commission_of(d.total, 350);
  CHECK(d.agent->commission == 7'700);
  REQUIRE(st.commit_drop_off(d, fx.ids.next(), jobs_for(fx.ids, d.id, 2)));
  auto back = st.drop_off_by_id(d.id);
  REQUIRE(back);
  REQUIRE(*back);
  REQUIRE((*back)->agent);
  CHECK((*back)->agent->code == "DL-0001");
  CHECK((*back)->agent->visit_id == "v1");
  CHECK((*back)->agent->commission == 7'700);
  auto ev = st.unsent_events(10);
  REQUIRE(ev);
  const auto payload = nlohmann::json::parse(ev->back().payload);
  CHECK(payload["agent_id"] == "a1");
  CHECK(payload["agent_visit_id"] == "v1");
  CHECK(payload["agent_commission_bp"] == 350);
  CHECK(payload["agent_commission"] == 7'700);

  // The visit has not printed its summary: it is the one to take up again.
  auto open = st.unfinished_visit();
  REQUIRE(open);
  REQUIRE(open->size() == 1);
  CHECK(open->front().id == d.id);
  REQUIRE(st.add_print_job({.id = fx.ids.next(), .kind = PrintKind::AgentSummary, .ref_id = "v1", .payload = "summary",
                            .copy = false},
                           fx.now));
  CHECK(st.unfinished_visit()->empty());
}
