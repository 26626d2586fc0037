#pragma once
// The customer display's one screen (kiosk/ui/customer_screen.cpp).
#include "kiosk/app/customer_view.hpp"
#include "kiosk/app/i18n.hpp"
#include "kiosk/ui/frame.hpp"

namespace hp::ui {

// Draws v over the current ImGui context's whole viewport; registers each part it shows.
void draw_customer(const app::CustomerView& v, const app::Translator& t, const Fonts& fonts, ControlRegistry& reg);

}  // namespace hp::ui
