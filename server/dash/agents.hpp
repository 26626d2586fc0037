#pragma once
// Sales agents (docs/agents.md): people registered with the association who bring produce to
// the counter for several farmers, and sell online orders. Made at the centre, sent to every
// kiosk by the pull (entity "agent", docs/PROTOCOL.md), each with the commission rate the
// centre sets, in basis points of the value of the produce they bring. The report credits
// each agent with the drop-offs the kiosks recorded for them and the orders they sold that
// were collected.
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/dash/audit.hpp"
#include "server/dash/period.hpp"
#include "server/dash/sql.hpp"
#include "shared/money.hpp"

namespace hp::server::dash {

// The highest rate the centre sets (30 %): the kiosk refuses more (kiosk/records/agent.hpp).
inline constexpr std::int64_t kMaxAgentCommissionBp = 3000;

struct SalesAgent {
  std::string id;
  std::string code;  // DL-nnnn (shared/codes/agent_code.hpp)
  std::string name;
  std::string phone;
  std::int64_t commission_bp = 0;
  bool disabled = false;
};

nlohmann::json agent_line(const SalesAgent& a);

class AgentStore {
 public:
  explicit AgentStore(SqlDb& db) : db_(db) {}
  // Errors: agent.invalid (code form, name, phone, rate), agent.code_taken.
  Result<SalesAgent> add(const SalesAgent& a, const Actor& who);
  // Errors: agent.unknown, agent.invalid (rate). A visit under way keeps the rate it started with.
  Result<SalesAgent> set_rate(const std::string& code, std::int64_t commission_bp, const Actor& who);
  Result<SalesAgent> disable(const std::string& code, const Actor& who);
  Result<std::vector<SalesAgent>> list();
  Result<std::optional<SalesAgent>> find(const std::string& code);

 private:
  // Reads the agent, edits it, saves, publishes and audits it, in one transaction.
  Result<SalesAgent> change(const std::string& code, const char* action, const std::function<void(SalesAgent&)>& edit,
                            const Actor& who);
  Status save_and_publish(const SalesAgent& before, const SalesAgent& after, const char* action, const Actor& who);
  SqlDb& db_;
};

// One agent's credit over a period.
struct AgentCredit {
  std::string code;
  std::string name;                // empty: a code the centre has no agent for
  std::int64_t commission_bp = 0;  // the centre's rate now
  std::int64_t drop_offs = 0;
  std::int64_t farmers = 0;        // distinct farmers whose produce the agent brought
  Dong dropoff_value = 0;
  Dong commission = 0;             // at the rate each visit recorded
  std::int64_t orders = 0;         // orders the agent sold that were collected
  Dong order_sales = 0;
};

// Drop-offs by the kiosk's time of the drop-off, voided ones left out; orders by the time they
// were collected. post_offices: only those (a dashboard user's scope); nullopt for all. Every
// registered agent has a row, credited or not, then codes with credit but no agent.
Result<std::vector<AgentCredit>> agent_report(SqlDb& db, const Period& period,
                                              const std::optional<std::set<std::string>>& post_offices);

nlohmann::json credit_line(const AgentCredit& c);

}  // namespace hp::server::dash
