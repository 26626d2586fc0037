#pragma once
// Secrets the server makes and the hashes it keeps of them (OpenSSL). Machine credentials are
// 256 random bits, so a plain SHA-256 is enough to store them: there is nothing to brute-force.
#include <string>
#include <string_view>

#include "shared/sha256.hpp"

namespace hp::server {

// sha256_hex is hp::sha256_hex (shared/sha256.hpp), found from here by the enclosing namespace.
// `bytes` random bytes from OpenSSL's CSPRNG, base64url without padding.
std::string random_token(std::size_t bytes);
// A random unsigned 64-bit value from the CSPRNG.
unsigned long long random_u64();
// An enrolment code: 16 Crockford base32 characters in groups of four, "7QX4-K2M9-HP3N-8RT5".
std::string make_enrol_code();
// Upper case, dashes and spaces removed, Crockford aliases (O->0, I/L->1) mapped.
std::string normalize_enrol_code(std::string_view code);

}  // namespace hp::server
