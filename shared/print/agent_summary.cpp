#include "shared/print/agent_summary.hpp"

#include <set>

namespace hp::print {

Result<AgentVisitTotals> agent_visit_totals(const std::vector<DropOff>& drop_offs) {
  if (drop_offs.empty()) return fail("print.bad_visit", "a visit summary needs at least one drop-off");
  const auto& first = drop_offs.front().agent;
  if (!first) return fail("print.bad_visit", "drop-off " + drop_offs.front().id + " was not brought by an agent");
  AgentVisitTotals t;
  std::set<std::string> farmers;
  for (const auto& d : drop_offs) {
    if (!d.agent || d.agent->agent_id != first->agent_id || d.agent->visit_id != first->visit_id)
      return fail("print.bad_visit", "drop-off " + d.id + " is not of visit " + first->visit_id);
    farmers.insert(d.farmer_id);
    t.value += d.total;
    t.commission += d.agent->commission;
  }
  t.farmers = static_cast<int>(farmers.size());
  return t;
}

std::string percent_of_bp(std::int64_t basis_points) {
  const std::int64_t whole = basis_points / 100, cents = basis_points % 100;
  return std::to_string(whole) + "," + (cents < 10 ? "0" : "") + std::to_string(cents) + " %";
}

Result<Document> agent_summary(const PrintConfig& cfg, const std::vector<DropOff>& drop_offs, UtcMillis at) {
  auto totals = agent_visit_totals(drop_offs);
  if (!totals) return std::unexpected(totals.error());
  const AgentCredit& agent = *drop_offs.front().agent;
  Document d;
  d.text(cfg.post_office_name, Align::Center, true);
  d.rule();
  d.add(Line{{Cell{"BẢNG KÊ GIAO HÀNG ĐẠI LÝ", Align::Center, 0}}, true, TextSize::Double, true});
  d.pair("Đại lý:", agent.name, true);
  d.pair("Mã đại lý:", agent.code);
  d.pair("Thời gian:", format_local_datetime(at));
  d.pair("Nhân viên:", drop_offs.back().clerk);
  d.rule(true);
  for (const auto& o : drop_offs) {
    d.pair(o.farmer_name, format_vnd(o.total), true);
    d.pair("  " + (o.number.empty() ? o.id : o.number), std::to_string(o.items.size()) + " mặt hàng");
  }
  d.rule(true);
  d.pair("Số nông dân:", std::to_string(totals->farmers));
  d.pair("Tổng giá trị:", format_vnd(totals->value), true);
  d.pair("Hoa hồng (" + percent_of_bp(agent.commission_bp) + "):", format_vnd(totals->commission), true);
  d.text(vnd_in_words(totals->commission));
  d.rule(true);
  d.text("Mỗi nông dân có phiếu nhận hàng riêng.", Align::Center);
  d.feed();
  d.row({Cell{"Đại lý", Align::Center, 50}, Cell{"Nhân viên", Align::Center, 0}}, true);
  d.feed(3);
  return d;
}

}  // namespace hp::print
