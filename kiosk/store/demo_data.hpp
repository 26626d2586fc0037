#pragma once
// Demo and benchmark data for the kiosk's store.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "kiosk/store/store.hpp"
#include "shared/clock.hpp"
#include "shared/demo/demo_records.hpp"
#include "shared/ids.hpp"

namespace hp::store {

// Hai Phong administrative units (as they stood in 2024, before the 2025 reform; the centre
// replaces them), farmers' association branches, a dozen products with prices per grade,
// eight farmers, twenty orders waiting on the shelves and one already collected.
// Idempotent: a second call changes nothing. Member and pickup codes are valid kiosk codes
// (shared/codes/kiosk_codes.hpp).
Status seed_demo(Store& store, IdGenerator& ids, const Clock& clock);

// The demo's clerks (README, docs/clerks.md): their PINs are documented, for the demo and tests
// only; a real counter's accounts come from the centre.
struct DemoClerk {
  std::string_view id, name;
  ClerkRole role;
  std::string_view badge, pin;
  std::string_view pin_hash;  // Argon2id of pin
};
std::span<const DemoClerk> demo_clerks();  // clerk 1111, supervisor 2222, technician 3333
// The demo's sales agents: DL-0001 at 5 %, DL-0002 at 3,5 % (docs/agents.md).
std::span<const Agent> demo_agents();

// The demo's codes, for tests and scripted sessions.
inline constexpr int kDemoReadyOrders = demo::kReadyOrders;
std::string demo_member_code(int index);  // index 0..7
std::string demo_pickup_code(int index);  // 0..19 ready, 20 collected

// The pickup code of order i of Store::seed_bulk_orders (1-3 items each, inserted in large
// transactions); codes for i >= n are valid codes that are not in the store (misses).
std::string bulk_pickup_code(std::int64_t i);

}  // namespace hp::store
