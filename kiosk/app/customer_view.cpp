#include "kiosk/app/customer_view.hpp"

namespace hp::app {
namespace {

void add_scale(const AppState& s, CustomerView& v) {
  const ScaleView& sc = s.scale;
  if (!sc.has_reading) return;
  using S = dev::ScaleState;
  const S st = sc.reading.state;
  // A fault, or a scale that needs the technician, is the clerk's to see, not a weight.
  if (st != S::Zero && st != S::InMotion && st != S::Stable) return;
  v.weighing = true;
  v.stable = sc.stable && st != S::InMotion;
  v.weight = format_weight(st == S::Zero ? 0 : sc.reading.mg - s.drop.tare_mg);
}

// A weighed or counted item as the customer reads it; net is what the farmer is paid for.
CustomerLine line_of(const std::string& name, const std::string& grade, PriceUnit unit, Milligrams net_mg,
                     std::int64_t pieces, Dong value) {
  const bool weighed = unit == PriceUnit::PerKg;
  return {name, grade, weighed ? format_weight(net_mg) : "", weighed ? 0 : pieces, value};
}

}  // namespace

CustomerView customer_view(const AppState& s) {
  CustomerView v;
  if (s.screen == Screen::DropOff) {
    const DropOffState& d = s.drop;
    if (d.step == DropStep::Done && d.done) {
      v.mode = CustomerView::Mode::Thanks;
      v.name = d.done->farmer_name;
      for (const auto& it : d.done->items)
        v.lines.push_back(line_of(it.product_name, it.grade, it.unit, it.net_mg, it.pieces, it.value));
      v.total = d.done->total;
      return v;
    }
    if (d.step == DropStep::Items && d.farmer) {
      v.mode = CustomerView::Mode::DropOff;
      v.name = d.farmer->name;
      for (const auto& it : d.items)
        v.lines.push_back(line_of(it.product_name, it.grade, it.unit, it.gross_mg - it.tare_mg, it.pieces, it.value));
      v.total = d.total;
      if (d.product_id)
        for (const auto& p : s.products)
          if (p.id == *d.product_id) v.product = p.name_vi;
    }
    add_scale(s, v);
    return v;
  }
  if (s.screen == Screen::Pickup) {
    const PickupState& p = s.pick;
    // Only once the phone check has passed: before that the order is not yet the buyer's.
    if (p.step == PickStep::Pay && p.order) {
      v.mode = CustomerView::Mode::Pay;
      v.name = p.order->buyer_name;
      for (const auto& it : p.order->items) v.lines.push_back({it.product_name, "", it.quantity_text, 0, it.amount});
      v.total = p.order->total;
      v.amount_due = p.order->amount_due;
      v.prepaid = !p.order->cash_on_delivery;
      v.method = p.method;
      if (p.method == PaymentMethod::Cash) {
        v.cash_received = p.cash_received;
        v.change = p.cash_enough ? p.change : 0;
      } else if (p.method == PaymentMethod::VietQr) {
        v.vietqr_payload = p.vietqr_payload;
      }
      return v;
    }
    if (p.step == PickStep::Done && p.done) {
      v.mode = CustomerView::Mode::Thanks;
      v.name = p.done->buyer_name;
      v.total = p.done->amount_paid;
      v.method = p.done->method;
      return v;
    }
  }
  return v;
}

}  // namespace hp::app
