#include "server/auth/staff.hpp"

#include <algorithm>

#include "server/auth/password.hpp"
#include "server/crypto.hpp"

namespace hp::server::auth {
namespace {

using dash::SqlRow;

constexpr const char* kColumns = "id, username, display_name, role, coalesce(unit_id, ''), coalesce(post_office_id, '')";

Staff staff_of(const SqlRow& r) {
  return {dash::to_text(r[0]), dash::to_text(r[1]), dash::to_text(r[2]),
          dash::to_text(r[3]), dash::to_text(r[4]), dash::to_text(r[5])};
}

// kColumns then disabled_at.
Account account_of(const SqlRow& r) {
  return {staff_of(r), r[6] ? std::optional<UtcMillis>(dash::to_int(r[6])) : std::nullopt};
}

bool valid_username(const std::string& u) {
  if (u.empty() || u.size() > 64) return false;
  return std::all_of(u.begin(), u.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
  });
}

const std::vector<std::string>& roles() {
  static const std::vector<std::string> kRoles{"city", "district", "commune", "post_office", "admin", "technician"};
  return kRoles;
}

// The unit and post office the role keeps (the others are dropped).
// A technician's scope is optional: a unit, a post office, or (neither) the whole city.
std::string unit_for(const std::string& role, const std::string& unit) {
  return role == "district" || role == "commune" || role == "technician" ? unit : "";
}
std::string post_office_for(const std::string& role, const std::string& po) {
  return role == "post_office" || role == "technician" ? po : "";
}

// What can be checked without the database: a known role, with the scope it needs.
Status role_shape(const std::string& role, const std::string& unit_id, const std::string& po) {
  if (std::find(roles().begin(), roles().end(), role) == roles().end())
    return fail("staff.invalid", "role is one of city, district, commune, post_office, admin, technician");
  if (role == "technician" && !unit_id.empty() && !po.empty())
    return fail("staff.invalid", "a technician looks after one unit or one post office, not both");
  if ((role == "district" || role == "commune") && unit_id.empty())
    return fail("staff.invalid", "a " + role + " account needs --unit");
  if (role == "post_office" && po.empty()) return fail("staff.invalid", "a post_office account needs --post-office");
  return {};
}

}  // namespace

nlohmann::json to_json(const Staff& s) {
  using nlohmann::json;
  return {{"id", s.id},
          {"username", s.username},
          {"display_name", s.display_name},
          {"role", s.role},
          {"unit_id", s.unit_id.empty() ? json(nullptr) : json(s.unit_id)},
          {"post_office_id", s.post_office_id.empty() ? json(nullptr) : json(s.post_office_id)}};
}

nlohmann::json to_json(const Account& a) {
  nlohmann::json j = to_json(a.staff);
  j["disabled_at"] = a.disabled_at ? nlohmann::json(*a.disabled_at) : nlohmann::json(nullptr);
  return j;
}

Status StaffStore::check_scope(const std::string& role, const std::string& unit_id, const std::string& po) {
  if (auto shape = role_shape(role, unit_id, po); !shape) return shape;
  if (const std::string unit = unit_for(role, unit_id); !unit.empty()) {
    auto u = db_.query("SELECT 1 FROM dash_units WHERE id = ?1", {unit});
    if (!u) return std::unexpected(u.error());
    if (u->empty()) return fail("staff.invalid", "no administrative unit " + unit + " (load units first)");
  }
  if (const std::string p = post_office_for(role, po); !p.empty()) {
    auto found = db_.query("SELECT 1 FROM post_offices WHERE id = ?1", {p});
    if (!found) return std::unexpected(found.error());
    if (found->empty()) return fail("staff.invalid", "no post office " + p);
  }
  return {};
}

