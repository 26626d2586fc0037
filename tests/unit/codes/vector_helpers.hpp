#pragma once
// Small helpers for reading the reference vectors' textual conventions.
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

namespace hp::test {

inline std::string from_hex(std::string_view hex) {
  auto nib = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return 0;
  };
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    out.push_back(static_cast<char>(nib(hex[i]) * 16 + nib(hex[i + 1])));
  return out;
}

// The vectors write the GS separator as "<GS>" in readable scan strings.
inline std::string expand_gs(std::string s) {
  for (std::size_t p; (p = s.find("<GS>")) != std::string::npos;) s.replace(p, 4, "\x1D");
  return s;
}

inline std::int64_t scaled(double value, int decimals) {
  return std::llround(value * std::pow(10.0, decimals));
}

}  // namespace hp::test
