#pragma once
// Staff passwords: Argon2id through libsodium's crypto_pwhash_str (the salt and the cost
// parameters live inside the stored string, so costs can rise without a migration).
#include <string>
#include <string_view>

#include "shared/result.hpp"

namespace hp::server::auth {

// Error: auth.hash_failed (out of memory).
Result<std::string> hash_password(std::string_view password);
bool verify_password(const std::string& stored_hash, std::string_view password);
// Takes as long as a verification, for unknown user names (no timing oracle).
void verify_nothing(std::string_view password);

}  // namespace hp::server::auth
