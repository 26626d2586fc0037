// [SECTION] Today: the day's drop-offs and pickups, with search and totals.
#include <algorithm>

#include "kiosk/ui/screens.hpp"
#include "kiosk/ui/widgets.hpp"
#include "shared/text.hpp"

namespace hp::ui {
namespace {

// The day's drop-offs by product: one bar each, as long as its share of the largest value,
// with the quantity and the value in words beside it (the bar only repeats what they say).
void product_chart(Frame& f, float height) {
  const auto& rows = f.s.today.by_product;
  begin_panel(f, "today_chart", ImVec2(0, height), true, true);
  text(nullptr, f.tr("today.by_product"));
  if (rows.empty()) text(f.fonts.small, f.tr("today.no_dropoffs"), col(palette::kMuted));
  const Dong top = rows.empty() ? 1 : std::max<Dong>(1, rows.front().value);
  for (const auto& r : rows) {
    const std::string qty = r.unit == PriceUnit::PerPiece ? std::to_string(r.pieces) + " " + f.tr("unit.pieces")
                                                          : format_weight(r.net_mg);
    text(f.fonts.small, r.name + "   " + qty + "   " + format_vnd(r.value));
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float w = ImGui::GetContentRegionAvail().x;
    const float bar = std::max(4.0f, w * static_cast<float>(static_cast<double>(r.value) / static_cast<double>(top)));
    ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + bar, p.y + 14.0f), col(palette::kInfo), 3.0f);
    ImGui::Dummy(ImVec2(w, 14.0f));
  }
  end_panel(f, "today_chart", true);
}

}  // namespace

void draw_today(Frame& f) {
  const auto& t = f.s.today;
  heading(f, f.tr("today.title"));
  const float print_w = 300.0f;
  const float drawer_w = 240.0f;
  const float stock_w = 200.0f;
  if (text_field(f, "today_search", f.tr("today.search_hint"), f.in.today_query,
                 std::min(520.0f, ImGui::GetContentRegionAvail().x - print_w - drawer_w - stock_w - 3 * layout::kGapX)) ||
      ImGui::IsItemEdited())
    f.emit(app::cmd::SearchToday{f.in.today_query});
  ImGui::SameLine();
  if (button(f, "print_shift", f.tr("today.print_shift"), ImVec2(print_w, kTouch))) f.emit(app::cmd::PrintShiftReport{});
  ImGui::SameLine();
  // The drawer without a sale: a supervisor approves it (docs/clerks.md).
  if (button(f, "open_drawer", f.tr("drawer.open"), ImVec2(drawer_w, kTouch))) f.emit(app::cmd::OpenDrawer{});
  ImGui::SameLine();
  // The produce held here (docs/stock.md) belongs with the day's figures.
  if (button(f, "today_stock", f.tr("tab.stock"), ImVec2(stock_w, kTouch))) f.emit(app::cmd::Navigate{app::Screen::Stock});
  // "Label: count · amount", so no language needs a plural form of the label.
  text(f.fonts.large, std::string(f.tr("today.dropoffs")) + ": " + std::to_string(t.dropoffs) + " · " + format_vnd(t.dropoff_total) +
                          "    " + f.tr("today.pickups") + ": " + std::to_string(t.pickups) + " · " + format_vnd(t.collected_total));
  // Money actually taken, by how it was taken: what the drawer and the bank account should hold.
  text(nullptr, std::string(f.tr("today.cash")) + ": " + format_vnd(t.cash_total) + "    VietQR: " + format_vnd(t.vietqr_total) +
                    "    " + f.tr("today.prepaid") + ": " + std::to_string(t.prepaid_pickups));
  if (t.voided > 0) text(f.fonts.small, std::string(f.tr("today.voided")) + ": " + std::to_string(t.voided), col(palette::kMuted));
  // A void asks for its reason here, then for a supervisor's PIN (docs/clerks.md).
  if (!f.in.void_id.empty()) {
    const float bw = 300.0f;
    text_field(f, "void_reason", f.tr("void.reason_hint"), f.in.void_reason,
               ImGui::GetContentRegionAvail().x - 2 * bw - 2 * layout::kGapX);
    ImGui::SameLine();
    if (button(f, "void_confirm", f.tr("void.confirm"), ImVec2(bw, kTouch), Tone::Danger, !trim(f.in.void_reason).empty())) {
      f.emit(app::cmd::VoidDropOff{f.in.void_id, f.in.void_reason});
      f.in.void_id.clear();
      f.in.void_reason.clear();
    }
    ImGui::SameLine();
    if (button(f, "void_cancel", f.tr("common.cancel"), ImVec2(bw, kTouch))) {
      f.in.void_id.clear();
      f.in.void_reason.clear();
    }
  }
  // The list on the left, the day by product on the right.
  const float chart_w = std::clamp(ImGui::GetContentRegionAvail().x * 0.26f, 270.0f, 480.0f);
  const float list_h = ImGui::GetContentRegionAvail().y;
  ImGui::BeginGroup();
  if (ImGui::BeginTable("today", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerH,
                        ImVec2(ImGui::GetContentRegionAvail().x - chart_w - layout::kGapX, list_h))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(f.tr("today.time"), ImGuiTableColumnFlags_WidthFixed, 90);
    ImGui::TableSetupColumn(f.tr("today.kind"), ImGuiTableColumnFlags_WidthFixed, 170);
    ImGui::TableSetupColumn(f.tr("today.who"));
    ImGui::TableSetupColumn(f.tr("today.what"));
    ImGui::TableSetupColumn(f.tr("today.amount"), ImGuiTableColumnFlags_WidthFixed, 260);
    ImGui::TableHeadersRow();
    ImGuiListClipper clip;
    clip.Begin(static_cast<int>(t.entries.size()));
    while (clip.Step()) {
      for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
        const auto& e = t.entries[static_cast<std::size_t>(i)];
        ImGui::TableNextRow(0, layout::kTouch);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(format_local_time(e.at).c_str());
        ImGui::TableNextColumn();
        const bool drop = e.kind == store::EntryKind::DropOff;
        ImGui::TextUnformatted(f.tr(drop ? "today.kind_dropoff" : "today.kind_pickup"));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(e.who.c_str());
        ImGui::TableNextColumn();
        // The number people say first, what it was under it: two lines, so the column stays narrow.
        const std::string what = drop ? std::to_string(e.items) + " " + f.tr("today.items") : e.pickup_code;
        ImGui::TextUnformatted(e.number.empty() ? what.c_str() : e.number.c_str());
        text(f.fonts.small, e.number.empty() ? std::string(" ") : what, col(palette::kMuted));
        ImGui::TableNextColumn();
        if (drop && e.voided) {
          // Still listed, plainly marked, counted in no total.
          text(nullptr, f.tr("today.voided_mark"), col(palette::kBad));
          text(f.fonts.small, format_vnd(e.amount), col(palette::kMuted));
        } else {
          ImGui::TextUnformatted(format_vnd(e.amount).c_str());
          if (drop) {
            ImGui::SameLine();
            const std::string id = "void_" + std::to_string(i);
            if (button(f, id.c_str(), f.tr("void.button"), ImVec2(90, kTouch), Tone::Danger)) {
              f.in.void_id = e.id;
              f.in.void_reason.clear();
            }
          }
        }
      }
    }
    ImGui::EndTable();
  }
  ImGui::EndGroup();
  ImGui::SameLine();
  product_chart(f, list_h);
}

}  // namespace hp::ui
