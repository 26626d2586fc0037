#include "shared/codes/citizen_id.hpp"

#include <algorithm>
#include <array>

namespace hp::codes {
namespace {

// Circular 07/2016/TT-BCA, appendix: 63 provinces.
constexpr std::array<int, 63> kProvinces{
    1,  2,  4,  6,  8,  10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33,
    34, 35, 36, 37, 38, 40, 42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66,
    67, 68, 70, 72, 74, 75, 77, 79, 80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94, 95, 96};

bool all_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

bool is_cccd_province(std::string_view code3) {
  if (code3.size() != 3 || !all_digits(code3)) return false;
  const int n = (code3[0] - '0') * 100 + (code3[1] - '0') * 10 + (code3[2] - '0');
  return std::find(kProvinces.begin(), kProvinces.end(), n) != kProvinces.end();
}

std::optional<int> cccd_birth_year(std::string_view d) {
  if (d.size() != 12 || !all_digits(d)) return std::nullopt;
  const int century = 1900 + ((d[3] - '0') / 2) * 100;
  return century + (d[4] - '0') * 10 + (d[5] - '0');
}

Result<std::string> check_citizen_id(std::string_view typed, int current_year) {
  std::string d;
  for (char c : typed) {
    if (c == ' ' || c == '.') continue;
    if (c < '0' || c > '9') return fail("cccd.not_digits", "a CCCD number has only digits");
    d.push_back(c);
  }
  if (d.size() != 12) return fail("cccd.length", "a CCCD number has 12 digits, this has " + std::to_string(d.size()));
  if (!is_cccd_province(std::string_view(d).substr(0, 3)))
    return fail("cccd.province", "the first three digits are no province's code (Circular 07/2016/TT-BCA)");
  if (const auto year = cccd_birth_year(d); !year || *year > current_year)
    return fail("cccd.birth_year", "digits 4 to 6 give a year of birth after " + std::to_string(current_year));
  return d;
}

std::string mask_citizen_id(std::string_view digits) {
  if (digits.size() <= 4) return std::string(digits.size(), '*');
  return std::string(digits.size() - 4, '*') + std::string(digits.substr(digits.size() - 4));
}

}  // namespace hp::codes
