#include "kiosk/store/demo_data.hpp"

#include <set>
#include <string_view>

#include "shared/demo/demo_records.hpp"

namespace hp::store {
namespace {

// Bumped when the demo set changes; seed_demo records it in settings. 2: the records come from
// shared/demo (fixed ids, shared with kiosk-server --demo).
constexpr std::string_view kDemoVersion = "2";

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

}  // namespace

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
  return store.set_setting("demo.version", kDemoVersion);
}

}  // namespace hp::store
