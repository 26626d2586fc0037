#pragma once
// SHA-256 (OpenSSL's libcrypto), as lower-case hex: the audit chain's links and, at the
// centre, the only form in which secrets are kept.
#include <string>
#include <string_view>

namespace hp {

std::string sha256_hex(std::string_view data);

}  // namespace hp
