#pragma once
// GS1 element strings (application identifier + value) and the Code 128 subset plan shared
// by the native ESC/POS and ZPL encoders and by the interpreter.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shared/result.hpp"

namespace hp::print {

struct Gs1Element {
  std::string ai;     // "01", "3103", "10"
  std::string value;  // "08931234567897", "012500", "L261128-07"
  bool operator==(const Gs1Element&) const = default;
};

// Mod-10 check of a GTIN-8/12/13/14 (all digits, last one is the check digit).
bool gtin_valid(std::string_view digits);
// The check digit for digits without it.
char gs1_check_digit(std::string_view digits_without_check);

// Number of digits of the AI that starts s (2, 3 or 4), or nullopt when unknown.
std::optional<std::size_t> gs1_ai_length(std::string_view s);
// Value length for AIs with a predefined length (01 -> 14, 3103 -> 6), nullopt if variable.
std::optional<std::size_t> gs1_fixed_value_length(std::string_view ai);

Status gs1_validate(const std::vector<Gs1Element>& elements);

std::string gs1_bracketed(const std::vector<Gs1Element>& elements);  // "[01]...[10]..." (zint)
std::string gs1_human(const std::vector<Gs1Element>& elements);      // "(01)...(10)..."
// As a scanner transmits it: concatenated, GS (0x1D) after each variable-length value that
// is not last. This is what zbar reports for a GS1-128 symbol.
std::string gs1_transmitted(const std::vector<Gs1Element>& elements);

Result<std::vector<Gs1Element>> gs1_parse_bracketed(std::string_view text);
Result<std::vector<Gs1Element>> gs1_parse_transmitted(std::string_view text);

// Code 128 content as tokens: a byte 0-127, or kFnc1.
inline constexpr int kFnc1 = -1;
std::vector<int> gs1_code128_tokens(const std::vector<Gs1Element>& elements);

struct Code128Step {
  enum class Op { SetB, SetC, Fnc1, Pair, Char } op;
  int value = 0;  // Pair: 0-99; Char: the byte
};
// Chooses subsets B and C so digit runs are packed in pairs. Bytes outside 32-126 fail
// (subset A is never needed for what this project prints).
Result<std::vector<Code128Step>> plan_code128(const std::vector<int>& tokens);

}  // namespace hp::print
