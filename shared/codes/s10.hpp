#pragma once
// UPU S10 postal item identifiers: "EE123456785VN" = 2-letter service indicator, 8-digit
// serial, check digit, ISO 3166-1 alpha-2 country of the issuing post.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "shared/result.hpp"

namespace hp::codes {

struct S10 {
  std::string service;  // "EE"
  std::string serial;   // "12345678"
  int check = 0;        // 0-9
  std::string country;  // "VN"
  std::string id() const;
};

// Weights 8 6 4 2 3 5 9 7; c = 11 - sum mod 11; 10 becomes 0 and 11 becomes 5.
// nullopt unless serial is 8 digits.
std::optional<int> s10_check_digit(std::string_view serial8);

// Parses a 13-character identifier (upper case; spaces are not removed here).
// Errors: s10.length, s10.service, s10.serial, s10.country, s10.bad_check_digit.
// The reserved service letters (J, K, S, T, W first) and the ISO list of countries are not
// enforced: posts do issue such ids and the check digit is what guards against misreads.
Result<S10> parse_s10(std::string_view id);

// A Viet Nam Post id from a service indicator ("EE", "RR", "CP"...) and a serial < 10^8.
// Errors: s10.service, s10.serial.
Result<std::string> make_s10_vn(std::string_view service, std::uint32_t serial);

}  // namespace hp::codes
