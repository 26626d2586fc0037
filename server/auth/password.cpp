#include "server/auth/password.hpp"

#include <sodium.h>

namespace hp::server::auth {
namespace {

bool ready() {
  static const bool ok = sodium_init() >= 0;  // idempotent and thread-safe in libsodium
  return ok;
}

// libsodium's "interactive" costs: 2 passes over 64 MiB, about 0.1 s here. A login is rare;
// a guess should not be cheap.
constexpr unsigned long long kOps = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr std::size_t kMem = crypto_pwhash_MEMLIMIT_INTERACTIVE;

}  // namespace

Result<std::string> hash_password(std::string_view password) {
  if (!ready()) return fail("auth.hash_failed", "libsodium did not initialise");
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), kOps, kMem, crypto_pwhash_ALG_ARGON2ID13) != 0)
    return fail("auth.hash_failed", "Argon2id ran out of memory");
  return std::string(out);
}

bool verify_password(const std::string& stored_hash, std::string_view password) {
  if (!ready()) return false;
  if (!stored_hash.starts_with("$argon2id$")) return false;
  return crypto_pwhash_str_verify(stored_hash.c_str(), password.data(), password.size()) == 0;
}

void verify_nothing(std::string_view password) {
  char out[crypto_pwhash_STRBYTES];
  if (ready() &&
      crypto_pwhash_str_alg(out, password.data(), password.size(), kOps, kMem, crypto_pwhash_ALG_ARGON2ID13) != 0)
    return;  // out of memory: the caller refuses the sign-in anyway
}

}  // namespace hp::server::auth
