#pragma once
// Packages of orders at the counter (docs/packages.md), as the store keeps them and the screens
// show them: checked in to a shelf place, handed over by scan, refused, or returned.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shared/clock.hpp"
#include "shared/money.hpp"

namespace hp::store {

enum class PackageStatus { Expected, CheckedIn, HandedOver, Refused, Returned };

constexpr std::string_view to_string(PackageStatus s) {
  switch (s) {
    case PackageStatus::Expected: return "expected";
    case PackageStatus::CheckedIn: return "checked_in";
    case PackageStatus::HandedOver: return "handed_over";
    case PackageStatus::Refused: return "refused";
    case PackageStatus::Returned: return "returned";
  }
  return "?";
}

constexpr std::optional<PackageStatus> package_status_from(std::string_view s) {
  for (auto k : {PackageStatus::Expected, PackageStatus::CheckedIn, PackageStatus::HandedOver, PackageStatus::Refused,
                 PackageStatus::Returned})
    if (to_string(k) == s) return k;
  return std::nullopt;
}

struct Package {
  std::string code;      // the label, canonical (shared/codes/package_label.hpp)
  std::string order_id;
  int line = 0;          // its place in the order's list
  std::vector<int> items;  // the order's item lines it holds; empty: all of them
  PackageStatus status = PackageStatus::Expected;
  std::string shelf;
  UtcMillis checked_in_at = 0;
  UtcMillis hold_until = 0;
  std::string pickup_id;
  UtcMillis returned_at = 0;
  // The order's, for messages and lists.
  std::string pickup_code;
  std::string order_number;
  std::string buyer_name;
};

// Why the buyer refused an item at the counter.
enum class RefusalReason { Damaged, WrongItem, ChangedMind, Other };

constexpr std::string_view to_string(RefusalReason r) {
  switch (r) {
    case RefusalReason::Damaged: return "damaged";
    case RefusalReason::WrongItem: return "wrong_item";
    case RefusalReason::ChangedMind: return "changed_mind";
    case RefusalReason::Other: return "other";
  }
  return "?";
}

constexpr std::optional<RefusalReason> refusal_reason_from(std::string_view s) {
  for (auto r : {RefusalReason::Damaged, RefusalReason::WrongItem, RefusalReason::ChangedMind, RefusalReason::Other})
    if (to_string(r) == s) return r;
  return std::nullopt;
}

// One item line of the order the buyer did not take.
struct Refusal {
  int line = 0;
  RefusalReason reason = RefusalReason::Damaged;
  std::string note;  // required for Other
};

// One entry of the return list: a package to scan out to the driver (its label), or the
// unlabelled goods of an order (an order without packages past its hold, or refused items
// taken out of a package the buyer kept), scanned out by the order's pickup code.
struct ReturnEntry {
  std::string code;        // what to scan: the package label, or the pickup code
  bool labelled = true;    // false: scanned out by pickup code
  std::string order_id;
  std::string pickup_code;
  std::string order_number;
  std::string buyer_name;
  std::string shelf;
  std::string reason;      // "expired" or "refused"
  UtcMillis since = 0;     // hold ended / refused at
  std::vector<std::string> items;  // product names, for the slip
};

}  // namespace hp::store
