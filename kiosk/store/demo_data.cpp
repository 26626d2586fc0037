#include "kiosk/store/demo_data.hpp"

#include <array>
#include <map>
#include <string_view>

#include "shared/codes/kiosk_codes.hpp"
#include "shared/money.hpp"
#include "shared/weight.hpp"

namespace hp::store {
namespace {

using codes::KioskCodeKind;

// Bumped when the demo set changes; seed_demo records it in settings.
constexpr std::string_view kDemoVersion = "1";

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
};
constexpr std::array kProducts{
    ProductRow{"CA-CHUA", "Cà chua", "Tomatoes", PriceUnit::PerKg, {22000, 17000, 12000}},
    ProductRow{"BAP-CAI", "Bắp cải", "Cabbage", PriceUnit::PerKg, {12000, 9000, 6000}},
    ProductRow{"SU-HAO", "Su hào", "Kohlrabi", PriceUnit::PerKg, {15000, 11000, 8000}},
    ProductRow{"RAU-MUONG", "Rau muống", "Water spinach", PriceUnit::PerKg, {18000, 14000, 0}},
    ProductRow{"KHOAI-TAY", "Khoai tây", "Potatoes", PriceUnit::PerKg, {20000, 16000, 12000}},
    ProductRow{"HANH-LA", "Hành lá", "Spring onions", PriceUnit::PerKg, {35000, 28000, 0}},
    ProductRow{"CA-ROT", "Cà rốt", "Carrots", PriceUnit::PerKg, {18000, 14000, 10000}},
    ProductRow{"DUA-HAU", "Dưa hấu", "Watermelon", PriceUnit::PerKg, {15000, 11000, 8000}},
    ProductRow{"TRUNG-GA", "Trứng gà", "Chicken eggs", PriceUnit::PerPiece, {3500, 3000, 0}},
    ProductRow{"GAO", "Gạo", "Rice", PriceUnit::PerKg, {22000, 18000, 0}},
    ProductRow{"NAM-ROM", "Nấm rơm", "Straw mushrooms", PriceUnit::PerKg, {90000, 75000, 0}},
    ProductRow{"THANH-LONG", "Thanh long", "Dragon fruit", PriceUnit::PerKg, {30000, 22000, 15000}},
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
static_assert(kOrders.size() == kDemoReadyOrders + 1);

Result<std::string> code(KioskCodeKind kind, std::string_view payload) {
  return codes::make_kiosk_code(kind, payload);
}

Status seed_places(Store& store) {
  for (const auto& u : kUnits) {
    AdminUnit a{.id = std::string(u.id), .kind = std::string(u.kind), .name = std::string(u.name), .parent_id = {},
                .active = true};
    if (!u.parent.empty()) a.parent_id = std::string(u.parent);
    if (auto s = store.upsert_admin_unit(a); !s) return s;
  }
  for (auto b : kBranches)
    if (auto s = store.upsert_branch(b); !s) return s;
  return store.set_setting("admin_units.source",
                           "demo: Hai Phong units as of 2024 (before the 2025 reform); the centre sends updates");
}

// Returns the product ids by sku (existing ones kept, so a second run adds nothing).
Result<std::map<std::string, Product>> seed_products(Store& store, IdGenerator& ids) {
  auto existing = store.products();
  if (!existing) return std::unexpected(existing.error());
  std::map<std::string, Product> by_sku;
  for (auto& p : *existing) by_sku[p.sku] = p;
  for (const auto& row : kProducts) {
    const std::string sku(row.sku);
    if (by_sku.contains(sku)) continue;
    Product p{.id = ids.next(), .sku = sku, .name_vi = std::string(row.name_vi), .name_en = std::string(row.name_en),
              .unit = row.unit, .gtin = std::nullopt, .image = "", .prices = {}};
    for (std::size_t g = 0; g < kGrades.size(); ++g)
      if (row.prices[g] > 0) p.prices.push_back(GradePrice{.grade = std::string(kGrades[g]), .price = row.prices[g]});
    if (auto s = store.upsert_product(p); !s) return std::unexpected(s.error());
    by_sku[sku] = std::move(p);
  }
  return by_sku;
}

Status seed_farmers(Store& store, IdGenerator& ids, UtcMillis now) {
  for (std::size_t i = 0; i < kFarmers.size(); ++i) {
    const auto& row = kFarmers[i];
    auto member = code(KioskCodeKind::member, row.member_payload);
    if (!member) return std::unexpected(member.error());
    auto existing = store.farmer_by_member_code(*member);
    if (!existing) return std::unexpected(existing.error());
    if (*existing) continue;
    NewFarmer f{.id = ids.next(), .member_code = *member, .name = std::string(row.name), .phone = std::string(row.phone),
                .commune = std::string(row.commune), .district = std::string(row.district),
                .branch = std::string(row.branch), .cooperative = std::string(row.cooperative),
                .created_at = now - static_cast<UtcMillis>(90 - i) * 24 * 3600 * 1000};
    if (auto r = store.register_farmer(f, ids.next()); !r) return std::unexpected(r.error());
  }
  return {};
}

Result<Order> make_order(const OrderRow& row, const std::map<std::string, Product>& products, IdGenerator& ids,
                         UtcMillis created_at) {
  auto pickup = code(KioskCodeKind::pickup, row.pickup_payload);
  if (!pickup) return std::unexpected(pickup.error());
  Order o{.id = ids.next(), .number = {}, .pickup_code = *pickup, .buyer_name = std::string(row.buyer),
          .buyer_phone = std::string(row.phone), .status = OrderStatus::Ready, .cash_on_delivery = row.cash_on_delivery,
          .amount_due = 0, .total = 0, .shelf = std::string(row.shelf), .created_at = created_at,
          .hold_until = created_at + 7LL * 24 * 3600 * 1000, .items = {}};
  for (const auto& line : row.lines) {
    if (line.product < 0) continue;
    const auto& pr = kProducts[static_cast<std::size_t>(line.product)];
    const auto it = products.find(std::string(pr.sku));
    const std::string name = it != products.end() ? it->second.name_vi : std::string(pr.name_vi);
    OrderItem item{.product_name = name, .quantity_text = {}, .amount = 0};
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
  return o;
}

Status seed_orders(Store& store, const std::map<std::string, Product>& products, IdGenerator& ids, UtcMillis now) {
  constexpr UtcMillis kMinute = 60 * 1000;
  for (std::size_t i = 0; i < kOrders.size(); ++i) {
    const bool collected = i == kOrders.size() - 1;
    const UtcMillis created = collected ? now - 26 * 60 * kMinute : now - static_cast<UtcMillis>(i + 1) * 37 * kMinute;
    auto o = make_order(kOrders[i], products, ids, created);
    if (!o) return std::unexpected(o.error());
    // The centre's short number, as its orders carry it; the last demo order has none yet.
    if (i + 2 < kOrders.size()) o->number = "DH-2026-" + std::to_string(100123 + i).substr(0, 6);
    auto existing = store.order_by_pickup_code(o->pickup_code);
    if (!existing) return std::unexpected(existing.error());
    if (*existing) continue;
    if (auto s = store.upsert_order(*o); !s) return s;
    if (collected) {
      Pickup p{.id = ids.next(), .order_id = o->id, .pickup_code = o->pickup_code, .buyer_name = o->buyer_name,
               .method = PaymentMethod::Cash, .amount_paid = o->amount_due, .clerk = "Demo", .kiosk_id = "demo-kiosk",
               .collected_at = now - 50 * kMinute, .cash_tendered = o->amount_due};
      if (auto s = store.record_pickup(p, ids.next(), {}); !s) return s;
    }
  }
  return {};
}

}  // namespace

std::string demo_member_code(int index) {
  if (index < 0 || index >= static_cast<int>(kFarmers.size())) return {};
  return code(KioskCodeKind::member, kFarmers[static_cast<std::size_t>(index)].member_payload).value_or("");
}

std::string demo_pickup_code(int index) {
  if (index < 0 || index >= static_cast<int>(kOrders.size())) return {};
  return code(KioskCodeKind::pickup, kOrders[static_cast<std::size_t>(index)].pickup_payload).value_or("");
}

Status seed_demo(Store& store, IdGenerator& ids, const Clock& clock) {
  auto seeded = store.setting("demo.version");
  if (!seeded) return std::unexpected(seeded.error());
  if (*seeded && **seeded == kDemoVersion) return {};

  // Each step skips what is already there, so an interrupted seed completes on the next run.
  const UtcMillis now = clock.now();
  if (auto s = seed_places(store); !s) return s;
  auto products = seed_products(store, ids);
  if (!products) return std::unexpected(products.error());
  if (auto s = seed_farmers(store, ids, now); !s) return s;
  if (auto s = seed_orders(store, *products, ids, now); !s) return s;
  return store.set_setting("demo.version", kDemoVersion);
}

}  // namespace hp::store
