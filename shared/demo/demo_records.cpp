#include "shared/demo/demo_records.hpp"

#include <array>
#include <cstdint>
#include <cstdio>
#include <string_view>

#include "shared/codes/kiosk_codes.hpp"
#include "shared/money.hpp"
#include "shared/weight.hpp"

namespace hp::demo {
namespace {

using codes::KioskCodeKind;

// [SECTION] Administrative units
// Hai Phong as it stood in 2024. Province and district ids carry the GSO codes (31, 311...);
// commune ids are local to the demo. Vietnam's 2025 reform merged provinces and removed
// districts: the centre replaces this list (retired units stay, marked inactive).
struct UnitRow {
  std::string_view id, kind, name, parent;
};
constexpr std::array kUnits{
    UnitRow{"vn-31", "province", "Hải Phòng", ""},
    UnitRow{"vn-31-312", "district", "An Dương", "vn-31"},
    UnitRow{"vn-31-311", "district", "Thủy Nguyên", "vn-31"},
    UnitRow{"vn-31-314", "district", "Kiến Thụy", "vn-31"},
    UnitRow{"vn-31-315", "district", "Tiên Lãng", "vn-31"},
    UnitRow{"vn-31-316", "district", "Vĩnh Bảo", "vn-31"},
    UnitRow{"vn-31-313", "district", "An Lão", "vn-31"},
    UnitRow{"vn-31-312-01", "commune", "An Đồng", "vn-31-312"},
    UnitRow{"vn-31-312-02", "commune", "An Hòa", "vn-31-312"},
    UnitRow{"vn-31-312-03", "commune", "Đặng Cương", "vn-31-312"},
    UnitRow{"vn-31-312-04", "commune", "Lê Thiện", "vn-31-312"},
    UnitRow{"vn-31-312-05", "commune", "Hồng Phong", "vn-31-312"},
    UnitRow{"vn-31-312-06", "commune", "Nam Sơn", "vn-31-312"},
    UnitRow{"vn-31-311-01", "commune", "Lưu Kiếm", "vn-31-311"},
    UnitRow{"vn-31-311-02", "commune", "Kỳ Sơn", "vn-31-311"},
    UnitRow{"vn-31-311-03", "commune", "Lại Xuân", "vn-31-311"},
    UnitRow{"vn-31-311-04", "commune", "Thủy Sơn", "vn-31-311"},
    UnitRow{"vn-31-311-05", "commune", "Kiền Bái", "vn-31-311"},
    UnitRow{"vn-31-311-06", "commune", "Hoa Động", "vn-31-311"},
    UnitRow{"vn-31-314-01", "commune", "Tú Sơn", "vn-31-314"},
    UnitRow{"vn-31-314-02", "commune", "Đại Hợp", "vn-31-314"},
    UnitRow{"vn-31-314-03", "commune", "Ngũ Đoan", "vn-31-314"},
    UnitRow{"vn-31-314-04", "commune", "Thụy Hương", "vn-31-314"},
    UnitRow{"vn-31-314-05", "commune", "Đông Phương", "vn-31-314"},
    UnitRow{"vn-31-314-06", "commune", "Hữu Bằng", "vn-31-314"},
    UnitRow{"vn-31-315-01", "commune", "Quyết Tiến", "vn-31-315"},
    UnitRow{"vn-31-315-02", "commune", "Bạch Đằng", "vn-31-315"},
    UnitRow{"vn-31-315-03", "commune", "Toàn Thắng", "vn-31-315"},
    UnitRow{"vn-31-315-04", "commune", "Đông Hưng", "vn-31-315"},
    UnitRow{"vn-31-315-05", "commune", "Cấp Tiến", "vn-31-315"},
    UnitRow{"vn-31-315-06", "commune", "Tiên Thắng", "vn-31-315"},
    UnitRow{"vn-31-316-01", "commune", "Tam Đa", "vn-31-316"},
    UnitRow{"vn-31-316-02", "commune", "Dũng Tiến", "vn-31-316"},
    UnitRow{"vn-31-316-03", "commune", "Cổ Am", "vn-31-316"},
    UnitRow{"vn-31-316-04", "commune", "Vĩnh An", "vn-31-316"},
    UnitRow{"vn-31-316-05", "commune", "Nhân Hòa", "vn-31-316"},
    UnitRow{"vn-31-316-06", "commune", "Thắng Thủy", "vn-31-316"},
    UnitRow{"vn-31-313-01", "commune", "An Thắng", "vn-31-313"},
    UnitRow{"vn-31-313-02", "commune", "An Tiến", "vn-31-313"},
    UnitRow{"vn-31-313-03", "commune", "Bát Trang", "vn-31-313"},
    UnitRow{"vn-31-313-04", "commune", "Mỹ Đức", "vn-31-313"},
    UnitRow{"vn-31-313-05", "commune", "Quang Hưng", "vn-31-313"},
    UnitRow{"vn-31-313-06", "commune", "Thái Sơn", "vn-31-313"},
};

constexpr std::array<std::string_view, 6> kBranches{
    "Hội Nông dân huyện An Dương",  "Hội Nông dân huyện Thủy Nguyên", "Hội Nông dân huyện Kiến Thụy",
    "Hội Nông dân huyện Tiên Lãng", "Hội Nông dân huyện Vĩnh Bảo",    "Hội Nông dân huyện An Lão",
};

// [SECTION] Products
// Prices in dong per kg (per piece for eggs) by grade A/B/C (loại 1/2/3), typical of what
// Hai Phong growers were paid in 2024.
struct ProductRow {
  std::string_view sku, name_vi, name_en;
  PriceUnit unit;
  std::array<Dong, 3> prices;  // A, B, C; 0 = grade not bought
  int shelf_life_days, warn_days;  // at a counter without a cold room (docs/stock.md)
};
constexpr std::array kProducts{
    ProductRow{"CA-CHUA", "Cà chua", "Tomatoes", PriceUnit::PerKg, {22000, 17000, 12000}, 5, 2},
    ProductRow{"BAP-CAI", "Bắp cải", "Cabbage", PriceUnit::PerKg, {12000, 9000, 6000}, 7, 2},
    ProductRow{"SU-HAO", "Su hào", "Kohlrabi", PriceUnit::PerKg, {15000, 11000, 8000}, 7, 2},
    ProductRow{"RAU-MUONG", "Rau muống", "Water spinach", PriceUnit::PerKg, {18000, 14000, 0}, 2, 1},
    ProductRow{"KHOAI-TAY", "Khoai tây", "Potatoes", PriceUnit::PerKg, {20000, 16000, 12000}, 21, 5},
    ProductRow{"HANH-LA", "Hành lá", "Spring onions", PriceUnit::PerKg, {35000, 28000, 0}, 3, 1},
    ProductRow{"CA-ROT", "Cà rốt", "Carrots", PriceUnit::PerKg, {18000, 14000, 10000}, 14, 3},
    ProductRow{"DUA-HAU", "Dưa hấu", "Watermelon", PriceUnit::PerKg, {15000, 11000, 8000}, 10, 3},
    ProductRow{"TRUNG-GA", "Trứng gà", "Chicken eggs", PriceUnit::PerPiece, {3500, 3000, 0}, 21, 5},
    ProductRow{"GAO", "Gạo", "Rice", PriceUnit::PerKg, {22000, 18000, 0}, 0, 0},
    ProductRow{"NAM-ROM", "Nấm rơm", "Straw mushrooms", PriceUnit::PerKg, {90000, 75000, 0}, 2, 1},
    ProductRow{"THANH-LONG", "Thanh long", "Dragon fruit", PriceUnit::PerKg, {30000, 22000, 15000}, 7, 2},
};
constexpr std::array<std::string_view, 3> kGrades{"A", "B", "C"};

// [SECTION] Farmers
// Member code payloads (Crockford base32, no 0 next to Z); the check character is computed.
struct FarmerRow {
  std::string_view member_payload, name, phone, district, commune, branch, cooperative;
};
constexpr std::array kFarmers{
    FarmerRow{"7K2M9QX4", "Nguyễn Văn An", "0912345678", "An Dương", "Đặng Cương", kBranches[0],
              "HTX Nông nghiệp Đặng Cương"},
    FarmerRow{"3N8P5RT2", "Trần Thị Bích", "0983123456", "Thủy Nguyên", "Lưu Kiếm", kBranches[1], ""},
    FarmerRow{"B6W9C4YV", "Lê Văn Cường", "0904567890", "Kiến Thụy", "Tú Sơn", kBranches[2],
              "HTX Rau an toàn Tú Sơn"},
    FarmerRow{"F5J2K8MN", "Phạm Thị Dung", "0936789012", "Tiên Lãng", "Quyết Tiến", kBranches[3], ""},
    FarmerRow{"Q7R4T6VW", "Hoàng Văn Đức", "0979234567", "Vĩnh Bảo", "Tam Đa", kBranches[4],
              "HTX Dịch vụ nông nghiệp Tam Đa"},
    FarmerRow{"X2Y5A9BC", "Vũ Thị Hoa", "0967345678", "An Lão", "An Thắng", kBranches[5], ""},
    FarmerRow{"D4E7F3GH", "Đỗ Văn Hùng", "0388456789", "Kiến Thụy", "Đại Hợp", kBranches[2], ""},
    FarmerRow{"J8K2M6NP", "Bùi Thị Lan", "0356567890", "An Dương", "Lê Thiện", kBranches[0],
              "HTX Nông nghiệp Đặng Cương"},
};

// [SECTION] Orders
// Quantities: grams for per-kg products, pieces for eggs. Priced at grade A.
struct Line {
  int product;
  std::int64_t qty;
};
struct OrderRow {
  std::string_view pickup_payload, buyer, phone, shelf;
  bool cash_on_delivery;
  std::array<Line, 3> lines;  // product -1 = unused
};
constexpr Line kNone{-1, 0};
constexpr std::array kOrders{
    OrderRow{"4D7K9MQ2X", "Ngô Thị Mai", "0901234567", "K1-01", false, {Line{0, 2000}, Line{1, 1500}, kNone}},
    OrderRow{"7H3N8P5RT", "Đặng Văn Long", "0912223344", "K1-02", true, {Line{8, 10}, Line{9, 5000}, kNone}},
    OrderRow{"2B6W9C4YV", "Phan Thị Ngọc", "0987654321", "K1-03", false, {Line{11, 2500}, kNone, kNone}},
    OrderRow{"9F5J2K8MN", "Trịnh Văn Phúc", "0934567812", "K1-04", true, {Line{4, 3000}, Line{6, 1000}, Line{5, 500}}},
    OrderRow{"3Q7R4T6VW", "Lý Thị Quyên", "0976543210", "K1-05", false, {Line{10, 500}, Line{3, 1000}, kNone}},
    OrderRow{"8X2Y5A9BC", "Mai Văn Sơn", "0365432198", "K1-06", true, {Line{7, 6500}, kNone, kNone}},
    OrderRow{"6D4E7F3GH", "Đinh Thị Thảo", "0398765432", "K1-07", false, {Line{8, 30}, kNone, kNone}},
    OrderRow{"5J8K2M6NP", "Tạ Văn Tuấn", "0923456781", "K2-01", true, {Line{2, 2000}, Line{1, 2500}, kNone}},
    OrderRow{"1Q9R3S7TV", "Cao Thị Uyên", "0945678123", "K2-02", false, {Line{9, 10000}, kNone, kNone}},
    OrderRow{"7W4X8Y2AB", "Hồ Văn Vinh", "0967812345", "K2-03", true, {Line{0, 1000}, Line{6, 1000}, Line{4, 2000}}},
    OrderRow{"3C6D9E5FG", "Lưu Thị Xuân", "0978123456", "K2-04", false, {Line{3, 2000}, Line{5, 300}, kNone}},
    OrderRow{"9H2J5K8MN", "Dương Văn Yên", "0381234567", "K2-05", true, {Line{11, 3000}, Line{7, 4200}, kNone}},
    OrderRow{"4P7Q3R6SV", "Kiều Thị Ánh", "0392345678", "K2-06", false, {Line{10, 1000}, kNone, kNone}},
    OrderRow{"8T1V5W9XY", "Quách Văn Bình", "0913579246", "K2-07", true, {Line{8, 20}, Line{0, 1500}, kNone}},
    OrderRow{"2A6B4C8DE", "Tô Thị Châu", "0982468135", "K3-01", false, {Line{1, 3000}, Line{2, 1500}, kNone}},
    OrderRow{"6F9G3H7JK", "Vương Văn Dũng", "0903692581", "K3-02", true, {Line{9, 25000}, kNone, kNone}},
    OrderRow{"5M2N8P4QR", "Lâm Thị Giang", "0936925814", "K3-03", false, {Line{6, 2000}, Line{4, 2000}, Line{5, 200}}},
    OrderRow{"1S7T3V9WX", "Châu Văn Hải", "0971472583", "K3-04", true, {Line{7, 8000}, kNone, kNone}},
    OrderRow{"9Y4A6B2CD", "Doãn Thị Hằng", "0357418529", "K3-05", false, {Line{3, 1500}, Line{0, 2000}, kNone}},
    OrderRow{"3E8F5G1HJ", "Nghiêm Văn Khánh", "0389637415", "K3-06", true, {Line{10, 300}, Line{8, 10}, kNone}},
    // Collected yesterday-ish: shows up in "today" and refuses a second pickup.
    OrderRow{"7K3M9N5PQ", "Triệu Thị Liên", "0918527364", "K3-07", true, {Line{11, 2000}, Line{8, 10}, kNone}},
};
static_assert(kOrders.size() == kReadyOrders + 1);

// [SECTION] Post offices
struct PostOfficeRow {
  std::string_view id, name, unit_id;
};
constexpr std::array kPostOffices{
    PostOfficeRow{"po-an-duong", "Bưu cục An Dương", "vn-31-312"},
    PostOfficeRow{"po-an-lao", "Bưu cục An Lão", "vn-31-313"},
    PostOfficeRow{"po-kien-thuy", "Bưu cục Kiến Thụy", "vn-31-314"},
    PostOfficeRow{"po-thuy-nguyen", "Bưu cục Thủy Nguyên", "vn-31-311"},
    PostOfficeRow{"po-tien-lang", "Bưu cục Tiên Lãng", "vn-31-315"},
    PostOfficeRow{"po-vinh-bao", "Bưu cục Vĩnh Bảo", "vn-31-316"},
};

// Fixed UUIDv7-shaped ids (timestamp 2024-10, version 7, variant 8): the same on every
// machine. `family` tells records apart (1 products, 2 farmers, 3 orders, 4 pickups).
std::string fixed_id(int family, std::size_t index) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "01924f80-0000-7000-8000-%d%011zx", family, index + 1);
  return buf;
}

