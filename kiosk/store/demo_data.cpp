#include "kiosk/store/demo_data.hpp"

#include <array>
#include <set>
#include <string_view>

#include "shared/demo/demo_records.hpp"

namespace hp::store {
namespace {

// Bumped when the demo set changes; seed_demo records it in settings. 2: the records come from
// shared/demo (fixed ids, shared with kiosk-server --demo).
// 3: demo clerks. 4: demo sales agents.
constexpr std::string_view kDemoVersion = "4";

Status seed_places(Store& store) {
  for (const auto& a : demo::admin_units())
    if (auto s = store.upsert_admin_unit(a); !s) return s;
  for (const auto& b : demo::branches())
    if (auto s = store.upsert_branch(b); !s) return s;
  return store.set_setting("admin_units.source",
                           "demo: Hai Phong units as of 2024 (before the 2025 reform); the centre sends updates");
}

// Products already there are kept (by sku), so a second run adds nothing.
Status seed_products(Store& store) {
  auto existing = store.products();
  if (!existing) return std::unexpected(existing.error());
  std::set<std::string> skus;
  for (const auto& p : *existing) skus.insert(p.sku);
  for (const auto& p : demo::products()) {
    if (skus.contains(p.sku)) continue;
    if (auto s = store.upsert_product(p); !s) return s;
  }
  return {};
}

Status seed_farmers(Store& store, IdGenerator& ids, UtcMillis now) {
  for (const auto& f : demo::farmers(now)) {
    auto existing = store.farmer_by_member_code(f.member_code);
    if (!existing) return std::unexpected(existing.error());
    if (*existing) continue;
    NewFarmer nf{.id = f.id, .member_code = f.member_code, .name = f.name, .phone = f.phone, .commune = f.commune,
                 .district = f.district, .branch = f.branch, .cooperative = f.cooperative, .created_at = f.created_at};
    if (auto r = store.register_farmer(nf, ids.next()); !r) return std::unexpected(r.error());
  }
  return {};
}

Status seed_orders(Store& store, IdGenerator& ids, UtcMillis now) {
  const auto orders = demo::orders(now);
  for (std::size_t i = 0; i < orders.size(); ++i) {
    const Order& o = orders[i];
    auto existing = store.order_by_pickup_code(o.pickup_code);
    if (!existing) return std::unexpected(existing.error());
    if (*existing) continue;
    if (auto s = store.upsert_order(o); !s) return s;
    if (i == orders.size() - 1)
      if (auto s = store.record_pickup(demo::pickup(now), ids.next(), {}); !s) return s;
  }
  return {};
}

// The PINs' hashes were made once with shared/auth/pin.hpp's cost (hash_pin), so seeding stays
// instant; tests/unit/store/clerks_test.cpp checks each still verifies its documented PIN.
Status seed_clerks(Store& store, UtcMillis now) {
  auto existing = store.clerks();
  if (!existing) return std::unexpected(existing.error());
  for (const auto& d : demo_clerks()) {
    bool have = false;
    for (const auto& c : *existing) have = have || c.id == d.id;
    if (have) continue;
    const ClerkAccount a{.id = std::string(d.id), .name = std::string(d.name), .role = d.role,
                         .badge = std::string(d.badge), .pin_hash = std::string(d.pin_hash), .disabled = false};
    if (auto s = store.upsert_clerk(a, now); !s) return s;
  }
  return {};
}

Status seed_agents(Store& store, UtcMillis now) {
  for (const auto& a : demo_agents())
    if (auto s = store.upsert_agent(a, now); !s) return s;
  return {};
}

}  // namespace

std::span<const Agent> demo_agents() {
  static const std::array kAgents{
      Agent{.id = "019300ab-0000-7000-8000-000000000001", .code = "DL-0001", .name = "Lê Văn Hùng",
            .phone = "0912345670", .commission_bp = 500, .disabled = false},
      Agent{.id = "019300ab-0000-7000-8000-000000000002", .code = "DL-0002", .name = "Đỗ Thị Mai",
            .phone = "0987654320", .commission_bp = 350, .disabled = false},
  };
  return kAgents;
}

std::span<const DemoClerk> demo_clerks() {
  static constexpr std::array kClerks{
      DemoClerk{"019300aa-0000-7000-8000-000000000001", "Nguyễn Thị Lan", ClerkRole::Clerk, "NV-0001", "1111",
                "$argon2id$v=19$m=32768,t=3,p=1$K2djIq9+v9ZhfPiLL3wcrA$3rQ4dQTOd2LgNRovFsFSv6yJ3q8WJ+mtoZYIvij/6+g"},
      DemoClerk{"019300aa-0000-7000-8000-000000000002", "Trần Văn Đức", ClerkRole::Supervisor, "NV-0002", "2222",
                "$argon2id$v=19$m=32768,t=3,p=1$Dqc+PThHvUnLVSqoqkpopg$UYTen5G5chjPtqTG2d6n1aRILtz8DCeSFnKi3h8JWmM"},
      DemoClerk{"019300aa-0000-7000-8000-000000000003", "Phạm Minh Tuấn", ClerkRole::Technician, "NV-0003", "3333",
                "$argon2id$v=19$m=32768,t=3,p=1$IYY4YrydghwvVGDQNc6z+w$2SwgC8XHuqneOKsn4/ANWduwYrmwdt8WQMrYRmRvTi4"},
  };
  return kClerks;
}

std::string demo_member_code(int index) { return demo::member_code(index); }

std::string demo_pickup_code(int index) { return demo::pickup_code(index); }

Status seed_demo(Store& store, IdGenerator& ids, const Clock& clock) {
  auto seeded = store.setting("demo.version");
  if (!seeded) return std::unexpected(seeded.error());
  if (*seeded && **seeded == kDemoVersion) return {};

  // Each step skips what is already there, so an interrupted seed completes on the next run.
  const UtcMillis now = clock.now();
  if (auto s = seed_places(store); !s) return s;
  if (auto s = seed_products(store); !s) return s;
  if (auto s = seed_farmers(store, ids, now); !s) return s;
  if (auto s = seed_orders(store, ids, now); !s) return s;
  if (auto s = seed_clerks(store, now); !s) return s;
  if (auto s = seed_agents(store, now); !s) return s;
  return store.set_setting("demo.version", kDemoVersion);
}

}  // namespace hp::store
