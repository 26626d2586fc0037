#include "server/dash/staff_changes.hpp"

namespace hp::server::dash {

Result<auth::Staff> add_staff(auth::StaffStore& staff, SqlDb& db, const auth::NewStaff& s, const std::string& password,
                              const std::string& id, const Actor& who) {
  Result<auth::Staff> added = fail("staff.invalid", "");
  Status st = db.transaction([&]() -> Status {
    added = staff.add(s, password, id, who.now);
    if (!added) return std::unexpected(added.error());
    return write_audit(db, who, "staff.add", {{"staff_id", added->id}}, nullptr, auth::to_json(*added));
  });
  if (!st) return std::unexpected(st.error());
  return added;
}

Result<auth::Account> change_staff_role(auth::StaffStore& staff, SqlDb& db, const std::string& id, const std::string& role,
                                      const std::string& unit_id, const std::string& post_office_id, const Actor& who) {
  Result<auth::Account> changed = fail("staff.invalid", "");
  Status st = db.transaction([&]() -> Status {
    auto before = staff.find(id);
    if (!before) return std::unexpected(before.error());
    if (!*before) return fail("staff.unknown", "no account " + id);
    changed = staff.change_role(id, role, unit_id, post_office_id);
    if (!changed) return std::unexpected(changed.error());
    return write_audit(db, who, "staff.role", {{"staff_id", id}}, auth::to_json(**before), auth::to_json(*changed));
  });
  if (!st) return std::unexpected(st.error());
  return changed;
}

Result<auth::Account> disable_staff(auth::StaffStore& staff, SqlDb& db, const std::string& id, const Actor& who) {
  Result<auth::Account> done = fail("staff.invalid", "");
  Status st = db.transaction([&]() -> Status {
    auto before = staff.find(id);
    if (!before) return std::unexpected(before.error());
    if (!*before) return fail("staff.unknown", "no account " + id);
    done = staff.disable(id, who.now);
    if (!done) return std::unexpected(done.error());
    if ((*before)->disabled_at) return {};
    return write_audit(db, who, "staff.disable", {{"staff_id", id}}, auth::to_json(**before), auth::to_json(*done));
  });
  if (!st) return std::unexpected(st.error());
  return done;
}

}  // namespace hp::server::dash
