#include "server/auth/clerks.hpp"

#include <algorithm>

#include "server/dash/publish.hpp"
#include "shared/auth/pin.hpp"
#include "shared/ids.hpp"
#include "shared/text.hpp"

namespace hp::server::auth {
namespace {

constexpr const char* kColumns = "id, post_office_id, name, role, coalesce(badge, ''), disabled";

CounterClerk clerk_of(const dash::SqlRow& r) {
  return {dash::to_text(r[0]), dash::to_text(r[1]), dash::to_text(r[2]), dash::to_text(r[3]), dash::to_text(r[4]),
          dash::to_int(r[5]) != 0};
}

// Badges are codes: upper case, no spaces, as the kiosk compares them.
std::string badge_key(std::string_view s) {
  std::string out(trim(s));
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

}  // namespace

nlohmann::json clerk_line(const CounterClerk& c) {
  return {{"id", c.id},
          {"post_office_id", c.post_office_id},
          {"name", c.name},
          {"role", c.role},
          {"badge", c.badge.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.badge)},
          {"disabled", c.disabled}};
}

Result<std::optional<CounterClerk>> ClerkStore::find(const std::string& id) {
  auto rows = db_.query(std::string("SELECT ") + kColumns + " FROM counter_clerks WHERE id = ?1", {id});
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return std::optional<CounterClerk>();
  return clerk_of(rows->front());
}

Status ClerkStore::publish(const std::string& id) {
  auto rows = db_.query(std::string("SELECT ") + kColumns + ", pin_hash FROM counter_clerks WHERE id = ?1", {id});
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return fail("clerk.unknown", "no clerk " + id);
  const CounterClerk c = clerk_of(rows->front());
  nlohmann::json rec = clerk_line(c);
  rec["pin_hash"] = dash::to_text(rows->front()[6]);
  // Scoped to the post office: no other kiosk ever receives its clerks or their hashes.
  return dash::publish_change(db_, c.post_office_id, "clerk", c.id, rec);
}

Result<CounterClerk> ClerkStore::add(const CounterClerk& in, const std::string& pin, UtcMillis now) {
  CounterClerk c = in;
  c.name = to_nfc(trim(in.name));
  c.badge = badge_key(in.badge);
  c.disabled = false;
  if (c.role != "clerk" && c.role != "supervisor" && c.role != "technician")
    return fail("clerk.invalid", "role is one of clerk, supervisor, technician");
  if (c.name.empty()) return fail("clerk.invalid", "a name is required");
  if (c.post_office_id.empty()) return fail("clerk.invalid", "--post-office is required");
  auto hash = hp::auth::hash_pin(pin);
  if (!hash) return std::unexpected(hash.error());
  Status st = db_.transaction([&]() -> Status {
    auto po = db_.query("SELECT 1 FROM post_offices WHERE id = ?1", {c.post_office_id});
    if (!po) return std::unexpected(po.error());
    if (po->empty()) return fail("clerk.invalid", "no post office " + c.post_office_id);
    if (!c.badge.empty()) {
      auto taken = db_.query("SELECT id FROM counter_clerks WHERE badge = ?1", {c.badge});
      if (!taken) return std::unexpected(taken.error());
      if (!taken->empty()) return fail("clerk.badge_taken", "badge " + c.badge + " belongs to " + dash::to_text((*taken)[0][0]));
    }
    if (auto r = db_.exec("INSERT INTO counter_clerks(id, post_office_id, name, role, badge, pin_hash, disabled, updated_at) "
                          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, ?7)",
                          {c.id, c.post_office_id, c.name, c.role,
                           c.badge.empty() ? dash::SqlValue{} : dash::SqlValue{c.badge}, *hash, now});
        !r)
      return r;
    return publish(c.id);
  });
  if (!st) return std::unexpected(st.error());
  return c;
}

Result<std::vector<CounterClerk>> ClerkStore::list(const std::string& post_office_id) {
  auto rows = post_office_id.empty()
                  ? db_.query(std::string("SELECT ") + kColumns + " FROM counter_clerks ORDER BY post_office_id, name, id")
                  : db_.query(std::string("SELECT ") + kColumns +
                                  " FROM counter_clerks WHERE post_office_id = ?1 ORDER BY name, id",
                              {post_office_id});
  if (!rows) return std::unexpected(rows.error());
  std::vector<CounterClerk> out;
  for (const auto& r : *rows) out.push_back(clerk_of(r));
  return out;
}

Result<CounterClerk> ClerkStore::disable(const std::string& id, UtcMillis now) {
  Status st = db_.transaction([&]() -> Status {
    auto c = find(id);
    if (!c) return std::unexpected(c.error());
    if (!*c) return fail("clerk.unknown", "no clerk " + id);
    if (auto r = db_.exec("UPDATE counter_clerks SET disabled = 1, updated_at = ?2 WHERE id = ?1", {id, now}); !r) return r;
    return publish(id);
  });
  if (!st) return std::unexpected(st.error());
  auto c = find(id);
  if (!c) return std::unexpected(c.error());
  return **c;
}

Result<CounterClerk> ClerkStore::set_pin(const std::string& id, const std::string& pin, UtcMillis now) {
  auto hash = hp::auth::hash_pin(pin);
  if (!hash) return std::unexpected(hash.error());
  Status st = db_.transaction([&]() -> Status {
    auto c = find(id);
    if (!c) return std::unexpected(c.error());
    if (!*c) return fail("clerk.unknown", "no clerk " + id);
    if (auto r = db_.exec("UPDATE counter_clerks SET pin_hash = ?2, updated_at = ?3 WHERE id = ?1", {id, *hash, now}); !r)
      return r;
    return publish(id);
  });
  if (!st) return std::unexpected(st.error());
  auto c = find(id);
  if (!c) return std::unexpected(c.error());
  return **c;
}

}  // namespace hp::server::auth
