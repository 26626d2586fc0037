#pragma once
// Farmers on the data-management page: found by name, phone or member code within the
// staff member's scope, and their contact and organisation fields corrected. A farmer
// belongs to the post office whose kiosk registered them; the demo's and imported farmers,
// registered nowhere, belong to the whole city. Merging duplicates is the conflicts queue's.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "server/dash/audit.hpp"
#include "server/dash/scope.hpp"
#include "server/dash/sql.hpp"

namespace hp::server::dash {

inline constexpr int kFarmerPage = 100;

struct FarmerEdit {
  std::optional<std::string> phone;        // 10 digits from 0
  std::optional<std::string> branch;       // association branch
  std::optional<std::string> cooperative;  // cooperative or cooperative group
};

// Farmers whose name, phone or member code holds `q` (all when empty), at most kFarmerPage,
// each with the post office that registered them ("" for none). whole_city: city and admin.
Result<nlohmann::json> search_farmers(SqlDb& db, const Scope& scope, bool whole_city, const std::string& q);
// Errors: farmers.unknown (also outside the scope), farmers.invalid.
Result<nlohmann::json> edit_farmer(SqlDb& db, const Scope& scope, bool whole_city, const std::string& id,
                                   const FarmerEdit& edit, const Actor& who);

}  // namespace hp::server::dash