std::string code(KioskCodeKind kind, std::string_view payload) {
  return codes::make_kiosk_code(kind, payload).value_or("");
}

constexpr UtcMillis kMinute = 60 * 1000;
constexpr UtcMillis kDay = 24 * 60 * kMinute;

}  // namespace

std::vector<AdminUnit> admin_units() {
  std::vector<AdminUnit> out;
  for (const auto& u : kUnits) {
    AdminUnit a{.id = std::string(u.id), .kind = std::string(u.kind), .name = std::string(u.name), .parent_id = {},
                .active = true};
    if (!u.parent.empty()) a.parent_id = std::string(u.parent);
    out.push_back(std::move(a));
  }
  return out;
}

std::vector<std::string> branches() { return {kBranches.begin(), kBranches.end()}; }

std::vector<PostOffice> post_offices() {
  std::vector<PostOffice> out;
  for (const auto& p : kPostOffices)
    out.push_back(PostOffice{.id = std::string(p.id), .name = std::string(p.name), .unit_id = std::string(p.unit_id)});
  return out;
}

std::vector<Product> products() {
  std::vector<Product> out;
  for (std::size_t i = 0; i < kProducts.size(); ++i) {
    const auto& row = kProducts[i];
    Product p{.id = fixed_id(1, i), .sku = std::string(row.sku), .name_vi = std::string(row.name_vi),
              .name_en = std::string(row.name_en), .unit = row.unit, .gtin = std::nullopt, .image = "", .prices = {},
              .shelf_life_days = row.shelf_life_days, .shelf_warn_days = row.warn_days};
    for (std::size_t g = 0; g < kGrades.size(); ++g)
      if (row.prices[g] > 0) p.prices.push_back(GradePrice{.grade = std::string(kGrades[g]), .price = row.prices[g]});
    out.push_back(std::move(p));
  }
  return out;
}

