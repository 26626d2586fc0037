#pragma once
// GS1 element strings: the AI + value pairs inside GS1-128, GS1 DataMatrix, GS1 QR and
// GS1 DataBar symbols. Two written forms are read and built:
//  - raw, as a scanner transmits it: AIs and values run together, FNC1 sent as GS (0x1D)
//    after each value whose length is not predefined (an AIM identifier is removed first);
//  - bracketed human-readable (HRI): "(01)09501101530003(17)260400(10)LOT7".
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shared/result.hpp"
#include "shared/weight.hpp"

namespace hp::codes {

inline constexpr char kGs = '\x1D';

struct Gs1Date {
  int year = 0;
  int month = 0;
  int day = 0;
  friend bool operator==(const Gs1Date&, const Gs1Date&) = default;
};

// "2026-04-30".
std::string to_iso(const Gs1Date& d);

// A decimal number as units and decimal places: 123.456 is {123456, 3}.
struct Gs1Decimal {
  std::int64_t units = 0;
  int decimals = 0;
  friend bool operator==(const Gs1Decimal&, const Gs1Decimal&) = default;
};

struct Gs1Element {
  std::string ai;     // "01", "3103"
  std::string value;  // as written in the symbol
  // Interpretations, set by AI:
  std::optional<Gs1Date> date;          // 11, 12, 13, 15, 16, 17 (day 00 resolved)
  std::optional<Milligrams> weight_mg;  // 310n, 330n
  std::optional<Gs1Decimal> number;     // 310n-369n measures, 390n-394n amounts
  std::optional<std::string> currency;  // 391n, 393n: ISO 4217 numeric ("704" is VND)
};

struct Gs1Field {
  std::string ai;
  std::string value;
};

struct Gs1Options {
  // Century of YYMMDD dates. 0: always 20YY. Otherwise the GS1 General Specifications
  // 7.12 sliding window around this year (50 years back, 49 ahead).
  int reference_year = 0;
};

// Errors: gs1.empty, gs1.unknown_ai, gs1.length, gs1.bad_char, gs1.bad_check_digit,
// gs1.invalid_date, gs1.duplicate_ai.
Result<std::vector<Gs1Element>> parse_gs1(std::string_view raw, const Gs1Options& opt = {});

// "(01)...(10)..." form. Additional error: gs1.bad_bracket.
Result<std::vector<Gs1Element>> parse_gs1_bracketed(std::string_view hri,
                                                    const Gs1Options& opt = {});

// One AI and value, validated and interpreted as the parsers do.
Result<Gs1Element> make_gs1_element(std::string_view ai, std::string_view value,
                                    const Gs1Options& opt = {});

// Raw element string with GS separators only where GS1 requires them (after a value whose
// AI has no predefined length, unless it is the last). No leading FNC1: the symbol encoder
// adds that. Validates every field.
Result<std::string> build_gs1(const std::vector<Gs1Field>& fields);

// Bracketed HRI: "(01)09501101530003(10)LOT7". Validates every field.
Result<std::string> build_gs1_hri(const std::vector<Gs1Field>& fields);

// HRI of already parsed elements.
std::string gs1_hri(const std::vector<Gs1Element>& elements);

// The element with this AI, or nullptr.
const Gs1Element* find_element(const std::vector<Gs1Element>& elements, std::string_view ai);

}  // namespace hp::codes
