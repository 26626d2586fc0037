#pragma once
// The sales agent's summary of one visit (docs/agents.md): the farmers the agent brought
// produce for, each drop-off's number and value, the total, and the commission recorded at
// the centre's rate. Each farmer has a receipt of their own; this is the agent's paper.
#include <string>
#include <vector>

#include "shared/domain.hpp"
#include "shared/print/document.hpp"
#include "shared/print/print_config.hpp"
#include "shared/result.hpp"

namespace hp::print {

// The visit's figures, summed once so the paper, the screen and the centre agree.
struct AgentVisitTotals {
  int farmers = 0;  // distinct farmers
  Dong value = 0;
  Dong commission = 0;
};
// "print.bad_visit" when the drop-offs are not all of one agent's one visit, or there are none.
Result<AgentVisitTotals> agent_visit_totals(const std::vector<DropOff>& drop_offs);

// "%" with two decimals, Vietnamese style: 500 basis points are "5,00 %".
std::string percent_of_bp(std::int64_t basis_points);

Result<Document> agent_summary(const PrintConfig& cfg, const std::vector<DropOff>& drop_offs, UtcMillis at);

}  // namespace hp::print
