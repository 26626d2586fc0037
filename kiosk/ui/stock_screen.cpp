// [SECTION] Stock: the lots held at this post office with their shelf places and what to do
// before they spoil; a chosen lot's actions; and the stock count (docs/stock.md).
#include <algorithm>
#include <iterator>

#include "kiosk/ui/screens.hpp"
#include "kiosk/ui/widgets.hpp"

namespace hp::ui {
namespace {

using app::StockMode;
using store::LotMoveKind;

Rgb action_colour(stock::Action a) {
  switch (a) {
    case stock::Action::Return: return palette::kBad;
    case stock::Action::MarkDown: return palette::kWarn;
    case stock::Action::SendOn: return palette::kInfo;
    case stock::Action::Ok: return palette::kMuted;
  }
  return palette::kMuted;
}

std::string quantity(Frame& f, const store::HeldLot& h) {
  return h.unit == PriceUnit::PerPiece ? std::to_string(h.lot.pieces) + " " + f.tr("unit.pieces") : format_weight(h.lot.net_mg);
}

const app::StockRow* selected_row(const app::StockState& s) {
  for (const auto& r : s.rows)
    if (r.held.lot.lot_code == s.selected) return &r;
  return nullptr;
}

void lots_table(Frame& f, float height) {
  const auto& s = f.s.stock;
  if (!ImGui::BeginTable("stock_lots", 6, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerH,
                         ImVec2(0, height)))
    return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn(f.tr("stock.lot"), ImGuiTableColumnFlags_WidthFixed, 230);
  ImGui::TableSetupColumn(f.tr("stock.product"));
  ImGui::TableSetupColumn(f.tr("stock.quantity"), ImGuiTableColumnFlags_WidthFixed, 130);
  ImGui::TableSetupColumn(f.tr("stock.shelf"), ImGuiTableColumnFlags_WidthFixed, 110);
  ImGui::TableSetupColumn(f.tr("stock.sell_by"), ImGuiTableColumnFlags_WidthFixed, 150);
  ImGui::TableSetupColumn(f.tr("stock.todo"), ImGuiTableColumnFlags_WidthFixed, 200);
  ImGui::TableHeadersRow();
  ImGuiListClipper clip;
  clip.Begin(static_cast<int>(s.rows.size()));
  while (clip.Step()) {
    for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
      const auto& r = s.rows[static_cast<std::size_t>(i)];
      const auto& l = r.held.lot;
      ImGui::TableNextRow(0, layout::kTouch);
      ImGui::TableNextColumn();
      const bool chosen = l.lot_code == s.selected;
      ImGui::PushID(i);
      // The whole row is the touch target: a clerk taps the lot they hold.
      if (ImGui::Selectable(l.lot_code.c_str(), chosen, ImGuiSelectableFlags_SpanAllColumns, ImVec2(0, layout::kTouch - 8)))
        f.emit(app::cmd::SelectLot{l.lot_code});
      ImGui::PopID();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted((r.held.product_name + " · " + f.tr("grade.label") + " " + l.grade).c_str());
      text(f.fonts.small, r.held.farmer_name + " · " + format_local_date(l.received_at), col(palette::kMuted));
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(quantity(f, r.held).c_str());
      ImGui::TableNextColumn();
      text(nullptr, l.shelf.empty() ? std::string("—") : l.shelf, col(palette::kInfo));
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(!r.shelf_life_known ? "?" : r.sell_by == 0 ? f.tr("stock.keeps") : format_local_date(r.sell_by).c_str());
      ImGui::TableNextColumn();
      const std::string todo = std::string("stock.action.") + std::string(stock::action_name(r.action));
      text(nullptr, f.tr(todo), col(action_colour(r.action)));
      if (r.held.marked_down) text(f.fonts.small, f.tr("stock.marked_down"), col(palette::kWarn));
    }
  }
  ImGui::EndTable();
}

// What the clerk can do with the chosen lot.
void lot_actions(Frame& f, const app::StockRow& r) {
  const std::string& code = r.held.lot.lot_code;
  text(nullptr, code + " · " + r.held.product_name + " · " + quantity(f, r.held));
  const float field_w = 200.0f;
  if (text_field(f, "stock_shelf", f.tr("stock.shelf_hint"), f.in.stock_shelf, field_w)) {
    f.emit(app::cmd::ShelveLot{code, f.in.stock_shelf});
    f.in.stock_shelf.clear();
  }
  ImGui::SameLine();
  if (button(f, "stock_shelve", f.tr("stock.shelve"), ImVec2(180, kTouch), Tone::Normal, !f.in.stock_shelf.empty())) {
    f.emit(app::cmd::ShelveLot{code, f.in.stock_shelf});
    f.in.stock_shelf.clear();
  }
  ImGui::SameLine();
  if (button(f, "stock_send_on", f.tr("stock.send_on"), ImVec2(200, kTouch), Tone::Primary))
    f.emit(app::cmd::MoveLot{code, LotMoveKind::SentOn, ""});
  ImGui::SameLine();
  if (button(f, "stock_mark_down", f.tr("stock.mark_down"), ImVec2(200, kTouch), Tone::Normal, !r.held.marked_down))
    f.emit(app::cmd::MoveLot{code, LotMoveKind::MarkedDown, ""});
  // Returned or written off: a reason, then the supervisor.
  constexpr int kReasons = static_cast<int>(std::size(stock::kLeaveReasons));
  f.in.stock_reason = std::clamp(f.in.stock_reason, 0, kReasons - 1);
  for (int i = 0; i < kReasons; ++i) {
    const std::string key = "stock.reason." + std::string(stock::kLeaveReasons[i]);
    const std::string id = "stock_reason_" + std::string(stock::kLeaveReasons[i]);
    if (button(f, id.c_str(), f.tr(key), ImVec2(170, kTouch), f.in.stock_reason == i ? Tone::Selected : Tone::Normal))
      f.in.stock_reason = i;
    ImGui::SameLine();
  }
  const std::string reason(stock::kLeaveReasons[f.in.stock_reason]);
  if (button(f, "stock_return", f.tr("stock.return"), ImVec2(190, kTouch), Tone::Danger))
    f.emit(app::cmd::MoveLot{code, LotMoveKind::Returned, reason});
  ImGui::SameLine();
  if (button(f, "stock_write_off", f.tr("stock.write_off"), ImVec2(190, kTouch), Tone::Danger))
    f.emit(app::cmd::MoveLot{code, LotMoveKind::WrittenOff, reason});
}

void count_view(Frame& f) {
  const auto& s = f.s.stock;
  text(f.fonts.large, std::string(f.tr("stock.counting")) + ": " + std::to_string(s.counted.size()) + " / " +
                          std::to_string(s.rows.size()));
  text(nullptr, f.tr("stock.count_hint"), col(palette::kMuted));
  if (button(f, "stock_finish_count", f.tr("stock.finish_count"), ImVec2(300, kTouch), Tone::Primary))
    f.emit(app::cmd::FinishStockCount{});
  ImGui::SameLine();
  if (button(f, "stock_cancel_count", f.tr("stock.cancel_count"), ImVec2(220, kTouch))) f.emit(app::cmd::CancelStockCount{});
  begin_panel(f, "stock_counted", ImVec2(0, ImGui::GetContentRegionAvail().y), true);
  for (auto it = s.counted.rbegin(); it != s.counted.rend(); ++it)
    text(nullptr, it->lot_code + "   " + (it->product_name.empty() ? f.tr("stock.not_here") : it->product_name) + "   " +
                      (it->net_mg > 0 ? format_weight(it->net_mg) : std::string()));
  end_panel(f, "stock_counted", true);
}

void review_view(Frame& f) {
  const auto& s = f.s.stock;
  text(f.fonts.large, std::string(f.tr("stock.differences")) + ": " + std::to_string(s.differences.size()));
  if (s.differences.empty()) text(nullptr, f.tr("stock.no_differences"), col(palette::kGood));
  if (button(f, "stock_confirm_count", f.tr("stock.confirm_count"), ImVec2(300, kTouch), Tone::Primary, !s.saving))
    f.emit(app::cmd::ConfirmStockCount{});
  ImGui::SameLine();
  if (button(f, "stock_cancel_count", f.tr("stock.cancel_count"), ImVec2(220, kTouch))) f.emit(app::cmd::CancelStockCount{});
  begin_panel(f, "stock_review", ImVec2(0, ImGui::GetContentRegionAvail().y), true);
  for (std::size_t i = 0; i < s.differences.size(); ++i) {
    const auto& d = s.differences[i];
    const std::string kind = "stock.difference." + std::string(stock::difference_name(d.difference.kind));
    std::string line = d.difference.lot_code + "  " + d.product_name + "  " + f.tr(kind);
    if (d.difference.kind == stock::DifferenceKind::Weight)
      line += "  " + format_weight(d.difference.expected_mg) + " → " + format_weight(d.difference.counted_mg);
    text(nullptr, line);
    // "other" would need a typed note; the counter offers the four named reasons.
    for (std::size_t k = 0; k + 1 < std::size(stock::kReasons); ++k) {
      const std::string reason(stock::kReasons[k]);
      const std::string id = "stock_diff_" + std::to_string(i) + "_" + reason;
      if (button(f, id.c_str(), f.tr("stock.count_reason." + reason), ImVec2(220, kTouch),
                 d.reason == reason ? Tone::Selected : Tone::Normal))
        f.emit(app::cmd::SetDifferenceReason{i, reason, ""});
      ImGui::SameLine();
    }
    ImGui::NewLine();
  }
  end_panel(f, "stock_review", true);
}

}  // namespace

void draw_stock(Frame& f) {
  const auto& s = f.s.stock;
  heading(f, f.tr("stock.title"));
  if (s.mode == StockMode::Count) return count_view(f);
  if (s.mode == StockMode::Review) return review_view(f);
  text(nullptr, std::string(f.tr("stock.held")) + ": " + std::to_string(s.rows.size()) + "    " + f.tr("stock.to_act") + ": " +
                    std::to_string(s.to_act));
  ImGui::SameLine();
  if (button(f, "stock_start_count", f.tr("stock.start_count"), ImVec2(260, kTouch))) f.emit(app::cmd::StartStockCount{});
  const app::StockRow* chosen = selected_row(s);
  const float actions_h = chosen ? 3 * kTouch + 3 * layout::kGap : 0.0f;
  if (s.rows.empty()) text(nullptr, f.tr(s.loaded ? "stock.empty" : "stock.loading"), col(palette::kMuted));
  lots_table(f, std::max(kTouch * 2, ImGui::GetContentRegionAvail().y - actions_h));
  if (chosen) lot_actions(f, *chosen);
}

}  // namespace hp::ui
