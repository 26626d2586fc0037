#pragma once
// Shared set-up for the store suites: a store in a scratch folder, a fixed clock, and builders
// for the records the tests write.
#include <doctest/doctest.h>

#include <string>

#include "kiosk/store/store.hpp"
#include "tests/support/store_access.hpp"
#include "shared/ids.hpp"
#include "tests/support/test_support.hpp"

namespace hp::store::testing {

inline const db::Db& db_of(const Store& s) { return StoreTestAccess::db(s); }

// 2026-11-28 07:05:00 UTC (14:05 in Hai Phong).
inline constexpr UtcMillis kNow = 1'795'849'500'000;

struct Fixture {
  explicit Fixture(const std::string& tag)
      : dir(tag), path(dir.file("kiosk.db")), clock([this] { return now; }), ids(clock) {}
  test::TempDir dir;
  std::string path;
  UtcMillis now = kNow;
  Clock clock;
  IdGenerator ids;

  Store open(OpenOptions options = {}) {
    auto s = Store::open(path, options);
    REQUIRE_MESSAGE(s.has_value(), (s ? std::string() : s.error().code + ": " + s.error().detail));
    return std::move(*s);
  }
};

// Rows in a table; the name is the test's own constant, never data.
inline std::int64_t count_rows(const Store& store, const std::string& table) {
  auto s = db_of(store).prepare("SELECT count(*) FROM " + table);
  REQUIRE(s.has_value());
  auto row = s->step();
  REQUIRE(row.has_value());
  REQUIRE(*row);
  return s->i64(0);
}

struct Counts {
  std::int64_t drop_offs, items, lots, outbox, jobs, pickups, orders, farmers;
  bool operator==(const Counts&) const = default;
};
inline Counts counts(const Store& s) {
  return Counts{count_rows(s, "drop_offs"), count_rows(s, "drop_off_items"), count_rows(s, "lots"),
                count_rows(s, "outbox"),    count_rows(s, "print_jobs"),     count_rows(s, "pickups"),
                count_rows(s, "orders"),    count_rows(s, "farmers")};
}

inline Farmer add_farmer(Store& store, IdGenerator& ids, const std::string& name, const std::string& phone,
                         const std::string& member_code) {
  NewFarmer f{.id = ids.next(), .member_code = member_code, .name = name, .phone = phone, .commune = "Đặng Cương",
              .district = "An Dương", .branch = "Hội Nông dân huyện An Dương", .cooperative = "", .created_at = kNow};
  auto r = store.register_farmer(f, ids.next());
  REQUIRE_MESSAGE(r.has_value(), (r ? std::string() : r.error().code + ": " + r.error().detail));
  return *r;
}

inline Product add_product(Store& store, IdGenerator& ids, const std::string& sku, const std::string& name,
                           PriceUnit unit = PriceUnit::PerKg) {
  Product p{.id = ids.next(), .sku = sku, .name_vi = name, .name_en = sku, .unit = unit, .gtin = std::nullopt,
            .image = "", .prices = {{"A", 22000}, {"B", 17000}}};
  auto r = store.upsert_product(p);
  REQUIRE(r.has_value());
  return p;
}

inline DropOffItem kg_item(IdGenerator& ids, const Product& p, Milligrams gross, Milligrams tare, Dong price,
                           const std::string& lot_code) {
  DropOffItem i{.id = ids.next(), .product_id = p.id, .product_name = p.name_vi, .grade = "A", .unit = PriceUnit::PerKg,
                .gross_mg = gross, .tare_mg = tare, .net_mg = gross - tare, .pieces = 0, .unit_price = price,
                .value = value_by_weight(price, gross - tare), .lot_id = ids.next(), .lot_code = lot_code};
  return i;
}

inline DropOff drop_off(IdGenerator& ids, const Farmer& f, std::vector<DropOffItem> items, UtcMillis at = kNow) {
  DropOff d{.id = ids.next(), .farmer_id = f.id, .farmer_name = f.name, .clerk = "Chị Hạnh", .kiosk_id = "HP-K01",
            .created_at = at, .total = 0, .items = std::move(items)};
  for (const auto& i : d.items) d.total += i.value;
  return d;
}

inline std::vector<NewPrintJob> jobs_for(IdGenerator& ids, const std::string& ref, int n) {
  std::vector<NewPrintJob> jobs;
  for (int i = 0; i < n; ++i)
    jobs.push_back(NewPrintJob{.id = ids.next(), .kind = i == 0 ? PrintKind::DropOffReceipt : PrintKind::Label, .ref_id = ref,
                               .payload = std::string("\x1b@receipt\0bytes\xff", 16), .copy = false});
  return jobs;
}

inline Order ready_order(IdGenerator& ids, const std::string& code, bool cod, Dong total, UtcMillis at = kNow) {
  Order o{.id = ids.next(), .pickup_code = code, .buyer_name = "Ngô Thị Mai", .buyer_phone = "0901234567",
          .status = OrderStatus::Ready, .cash_on_delivery = cod, .amount_due = cod ? total : 0, .total = total,
          .shelf = "K1-03", .created_at = at - 3600'000, .hold_until = at + 7LL * 24 * 3600'000,
          .items = {{"Cà chua", "2 kg", total / 2}, {"Trứng gà", "10 quả", total - total / 2}}};
  return o;
}

}  // namespace hp::store::testing
