#pragma once
// The sync client's state as the clerk and the technician see it: a line in the device bar
// (always in view) and a panel on the Devices screen with "Sync now".
#include "kiosk/ui/frame.hpp"

namespace hp::ui {

// "Đã đồng bộ", "Mất kết nối từ 14:05 · Chưa gửi: 3 (cũ nhất 12 phút)"
std::string sync_summary(const Frame& f);
void draw_sync_pill(Frame& f);
void draw_sync_panel(Frame& f);

}  // namespace hp::ui
