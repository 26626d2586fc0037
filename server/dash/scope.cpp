#include "server/dash/scope.hpp"

#include <algorithm>

namespace hp::server::dash {

bool Scope::contains(const std::string& id) const {
  return std::any_of(post_offices.begin(), post_offices.end(), [&](const PostOffice& p) { return p.id == id; });
}

Result<std::vector<PostOffice>> load_post_offices(SqlDb& db) {
  auto rows = db.query("SELECT id, name, unit_id FROM post_offices ORDER BY id");
  if (!rows) return std::unexpected(rows.error());
  std::vector<PostOffice> out;
  for (const auto& r : *rows) out.push_back({to_text(r[0]), to_text(r[1]), to_text(r[2])});
  return out;
}

bool unit_in_scope(const auth::Staff& staff, const UnitTree& units, const std::string& unit_id) {
  if (staff.role == "city" || staff.role == "admin") return units.find(unit_id) != nullptr;
  if (staff.role == "district" || staff.role == "commune") return units.covers(staff.unit_id, unit_id);
  // A technician looks after the whole city, one unit, or one post office.
  if (staff.role == "technician" && staff.post_office_id.empty())
    return staff.unit_id.empty() ? units.find(unit_id) != nullptr : units.covers(staff.unit_id, unit_id);
  return false;
}

Result<Scope> scope_for(const auth::Staff& staff, const std::vector<PostOffice>& all, const UnitTree& units,
                        const std::string& unit_filter, const std::string& post_office_filter) {
  Scope s;
  for (const auto& p : all) {
    bool visible = false;
    if (staff.role == "city" || staff.role == "admin") visible = true;
    else if (staff.role == "district" || staff.role == "commune") visible = units.covers(staff.unit_id, p.unit_id);
    else if (staff.role == "post_office") visible = p.id == staff.post_office_id;
    else if (staff.role == "technician")
      visible = !staff.post_office_id.empty() ? p.id == staff.post_office_id
                : !staff.unit_id.empty()      ? units.covers(staff.unit_id, p.unit_id)
                                              : true;
    if (visible) s.post_offices.push_back(p);
  }
  if (!unit_filter.empty()) {
    const bool allowed = unit_in_scope(staff, units, unit_filter) ||
                         ((staff.role == "post_office" || (staff.role == "technician" && !staff.post_office_id.empty())) && std::any_of(s.post_offices.begin(), s.post_offices.end(),
                                                                     [&](const PostOffice& p) { return p.unit_id == unit_filter; }));
    if (!allowed) return fail("scope.forbidden", "unit " + unit_filter + " is outside your scope");
    std::erase_if(s.post_offices, [&](const PostOffice& p) { return !units.covers(unit_filter, p.unit_id) && p.unit_id != unit_filter; });
  }
  if (!post_office_filter.empty()) {
    if (!s.contains(post_office_filter))
      return fail("scope.forbidden", "post office " + post_office_filter + " is outside your scope");
    std::erase_if(s.post_offices, [&](const PostOffice& p) { return p.id != post_office_filter; });
  }
  return s;
}

}  // namespace hp::server::dash
