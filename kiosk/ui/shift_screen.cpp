// [SECTION] The drawer's shift (docs/cash.md): open it with the float counted by banknote;
// cash in and out; the closing count with expected, counted and over/short shown before the
// supervisor signs off; a farmer's payout. Only draws the state and emits commands.
#include <algorithm>
#include <cmath>

#include "kiosk/ui/screens.hpp"
#include "kiosk/ui/widgets.hpp"
#include "shared/cash/cash.hpp"

namespace hp::ui {
namespace {

using app::cmd::NoteCount;

NoteCount notes_of(const Inputs& in) {
  NoteCount out;
  for (std::size_t i = 0; i < cash::kDenominations.size(); ++i) {
    const std::int64_t n = in.notes[i].empty() ? 0 : parse_int(in.notes[i]);
    if (n != 0) out.emplace_back(cash::kDenominations[i], n);
  }
  return out;
}

// One field per banknote, two to a row, labels aligned, and the total as it is typed.
void count_form(Frame& f) {
  const float cell_w = layout::share(ImGui::GetContentRegionAvail().x, 2);
  const float label_w = ImGui::CalcTextSize("500.000 x").x + layout::kGapX;
  Dong total = 0;
  for (std::size_t i = 0; i < cash::kDenominations.size(); ++i) {
    if (i % 2 != 0) ImGui::SameLine();
    ImGui::BeginGroup();
    const float x0 = ImGui::GetCursorPosX();
    ImGui::AlignTextToFramePadding();
    text(nullptr, group_thousands(cash::kDenominations[i]) + " x");
    ImGui::SameLine(x0 + label_w);
    const std::string id = "note_" + std::to_string(cash::kDenominations[i] / 1000) + "k";
    text_field(f, id.c_str(), "0", f.in.notes[i], cell_w - label_w - layout::kGapX, true);
    ImGui::EndGroup();
    const std::int64_t n = parse_int(f.in.notes[i]);
    if (n > 0) total += n * cash::kDenominations[i];
  }
  text(f.fonts.large, std::string(f.tr("shift.count_total")) + ": " + format_vnd(total));
}

std::string verdict_text(Frame& f, Dong over_short) {
  const Dong d = over_short < 0 ? -over_short : over_short;
  return std::string(f.tr(over_short > 0 ? "shift.over" : over_short < 0 ? "shift.short" : "shift.exact")) + " " + format_vnd(d);
}

void figures(Frame& f, const cash::Balance& b) {
  text(nullptr, std::string(f.tr("shift.float")) + ": " + format_vnd(b.opening_float) + "   + " + f.tr("shift.cod") + ": " +
                    format_vnd(b.cod_cash));
  text(nullptr, "- " + std::string(f.tr("shift.payouts")) + ": " + format_vnd(b.payouts) + "   + " + f.tr("shift.cash_in") +
                    ": " + format_vnd(b.cash_in));
  text(nullptr, "- " + std::string(f.tr("shift.cash_out")) + ": " + format_vnd(b.cash_out) + "   " + f.tr("shift.drawer_opens") +
                    ": " + std::to_string(b.drawer_opens));
}

void payout_panel(Frame& f) {
  const auto& p = f.s.payout;
  heading(f, f.tr("payout.title"));
  text(f.fonts.large, p.farmer->name + "  ·  " + p.farmer->member_code);
  if (p.loading) {
    text(nullptr, f.tr("shift.loading"));
  } else if (p.room && p.room->pulled) {
    const auto& b = *p.room->pulled;
    text(nullptr, std::string(f.tr("payout.sold")) + ": " + format_vnd(b.sold_value) + "   " + f.tr("payout.paid") + ": " +
                      format_vnd(b.paid));
    text(f.fonts.small, std::string(f.tr("payout.as_of")) + " " + format_local_datetime(b.as_of), col(palette::kMuted));
    if (p.room->local_since > 0)
      text(nullptr, std::string(f.tr("payout.local_since")) + ": " + format_vnd(p.room->local_since));
    text(f.fonts.large, std::string(f.tr("payout.available")) + ": " + format_vnd(p.room->available), col(palette::kGood));
  } else {
    text(nullptr, f.tr("payout.no_balance_short"), col(palette::kBad));
  }
  if (p.done) text(nullptr, std::string(f.tr("payout.done")) + ": " + format_vnd(p.done->amount), col(palette::kGood));
  ImGui::AlignTextToFramePadding();
  text(nullptr, f.tr("payout.amount"));
  ImGui::SameLine();
  text_field(f, "payout_amount", "0", f.in.payout_amount, -1, true);
  const bool can = p.room && p.room->pulled && !p.committing && f.s.shift.open;
  const float bw = layout::share(ImGui::GetContentRegionAvail().x, 2);
  if (button(f, "pay_out", f.tr("payout.pay"), ImVec2(bw, kTouch), Tone::Primary, can))
    f.emit(app::cmd::PayOut{std::max<std::int64_t>(0, parse_int(f.in.payout_amount))});
  ImGui::SameLine();
  if (button(f, "payout_cancel", f.tr("payout.close"), ImVec2(bw, kTouch))) {
    f.emit(app::cmd::CancelPayout{});
    f.in.payout_amount.clear();
  }
  // Hook: the farmer's signature on screen, once the pad built for package handover exists
  // (store::Payout::signature_ref). Today the farmer signs the printed receipt.
  text(f.fonts.small, f.tr("payout.sign_paper"), col(palette::kMuted));
  ImGui::Separator();
}

}  // namespace

// Two columns, as the other screens: the shift's state, cash in and out and a payout on the
// left; the count (to open, or to close) on the right. Each column scrolls only if a small
// display cannot hold it.
void draw_shift(Frame& f) {
  const auto& sh = f.s.shift;
  const std::string seen = sh.open ? sh.open->id : std::string("-");
  if (seen != f.in.shift_seen) {
    f.in.shift_seen = seen;
    for (auto& n : f.in.notes) n.clear();
  }
  const float left_w = std::floor(ImGui::GetContentRegionAvail().x * 0.45f);
  begin_panel(f, "shift_left", ImVec2(left_w, 0), true);
  if (f.s.payout.farmer) payout_panel(f);
  if (!sh.loaded) {
    text(nullptr, f.tr("shift.loading"));
  } else if (!sh.open) {
    heading(f, f.tr("shift.closed_title"));
    if (sh.last_closed)
      text(nullptr, std::string(f.tr("shift.last_closed")) + ": " + format_local_datetime(sh.last_closed->closed_at.value_or(0)) +
                        "  ·  " + verdict_text(f, sh.last_closed->difference));
  } else {
    heading(f, f.tr("shift.open_title"));
    text(nullptr, sh.open->clerk + "  ·  " + f.tr("shift.since") + " " + format_local_datetime(sh.open->opened_at));
    figures(f, sh.so_far);
    text(f.fonts.large, std::string(f.tr("shift.expected_now")) + ": " + format_vnd(sh.so_far.expected));
    // Cash in or out of the drawer during the shift: a supervisor approves either.
    ImGui::AlignTextToFramePadding();
    text(nullptr, f.tr("shift.move_amount"));
    ImGui::SameLine();
    text_field(f, "cash_move", "0", f.in.cash_move, -1, true);
    const Dong amount = std::max<std::int64_t>(0, parse_int(f.in.cash_move));
    const float bw = layout::share(ImGui::GetContentRegionAvail().x, 2);
    if (button(f, "cash_in", f.tr("shift.cash_in_button"), ImVec2(bw, kTouch), Tone::Normal, !sh.committing))
      f.emit(app::cmd::CashIn{amount, ""});
    ImGui::SameLine();
    if (button(f, "cash_out", f.tr("shift.cash_out_button"), ImVec2(bw, kTouch), Tone::Normal, !sh.committing))
      f.emit(app::cmd::CashOut{amount, ""});
  }
  end_panel(f, "shift_left", true);
  ImGui::SameLine();
  begin_panel(f, "shift_right", ImVec2(0, 0), true);
  if (sh.loaded && !sh.open) {
    text(nullptr, f.tr("shift.count_float"));
    count_form(f);
    if (button(f, "open_shift", f.tr("shift.open"), ImVec2(-1, layout::kTouchBig), Tone::Primary, !sh.committing))
      f.emit(app::cmd::OpenShift{notes_of(f.in)});
  } else if (sh.open) {
    heading(f, f.tr("shift.close_title"));
    if (!sh.closing) {
      text(nullptr, f.tr("shift.count_close"));
      count_form(f);
      if (button(f, "count_close", f.tr("shift.count_done"), ImVec2(-1, kTouch), Tone::Primary, !sh.committing))
        f.emit(app::cmd::CountClose{notes_of(f.in)});
    } else {
      const auto& c = *sh.closing;
      figures(f, c.balance);
      text(f.fonts.large, std::string(f.tr("shift.expected")) + ": " + format_vnd(c.balance.expected));
      text(f.fonts.large, std::string(f.tr("shift.counted")) + ": " + format_vnd(c.balance.counted));
      text(f.fonts.large, verdict_text(f, c.balance.over_short),
           col(c.balance.over_short == 0 ? palette::kGood : palette::kBad));
      if (c.unsent > 0) text(nullptr, f.t.tr("shift.unsent_warning", std::to_string(c.unsent)), col(palette::kWarn));
      if (button(f, "confirm_close", f.tr("shift.confirm_close"), ImVec2(-1, layout::kTouchBig), Tone::Primary, !sh.committing))
        f.emit(app::cmd::ConfirmClose{});
      if (button(f, "recount", f.tr("shift.recount"), ImVec2(-1, kTouch), Tone::Normal, !sh.committing))
        f.emit(app::cmd::CancelClose{});
    }
  }
  end_panel(f, "shift_right", true);
}

}  // namespace hp::ui
