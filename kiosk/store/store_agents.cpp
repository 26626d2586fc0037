// Sales agents (docs/agents.md): the centre's records, replaced by each pull; and the
// drop-offs of one agent's visit, for the agent's summary.
#include "kiosk/store/store_impl.hpp"

namespace hp::store {
namespace {

constexpr const char* kAgentColumns = "id, code, name, phone, commission_bp, disabled FROM agents";

Agent read_agent(const db::Stmt& s) {
  return Agent{.id = s.text(0), .code = s.text(1), .name = s.text(2), .phone = s.text(3), .commission_bp = s.i64(4),
               .disabled = s.i64(5) != 0};
}

}  // namespace

Status upsert_agent_row(const db::Db& db, const Agent& in, UtcMillis now) {
  const Agent a{.id = clean(in.id), .code = code_key(in.code), .name = clean(in.name), .phone = clean(in.phone),
                .commission_bp = in.commission_bp, .disabled = in.disabled};
  if (a.id.empty() || a.code.empty() || a.name.empty()) return fail("sync.bad_batch", "an agent needs an id, a code and a name");
  if (a.commission_bp < 0 || a.commission_bp > kMaxCommissionBp)
    return fail("sync.bad_batch", "agent " + a.code + ": commission " + std::to_string(a.commission_bp) +
                                      " basis points is outside 0.." + std::to_string(kMaxCommissionBp));
  // A code the centre gave another agent before: the old holder loses it (it was reissued).
  auto free_code = db.prepare("DELETE FROM agents WHERE code = ?1 AND id <> ?2");
  if (!free_code) return std::unexpected(free_code.error());
  if (auto r = free_code->bind_all(a.code, a.id).run(); !r) return r;
  auto s = db.prepare(
      "INSERT INTO agents(id, code, name, phone, commission_bp, disabled, pulled_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
      "ON CONFLICT(id) DO UPDATE SET code = excluded.code, name = excluded.name, phone = excluded.phone, "
      "commission_bp = excluded.commission_bp, disabled = excluded.disabled, pulled_at = excluded.pulled_at");
  if (!s) return std::unexpected(s.error());
  return s->bind_all(a.id, a.code, a.name, a.phone, a.commission_bp, std::int64_t{a.disabled ? 1 : 0}, now).run();
}

Status Store::upsert_agent(const Agent& a, UtcMillis now) {
  impl_->owner.check("Store::upsert_agent");
  return upsert_agent_row(impl_->db, a, now);
}

Result<std::vector<Agent>> Store::agents() {
  impl_->owner.check("Store::agents");
  auto s = impl_->db.prepare(std::string("SELECT ") + kAgentColumns + " WHERE disabled = 0 ORDER BY name, code");
  if (!s) return std::unexpected(s.error());
  std::vector<Agent> out;
  while (true) {
    auto row = s->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return out;
    out.push_back(read_agent(*s));
  }
}

Result<std::optional<Agent>> Store::agent_by_code(std::string_view code) {
  impl_->owner.check("Store::agent_by_code");
  auto s = impl_->db.prepare(std::string("SELECT ") + kAgentColumns + " WHERE code = ?1");
  if (!s) return std::unexpected(s.error());
  s->bind(1, code_key(std::string(code)));
  auto row = s->step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::optional<Agent>();
  return std::optional<Agent>(read_agent(*s));
}

Result<std::vector<DropOff>> Store::visit_drop_offs(std::string_view visit_id) {
  impl_->owner.check("Store::visit_drop_offs");
  auto ids = impl_->db.prepare("SELECT id FROM drop_offs WHERE agent_visit_id = ?1 AND agent_visit_id <> '' ORDER BY created_at, id");
  if (!ids) return std::unexpected(ids.error());
  ids->bind(1, visit_id);
  std::vector<std::string> found;
  while (true) {
    auto row = ids->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    found.push_back(ids->text(0));
  }
  std::vector<DropOff> out;
  for (const auto& id : found) {
    auto d = drop_off_by_id(id);
    if (!d) return std::unexpected(d.error());
    if (*d) out.push_back(std::move(**d));
  }
  return out;
}

Result<std::vector<DropOff>> Store::unfinished_visit() {
  impl_->owner.check("Store::unfinished_visit");
  auto s = impl_->db.prepare(
      "SELECT d.agent_visit_id FROM drop_offs d WHERE d.agent_visit_id <> '' AND NOT EXISTS "
      "(SELECT 1 FROM print_jobs p WHERE p.kind = 'agent_summary' AND p.ref_id = d.agent_visit_id) "
      "ORDER BY d.created_at DESC, d.id DESC LIMIT 1");
  if (!s) return std::unexpected(s.error());
  auto row = s->step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::vector<DropOff>{};
  return visit_drop_offs(s->text(0));
}

}  // namespace hp::store
