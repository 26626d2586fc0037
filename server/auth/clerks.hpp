#pragma once
// The counter's accounts (docs/clerks.md): clerks, supervisors and technicians of one post
// office, made at the centre and sent to that post office's kiosks by the pull (entity
// "clerk", docs/PROTOCOL.md). A PIN is kept only as its Argon2id hash (shared/auth/pin.hpp).
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/dash/sql.hpp"
#include "shared/clock.hpp"
#include "shared/result.hpp"

namespace hp::server::auth {

struct CounterClerk {
  std::string id;
  std::string post_office_id;
  std::string name;
  std::string role;   // clerk, supervisor, technician
  std::string badge;  // empty: none
  bool disabled = false;
};

class ClerkStore {
 public:
  explicit ClerkStore(dash::SqlDb& db) : db_(db) {}
  // Errors: clerk.invalid (role, name, post office), clerk.pin_form, clerk.badge_taken.
  Result<CounterClerk> add(const CounterClerk& c, const std::string& pin, UtcMillis now);
  Result<std::vector<CounterClerk>> list(const std::string& post_office_id);
  // Errors: clerk.unknown.
  Result<CounterClerk> disable(const std::string& id, UtcMillis now);
  Result<CounterClerk> set_pin(const std::string& id, const std::string& pin, UtcMillis now);

 private:
  Result<std::optional<CounterClerk>> find(const std::string& id);
  // The record kiosks get, published in the same transaction as the change.
  Status publish(const std::string& id);
  dash::SqlDb& db_;
};

nlohmann::json clerk_line(const CounterClerk& c);

}  // namespace hp::server::auth
