// [SECTION] Drop-off: find or register the farmer, weigh each item, confirm.
#include "kiosk/ui/screens.hpp"
#include "kiosk/ui/widgets.hpp"

namespace hp::ui {

namespace {

using app::DropStep;
namespace cmd = app::cmd;

void find_farmer(Frame& f) {
  heading(f, f.tr("dropoff.find_title"));
  text(nullptr, f.tr("dropoff.find_hint"));
  if (text_field(f, "farmer_search", f.tr("dropoff.search_hint"), f.in.farmer_query, 620) ||
      ImGui::IsItemEdited())
    f.emit(cmd::SearchFarmers{f.in.farmer_query});
  ImGui::SameLine();
  if (button(f, "register", f.tr("dropoff.register_new"), ImVec2(300, 0))) f.emit(cmd::StartRegister{});
  ImGui::Spacing();
  int i = 0;
  for (const auto& farmer : f.s.drop.results) {
    const std::string id = "farmer_" + std::to_string(i++);
    const std::string label = farmer.name + "   " + farmer.phone + "   " + farmer.commune + ", " + farmer.district;
    if (button(f, id.c_str(), label.c_str(), ImVec2(-1, 64))) f.emit(cmd::SelectFarmer{farmer.id});
  }
  if (f.s.drop.results.empty() && !f.s.drop.query.empty()) text(nullptr, f.tr("dropoff.no_match"));
}

void combo(Frame& f, const char* id, const char* label, const std::vector<std::string>& names, int& index) {
  ImGui::PushID(id);
  ImGui::SetNextItemWidth(520);
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(12, 14));
  const char* preview = index >= 0 && index < static_cast<int>(names.size()) ? names[index].c_str() : label;
  if (ImGui::BeginCombo("##c", preview)) {
    for (int i = 0; i < static_cast<int>(names.size()); ++i) {
      if (ImGui::Selectable(names[i].c_str(), i == index, 0, ImVec2(0, 48))) index = i;
      f.reg.add(std::string(id) + "_" + std::to_string(i), ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    }
    ImGui::EndCombo();
  }
  ImGui::PopStyleVar();
  ImGui::PopID();
  f.reg.add(id, ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
}

void register_farmer(Frame& f) {
  heading(f, f.tr("register.title"));
  auto row = [&](const char* key) {
    ImGui::AlignTextToFramePadding();
    text(nullptr, f.tr(key));
    ImGui::SameLine(260);
  };
  row("register.name");
  text_field(f, "reg_name", f.tr("register.name_hint"), f.in.reg_name, 520);
  row("register.phone");
  text_field(f, "reg_phone", "0912345678", f.in.reg_phone, 520, true);
  std::vector<std::string> districts;
  for (const auto& d : f.s.districts) districts.push_back(d.name);
  row("register.district");
  const int before = f.in.reg_district;
  combo(f, "reg_district", f.tr("register.choose"), districts, f.in.reg_district);
  if (f.in.reg_district != before && f.in.reg_district >= 0) {
    f.in.reg_commune = -1;
    f.emit(cmd::ChooseDistrict{f.s.districts[static_cast<std::size_t>(f.in.reg_district)].id});
  }
  std::vector<std::string> communes;
  for (const auto& c : f.s.communes) communes.push_back(c.name);
  row("register.commune");
  combo(f, "reg_commune", f.tr("register.choose"), communes, f.in.reg_commune);
  row("register.branch");
  combo(f, "reg_branch", f.tr("register.choose"), f.s.branches, f.in.reg_branch_index);
  row("register.coop");
  text_field(f, "reg_coop", f.tr("register.coop_hint"), f.in.reg_coop, 520);
  ImGui::Spacing();
  if (button(f, "reg_save", f.tr("register.save"), ImVec2(260, 64), Tone::Primary)) {
    auto pick = [](const std::vector<std::string>& v, int i) { return i >= 0 && i < static_cast<int>(v.size()) ? v[static_cast<std::size_t>(i)] : std::string(); };
    f.emit(cmd::RegisterFarmer{f.in.reg_name, f.in.reg_phone, pick(communes, f.in.reg_commune),
                               pick(districts, f.in.reg_district), pick(f.s.branches, f.in.reg_branch_index), f.in.reg_coop});
  }
  ImGui::SameLine();
  if (button(f, "reg_cancel", f.tr("common.cancel"), ImVec2(200, 64))) f.emit(cmd::CancelDropOff{});
}

const Product* find_product(const app::AppState& s, const std::optional<std::string>& id) {
  if (!id) return nullptr;
  for (const auto& p : s.products)
    if (p.id == *id) return &p;
  return nullptr;
}

void product_grid(Frame& f) {
  const float w = (ImGui::GetContentRegionAvail().x - 3 * ImGui::GetStyle().ItemSpacing.x) / 4;
  int i = 0;
  for (const auto& p : f.s.products) {
    if (i % 4 != 0) ImGui::SameLine();
    const std::string id = "product_" + p.sku;
    const std::string& name = f.s.language == "en" && !p.name_en.empty() ? p.name_en : p.name_vi;
    std::string label = name + "\n" + (p.prices.empty() ? std::string() : format_vnd(p.prices.front().price)) +
                        (p.unit == PriceUnit::PerKg ? "/kg" : f.tr("unit.per_piece"));
    const bool selected = f.s.drop.product_id && *f.s.drop.product_id == p.id;
    if (button(f, id.c_str(), label.c_str(), ImVec2(w, 76), selected ? Tone::Selected : Tone::Normal))
      f.emit(cmd::SelectProduct{p.id});
    ++i;
  }
}

void scale_panel(Frame& f, const Product* p) {
  const auto& sc = f.s.scale;
  const auto& d = f.s.drop;
  if (p && p->unit == PriceUnit::PerPiece) {
    heading(f, f.tr("dropoff.count_title"));
    if (!f.in.keypad_target) f.in.keypad_target = &f.in.pieces;
    if (text_field(f, "pieces", f.tr("dropoff.pieces_hint"), f.in.pieces, 300, true))
      f.emit(cmd::SetPieces{parse_int(f.in.pieces)});
    if (keypad(f, "pad", 76)) f.emit(cmd::SetPieces{parse_int(f.in.pieces)});
    if (d.pieces > 0) text(f.fonts.huge, std::to_string(d.pieces) + " " + f.tr("unit.pieces"));
    return;
  }
  // Tare and zero first: the clerk reaches for them before the weight settles.
  if (button(f, "tare", f.tr("dropoff.tare_button"), ImVec2(170, 0))) f.emit(cmd::TareFromScale{});
  ImGui::SameLine();
  if (button(f, "zero", f.tr("dropoff.zero_button"), ImVec2(170, 0))) f.emit(cmd::ZeroScale{});
  std::string weight = "—";
  ImU32 color = IM_COL32(150, 150, 150, 255);
  const char* state_key = "scale.none";
  if (sc.has_reading) {
    weight = format_weight(sc.reading.mg);
    using S = dev::ScaleState;
    switch (sc.reading.state) {
      case S::Stable:
        state_key = sc.stable ? "scale.stable" : "scale.settling";
        color = sc.stable ? IM_COL32(40, 170, 80, 255) : IM_COL32(220, 150, 30, 255);
        break;
      case S::Zero: state_key = "scale.zero"; break;
      case S::InMotion: state_key = "scale.in_motion"; color = IM_COL32(220, 150, 30, 255); break;
      case S::OverCapacity: state_key = "scale.over_capacity"; color = IM_COL32(200, 50, 40, 255); weight = "> " + format_weight(f.s.scale.reading.capacity_mg); break;
      case S::UnderZero: state_key = "scale.under_zero"; color = IM_COL32(200, 50, 40, 255); break;
      default: state_key = "scale.fault"; color = IM_COL32(200, 50, 40, 255); weight = "—"; break;
    }
  }
  text(f.fonts.huge, weight, color);
  text(f.fonts.large, f.tr(state_key), color);
  if (sc.has_reading && p) {
    text(nullptr, std::string(f.tr("dropoff.tare")) + ": " + format_weight(d.tare_mg) + "    " + f.tr("dropoff.net") + ": " +
                      format_weight(d.candidate.net_mg));
    // The value the controller would add, or nothing: never a price for a weight it would refuse.
    if (d.candidate.item) text(f.fonts.large, std::string(f.tr("dropoff.value")) + ": " + format_vnd(d.candidate.item->value));
  } else {
    text(nullptr, std::string(f.tr("dropoff.tare")) + ": " + format_weight(d.tare_mg));
  }
}

void items(Frame& f) {
  const auto& d = f.s.drop;
  const Product* p = find_product(f.s, d.product_id);
  text(f.fonts.large, d.farmer->name + "  ·  " + d.farmer->member_code);
  ImGui::SameLine();
  if (button(f, "change_farmer", f.tr("dropoff.change_farmer"), ImVec2(220, 0))) f.emit(cmd::ChangeFarmer{});

  const float left_w = ImGui::GetContentRegionAvail().x * 0.58f;
  ImGui::BeginChild("left", ImVec2(left_w, 0), false);
  product_grid(f);
  ImGui::Spacing();
  if (p) {
    text(nullptr, f.tr("dropoff.grade"));
    for (const auto& g : p->prices) {
      ImGui::SameLine();
      const std::string id = "grade_" + g.grade;
      const std::string label = std::string(f.tr("dropoff.grade_short")) + " " + g.grade + "\n" + format_vnd(g.price);
      if (button(f, id.c_str(), label.c_str(), ImVec2(170, 70), g.grade == d.grade ? Tone::Selected : Tone::Normal))
        f.emit(cmd::SelectGrade{g.grade});
    }
  }
  ImGui::Separator();
  heading(f, f.tr("dropoff.items_title"));
  for (std::size_t i = 0; i < d.items.size(); ++i) {
    const auto& it = d.items[i];
    const std::string qty = it.unit == PriceUnit::PerKg ? format_weight(it.gross_mg - it.tare_mg)
                                                         : std::to_string(it.pieces) + " " + f.tr("unit.pieces");
    text(nullptr, std::to_string(i + 1) + ". " + it.product_name + " (" + it.grade + ")  " + qty + "  " + format_vnd(it.value));
    ImGui::SameLine();
    const std::string id = "remove_" + std::to_string(i);
    if (button(f, id.c_str(), f.tr("common.remove"), ImVec2(120, 48), Tone::Danger)) f.emit(cmd::RemoveItem{i});
  }
  text(f.fonts.large, std::string(f.tr("dropoff.total")) + ": " + format_vnd(d.total));
  ImGui::EndChild();

  ImGui::SameLine();
  // The actions stay pinned at the bottom of the panel, always reachable without scrolling.
  ImGui::BeginGroup();
  const float actions_h = 64 + 72 + 56 + 3 * ImGui::GetStyle().ItemSpacing.y;
  ImGui::BeginChild("right", ImVec2(0, -actions_h), true);
  scale_panel(f, p);
  ImGui::EndChild();
  if (button(f, "add_item", f.tr("dropoff.add_item"), ImVec2(-1, 64), Tone::Selected, p != nullptr)) {
    if (p && p->unit == PriceUnit::PerPiece) f.emit(cmd::SetPieces{parse_int(f.in.pieces)});
    f.emit(cmd::AddItem{});
    f.in.pieces.clear();
  }
  if (button(f, "confirm", d.committing ? f.tr("common.saving") : f.tr("dropoff.confirm"), ImVec2(-1, 72), Tone::Primary,
             !d.items.empty() && !d.committing))
    f.emit(cmd::ConfirmDropOff{});
  if (button(f, "cancel", f.tr("common.cancel"), ImVec2(-1, 56), Tone::Danger, !d.committing)) f.emit(cmd::CancelDropOff{});
  ImGui::EndGroup();
}

void done(Frame& f) {
  const auto& d = *f.s.drop.done;
  draw_with_preview(f, [&] {
    text(f.fonts.large, f.tr("dropoff.done_title"), IM_COL32(40, 170, 80, 255));
    text(f.fonts.large, d.farmer_name);
    text(f.fonts.huge, format_vnd(d.total));
    text(nullptr, vnd_in_words(d.total));
    text(nullptr, std::to_string(d.items.size()) + " " + f.tr("dropoff.labels_printed"));
    ImGui::Spacing();
    if (button(f, "next_dropoff", f.tr("dropoff.next"), ImVec2(-1, 80), Tone::Primary)) {
      f.emit(cmd::NewDropOff{});
      f.in.farmer_query.clear();
    }
    if (button(f, "reprint", f.tr("print.reprint_copy"), ImVec2(-1, 0))) f.emit(cmd::Reprint{store::PrintKind::DropOffReceipt, d.id});
  });
}

}  // namespace

void draw_dropoff(Frame& f) {
  const auto& d = f.s.drop;
  const int step = static_cast<int>(d.step);
  if (step != f.in.last_drop_step) {
    f.in.last_drop_step = step;
    f.in.keypad_target = nullptr;
    if (d.step == DropStep::Register) f.in.reg_name = f.in.reg_phone = f.in.reg_coop = {};
    if (d.step == DropStep::FindFarmer) f.in.farmer_query.clear();
  }
  switch (d.step) {
    case DropStep::FindFarmer: find_farmer(f); break;
    case DropStep::Register: register_farmer(f); break;
    case DropStep::Items:
      if (d.farmer) items(f);
      break;
    case DropStep::Done:
      if (d.done) done(f);
      break;
  }
}

}  // namespace hp::ui