Result<Staff> StaffStore::add(const NewStaff& s, const std::string& password, const std::string& id, UtcMillis now) {
  if (auto shape = role_shape(s.role, s.unit_id, s.post_office_id); !shape) return std::unexpected(shape.error());
  if (!valid_username(s.username)) return fail("staff.invalid", "username: 1-64 of a-z 0-9 . - _");
  if (s.display_name.empty() || s.display_name.size() > 120)
    return fail("staff.invalid", "a display name of 1 to 120 characters is required");
  if (password.size() < kMinPassword)
    return fail("staff.invalid", "a password has at least " + std::to_string(kMinPassword) + " characters");
  if (password.size() > 1024) return fail("staff.invalid", "a password has at most 1024 characters");
  auto hash = hash_password(password);
  if (!hash) return std::unexpected(hash.error());
  const std::string unit = unit_for(s.role, s.unit_id), po = post_office_for(s.role, s.post_office_id);
  Status st = db_.transaction([&]() -> Status {
    if (auto c = check_scope(s.role, unit, po); !c) return c;
    auto taken = db_.query("SELECT 1 FROM dash_staff WHERE username = ?1", {s.username});
    if (!taken) return std::unexpected(taken.error());
    if (!taken->empty()) return fail("staff.username_taken", "an account named '" + s.username + "' exists");
    return db_.exec(
        "INSERT INTO dash_staff(id, username, display_name, role, unit_id, post_office_id, password_hash, created_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        {id, s.username, s.display_name, s.role, unit.empty() ? dash::SqlValue() : unit,
         po.empty() ? dash::SqlValue() : po, *hash, now});
  });
  if (!st) return std::unexpected(st.error());
  return Staff{id, s.username, s.display_name, s.role, unit, po};
}

Result<std::vector<Account>> StaffStore::accounts() {
  auto rows = db_.query(std::string("SELECT ") + kColumns + ", disabled_at FROM dash_staff ORDER BY username");
  if (!rows) return std::unexpected(rows.error());
  std::vector<Account> out;
  for (const auto& r : *rows) out.push_back(account_of(r));
  return out;
}

Result<std::optional<Account>> StaffStore::find(const std::string& id) {
  auto rows = db_.query(std::string("SELECT ") + kColumns + ", disabled_at FROM dash_staff WHERE id = ?1", {id});
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return std::optional<Account>();
  return std::optional<Account>(account_of((*rows)[0]));
}

Result<Account> StaffStore::change_role(const std::string& id, const std::string& role, const std::string& unit_id,
                                        const std::string& post_office_id) {
  const std::string unit = unit_for(role, unit_id), po = post_office_for(role, post_office_id);
  Account out;
  Status st = db_.transaction([&]() -> Status {
    auto found = find(id);
    if (!found) return std::unexpected(found.error());
    if (!*found) return fail("staff.unknown", "no account " + id);
    if (auto c = check_scope(role, unit, po); !c) return c;
    if (auto r = db_.exec("UPDATE dash_staff SET role = ?1, unit_id = ?2, post_office_id = ?3 WHERE id = ?4",
                          {role, unit.empty() ? dash::SqlValue() : unit, po.empty() ? dash::SqlValue() : po, id});
        !r)
      return r;
    out = **found;
    out.staff.role = role;
    out.staff.unit_id = unit;
    out.staff.post_office_id = po;
    return {};
  });
  if (!st) return std::unexpected(st.error());
  return out;
}

Result<Account> StaffStore::disable(const std::string& id, UtcMillis now) {
  Account out;
  Status st = db_.transaction([&]() -> Status {
    auto found = find(id);
    if (!found) return std::unexpected(found.error());
    if (!*found) return fail("staff.unknown", "no account " + id);
    out = **found;
    if (out.disabled_at) return {};
    if (auto r = db_.exec("UPDATE dash_staff SET disabled_at = ?1 WHERE id = ?2", {now, id}); !r) return r;
    out.disabled_at = now;
    return db_.exec("DELETE FROM dash_sessions WHERE staff_id = ?1", {id});
  });
  if (!st) return std::unexpected(st.error());
  return out;
}

Result<std::vector<Staff>> StaffStore::list() {
  auto rows = db_.query(std::string("SELECT ") + kColumns + " FROM dash_staff ORDER BY username");
  if (!rows) return std::unexpected(rows.error());
  std::vector<Staff> out;
  for (const auto& r : *rows) out.push_back(staff_of(r));
  return out;
}

