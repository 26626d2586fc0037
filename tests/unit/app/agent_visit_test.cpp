// A sales agent's visit at the counter (docs/agents.md, issue 10 item 6): produce for three
// farmers, each drop-off the farmer's own with its receipt, the commission recorded at the
// centre's rate, the agent's summary; and what the counter refuses.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "kiosk/store/store.hpp"
#include "shared/money.hpp"
#include "tests/unit/app/controller_fixture.hpp"
#include "tests/unit/app/counter_helpers.hpp"

using namespace hp;
namespace cmd = app::cmd;
using namespace hp::test::counter;

namespace {

// An agent as the centre's pull brings it.
void pull_agent(test::ControllerFixture& t, store::Agent a) {
  store::Store::PullBatch b;
  b.cursor = "test:agent";
  b.agents.push_back(std::move(a));
  bool ok = false;
  t.worker->post([&](store::Store& st) { ok = st.apply_pull(b, t.now).has_value(); });
  t.worker->flush();
  REQUIRE(ok);
}

std::vector<std::string> payloads_of(test::ControllerFixture& t, const std::string& kind) {
  auto d = db::Db::open(t.db_path);
  REQUIRE(d);
  auto st = d->prepare("SELECT payload FROM print_jobs WHERE kind = ?1 ORDER BY seq");
  REQUIRE(st);
  st->bind(1, kind);
  std::vector<std::string> out;
  while (st->step().value_or(false)) out.push_back(st->blob(0));
  return out;
}

}  // namespace

TEST_CASE("an agent brings produce for three farmers: a receipt each, the commission at the rate, one summary") {
  test::ControllerFixture t;
  const auto& agent = store::demo_agents()[0];  // DL-0001, 5 %
  t.apply(cmd::Navigate{app::Screen::DropOff});
  t.scan("dl-0001");  // the card, or the code typed in lower case
  REQUIRE(t.s().agents.visit);
  CHECK(t.notice() == "agent.visit_started");
  CHECK(t.s().agents.visit->agent.code == "DL-0001");

  const Dong a = drop_off(t, 3, "CA-CHUA", {12'800'000});
  const Dong b = drop_off(t, 4, "GAO", {20'800'000, 15'300'000});
  const Dong c = drop_off(t, 5, "CA-CHUA", {9'100'000});
  REQUIRE(t.s().agents.visit);
  CHECK(t.s().agents.visit->drop_offs.size() == 3);
  CHECK(t.s().agents.visit->value == a + b + c);
  const Dong commission = commission_of(a, 500) + commission_of(b, 500) + commission_of(c, 500);
  CHECK(t.s().agents.visit->commission == commission);

  // Each farmer's drop-off is theirs, credited to the agent, in one visit.
  CHECK(t.count("SELECT count(DISTINCT farmer_id) FROM drop_offs WHERE agent_id = '" + std::string(agent.id) + "'") == 3);
  CHECK(t.count("SELECT count(DISTINCT agent_visit_id) FROM drop_offs WHERE agent_id <> ''") == 1);
  CHECK(t.count("SELECT sum(agent_commission) FROM drop_offs WHERE agent_commission_bp = 500") == commission);
  // One receipt per farmer, each naming the farmer and the agent who brought the produce.
  const auto receipts = payloads_of(t, "dropoff_receipt");
  REQUIRE(receipts.size() == 3);
  for (int i = 0; i < 3; ++i) {
    CHECK(receipts[static_cast<std::size_t>(i)].find("Mã hội viên: " + store::demo_member_code(3 + i)) != std::string::npos);
    CHECK(receipts[static_cast<std::size_t>(i)].find("Đại lý giao: Lê Văn Hùng (DL-0001)") != std::string::npos);
  }
  // The centre learns the credit from each drop-off's event.
  const auto ev = nlohmann::json::parse(text_of(t, "SELECT payload FROM outbox WHERE kind = 'dropoff.committed' ORDER BY seq DESC LIMIT 1"));
  CHECK(ev["agent_id"] == agent.id);
  CHECK(ev["agent_commission_bp"] == 500);
  CHECK(ev["agent_commission"] == commission_of(c, 500));
  CHECK(ev["agent_visit_id"] == t.s().agents.visit->visit_id);

  t.apply(cmd::FinishAgentVisit{});
  CHECK(t.notice() == "agent.summary_printed");
  CHECK_FALSE(t.s().agents.visit);
  const std::string summary = payload_of(t, "agent_summary");
  CHECK(summary.find("Đại lý: Lê Văn Hùng (DL-0001)") != std::string::npos);
  CHECK(summary.find("Số nông dân: 3") != std::string::npos);
  CHECK(summary.find("Tổng giá trị: " + format_vnd(a + b + c)) != std::string::npos);
  CHECK(summary.find("Hoa hồng (5,00 %): " + format_vnd(commission)) != std::string::npos);

  // The next drop-off is a farmer's own again.
  drop_off(t, 6, "CA-CHUA", {5'800'000});
  CHECK(t.count("SELECT count(*) FROM drop_offs WHERE agent_id = ''") == 1);
  CHECK(nlohmann::json::parse(text_of(t, "SELECT payload FROM outbox WHERE kind = 'dropoff.committed' ORDER BY seq DESC LIMIT 1"))
            .contains("agent_id") == false);
}

