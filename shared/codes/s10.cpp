#include "shared/codes/s10.hpp"

#include "shared/codes/check_digits.hpp"

namespace hp::codes {

namespace {

bool upper_letters(std::string_view s) {
  for (char c : s)
    if (c < 'A' || c > 'Z') return false;
  return true;
}

}  // namespace

std::string S10::id() const { return service + serial + std::to_string(check) + country; }

std::optional<int> s10_check_digit(std::string_view serial8) {
  if (serial8.size() != 8 || !all_digits(serial8)) return std::nullopt;
  static constexpr int kWeights[8] = {8, 6, 4, 2, 3, 5, 9, 7};
  int sum = 0;
  for (std::size_t i = 0; i < 8; ++i) sum += (serial8[i] - '0') * kWeights[i];
  const int c = 11 - sum % 11;
  if (c == 10) return 0;
  if (c == 11) return 5;
  return c;
}

Result<S10> parse_s10(std::string_view id) {
  if (id.size() != 13)
    return fail("s10.length", "an S10 id has 13 characters, got " + std::to_string(id.size()));
  if (!upper_letters(id.substr(0, 2)))
    return fail("s10.service", "the service indicator is two letters A-Z");
  if (!all_digits(id.substr(2, 9)))
    return fail("s10.serial", "the serial number and check digit are 9 digits");
  if (!upper_letters(id.substr(11, 2)))
    return fail("s10.country", "the country code is two letters A-Z");
  S10 s;
  s.service = std::string(id.substr(0, 2));
  s.serial = std::string(id.substr(2, 8));
  s.check = id[10] - '0';
  s.country = std::string(id.substr(11, 2));
  const int expected = *s10_check_digit(s.serial);
  if (expected != s.check)
    return fail("s10.bad_check_digit", "expected check digit " + std::to_string(expected) +
                                           ", got " + std::to_string(s.check));
  return s;
}

Result<std::string> make_s10_vn(std::string_view service, std::uint32_t serial) {
  if (service.size() != 2 || !upper_letters(service))
    return fail("s10.service", "the service indicator is two letters A-Z");
  if (serial >= 100000000u) return fail("s10.serial", "the serial has at most 8 digits");
  std::string digits = std::to_string(serial);
  digits.insert(0, 8 - digits.size(), '0');
  return std::string(service) + digits + std::to_string(*s10_check_digit(digits)) + "VN";
}

}  // namespace hp::codes
