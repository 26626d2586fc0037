// Sales agents at the counter (docs/agents.md): an agent brings produce for several farmers
// in one visit. Each farmer's drop-off is the farmer's own, with its own receipt and labels;
// the visit credits the agent with each at the centre's rate, and ends with the agent's
// summary.
#include "kiosk/app/ask_store.hpp"
#include "kiosk/app/controller.hpp"
#include "kiosk/app/scan_kind.hpp"
#include "shared/codes/agent_code.hpp"
#include "kiosk/store/store.hpp"
#include "shared/print/agent_summary.hpp"
#include "shared/text.hpp"

namespace hp::app {

void Controller::handle(const cmd::StartAgentVisit& c) {
  auto& a = state_.agents;
  const auto& d = state_.drop;
  if (!d.items.empty() || d.committing) return notify(Level::Error, "dropoff.items_pending");
  // Another agent's visit with drop-offs in it ends with that agent's summary first.
  if (a.visit && !a.visit->drop_offs.empty()) return notify(Level::Error, "agent.visit_open", a.visit->agent.name);
  const std::string code(trim(c.code));
  if (code.empty()) {
    a.choosing = true;
    ask_store([](store::Store& st) { return st.agents(); },
              [](Controller& c, Result<std::vector<store::Agent>> r) {
                if (!r) return c.notify_error(r.error());
                c.state_.agents.choices = std::move(*r);
              });
    return;
  }
  if (!codes::is_agent_code(code)) return notify(Level::Error, "agent.code_form", code);
  ask_store([code](store::Store& st) { return st.agent_by_code(code); },
            [code](Controller& c, Result<std::optional<store::Agent>> r) {
              if (!r) return c.notify_error(r.error());
              if (!*r) return c.notify(Level::Error, "agent.unknown", code);
              if ((*r)->disabled) return c.notify(Level::Error, "agent.disabled", (*r)->name);
              // The state may have moved on while the store looked: the same rules again.
              auto& a = c.state_.agents;
              if (!c.state_.drop.items.empty() || (a.visit && !a.visit->drop_offs.empty())) return;
              a.visit = AgentVisit{.agent = **r, .visit_id = c.ids_.next(), .drop_offs = {}};
              a.choosing = false;
              // The visit starts at the farmer search: the agent names whose produce comes first.
              if (c.state_.drop.step != DropStep::Register) c.state_.drop = DropOffState{};
              c.state_.screen = Screen::DropOff;
              c.notify_args(Level::Info, "agent.visit_started", {(*r)->name, print::percent_of_bp((*r)->commission_bp)});
            });
}

void Controller::handle(const cmd::CloseAgentPicker&) { state_.agents.choosing = false; }

std::optional<AgentCredit> Controller::agent_credit(Dong total) const {
  const auto& v = state_.agents.visit;
  if (!v) return std::nullopt;
  return AgentCredit{.agent_id = v->agent.id, .code = v->agent.code, .name = v->agent.name, .visit_id = v->visit_id,
                     .commission_bp = v->agent.commission_bp, .commission = commission_of(total, v->agent.commission_bp)};
}

void Controller::visit_committed(const DropOff& d) {
  auto& v = state_.agents.visit;
  if (!v || !d.agent || d.agent->visit_id != v->visit_id) return;
  v->drop_offs.push_back(d);
  v->value += d.total;
  v->commission += d.agent->commission;
}

void Controller::handle(const cmd::FinishAgentVisit&) {
  auto& a = state_.agents;
  if (!a.visit || a.visit->finishing) return;
  if (!state_.drop.items.empty() || state_.drop.committing) return notify(Level::Error, "dropoff.items_pending");
  if (a.visit->drop_offs.empty()) {
    notify(Level::Info, "agent.visit_cancelled", a.visit->agent.name);
    a.visit.reset();
    return;
  }
  a.visit->finishing = true;
  // The summary is read back from the store: what it prints is what was committed.
  ask_store(
      [this, visit = a.visit->visit_id, at = clock_.now(), job_id = ids_.next(),
       to = route(store::PrintKind::AgentSummary)](store::Store& st) -> Result<store::NewPrintJob> {
        auto drop_offs = st.visit_drop_offs(visit);
        if (!drop_offs) return std::unexpected(drop_offs.error());
        auto bytes = composer_.agent_summary(*drop_offs, at);
        if (!bytes) return std::unexpected(bytes.error());
        store::NewPrintJob job{job_id, store::PrintKind::AgentSummary, visit, std::move(*bytes), false, to};
        if (auto saved = st.add_print_job(job, at); !saved) return std::unexpected(saved.error());
        return job;
      },
      [](Controller& c, Result<store::NewPrintJob> job) {
        auto& v = c.state_.agents.visit;
        if (!job) {
          if (v) v->finishing = false;
          return c.notify_error(job.error());
        }
        c.send_jobs({std::move(*job)});
        if (v) {
          c.notify_args(Level::Success, "agent.summary_printed",
                        {v->agent.name, std::to_string(v->drop_offs.size()), format_vnd(v->commission)});
          v.reset();
        }
        c.state_.drop = DropOffState{};
      });
}

void Controller::load_agent_visit() {
  ask_store([](store::Store& st) { return st.unfinished_visit(); },
            [](Controller& c, Result<std::vector<DropOff>> r) {
              if (!r) return c.notify_error(r.error());
              if (r->empty() || c.state_.agents.visit) return;
              // The agent as the visit recorded them: the rate the visit started with holds.
              const AgentCredit& a = *r->front().agent;
              AgentVisit v{.agent = {.id = a.agent_id, .code = a.code, .name = a.name, .phone = {},
                                     .commission_bp = a.commission_bp, .disabled = false},
                           .visit_id = a.visit_id, .drop_offs = {}};
              c.state_.agents.visit = std::move(v);
              for (const auto& d : *r) c.visit_committed(d);
            });
}

}  // namespace hp::app
