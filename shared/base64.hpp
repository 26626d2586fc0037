#pragma once
// Standard base64 (RFC 4648 section 4, with padding): small binary records inside JSON, such as
// the signature picture a pickup event carries.
#include <optional>
#include <string>
#include <string_view>

namespace hp {

std::string base64_encode(std::string_view bytes);
// nullopt unless `text` is canonical padded base64 (no spaces, no line breaks).
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace hp
