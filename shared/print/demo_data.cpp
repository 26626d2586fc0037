#include "shared/print/demo_data.hpp"

#include <string>

#include "shared/codes/kiosk_codes.hpp"
#include "shared/money.hpp"

namespace hp::print {

namespace {

std::string code(codes::KioskCodeKind kind, std::string_view payload) {
  auto c = codes::make_kiosk_code(kind, payload);
  return c ? *c : std::string(payload);
}

}  // namespace

DemoData demo_data(int items) {
  DemoData d;
  d.now = 1795849500000;  // 2026-11-28 14:05 in Hai Phong
  d.config.post_office_name = "Bưu cục An Lão - Hải Phòng";
  d.config.post_office_address = "Số 12 đường Nguyễn Văn Trỗi, xã An Lão, TP. Hải Phòng";
  d.config.post_office_phone = "0225 3871 234";
  d.config.programme = "Chương trình tiêu thụ nông sản Hải Phòng";
  d.config.trace_server = "nongsan.haiphong.example";
  d.config.footer = "Cảm ơn bà con đã tin tưởng gửi hàng!";

  d.farmer.id = "0193b1d2-7c40-7a11-8f00-2a3b4c5d6e7f";
  d.farmer.member_code = code(codes::KioskCodeKind::member, "7K2M9QX4");
  d.farmer.name = "Nguyễn Thị Hoà";
  d.farmer.phone = "0912345678";
  d.farmer.commune = "Xã Quốc Tuấn";
  d.farmer.district = "An Lão";
  d.farmer.branch = "Chi hội Quốc Tuấn";
  d.farmer.cooperative = "HTX Rau an toàn Quốc Tuấn";

  struct P {
    const char* name;
    const char* grade;
    PriceUnit unit;
    Dong price;
    std::optional<std::string> gtin;
  };
  const P samples[] = {
      {"Cà chua", "A", PriceUnit::PerKg, 15000, "08930000000019"},
      {"Dưa hấu Quý Kim", "A", PriceUnit::PerKg, 12000, std::nullopt},
      {"Rau muống", "B", PriceUnit::PerKg, 8000, std::nullopt},
      {"Bưởi Diễn", "A", PriceUnit::PerPiece, 35000, std::nullopt},
      {"Cải bắp", "A", PriceUnit::PerKg, 9500, std::nullopt},
      {"Khoai tây Đồng Thái", "B", PriceUnit::PerKg, 14000, std::nullopt},
      {"Hành lá", "A", PriceUnit::PerKg, 25000, std::nullopt},
      {"Ớt chỉ thiên", "A", PriceUnit::PerKg, 42000, std::nullopt},
  };
  for (std::size_t i = 0; i < std::size(samples); ++i) {
    Product p;
    p.id = "0193b1d2-7c40-7b00-8000-00000000000" + std::to_string(i);
    p.sku = "SP" + std::to_string(100 + i);
    p.name_vi = samples[i].name;
    p.unit = samples[i].unit;
    p.gtin = samples[i].gtin;
    p.prices = {{samples[i].grade, samples[i].price}};
    d.products.push_back(p);
  }

  d.dropoff.id = "0193b1d2-8a55-7c3e-9d10-5f6a7b8c9d0e";
  d.dropoff.number = "PN-2026-000042";
  d.dropoff.farmer_id = d.farmer.id;
  d.dropoff.farmer_name = d.farmer.name;
  d.dropoff.clerk = "Trần Văn Đức";
  d.dropoff.kiosk_id = "AL-01";
  d.dropoff.created_at = d.now;
  // As the kiosk issues them: "00" first, so the label's (10) is 12 digits (docs/codes.md).
  static constexpr const char* kLotPayloads[] = {"008K3M2N4Q", "008K3M2N4R", "008K3M2N4S", "008K3M2N4T",
                                                  "008K3M2N4V", "008K3M2N4W", "008K3M2N4X", "008K3M2N4Y"};
  for (int i = 0; i < items; ++i) {
    const auto& p = d.products[static_cast<std::size_t>(i) % d.products.size()];
    DropOffItem it;
    it.id = "0193b1d2-8a55-7c3e-9d11-00000000" + std::to_string(1000 + i);
    it.product_id = p.id;
    it.product_name = p.name_vi;
    it.grade = p.prices[0].grade;
    it.unit = p.unit;
    it.unit_price = p.prices[0].price;
    if (p.unit == PriceUnit::PerPiece) {
      it.pieces = 12 + i;
      it.value = it.unit_price * it.pieces;
    } else {
      it.gross_mg = 13'250'000 + 1'137'000LL * i;
      it.tare_mg = 750'000;
      it.net_mg = it.gross_mg - it.tare_mg;
      it.value = value_by_weight(it.unit_price, it.net_mg);
    }
    it.lot_code = code(codes::KioskCodeKind::lot, kLotPayloads[static_cast<std::size_t>(i) % 8]);
    d.dropoff.total += it.value;
    d.dropoff.items.push_back(it);
  }

  d.order.id = "0193b1d0-1111-7222-8333-444455556666";
  d.order.number = "DH-2026-000123";
  d.order.pickup_code = code(codes::KioskCodeKind::pickup, "4F7H9J2K3");
  d.order.buyer_name = "Phạm Quốc Việt";
  d.order.buyer_phone = "0987654321";
  d.order.status = OrderStatus::Collected;
  d.order.cash_on_delivery = true;
  d.order.items = {{"Cà chua loại A", "2,5 kg", 37500}, {"Bưởi Diễn", "3 quả", 105000}, {"Rau muống", "1 kg", 8000}};
  d.order.total = 150500;
  d.order.amount_due = 150500;
  d.order.shelf = "K2-05";
  d.order.created_at = d.now - 86'400'000;
  d.order.hold_until = d.now + 6 * 86'400'000LL;
  d.pickup.id = "0193b1d3-0000-7000-8000-000000000001";
  d.pickup.order_id = d.order.id;
  d.pickup.pickup_code = d.order.pickup_code;
  d.pickup.buyer_name = d.order.buyer_name;
  d.pickup.method = PaymentMethod::Cash;
  d.pickup.amount_paid = 150500;
  d.pickup.clerk = d.dropoff.clerk;
  d.pickup.kiosk_id = "AL-01";
  d.pickup.collected_at = d.now;

  const DropOff drops[] = {d.dropoff};
  const Pickup picks[] = {d.pickup};
  d.shift = summarize_shift(d.dropoff.clerk, "AL-01", d.now - 4 * 3'600'000, d.now, drops, picks);
  d.ticket = QueueTicket{27, "Gửi nông sản", d.now, 3};
  return d;
}

}  // namespace hp::print
