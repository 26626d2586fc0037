#pragma once
// Who sees what (docs/dashboard.md "Roles and scope"). Figures belong to the post office
// where they happened, and through it to that post office's administrative unit: a
// district or commune account sees the post offices whose unit lies in its unit, a post
// office manager only theirs, the city association and administrators every post office.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "server/auth/staff.hpp"
#include "server/dash/units.hpp"

namespace hp::server::dash {

struct PostOffice {
  std::string id;
  std::string name;
  std::string unit_id;
};

struct Scope {
  std::vector<PostOffice> post_offices;  // visible ones, sorted by id
  bool contains(const std::string& post_office_id) const;
};

Result<std::vector<PostOffice>> load_post_offices(SqlDb& db);

// The staff member's scope, narrowed to one unit or one post office when asked. Error:
// scope.forbidden when the narrowing leaves the staff member's scope.
Result<Scope> scope_for(const auth::Staff& staff, const std::vector<PostOffice>& all, const UnitTree& units,
                        const std::string& unit_filter, const std::string& post_office_filter);

// Whether the staff member may read or set figures of this unit.
bool unit_in_scope(const auth::Staff& staff, const UnitTree& units, const std::string& unit_id);

}  // namespace hp::server::dash
