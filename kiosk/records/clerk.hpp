#pragma once
// Clerks' accounts as the kiosk holds them (docs/clerks.md): made at the centre, brought by
// the pull, checked here offline. The PIN's hash never leaves the store.
#include <optional>
#include <string>
#include <string_view>

#include "shared/clock.hpp"

namespace hp::store {

// clerk: the counter's work. supervisor: also approves on the spot (a supervisor PIN).
// technician: also the technician screen (devices, settings, sync, logs, dead letters).
enum class ClerkRole { Clerk, Supervisor, Technician };

inline const char* to_string(ClerkRole r) {
  switch (r) {
    case ClerkRole::Clerk: return "clerk";
    case ClerkRole::Supervisor: return "supervisor";
    case ClerkRole::Technician: return "technician";
  }
  return "clerk";
}

inline std::optional<ClerkRole> clerk_role_from(std::string_view s) {
  if (s == "clerk") return ClerkRole::Clerk;
  if (s == "supervisor") return ClerkRole::Supervisor;
  if (s == "technician") return ClerkRole::Technician;
  return std::nullopt;
}

struct Clerk {
  std::string id;
  std::string name;
  ClerkRole role = ClerkRole::Clerk;
  std::string badge;  // the staff badge's code; empty when the clerk has none
  bool disabled = false;
  int failed = 0;            // wrong PINs in a row
  UtcMillis locked_until = 0;  // refused, even with the right PIN, until then
};

}  // namespace hp::store
