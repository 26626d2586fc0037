#include "shared/codes/package_label.hpp"

#include <cctype>

#include "shared/codes/kiosk_codes.hpp"
#include "shared/codes/s10.hpp"

namespace hp::codes {

Result<std::string> package_label(std::string_view text) {
  std::string c;
  for (char ch : text) {
    if (ch == ' ' || ch == '-' || ch == '\t') continue;
    c.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(ch))));
  }
  if (c.empty()) return fail("package.label", "an empty label");
  // Two letters, digits, two letters: an S10 id, whose check digit must be right.
  const bool s10_shape = c.size() == 13 && std::isalpha(static_cast<unsigned char>(c[0])) &&
                         std::isalpha(static_cast<unsigned char>(c[1])) && std::isdigit(static_cast<unsigned char>(c[2]));
  if (s10_shape) {
    auto s = parse_s10(c);
    if (!s) return std::unexpected(s.error());
    return s->id();
  }
  if (kiosk_code_kind_of(c) == KioskCodeKind::lot) {
    auto k = parse_kiosk_code(c, KioskCodeKind::lot);
    if (!k) return std::unexpected(k.error());
    return k->code;
  }
  return fail("package.label", "'" + c + "' is neither a UPU S10 id nor a kiosk crate code");
}

}  // namespace hp::codes
