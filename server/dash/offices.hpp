#pragma once
// Post offices, enrolment codes and kiosks: the one implementation `kiosk-server admin`
// (post-offices, post-office add, enrol-code, kiosks, revoke) and the data-management page
// both call (docs/dashboard.md "Data management"). Every change is audited in its own
// transaction and, where kiosks hold the record, published for their next pull.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/dash/audit.hpp"
#include "server/dash/scope.hpp"
#include "server/dash/sql.hpp"

namespace hp::server::dash {

inline constexpr std::int64_t kDefaultEnrolTtlSeconds = 24 * 3600;
inline constexpr std::int64_t kMaxEnrolTtlSeconds = 30LL * 24 * 3600;

struct EnrolCode {
  std::string code;  // shown once: only its hash is kept
  std::string post_office_id;
  UtcMillis expires_at = 0;
};

// Errors: post_office.invalid (id, name or unit), post_office.exists.
Result<PostOffice> add_post_office(SqlDb& db, const PostOffice& po, const Actor& who);
// Changes the name and, when unit_id is given, the unit. Errors: post_office.invalid,
// post_office.unknown.
Result<PostOffice> edit_post_office(SqlDb& db, const std::string& id, const std::string& name,
                                    const std::optional<std::string>& unit_id, const Actor& who);
// Errors: post_office.unknown, enrol.invalid_ttl (0 to 30 days).
Result<EnrolCode> issue_enrol_code(SqlDb& db, const std::string& post_office_id, std::int64_t ttl_seconds,
                                   const Actor& who);
// Every kiosk, oldest enrolment first: {id, post_office_id, name, app_version, enrolled_at,
// revoked, revoked_at, state, state_at}.
Result<nlohmann::json> list_kiosks(SqlDb& db);
// From now on the kiosk's requests are refused (401 auth.revoked). Revoking twice keeps the
// first time. Error: kiosk.unknown.
Result<nlohmann::json> revoke_kiosk(SqlDb& db, const std::string& kiosk_id, const Actor& who);

}  // namespace hp::server::dash
