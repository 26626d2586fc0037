// [SECTION] Today: the day's drop-offs and pickups, with search and totals.
#include <algorithm>

#include "kiosk/ui/screens.hpp"
#include "kiosk/ui/widgets.hpp"

namespace hp::ui {

void draw_today(Frame& f) {
  const auto& t = f.s.today;
  heading(f, f.tr("today.title"));
  const float print_w = 300.0f;
  if (text_field(f, "today_search", f.tr("today.search_hint"), f.in.today_query,
                 std::min(520.0f, ImGui::GetContentRegionAvail().x - print_w - layout::kGapX)) ||
      ImGui::IsItemEdited())
    f.emit(app::cmd::SearchToday{f.in.today_query});
  ImGui::SameLine();
  if (button(f, "print_shift", f.tr("today.print_shift"), ImVec2(print_w, kTouch))) f.emit(app::cmd::PrintShiftReport{});
  // "Label: count · amount", so no language needs a plural form of the label.
  text(f.fonts.large, std::string(f.tr("today.dropoffs")) + ": " + std::to_string(t.dropoffs) + " · " + format_vnd(t.dropoff_total) +
                          "    " + f.tr("today.pickups") + ": " + std::to_string(t.pickups) + " · " + format_vnd(t.collected_total));
  // Money actually taken, by how it was taken: what the drawer and the bank account should hold.
  text(nullptr, std::string(f.tr("today.cash")) + ": " + format_vnd(t.cash_total) + "    VietQR: " + format_vnd(t.vietqr_total) +
                    "    " + f.tr("today.prepaid") + ": " + std::to_string(t.prepaid_pickups));
  if (ImGui::BeginTable("today", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerH)) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(f.tr("today.time"), ImGuiTableColumnFlags_WidthFixed, 110);
    ImGui::TableSetupColumn(f.tr("today.kind"), ImGuiTableColumnFlags_WidthFixed, 190);
    ImGui::TableSetupColumn(f.tr("today.who"));
    ImGui::TableSetupColumn(f.tr("today.what"));
    ImGui::TableSetupColumn(f.tr("today.amount"), ImGuiTableColumnFlags_WidthFixed, 200);
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
        std::string what = drop ? std::to_string(e.items) + " " + f.tr("today.items") : e.pickup_code;
        if (!e.number.empty()) what = e.number + "  ·  " + what;
        ImGui::TextUnformatted(what.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(format_vnd(e.amount).c_str());
      }
    }
    ImGui::EndTable();
  }
}

}  // namespace hp::ui
