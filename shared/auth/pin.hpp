#pragma once
// Clerks' PINs (docs/clerks.md): Argon2id through libsodium's crypto_pwhash_str. The centre
// hashes a PIN once (kiosk-server admin clerk add / pin); kiosks only verify, offline, from the
// hash the pull brought. The salt and the cost travel inside the stored string, so the cost
// can change without a migration.
#include <cstddef>
#include <string>
#include <string_view>

#include "shared/result.hpp"

namespace hp::auth {

// The cost: 3 passes over 32 MiB. A sign-in verifies once, on the store worker, in about
// 0.23 s on the kiosk's 2-core machine (bench/run.sh, "sign-in"), well under a second; the
// 64 MiB "moderate" cost took 0.54 s there. A 4-digit PIN is weak whatever the cost: the
// lockout after 5 wrong tries is what stops guessing at the counter, and the cost makes
// trying all 10 000 PINs against a copied hash take tens of minutes rather than seconds.
inline constexpr unsigned long long kPinOpsLimit = 3;
inline constexpr std::size_t kPinMemLimit = std::size_t{32} << 20;

inline constexpr std::size_t kPinMinDigits = 4;
inline constexpr std::size_t kPinMaxDigits = 8;

// 4 to 8 ASCII digits. Error: clerk.pin_form.
[[nodiscard]] Status check_pin_form(std::string_view pin);
// Error: clerk.pin_form, auth.hash_failed (libsodium did not start or ran out of memory).
[[nodiscard]] Result<std::string> hash_pin(std::string_view pin);
// False for a wrong PIN and for anything that is not an Argon2id hash.
[[nodiscard]] bool verify_pin(const std::string& stored_hash, std::string_view pin);

}  // namespace hp::auth
