#include "kiosk/ui/sync_view.hpp"

#include <cstdlib>

#include "kiosk/ui/widgets.hpp"

namespace hp::ui {
namespace {

std::string age(const Frame& f, UtcMillis ms) {
  const std::int64_t minutes = std::max<std::int64_t>(0, ms) / 60'000;
  if (minutes < 1) return f.tr("age.now");
  if (minutes < 60) return f.t.tr("age.minutes", std::to_string(minutes));
  if (minutes < 48 * 60) return f.t.tr("age.hours", std::to_string(minutes / 60));
  return f.t.tr("age.days", std::to_string(minutes / (24 * 60)));
}

// A reason in words where there are words for it, else its code for the technician.
std::string reason(const Frame& f, const std::string& code) {
  const std::string key = "err." + code;
  const std::string said = f.tr(key);
  return said == key ? code : said;
}

// The theme's colours (kiosk/ui/palette.hpp), whose contrast is tested.
ImU32 phase_color(sync::SyncPhase p) {
  switch (p) {
    case sync::SyncPhase::UpToDate: return col(palette::kGood);
    case sync::SyncPhase::Syncing: return col(palette::kInfo);
    case sync::SyncPhase::Offline: return col(palette::kWarn);
    case sync::SyncPhase::Rejected: return col(palette::kBad);
    case sync::SyncPhase::NotEnrolled: break;
  }
  return col(palette::kMuted);
}

}  // namespace

std::string sync_summary(const Frame& f) {
  const sync::SyncStatus& s = f.s.sync;
  std::string out;
  switch (s.phase) {
    case sync::SyncPhase::NotEnrolled: out = f.tr("sync.not_enrolled"); break;
    case sync::SyncPhase::Syncing: out = f.tr("sync.syncing"); break;
    case sync::SyncPhase::UpToDate: out = f.tr("sync.up_to_date"); break;
    case sync::SyncPhase::Offline:
      out = f.t.tr("sync.offline_since", s.offline_since ? format_local_time(s.offline_since) : std::string("?"));
      break;
    case sync::SyncPhase::Rejected: out = f.t.tr("sync.rejected", reason(f, s.reason_code)); break;
  }
  if (s.unsent > 0) {
    out += "  ·  " + f.t.tr("sync.unsent", std::to_string(s.unsent));
    if (s.oldest_unsent_at) out += " (" + f.t.tr("sync.oldest", age(f, f.now - *s.oldest_unsent_at)) + ")";
  }
  return out;
}

void draw_sync_pill(Frame& f) {
  const ImVec2 p = ImGui::GetCursorScreenPos();
  // As tall as the device symbols beside it, so the bar keeps its height (docs/ui.md).
  ImGui::GetWindowDrawList()->AddCircleFilled(ImVec2(p.x + 14, p.y + 14), 11, phase_color(f.s.sync.phase));
  ImGui::Dummy(ImVec2(30, 28));
  ImGui::SameLine();
  text(nullptr, sync_summary(f));
  if (f.s.sync.clock_warning) {
    ImGui::SameLine(0, 30);
    text(nullptr, f.t.tr("sync.clock_warning", std::to_string(std::llabs(f.s.sync.clock_offset_ms) / 60'000)),
         col(palette::kBad));
  }
}

void draw_sync_panel(Frame& f) {
  const sync::SyncStatus& s = f.s.sync;
  text(f.fonts.large, f.tr("sync.title"));
  draw_sync_pill(f);
  if (s.phase != sync::SyncPhase::NotEnrolled) {
    text(nullptr, f.t.tr("sync.centre", s.server_url + "  (" + s.post_office_id + ", " + s.kiosk_id + ")"));
    if (s.last_ok_at) text(nullptr, f.t.tr("sync.last_ok", format_local_datetime(s.last_ok_at)));
    if (!s.reason_code.empty()) text(f.fonts.small, s.reason_code + ": " + s.reason_detail.substr(0, 160));
  }
  if (s.dead > 0) text(nullptr, f.t.tr("sync.dead", std::to_string(s.dead)), IM_COL32(190, 45, 40, 255));
  if (s.flags > 0) text(nullptr, f.t.tr("sync.flags", std::to_string(s.flags)));
  if (button(f, "sync_now", f.tr("sync.now"), ImVec2(260, 60))) f.emit(app::cmd::SyncNow{});
}

}  // namespace hp::ui