Status StaffStore::set_password(const std::string& username, const std::string& password) {
  if (password.size() < kMinPassword)
    return fail("staff.invalid", "a password has at least " + std::to_string(kMinPassword) + " characters");
  auto hash = hash_password(password);
  if (!hash) return std::unexpected(hash.error());
  return db_.transaction([&]() -> Status {
    auto found = db_.query("SELECT id FROM dash_staff WHERE username = ?1", {username});
    if (!found) return std::unexpected(found.error());
    if (found->empty()) return fail("staff.unknown", "no account " + username);
    if (auto r = db_.exec("UPDATE dash_staff SET password_hash = ?1 WHERE username = ?2", {*hash, username}); !r) return r;
    // A new password ends every open session of the account.
    return db_.exec("DELETE FROM dash_sessions WHERE staff_id = ?1", {dash::to_text((*found)[0][0])});
  });
}

Result<std::int64_t> StaffStore::failures(const std::string& key, UtcMillis now) {
  auto rows = db_.query("SELECT count(*), coalesce(min(at), 0) FROM dash_login_failures WHERE key = ?1 AND at > ?2",
                        {key, now - kThrottleWindowMs});
  if (!rows) return std::unexpected(rows.error());
  return dash::to_int((*rows)[0][0]);
}

Result<Session> StaffStore::login(const std::string& username, const std::string& password, const std::string& address,
                                  UtcMillis now) {
  const std::string user_key = "user:" + username, address_key = "addr:" + address;
  auto by_user = failures(user_key, now);
  if (!by_user) return std::unexpected(by_user.error());
  auto by_address = failures(address_key, now);
  if (!by_address) return std::unexpected(by_address.error());
  if (*by_user >= kMaxFailuresPerUser || *by_address >= kMaxFailuresPerAddress)
    return fail("auth.throttled", std::to_string(kThrottleWindowMs / 1000));
  auto rows = db_.query(std::string("SELECT ") + kColumns +
                            ", password_hash FROM dash_staff WHERE username = ?1 AND disabled_at IS NULL",
                        {username});
  if (!rows) return std::unexpected(rows.error());
  const bool ok = rows->empty() ? (verify_nothing(password), false) : verify_password(dash::to_text((*rows)[0][6]), password);
  if (!ok) {
    Status st = db_.transaction([&]() -> Status {
      if (auto r = db_.exec("DELETE FROM dash_login_failures WHERE at <= ?1", {now - kThrottleWindowMs}); !r) return r;
      if (auto r = db_.exec("INSERT INTO dash_login_failures(key, at) VALUES (?1, ?2)", {user_key, now}); !r) return r;
      return db_.exec("INSERT INTO dash_login_failures(key, at) VALUES (?1, ?2)", {address_key, now});
    });
    if (!st) return std::unexpected(st.error());
    return fail("auth.bad_credentials", "wrong user name or password");
  }
  Session s{"hps_" + random_token(32), random_token(24), staff_of((*rows)[0]), now + kSessionMs};
  Status st = db_.transaction([&]() -> Status {
    if (auto r = db_.exec("DELETE FROM dash_sessions WHERE expires_at <= ?1", {now}); !r) return r;
    if (auto r = db_.exec("DELETE FROM dash_login_failures WHERE key = ?1", {user_key}); !r) return r;
    return db_.exec("INSERT INTO dash_sessions(token_hash, staff_id, csrf, created_at, expires_at) "
                    "VALUES (?1, ?2, ?3, ?4, ?5)",
                    {sha256_hex(s.token), s.staff.id, s.csrf, now, s.expires_at});
  });
  if (!st) return std::unexpected(st.error());
  return s;
}

Result<std::optional<Session>> StaffStore::session(const std::string& token, UtcMillis now) {
  if (!token.starts_with("hps_")) return std::optional<Session>();
  auto rows = db_.query(std::string("SELECT s.csrf, s.expires_at, ") +
                            "st.id, st.username, st.display_name, st.role, coalesce(st.unit_id, ''), "
                            "coalesce(st.post_office_id, '') FROM dash_sessions s JOIN dash_staff st ON st.id = "
                            "s.staff_id WHERE s.token_hash = ?1 AND s.expires_at > ?2 AND st.disabled_at IS NULL",
                        {sha256_hex(token), now});
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return std::optional<Session>();
  const auto& r = (*rows)[0];
  return std::optional<Session>(Session{token, dash::to_text(r[0]), staff_of(SqlRow(r.begin() + 2, r.end())),
                                        dash::to_int(r[1])});
}

Status StaffStore::logout(const std::string& token) {
  return db_.exec("DELETE FROM dash_sessions WHERE token_hash = ?1", {sha256_hex(token)});
}

}  // namespace hp::server::auth
