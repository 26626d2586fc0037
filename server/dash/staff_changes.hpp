#pragma once
// Staff account changes with their audit row, in one transaction: what the data-management
// page and `kiosk-server admin staff add` both call (server/auth/staff.hpp does the checks).
#include <string>

#include "server/auth/staff.hpp"
#include "server/dash/audit.hpp"

namespace hp::server::dash {

// Errors: StaffStore::add's.
Result<auth::Staff> add_staff(auth::StaffStore& staff, SqlDb& db, const auth::NewStaff& s, const std::string& password,
                              const std::string& id, const Actor& who);
// Errors: StaffStore::change_role's.
Result<auth::Account> change_staff_role(auth::StaffStore& staff, SqlDb& db, const std::string& id, const std::string& role,
                                      const std::string& unit_id, const std::string& post_office_id, const Actor& who);
// Disabling a disabled account changes nothing (no audit row). Error: staff.unknown.
Result<auth::Account> disable_staff(auth::StaffStore& staff, SqlDb& db, const std::string& id, const Actor& who);

}  // namespace hp::server::dash