TEST_CASE("an agent's visit: unknown, disabled and malformed codes, work in progress, an empty visit") {
  test::ControllerFixture t;
  t.apply(cmd::Navigate{app::Screen::DropOff});
  t.apply(cmd::StartAgentVisit{"DL-9999"});
  CHECK(t.notice() == "agent.unknown");
  CHECK_FALSE(t.s().agents.visit);
  t.apply(cmd::StartAgentVisit{"DL-12"});
  CHECK(t.notice() == "agent.code_form");
  pull_agent(t, {.id = "agent-gone", .code = "DL-0042", .name = "Vũ Văn Nghỉ", .phone = "0900000042", .commission_bp = 400,
                 .disabled = true});
  t.apply(cmd::StartAgentVisit{"DL-0042"});
  CHECK(t.notice() == "agent.disabled");
  CHECK_FALSE(t.s().agents.visit);

  // The picker lists the agents who may bring produce (not the disabled one).
  t.apply(cmd::StartAgentVisit{});
  CHECK(t.s().agents.choosing);
  CHECK(t.s().agents.choices.size() == store::demo_agents().size());
  t.apply(cmd::StartAgentVisit{"DL-0002"});
  REQUIRE(t.s().agents.visit);
  CHECK_FALSE(t.s().agents.choosing);

  // Items on the scale for a farmer are finished (or dropped) before the visit ends.
  t.scan(store::demo_member_code(0));
  t.apply(cmd::SelectProduct{t.product_id("CA-CHUA")});
  t.weigh(6'000'000);
  t.apply(cmd::AddItem{});
  REQUIRE(t.s().drop.items.size() == 1);
  t.apply(cmd::FinishAgentVisit{});
  CHECK(t.notice() == "dropoff.items_pending");
  REQUIRE(t.s().agents.visit);
  t.apply(cmd::StartAgentVisit{"DL-0001"});
  CHECK(t.notice() == "dropoff.items_pending");
  t.apply(cmd::CancelDropOff{});
  t.apply(cmd::Answer{true});
  CHECK(t.s().drop.items.empty());
  REQUIRE(t.s().agents.visit);  // the visit outlives one farmer's cancelled drop-off

  // A visit with nothing in it ends without a summary.
  t.apply(cmd::FinishAgentVisit{});
  CHECK(t.notice() == "agent.visit_cancelled");
  CHECK_FALSE(t.s().agents.visit);
  CHECK(t.count("SELECT count(*) FROM print_jobs WHERE kind = 'agent_summary'") == 0);

  // A second agent cannot start while one's visit has drop-offs in it.
  t.apply(cmd::StartAgentVisit{"DL-0002"});
  drop_off(t, 1, "CA-CHUA", {7'800'000});
  t.apply(cmd::StartAgentVisit{"DL-0001"});
  CHECK(t.notice() == "agent.visit_open");
  CHECK(t.s().agents.visit->agent.code == "DL-0002");
}

TEST_CASE("an agent's visit cut off by a restart is taken up again, at the rate it started with") {
  test::ControllerFixture before;
  before.apply(cmd::StartAgentVisit{"DL-0001"});
  const Dong first = drop_off(before, 2, "CA-CHUA", {10'800'000});
  // The centre changes the rate during the visit: the visit keeps the rate it started with.
  pull_agent(before, {.id = std::string(store::demo_agents()[0].id), .code = "DL-0001", .name = "Lê Văn Hùng",
                      .phone = "0912345670", .commission_bp = 800, .disabled = false});

  // A restart: a new controller and store worker on the same file.
  test::ControllerFixture t(nullptr, test::ControllerFixture::Resume{before.db_path});
  t.now = before.now + 60'000;
  t.c->start();
  t.settle();
  t.sign_in();
  REQUIRE(t.s().agents.visit);
  CHECK(t.s().agents.visit->drop_offs.size() == 1);
  CHECK(t.s().agents.visit->agent.commission_bp == 500);
  const Dong second = drop_off(t, 3, "CA-CHUA", {4'800'000});
  t.apply(cmd::FinishAgentVisit{});
  CHECK(t.notice() == "agent.summary_printed");
  const std::string summary = payload_of(t, "agent_summary");
  CHECK(summary.find("Số nông dân: 2") != std::string::npos);
  CHECK(summary.find("Hoa hồng (5,00 %): " + format_vnd(commission_of(first, 500) + commission_of(second, 500))) !=
        std::string::npos);
  // Ended: the next start has no visit to take up.
  t.apply(cmd::Navigate{app::Screen::Today});
  CHECK(t.count("SELECT count(*) FROM drop_offs d WHERE agent_visit_id <> '' AND NOT EXISTS (SELECT 1 FROM print_jobs p "
                "WHERE p.kind = 'agent_summary' AND p.ref_id = d.agent_visit_id)") == 0);
}
