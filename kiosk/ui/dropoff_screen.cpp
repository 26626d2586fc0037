// [SECTION] Drop-off: find or register the farmer, weigh each item, confirm.
#include <algorithm>
#include <cfloat>

#include "kiosk/ui/product_icons.hpp"
#include "kiosk/ui/screens.hpp"
#include "kiosk/ui/widgets.hpp"
#include "shared/codes/citizen_id.hpp"
#include "shared/text.hpp"

namespace hp::ui {

namespace {

using app::DropStep;
namespace cmd = app::cmd;

// "12,5" or "12.5" kilograms to milligrams (up to three decimals); 0 when it is not a weight.
Milligrams parse_kg(const std::string& s) {
  Milligrams whole = 0, frac = 0;
  int decimals = -1;
  for (char c : trim(s)) {
    if (c == ',' || c == '.') {
      if (decimals >= 0) return 0;
      decimals = 0;
    } else if (c >= '0' && c <= '9') {
      if (decimals < 0) {
        whole = whole * 10 + (c - '0');
        if (whole > 1'000'000) return 0;
      } else if (++decimals <= 3) {
        frac = frac * 10 + (c - '0');
      }
    } else {
      return 0;
    }
  }
  for (int d = std::max(decimals, 0); d < 3; ++d) frac *= 10;
  return whole * 1'000'000 + frac * 1'000;
}

// The open agent visit, above every step: whose produce this is and how far the visit is.
void agent_banner(Frame& f) {
  const auto& v = f.s.agents.visit;
  if (!v) return;
  const float finish_w = 380.0f;
  ImGui::AlignTextToFramePadding();
  text(f.fonts.body,
       f.t.tr("agent.banner", {v->agent.name + " (" + v->agent.code + ")", std::to_string(v->drop_offs.size()),
                               format_vnd(v->value)}),
       col(palette::kInfo));
  ImGui::SameLine(std::max(0.0f, ImGui::GetContentRegionAvail().x + ImGui::GetCursorPosX() - finish_w));
  const bool idle = f.s.drop.items.empty() && !f.s.drop.committing && !v->finishing;
  if (button(f, "agent_finish", f.tr("agent.finish"), ImVec2(finish_w, kTouch), Tone::Normal, idle))
    f.emit(cmd::FinishAgentVisit{});
}

// The agent picker: the post office's agents as buttons, or the card's code typed.
void agent_picker(Frame& f) {
  heading(f, f.tr("agent.picker_title"));
  const float open_w = 160.0f, close_w = 200.0f;
  if (text_field(f, "agent_code", f.tr("agent.code_hint"), f.in.agent_code,
                 std::min(420.0f, ImGui::GetContentRegionAvail().x - open_w - close_w - 2 * layout::kGapX)))
    f.emit(cmd::StartAgentVisit{f.in.agent_code});
  ImGui::SameLine();
  if (button(f, "agent_open", f.tr("agent.open_code"), ImVec2(open_w, kTouch), Tone::Primary, !trim(f.in.agent_code).empty()))
    f.emit(cmd::StartAgentVisit{f.in.agent_code});
  ImGui::SameLine();
  if (button(f, "agent_close", f.tr("agent.close"), ImVec2(close_w, kTouch))) f.emit(cmd::CloseAgentPicker{});
  if (f.s.agents.choices.empty()) text(nullptr, f.tr("agent.none"));
  begin_panel(f, "agent_choices", ImVec2(0, 0), true);
  int i = 0;
  for (const auto& a : f.s.agents.choices) {
    const std::string id = "agent_" + std::to_string(i++);
    const std::string label = a.name + "   " + a.code + "   " + a.phone;
    if (button(f, id.c_str(), label.c_str(), ImVec2(-1, kTouch))) f.emit(cmd::StartAgentVisit{a.code});
  }
  end_panel(f, "agent_choices", true);
}

void find_farmer(Frame& f) {
  if (f.s.agents.choosing && !f.s.agents.visit) return agent_picker(f);
  heading(f, f.tr("dropoff.find_title"));
  agent_banner(f);
  draw_queue_strip(f);
  text(nullptr, f.tr("dropoff.find_hint"));
  const float reg_w = 300.0f, agent_w = 280.0f;
  const float agent_space = f.s.agents.visit ? 0.0f : agent_w + layout::kGapX;
  if (text_field(f, "farmer_search", f.tr("dropoff.search_hint"), f.in.farmer_query,
                 std::min(620.0f, ImGui::GetContentRegionAvail().x - reg_w - agent_space - layout::kGapX)) ||
      ImGui::IsItemEdited())
    f.emit(cmd::SearchFarmers{f.in.farmer_query});
  ImGui::SameLine();
  if (button(f, "register", f.tr("dropoff.register_new"), ImVec2(reg_w, kTouch))) f.emit(cmd::StartRegister{});
  if (!f.s.agents.visit) {
    ImGui::SameLine();
    if (button(f, "agent_start", f.tr("agent.start"), ImVec2(agent_w, kTouch))) {
      f.in.agent_code.clear();
      f.emit(cmd::StartAgentVisit{});
    }
  }
  if (f.s.drop.results.empty() && !f.s.drop.query.empty()) text(nullptr, f.tr("dropoff.no_match"));
  begin_panel(f, "farmer_results", ImVec2(0, 0), true);
  int i = 0;
  for (const auto& farmer : f.s.drop.results) {
    const std::string id = "farmer_" + std::to_string(i++);
    const std::string label = farmer.name + "   " + farmer.phone + "   " + farmer.commune + ", " + farmer.district;
    if (button(f, id.c_str(), label.c_str(), ImVec2(-1, kTouch))) f.emit(cmd::SelectFarmer{farmer.id});
  }
  end_panel(f, "farmer_results", true);
}

void combo(Frame& f, const char* id, const char* label, const std::vector<std::string>& names, int& index) {
  ImGui::PushID(id);
  ImGui::SetNextItemWidth(520);
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(12, (kTouch - ImGui::GetFontSize()) / 2));
  const char* preview = index >= 0 && index < static_cast<int>(names.size()) ? names[index].c_str() : label;
  if (ImGui::BeginCombo("##c", preview)) {
    for (int i = 0; i < static_cast<int>(names.size()); ++i) {
      if (ImGui::Selectable(names[i].c_str(), i == index, 0, ImVec2(0, kTouch))) index = i;
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
  // The CCCD and the VietGAP certificate (both optional) share rows with the phone and the
  // cooperative, so the form still fits a 768 px high screen; the CCCD's form is checked on
  // saving (shared/codes/citizen_id.hpp).
  auto beside = [&](const char* label_key, const char* id, const char* hint_key, std::string& buf, bool numeric) {
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    text(nullptr, f.tr(label_key));
    ImGui::SameLine();
    text_field(f, id, f.tr(hint_key), buf, std::max(160.0f, std::min(400.0f, ImGui::GetContentRegionAvail().x)), numeric);
  };
  row("register.phone");
  text_field(f, "reg_phone", "0912345678", f.in.reg_phone, 260, true);
  beside("register.cccd", "reg_cccd", "register.cccd_hint", f.in.reg_cccd, true);
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
  text_field(f, "reg_coop", f.tr("register.coop_hint"), f.in.reg_coop, 260);
  beside("register.vietgap", "reg_vietgap", "register.vietgap_hint", f.in.reg_vietgap, false);
  ImGui::Spacing();
  if (button(f, "reg_save", f.tr("register.save"), ImVec2(260, layout::kTouchBig), Tone::Primary)) {
    auto pick = [](const std::vector<std::string>& v, int i) { return i >= 0 && i < static_cast<int>(v.size()) ? v[static_cast<std::size_t>(i)] : std::string(); };
    f.emit(cmd::RegisterFarmer{f.in.reg_name, f.in.reg_phone, pick(communes, f.in.reg_commune),
                               pick(districts, f.in.reg_district), pick(f.s.branches, f.in.reg_branch_index), f.in.reg_coop,
                               f.in.reg_cccd, f.in.reg_vietgap});
  }
  ImGui::SameLine();
  if (button(f, "reg_cancel", f.tr("common.cancel"), ImVec2(200, layout::kTouchBig))) {
    const auto& in = f.in;
    f.emit(cmd::CancelRegistration{!trim(in.reg_name).empty() || !trim(in.reg_phone).empty() || !trim(in.reg_coop).empty() ||
                                   !trim(in.reg_cccd).empty() || !trim(in.reg_vietgap).empty() ||
                                   in.reg_district >= 0 || in.reg_commune >= 0 || in.reg_branch_index >= 0});
  }
}

const Product* find_product(const app::AppState& s, const std::optional<std::string>& id) {
  if (!id) return nullptr;
  for (const auto& p : s.products)
    if (p.id == *id) return &p;
  return nullptr;
}

float small_width(Frame& f, const std::string& s) {
  return f.fonts.small->CalcTextSizeA(layout::kSmall, FLT_MAX, 0, s.c_str()).x;
}

// A long name on two lines in small type: split at the space that makes the wider line
// narrowest. Returns the wider line's width; `first`/`second` get the lines.
float two_lines(Frame& f, const std::string& name, std::string& first, std::string& second) {
  float best = small_width(f, name);
  first = name;
  second.clear();
  for (std::size_t i = name.find(' '); i != std::string::npos; i = name.find(' ', i + 1)) {
    const std::string a = name.substr(0, i), b = name.substr(i + 1);
    const float w = std::max(small_width(f, a), small_width(f, b));
    if (w < best) {
      best = w;
      first = a;
      second = b;
    }
  }
  return best;
}

const std::string& shown_name(const Frame& f, const Product& p) {
  return f.s.language == "en" && !p.name_en.empty() ? p.name_en : p.name_vi;
}

// A product tile: its picture, then the name and today's first price beside it. The name is
// in body type if it fits, else small, else small on two lines; one that fits in none is
// reported as cut.
void product_tile(Frame& f, const Product& p, float w) {
  const std::string id = "product_" + p.sku;
  const std::string hidden = "##" + id;
  const bool selected = f.s.drop.product_id && *f.s.drop.product_id == p.id;
  if (button(f, id.c_str(), hidden.c_str(), ImVec2(w, kTouch), selected ? Tone::Selected : Tone::Normal))
    f.emit(cmd::SelectProduct{p.id});
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float icon = b.y - a.y - 12;
  draw_product_icon(dl, ImVec2(a.x + 6, a.y + 6), icon, p.sku);
  const std::string& name = shown_name(f, p);
  const std::string price = (p.prices.empty() ? std::string() : format_vnd(p.prices.front().price)) +
                            (p.unit == PriceUnit::PerKg ? "/kg" : f.tr("unit.per_piece"));
  const float tx = a.x + icon + 14, room = b.x - tx - 4;
  const ImU32 white = col(palette::kOnColour);
  ImFont* sf = f.fonts.small;
  float widest = 0;
  dl->PushClipRect(a, b, true);
  if (const float bw = f.fonts.body->CalcTextSizeA(layout::kBody, FLT_MAX, 0, name.c_str()).x; bw <= room) {
    dl->AddText(f.fonts.body, layout::kBody, ImVec2(tx, a.y + 3), white, name.c_str());
    widest = bw;
  } else if (const float sw = small_width(f, name); sw <= room) {
    dl->AddText(sf, layout::kSmall, ImVec2(tx, a.y + 5), white, name.c_str());
    widest = sw;
  } else {
    std::string l1, l2;
    widest = two_lines(f, name, l1, l2);
    dl->AddText(sf, layout::kSmall, ImVec2(tx, a.y + 1), white, l1.c_str());
    dl->AddText(sf, layout::kSmall, ImVec2(tx, a.y + 1 + layout::kSmall - 1), white, l2.c_str());
  }
  const float pw = small_width(f, price);
  dl->AddText(sf, layout::kSmall, ImVec2(tx, b.y - layout::kSmall - 3), white, price.c_str());
  dl->PopClipRect();
  if (widest > room || pw > room) {
    if (auto r = f.reg.find(id)) f.reg.add(id, ImVec2(r->x, r->y), ImVec2(r->x + r->w, r->y + r->h), a, b, true);
  }
}

void product_grid(Frame& f) {
  const float avail = ImGui::GetContentRegionAvail().x;
  // Wide enough for the picture and the longest name on at most two lines of small type.
  float longest = 0;
  for (const auto& p : f.s.products) {
    std::string l1, l2;
    longest = std::max(longest, two_lines(f, shown_name(f, p), l1, l2));
  }
  const int cols = layout::grid_columns(avail, kTouch - 12 + 14 + longest + 8);
  // At most about half the column: a catalogue longer than that scrolls in its own panel, and the
  // item list and total keep their room.
  const int n = static_cast<int>(f.s.products.size());
  const int rows = (n + cols - 1) / cols;
  const float row_h = kTouch + layout::kGap;
  const int fit = std::max(1, static_cast<int>(ImGui::GetContentRegionAvail().y * 0.55f / row_h));
  const bool scrolls = rows > fit;
  const float h = static_cast<float>(std::min(rows, fit)) * row_h - layout::kGap;
  begin_panel(f, "products", ImVec2(avail, std::max(h, kTouch)), scrolls);
  const float w = layout::share(avail - (scrolls ? ImGui::GetStyle().ScrollbarSize : 0.0f), cols);
  int i = 0;
  for (const auto& p : f.s.products) {
    if (i % cols != 0) ImGui::SameLine();
    product_tile(f, p, w);
    ++i;
  }
  end_panel(f, "products", scrolls);
}

// A figure with its name beside it: the name in large type, the figure huge.
void figure(Frame& f, const char* label, const std::string& value, ImU32 color, float label_w) {
  const float y = ImGui::GetCursorPosY();
  ImGui::SetCursorPosY(y + (layout::kHuge - layout::kLarge) / 2);
  text(f.fonts.large, label);
  ImGui::SameLine(label_w);
  ImGui::SetCursorPosY(y);
  text(f.fonts.huge, value, color);
}

void scale_panel(Frame& f, const Product* p) {
  const auto& sc = f.s.scale;
  const auto& d = f.s.drop;
  const float w = ImGui::GetContentRegionAvail().x;
  if (p && p->unit == PriceUnit::PerPiece) {
    // The count is typed or keyed; every key counts at once.
    const float pad_w = std::min(w * 0.5f, 3 * 80.0f);
    ImGui::BeginGroup();
    heading(f, f.tr("dropoff.count_title"));
    const float left_w = w - pad_w - layout::kGapX;
    if (text_field(f, "pieces", f.tr("dropoff.pieces_hint"), f.in.pieces, left_w, true) || ImGui::IsItemEdited())
      f.emit(cmd::SetPieces{std::max<std::int64_t>(0, parse_int(f.in.pieces))});
    if (d.pieces > 0) text(f.fonts.huge, std::to_string(d.pieces));
    if (d.candidate.item) text(f.fonts.large, format_vnd(d.candidate.item->value));
    ImGui::EndGroup();
    ImGui::SameLine(w - pad_w);
    if (keypad(f, "pad", f.in.pieces, Keypad::Digits, pad_w))
      f.emit(cmd::SetPieces{std::max<std::int64_t>(0, parse_int(f.in.pieces))});
    return;
  }
  // Tare and zero first: the clerk reaches for them before the weight settles.
  const float bw = layout::share(w, 2);
  if (button(f, "tare", f.tr("dropoff.tare_button"), ImVec2(bw, kTouch))) f.emit(cmd::TareFromScale{});
  ImGui::SameLine();
  if (button(f, "zero", f.tr("dropoff.zero_button"), ImVec2(bw, kTouch))) f.emit(cmd::ZeroScale{});
  // The state in words and by shape, not by colour alone.
  Rgb color = palette::kMuted;
  Symbol sym = Symbol::Dash;
  const char* state_key = "scale.none";
  bool weight_ok = false;
  std::string net = "—";
  if (sc.has_reading) {
    net = format_weight(d.candidate.net_mg);
    using S = dev::ScaleState;
    switch (sc.reading.state) {
      case S::Stable:
        state_key = sc.stable ? "scale.stable" : "scale.settling";
        color = sc.stable ? palette::kGood : palette::kWarn;
        sym = sc.stable ? Symbol::Tick : Symbol::Wave;
        weight_ok = sc.stable;
        break;
      case S::Zero: state_key = "scale.zero"; net = format_weight(0); break;
      case S::InMotion: state_key = "scale.in_motion"; color = palette::kWarn; sym = Symbol::Wave; break;
      case S::OverCapacity:
        state_key = "scale.over_capacity"; color = palette::kBad; sym = Symbol::Warning;
        net = "> " + format_weight(sc.reading.capacity_mg);
        break;
      case S::UnderZero: state_key = "scale.under_zero"; color = palette::kBad; sym = Symbol::Warning; break;
      default: state_key = "scale.fault"; color = palette::kBad; sym = Symbol::Warning; net = "—"; break;
    }
  }
  symbol(sym, layout::kLarge, col(color));
  ImGui::SameLine();
  text(f.fonts.large, f.tr(state_key), col(color));
  ImGui::PushFont(f.fonts.large);
  const float label_w = std::max(ImGui::CalcTextSize(f.tr("dropoff.net")).x, ImGui::CalcTextSize(f.tr("dropoff.value")).x) +
                        layout::kGapX * 2;
  ImGui::PopFont();
  figure(f, f.tr("dropoff.net"), net, col(weight_ok ? palette::kText : color), label_w);
  // The value the controller would add, or why not: never a price for a weight it would refuse.
  if (d.candidate.item) {
    figure(f, f.tr("dropoff.value"), format_vnd(d.candidate.item->value), col(palette::kText), label_w);
  } else {
    figure(f, f.tr("dropoff.value"), "—", col(palette::kMuted), label_w);
  }
  std::string small = std::string(f.tr("dropoff.gross")) + " " + (sc.has_reading ? format_weight(sc.reading.mg) : "—") + "   " +
                      f.tr("dropoff.tare") + " " + format_weight(d.tare_mg);
  if (!d.candidate.item && !d.candidate.refusal.empty() && p && d.candidate.refusal != state_key) small += "   ·   " + std::string(f.tr(d.candidate.refusal));
  text(f.fonts.small, small, col(palette::kMuted));
  // The scale failed or is missing: a weight typed by hand, with a supervisor's PIN.
  if (d.manual_weight_allowed && p) {
    const float mw = 220.0f;
    text_field(f, "manual_kg", f.tr("weight.manual_hint"), f.in.manual_kg, w - mw - layout::kGapX, true);
    ImGui::SameLine();
    if (button(f, "manual_weight", f.tr("weight.manual_button"), ImVec2(mw, kTouch), Tone::Normal,
               parse_kg(f.in.manual_kg) > 0)) {
      f.emit(cmd::EnterWeight{parse_kg(f.in.manual_kg)});
      f.in.manual_kg.clear();
    }
  }
}

void items(Frame& f) {
  const auto& d = f.s.drop;
  const Product* p = find_product(f.s, d.product_id);
  const float avail_w = ImGui::GetContentRegionAvail().x;
  const float change_w = 240.0f;
  const float card_w = 260.0f;
  ImGui::AlignTextToFramePadding();
  // The CCCD only masked, as everywhere the clerk or the farmer can read it.
  text(f.fonts.large, d.farmer->name + "  ·  " + d.farmer->member_code +
                          (d.farmer->citizen_id.empty() ? std::string() : "  ·  CCCD " + codes::mask_citizen_id(d.farmer->citizen_id)));
  // Brought by an agent: said once, small, beside the farmer it is for.
  if (f.s.agents.visit) {
    ImGui::SameLine();
    text(f.fonts.small, std::string(f.tr("agent.start")) + ": " + f.s.agents.visit->agent.name, col(palette::kInfo));
  }
  // A cash payout of the farmer's balance (the shift screen): issue 10 item 5.
  const float payout_w = 200.0f;
  ImGui::SameLine(avail_w - change_w - card_w - payout_w - 2 * layout::kGapX);
  if (button(f, "start_payout", f.tr("payout.start"), ImVec2(payout_w, kTouch))) f.emit(cmd::StartPayout{});
  ImGui::SameLine(avail_w - change_w - card_w - layout::kGapX);
  if (button(f, "member_card", f.tr("member_card.print"), ImVec2(card_w, kTouch))) f.emit(cmd::PrintMemberCard{d.farmer->id});
  ImGui::SameLine(avail_w - change_w);
  if (button(f, "change_farmer", f.tr("dropoff.change_farmer"), ImVec2(change_w, kTouch))) f.emit(cmd::ChangeFarmer{});

  const float left_w = avail_w * layout::kDropLeftShare;
  begin_panel(f, "left", ImVec2(left_w, 0));
  product_grid(f);
  if (p) {
    ImGui::AlignTextToFramePadding();
    text(nullptr, f.tr("dropoff.grade"));
    ImGui::SameLine();
    const int n = std::max<int>(3, static_cast<int>(p->prices.size()));
    const float gw = layout::share(ImGui::GetContentRegionAvail().x, n);
    bool first = true;
    for (const auto& g : p->prices) {
      if (!first) ImGui::SameLine();
      first = false;
      const std::string id = "grade_" + g.grade;
      const std::string label = g.grade + "  " + format_vnd(g.price);
      if (button(f, id.c_str(), label.c_str(), ImVec2(gw, kTouch), g.grade == d.grade ? Tone::Selected : Tone::Normal))
        f.emit(cmd::SelectGrade{g.grade});
    }
  }
  // The list scrolls in its own panel; the total below it is always in view.
  const float total_h = layout::kLarge + layout::kGap + 8;
  begin_panel(f, "item_list", ImVec2(0, -total_h), true, true);
  if (d.items.empty()) text(nullptr, f.tr("dropoff.items_title"), col(palette::kMuted));
  for (std::size_t i = 0; i < d.items.size(); ++i) {
    const auto& it = d.items[i];
    const std::string qty = it.unit == PriceUnit::PerKg ? format_weight(it.gross_mg - it.tare_mg)
                                                         : std::to_string(it.pieces) + " " + f.tr("unit.pieces");
    const float rw = ImGui::GetContentRegionAvail().x;
    ImGui::AlignTextToFramePadding();
    // The clerk's language on screen; the receipt keeps the name recorded with the item.
    const Product* ip = find_product(f.s, it.product_id);
    const std::string& name = ip ? shown_name(f, *ip) : it.product_name;
    std::string marks;
    if (it.weight_manual) marks += std::string("  [") + f.tr("weight.manual_mark") + "]";
    if (!it.price_by.empty()) marks += std::string("  [") + f.tr("price.override_mark") + "]";
    text(nullptr, std::to_string(i + 1) + ". " + name + " (" + it.grade + ")  " + qty + marks);
    const std::string value = format_vnd(it.value);
    const float price_w = 120.0f;
    ImGui::SameLine(rw - 120 - price_w - 2 * layout::kGapX - ImGui::CalcTextSize(value.c_str()).x);
    text(nullptr, value);
    ImGui::SameLine(rw - 120 - price_w - layout::kGapX);
    const std::string pid = "price_" + std::to_string(i);
    if (button(f, pid.c_str(), f.tr("price.change"), ImVec2(price_w, kTouch))) {
      f.in.price_item = static_cast<int>(i);
      f.in.price_text = std::to_string(it.unit_price);
    }
    ImGui::SameLine(rw - 120);
    const std::string id = "remove_" + std::to_string(i);
    if (button(f, id.c_str(), f.tr("common.remove"), ImVec2(120, kTouch), Tone::Danger)) f.emit(cmd::RemoveItem{i});
  }
  // A new unit price for one item, in đồng per kg or piece; a supervisor approves it.
  if (f.in.price_item >= 0 && static_cast<std::size_t>(f.in.price_item) < d.items.size()) {
    const float bw = 200.0f;
    text_field(f, "price_value", f.tr("price.hint"), f.in.price_text,
               ImGui::GetContentRegionAvail().x - 2 * bw - 2 * layout::kGapX, true);
    ImGui::SameLine();
    if (button(f, "price_apply", f.tr("price.apply"), ImVec2(bw, kTouch), Tone::Primary, parse_int(f.in.price_text) > 0)) {
      f.emit(cmd::OverridePrice{static_cast<std::size_t>(f.in.price_item), parse_int(f.in.price_text)});
      f.in.price_item = -1;
    }
    ImGui::SameLine();
    if (button(f, "price_cancel", f.tr("common.cancel"), ImVec2(bw, kTouch))) f.in.price_item = -1;
  } else {
    f.in.price_item = -1;
  }
  end_panel(f, "item_list", true);
  text(f.fonts.large, std::string(f.tr("dropoff.total")) + ": " + format_vnd(d.total));
  end_panel(f, "left");

  ImGui::SameLine();
  // The actions stay pinned at the bottom of the column, always in view. Cancel stands beside
  // confirm, not under it, and asks before it discards anything.
  ImGui::BeginGroup();
  const float actions_h = 2 * layout::kTouchBig + 2 * layout::kGap;
  begin_panel(f, "scale", ImVec2(0, -actions_h), false, true);
  scale_panel(f, p);
  end_panel(f, "scale");
  if (button(f, "add_item", f.tr("dropoff.add_item"), ImVec2(-1, layout::kTouchBig), Tone::Selected, p != nullptr)) {
    if (p && p->unit == PriceUnit::PerPiece) f.emit(cmd::SetPieces{parse_int(f.in.pieces)});
    f.emit(cmd::AddItem{});
    f.in.pieces.clear();
  }
  const float cw = ImGui::GetContentRegionAvail().x;
  const float cancel_w = cw * 0.34f;
  if (button(f, "confirm", d.committing ? f.tr("common.saving") : f.tr("dropoff.confirm"),
             ImVec2(cw - cancel_w - layout::kGapX, layout::kTouchBig), Tone::Primary, !d.items.empty() && !d.committing))
    f.emit(cmd::ConfirmDropOff{});
  ImGui::SameLine();
  if (button(f, "cancel", f.tr("common.cancel"), ImVec2(cancel_w, layout::kTouchBig), Tone::Danger, !d.committing))
    f.emit(cmd::CancelDropOff{});
  ImGui::EndGroup();
}

void done(Frame& f) {
  const auto& d = *f.s.drop.done;
  draw_with_preview(f, [&] {
    symbol(Symbol::Tick, layout::kLarge, col(palette::kGood));
    ImGui::SameLine();
    text(f.fonts.large, f.tr("dropoff.done_title"), col(palette::kGood));
    text(f.fonts.large, d.farmer_name);
    text(f.fonts.huge, format_vnd(d.total));
    text(nullptr, vnd_in_words(d.total));
    text(nullptr, std::to_string(d.items.size()) + " " + f.tr("dropoff.labels_printed"));
    if (button(f, "next_dropoff", f.tr("dropoff.next"), ImVec2(-1, layout::kTouchBig), Tone::Primary)) {
      f.emit(cmd::NewDropOff{});
      f.in.farmer_query.clear();
    }
    agent_banner(f);
    if (button(f, "reprint", f.tr("print.reprint_copy"), ImVec2(-1, kTouch))) f.emit(cmd::Reprint{store::PrintKind::DropOffReceipt, d.id});
  });
}

}  // namespace

void draw_dropoff(Frame& f) {
  const auto& d = f.s.drop;
  const int step = static_cast<int>(d.step);
  if (step != f.in.last_drop_step) {
    f.in.last_drop_step = step;
    f.in.pieces.clear();
    if (d.step == DropStep::Register) {
      f.in.reg_name = f.in.reg_phone = f.in.reg_coop = f.in.reg_cccd = f.in.reg_vietgap = {};
      f.in.reg_district = f.in.reg_commune = f.in.reg_branch_index = -1;
    }
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
