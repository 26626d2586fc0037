#pragma once
// Staff accounts, sign-in and sessions of the dashboard (docs/dashboard.md "Sign-in").
// Roles: city (the whole city), district and commune (one administrative unit and what lies
// in it), post_office (one post office), admin (everything, and the accounts).
#include <optional>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "server/dash/sql.hpp"
#include "shared/clock.hpp"
#include "shared/result.hpp"

namespace hp::server::auth {

struct Staff {
  std::string id;
  std::string username;
  std::string display_name;
  std::string role;
  std::string unit_id;         // district and commune roles
  std::string post_office_id;  // post_office role
};

// An account as the administrator manages it.
struct Account {
  Staff staff;
  std::optional<UtcMillis> disabled_at;  // set: the account can no longer sign in
};

// {id, username, display_name, role, unit_id, post_office_id} (null when empty), and
// disabled_at for an account: as `admin staff list` prints it and the page shows it.
nlohmann::json to_json(const Staff& s);
nlohmann::json to_json(const Account& a);

struct NewStaff {
  std::string username;
  std::string display_name;
  std::string role;
  std::string unit_id;
  std::string post_office_id;
};

struct Session {
  std::string token;  // goes into the cookie; only its hash is stored
  std::string csrf;   // sent back in X-CSRF-Token on every state-changing request
  Staff staff;
  UtcMillis expires_at = 0;
};

struct Throttled {
  std::int64_t retry_after_s = 0;
};

inline constexpr std::int64_t kSessionMs = 8LL * 3600 * 1000;  // one working day
inline constexpr std::int64_t kThrottleWindowMs = 15LL * 60 * 1000;
inline constexpr int kMaxFailuresPerUser = 5;
inline constexpr int kMaxFailuresPerAddress = 30;
inline constexpr std::size_t kMinPassword = 10;

class StaffStore {
 public:
  explicit StaffStore(dash::SqlDb& db) : db_(db) {}

  // Errors: staff.invalid (role, scope, name or password), staff.username_taken.
  Result<Staff> add(const NewStaff& s, const std::string& password, const std::string& id, UtcMillis now);
  Result<std::vector<Staff>> list();
  // Every account, the disabled ones too, by user name.
  Result<std::vector<Account>> accounts();
  // nullopt for an unknown id.
  Result<std::optional<Account>> find(const std::string& id);
  // A new role and scope. Errors: staff.invalid, staff.unknown.
  Result<Account> change_role(const std::string& id, const std::string& role, const std::string& unit_id,
                              const std::string& post_office_id);
  // The account signs in no more and its open sessions end. Error: staff.unknown.
  Result<Account> disable(const std::string& id, UtcMillis now);
  // Error: staff.unknown.
  Status set_password(const std::string& username, const std::string& password);

  // Errors: auth.throttled (detail: seconds to wait), auth.bad_credentials.
  Result<Session> login(const std::string& username, const std::string& password, const std::string& address,
                        UtcMillis now);
  Result<std::optional<Session>> session(const std::string& token, UtcMillis now);
  Status logout(const std::string& token);

 private:
  // The role's scope exists: the unit for district and commune, the post office for
  // post_office. Error: staff.invalid.
  Status check_scope(const std::string& role, const std::string& unit_id, const std::string& post_office_id);
  Result<std::int64_t> failures(const std::string& key, UtcMillis now);
  dash::SqlDb& db_;
};

}  // namespace hp::server::auth
