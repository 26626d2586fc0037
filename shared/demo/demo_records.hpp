#pragma once
// The demo data set as plain records, shared by `kiosk --demo` and `kiosk-server --demo` so
// both hold the same farmers, products, prices and orders under the same ids: a demo kiosk
// enrolled to a demo server then syncs with no duplicates and no conflicts.
// Hai Phong's administrative units as they stood in 2024 (before the 2025 reform), the
// farmers' association branches, six post offices, a dozen products with prices per grade,
// eight farmers, twenty orders waiting at the first post office and one already collected.
#include <string>
#include <vector>

#include "shared/clock.hpp"
#include "shared/domain.hpp"

namespace hp::demo {

inline constexpr int kReadyOrders = 20;
// The post office the demo orders wait at; the first one by id.
inline constexpr const char* kPostOffice = "po-an-duong";

struct PostOffice {
  std::string id;
  std::string name;
  std::string unit_id;  // the district it serves
};

std::vector<AdminUnit> admin_units();
std::vector<std::string> branches();
std::vector<PostOffice> post_offices();  // sorted by id
std::vector<Product> products();
// created_at relative to now (registered over the last three months).
std::vector<Farmer> farmers(UtcMillis now);
// kReadyOrders ready orders, then the collected one (status Ready here; collected by pickup()).
std::vector<Order> orders(UtcMillis now);
// The pickup that collected the last of orders().
Pickup pickup(UtcMillis now);

std::string member_code(int index);  // 0..7
std::string pickup_code(int index);  // 0..19 ready, 20 collected

}  // namespace hp::demo
