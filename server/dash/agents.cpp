#include "server/dash/agents.hpp"

#include <algorithm>
#include <map>

#include "server/dash/publish.hpp"
#include "shared/codes/agent_code.hpp"
#include "shared/ids.hpp"
#include "shared/text.hpp"

namespace hp::server::dash {
namespace {

using nlohmann::json;

constexpr const char* kColumns = "SELECT id, code, name, phone, commission_bp, disabled FROM sales_agents";

SalesAgent agent_of(const SqlRow& r) {
  return {to_text(r[0]), to_text(r[1]), to_text(r[2]), to_text(r[3]), to_int(r[4]), to_int(r[5]) != 0};
}

Status check_rate(std::int64_t bp) {
  if (bp < 0 || bp > kMaxAgentCommissionBp)
    return fail("agent.invalid", "the commission is 0 to " + std::to_string(kMaxAgentCommissionBp) +
                                     " basis points (0 to 30 %), not " + std::to_string(bp));
  return {};
}

// What kiosks get: no phone number. A counter needs the agent's name, code and rate; the
// phone stays with the association.
json published(const SalesAgent& a) {
  return {{"id", a.id}, {"code", a.code}, {"name", a.name}, {"commission_bp", a.commission_bp}, {"disabled", a.disabled}};
}

std::optional<std::int64_t> int_field(const json& d, const char* key) {
  auto it = d.find(key);
  if (it == d.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<std::int64_t>();
}

std::string text_field(const json& d, const char* key) {
  auto it = d.find(key);
  return it != d.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

json agent_line(const SalesAgent& a) {
  return {{"id", a.id},     {"code", a.code}, {"name", a.name}, {"phone", a.phone}, {"commission_bp", a.commission_bp},
          {"disabled", a.disabled}};
}

json credit_line(const AgentCredit& c) {
  return {{"code", c.code},
          {"name", c.name.empty() ? json(nullptr) : json(c.name)},
          {"commission_bp", c.commission_bp},
          {"drop_offs", c.drop_offs},
          {"farmers", c.farmers},
          {"dropoff_value_vnd", c.dropoff_value},
          {"commission_vnd", c.commission},
          {"orders_collected", c.orders},
          {"order_sales_vnd", c.order_sales}};
}

Result<std::optional<SalesAgent>> AgentStore::find(const std::string& code) {
  const auto key = codes::agent_code(trim(code));
  if (!key) return std::optional<SalesAgent>();
  auto rows = db_.query(std::string(kColumns) + " WHERE code = ?1", {*key});
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return std::optional<SalesAgent>();
  return std::optional<SalesAgent>(agent_of(rows->front()));
}

Result<std::vector<SalesAgent>> AgentStore::list() {
  auto rows = db_.query(std::string(kColumns) + " ORDER BY code");
  if (!rows) return std::unexpected(rows.error());
  std::vector<SalesAgent> out;
  for (const auto& r : *rows) out.push_back(agent_of(r));
  return out;
}

Status AgentStore::save_and_publish(const SalesAgent& before, const SalesAgent& a, const char* action, const Actor& who) {
  const bool is_new = before.id.empty();
  Status r = is_new ? db_.exec("INSERT INTO sales_agents(id, code, name, phone, commission_bp, disabled, updated_at) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                               {a.id, a.code, a.name, a.phone, a.commission_bp, a.disabled ? 1 : 0, who.now})
                    : db_.exec("UPDATE sales_agents SET commission_bp = ?2, disabled = ?3, updated_at = ?4 WHERE id = ?1",
                               {a.id, a.commission_bp, a.disabled ? 1 : 0, who.now});
  if (!r) return r;
  // Every kiosk: an agent brings produce to whichever post office is nearest.
  if (auto p = publish_change(db_, "*", "agent", a.id, published(a)); !p) return p;
  return write_audit(db_, who, action, {{"agent", a.code}}, is_new ? json(nullptr) : agent_line(before), agent_line(a));
}

Result<SalesAgent> AgentStore::add(const SalesAgent& in, const Actor& who) {
  SalesAgent a = in;
  const auto code = codes::agent_code(trim(in.code));
  if (!code) return fail("agent.invalid", "an agent's code is DL- and 4 to 9 digits (e.g. DL-0001), not '" + in.code + "'");
  a.code = *code;
  a.name = to_nfc(trim(in.name));
  a.phone = std::string(trim(in.phone));
  a.disabled = false;
  if (a.name.empty() || a.name.size() > 120) return fail("agent.invalid", "an agent's name has 1 to 120 characters");
  if (a.phone.size() < 9 || a.phone.size() > 11 || !std::all_of(a.phone.begin(), a.phone.end(), [](char c) {
        return c >= '0' && c <= '9';
      }))
    return fail("agent.invalid", "an agent's phone number has 9 to 11 digits");
  if (auto r = check_rate(a.commission_bp); !r) return std::unexpected(r.error());
  Status st = db_.transaction([&]() -> Status {
    auto taken = find(a.code);
    if (!taken) return std::unexpected(taken.error());
    if (*taken) return fail("agent.code_taken", a.code + " belongs to " + (*taken)->name);
    return save_and_publish(SalesAgent{}, a, "agent.add", who);
  });
  if (!st) return std::unexpected(st.error());
  return a;
}

Result<SalesAgent> AgentStore::change(const std::string& code, const char* action, const std::function<void(SalesAgent&)>& edit,
                                      const Actor& who) {
  SalesAgent after;
  Status st = db_.transaction([&]() -> Status {
    auto a = find(code);
    if (!a) return std::unexpected(a.error());
    if (!*a) return fail("agent.unknown", "no agent " + code);
    after = **a;
    edit(after);
    return save_and_publish(**a, after, action, who);
  });
  if (!st) return std::unexpected(st.error());
  return after;
}

Result<SalesAgent> AgentStore::set_rate(const std::string& code, std::int64_t bp, const Actor& who) {
  if (auto r = check_rate(bp); !r) return std::unexpected(r.error());
  return change(code, "agent.rate", [bp](SalesAgent& a) { a.commission_bp = bp; }, who);
}

Result<SalesAgent> AgentStore::disable(const std::string& code, const Actor& who) {
  return change(code, "agent.disable", [](SalesAgent& a) { a.disabled = true; }, who);
}

Result<std::vector<AgentCredit>> agent_report(SqlDb& db, const Period& period,
                                              const std::optional<std::set<std::string>>& post_offices) {
  auto agents = AgentStore(db).list();
  if (!agents) return std::unexpected(agents.error());
  std::map<std::string, AgentCredit> by_code;
  std::map<std::string, std::string> code_of_id;
  for (const auto& a : *agents) {
    by_code[a.code] = AgentCredit{.code = a.code, .name = a.name, .commission_bp = a.commission_bp};
    code_of_id[a.id] = a.code;
  }
  auto in_scope = [&](const std::string& po) { return !post_offices || post_offices->contains(po); };

  // Drop-offs: the kiosks' events. Voids are events of their own, whenever they came; read
  // once as a set (events has no index by entity_id, so a subquery per drop-off would scan).
  auto voided = db.query("SELECT entity_id FROM events WHERE kind = 'dropoff.voided'");
  if (!voided) return std::unexpected(voided.error());
  std::set<std::string> void_ids;
  for (const auto& r : *voided) void_ids.insert(to_text(r[0]));
  auto drops = db.query(
      "SELECT e.entity_id, e.payload, k.post_office_id FROM events e JOIN kiosks k ON k.id = e.kiosk_id "
      "WHERE e.kind = 'dropoff.committed' AND e.kiosk_time_ms >= ?1 AND e.kiosk_time_ms < ?2 "
      "AND e.payload LIKE '%\"agent_id\"%' ORDER BY e.received_seq",
      {period.from_ms, period.to_ms});
  if (!drops) return std::unexpected(drops.error());
  std::map<std::string, std::set<std::string>> farmers;
  for (const auto& r : *drops) {
    if (void_ids.contains(to_text(r[0])) || !in_scope(to_text(r[2]))) continue;
    const json d = json::parse(to_text(r[1]), nullptr, false);
    if (!d.is_object()) continue;
    const std::string id = text_field(d, "agent_id");
    if (id.empty()) continue;
    std::string code = code_of_id.contains(id) ? code_of_id[id] : codes::agent_code(text_field(d, "agent_code")).value_or("");
    if (code.empty()) code = id;
    AgentCredit& c = by_code[code];
    c.code = code;
    const Dong total = int_field(d, "total").value_or(0);
    ++c.drop_offs;
    c.dropoff_value += total;
    // Worked out again from the rate the visit recorded: the figure a kiosk sent is not trusted.
    c.commission += commission_of(total, std::clamp<std::int64_t>(int_field(d, "agent_commission_bp").value_or(0), 0,
                                                                   kMaxAgentCommissionBp));
    farmers[code].insert(text_field(d, "farmer_id"));
  }
  for (auto& [code, f] : farmers) by_code[code].farmers = static_cast<std::int64_t>(f.size());

  // Orders the agent sold: credited once collected, by the time they were collected.
  auto orders = db.query("SELECT post_office_id, data FROM orders WHERE status = 'collected' AND data LIKE '%\"agent_code\"%'");
  if (!orders) return std::unexpected(orders.error());
  for (const auto& r : *orders) {
    if (!in_scope(to_text(r[0]))) continue;
    const json d = json::parse(to_text(r[1]), nullptr, false);
    if (!d.is_object()) continue;
    const auto code = codes::agent_code(text_field(d, "agent_code"));
    const auto at = int_field(d, "collected_at");
    if (!code || !at || *at < period.from_ms || *at >= period.to_ms) continue;
    AgentCredit& c = by_code[*code];
    c.code = *code;
    ++c.orders;
    c.order_sales += int_field(d, "total_vnd").value_or(0);
  }
  std::vector<AgentCredit> out;
  for (const auto& [_, c] : by_code)
    if (!c.name.empty()) out.push_back(c);
  for (const auto& [_, c] : by_code)
    if (c.name.empty()) out.push_back(c);
  return out;
}

}  // namespace hp::server::dash
