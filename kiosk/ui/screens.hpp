#pragma once
// One function per screen; each only draws f.s and emits commands into f.out.
#include <functional>

#include "kiosk/ui/frame.hpp"

namespace hp::ui {

void draw_top_bar(Frame& f);
void draw_notice(Frame& f);
void draw_device_bar(Frame& f);
void draw_dropoff(Frame& f);
void draw_pickup(Frame& f);
void draw_today(Frame& f);
void draw_shift(Frame& f);  // the drawer's shift and payouts (shift_screen.cpp)
void draw_stock(Frame& f);
void draw_devices(Frame& f);
void draw_packages(Frame& f);
// The customers' kiosk (--mode self-service), the whole window; and the counter's queue strip
// (call the next number) above the farmer search and the pickup code (self_service_screen.cpp).
void draw_self_service(Frame& f);
void draw_queue_strip(Frame& f);
// The handover's packages, refusals and signature pad (pickup_screen.cpp uses them).
void draw_handover_packages(Frame& f);
void draw_signature_pad(Frame& f, float height);
// Sign-in (no session) and the supervisor's PIN dialog (signin_screen.cpp).
void draw_signin(Frame& f);
void draw_approval(Frame& f);
// The last receipt as it prints: the rendered picture, or the text of a text job.
void draw_print_preview(Frame& f, float height);
// A finished transaction: `left` draws the summary and next step; the printed receipt is shown
// on the right.
void draw_with_preview(Frame& f, const std::function<void()>& left);

}  // namespace hp::ui