std::vector<Farmer> farmers(UtcMillis now) {
  std::vector<Farmer> out;
  for (std::size_t i = 0; i < kFarmers.size(); ++i) {
    const auto& row = kFarmers[i];
    out.push_back(Farmer{.id = fixed_id(2, i), .member_code = code(KioskCodeKind::member, row.member_payload),
                         .name = std::string(row.name), .phone = std::string(row.phone),
                         .commune = std::string(row.commune), .district = std::string(row.district),
                         .branch = std::string(row.branch), .cooperative = std::string(row.cooperative),
                         .created_at = now - static_cast<UtcMillis>(90 - i) * kDay});
  }
  return out;
}

std::vector<Order> orders(UtcMillis now) {
  std::vector<Order> out;
  for (std::size_t i = 0; i < kOrders.size(); ++i) {
    const auto& row = kOrders[i];
    const bool collected = i == kOrders.size() - 1;
    const UtcMillis created = collected ? now - 26 * 60 * kMinute : now - static_cast<UtcMillis>(i + 1) * 37 * kMinute;
    Order o{.id = fixed_id(3, i), .number = {}, .pickup_code = code(KioskCodeKind::pickup, row.pickup_payload),
            .buyer_name = std::string(row.buyer), .buyer_phone = std::string(row.phone), .status = OrderStatus::Ready,
            .cash_on_delivery = row.cash_on_delivery, .amount_due = 0, .total = 0, .shelf = std::string(row.shelf),
            .created_at = created, .hold_until = created + 7 * kDay, .items = {}};
    // The centre's short number, as its orders carry it; the last two demo orders have none yet.
    if (i + 2 < kOrders.size()) o.number = "DH-2026-" + std::to_string(100123 + i).substr(0, 6);
    for (const auto& line : row.lines) {
      if (line.product < 0) continue;
      const auto& pr = kProducts[static_cast<std::size_t>(line.product)];
      OrderItem item{.product_name = std::string(pr.name_vi), .quantity_text = {}, .amount = 0};
      if (pr.unit == PriceUnit::PerKg) {
        item.quantity_text = format_weight(line.qty * 1000);
        item.amount = value_by_weight(pr.prices[0], line.qty * 1000);
      } else {
        item.quantity_text = std::to_string(line.qty) + " quả";
        item.amount = pr.prices[0] * line.qty;
      }
      o.total += item.amount;
      o.items.push_back(std::move(item));
    }
    if (o.cash_on_delivery) o.amount_due = o.total;
    out.push_back(std::move(o));
  }
  return out;
}

Pickup pickup(UtcMillis now) {
  const auto all = orders(now);
  const Order& o = all.back();
  return Pickup{.id = fixed_id(4, 0), .order_id = o.id, .pickup_code = o.pickup_code, .buyer_name = o.buyer_name,
                .method = PaymentMethod::Cash, .amount_paid = o.amount_due, .clerk = "Demo", .kiosk_id = "demo-kiosk",
                .collected_at = now - 50 * kMinute, .cash_tendered = o.amount_due};
}

std::string member_code(int index) {
  if (index < 0 || index >= static_cast<int>(kFarmers.size())) return {};
  return code(KioskCodeKind::member, kFarmers[static_cast<std::size_t>(index)].member_payload);
}

std::string pickup_code(int index) {
  if (index < 0 || index >= static_cast<int>(kOrders.size())) return {};
  return code(KioskCodeKind::pickup, kOrders[static_cast<std::size_t>(index)].pickup_payload);
}

}  // namespace hp::demo
