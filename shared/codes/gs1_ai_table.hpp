#pragma once
// The GS1 Application Identifiers this kiosk understands, with their formats as in the
// GS1 General Specifications AI table. Internal to the element-string parser and builder.
#include <cstdint>
#include <optional>
#include <string_view>

namespace hp::codes {

enum class AiMeaning : std::uint8_t {
  plain,            // nothing beyond format checks
  key,              // GS1 mod-10 check digit over the whole value
  date,             // YYMMDD; DD 00 means the last day of the month
  weight_kg,        // kilograms with n decimals (the AI's last digit)
  amount,           // money with n decimals (the AI's last digit)
  currency_amount,  // ISO 4217 numeric currency (3 digits), then money with n decimals
  measure,          // some other measure with n decimals (length, area, volume...)
};

struct AiDef {
  std::string_view ai;  // 2-4 digits; with `n_digit` the 3-digit stem of a 4-digit AI
  bool n_digit;         // the AI has a fourth digit n (decimal places) from 0 to max_n
  std::uint8_t max_n;
  bool numeric;          // N (digits only) rather than X (GS1 character set 82)
  std::uint8_t min_len;  // value length in characters
  std::uint8_t max_len;
  std::uint8_t numeric_head;  // for N..+X.. formats: how many leading characters are digits
  AiMeaning meaning;
};

struct AiMatch {
  const AiDef* def;
  std::string_view ai;  // the full AI as written in the data
  int n;                // decimal places for n_digit AIs, else 0
};

// The AI at the start of `data`, if the table knows one.
std::optional<AiMatch> match_ai(std::string_view data);

// The AI table entry for an AI written in full ("3103" included).
std::optional<AiMatch> find_ai(std::string_view ai);

// GS1 General Specifications figure 7.8.5-2: element strings whose AI starts with these two
// digits have a predefined length and never need an FNC1 separator after them.
bool predefined_length(std::string_view ai);

}  // namespace hp::codes
