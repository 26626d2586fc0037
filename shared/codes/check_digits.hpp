#pragma once
// GS1 check digits: the mod-10 digit that ends every GTIN, SSCC and GLN, and the
// price/weight check digit some national variable-measure layouts put beside the value.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "shared/result.hpp"

namespace hp::codes {

enum class GtinKind { ean8, upca, ean13, gtin14 };

// "EAN-8", "UPC-A", "EAN-13", "GTIN-14".
std::string_view gtin_kind_name(GtinKind kind);

bool all_digits(std::string_view s);

// GS1 mod-10 check digit of `body` (the digits without the check digit), any length.
// nullopt when body is empty or not all digits.
std::optional<int> gs1_check_digit(std::string_view body);

// Validates a complete GS1 key (body + check digit) of any length.
// Errors: gtin.not_digits, gtin.length (empty or one digit), gtin.bad_check_digit.
Status validate_gs1_key(std::string_view code);

// A GTIN of the given kind: exact length (8, 12, 13, 14), digits only, right check digit.
// Errors: gtin.length, gtin.not_digits, gtin.bad_check_digit.
Status validate_gtin(std::string_view code, GtinKind kind);

// The kind implied by the length (8, 12, 13, 14) of an all-digit code, then validated.
Result<GtinKind> validate_gtin(std::string_view code);

// `body` with its check digit appended. Errors: gtin.length, gtin.not_digits.
Result<std::string> complete_gtin(std::string_view body, GtinKind kind);

// GS1 General Specifications 7.9.3 (four-digit value) and 7.9.4 (five-digit value):
// the check digit a variable-measure layout may put in front of the price or weight.
// nullopt unless value is 4 or 5 digits.
std::optional<int> price_check_digit(std::string_view value);

}  // namespace hp::codes
