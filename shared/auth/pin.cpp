#include "shared/auth/pin.hpp"

#include <sodium.h>

#include <algorithm>

namespace hp::auth {
namespace {

bool sodium_ready() { return sodium_init() >= 0; }  // idempotent and thread-safe in libsodium

}  // namespace

Status check_pin_form(std::string_view pin) {
  const bool digits = std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!digits || pin.size() < kPinMinDigits || pin.size() > kPinMaxDigits)
    return fail("clerk.pin_form", "a PIN is 4 to 8 digits");
  return {};
}

Result<std::string> hash_pin(std::string_view pin) {
  if (auto s = check_pin_form(pin); !s) return std::unexpected(s.error());
  if (!sodium_ready()) return fail("auth.hash_failed", "libsodium did not initialise");
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, pin.data(), pin.size(), kPinOpsLimit, kPinMemLimit, crypto_pwhash_ALG_ARGON2ID13) != 0)
    return fail("auth.hash_failed", "Argon2id ran out of memory");
  return std::string(out);
}

bool verify_pin(const std::string& stored_hash, std::string_view pin) {
  if (!sodium_ready() || !stored_hash.starts_with("$argon2id$")) return false;
  return crypto_pwhash_str_verify(stored_hash.c_str(), pin.data(), pin.size()) == 0;
}

}  // namespace hp::auth
