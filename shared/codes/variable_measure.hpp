#pragma once
// Variable-measure EAN-13 (GS1 restricted circulation numbers, prefixes 20-29): the scale
// label on weighed produce. What the 12 data digits mean is set nationally (and in practice
// by whoever configures the scales), so the layout is data, not code.
//
// A rule is written as a 13-character pattern over the code's digits:
//   P  the two prefix digits (positions 1-2, always "PP")
//   I  item reference (one contiguous run)
//   V  the variable value (one contiguous run, 1-10 digits)
//   K  optional price/weight check digit (GS1 General Specifications 7.9.3/7.9.4; V must be
//      4 or 5 digits)
//   X  digits that are ignored
//   C  the EAN-13 check digit (position 13, always "C")
// with the measure (weight, price or count) and the value's decimal places:
//   weight: kilograms with `decimals` places (3 = grams, 2 = tens of grams, ...), 0-6;
//   price:  major currency units with `decimals` places; negative means the value counts
//           tens/hundreds of the unit (-2: hundreds of dong). VND has no minor unit.
//   count:  pieces, decimals 0.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "shared/money.hpp"
#include "shared/result.hpp"
#include "shared/weight.hpp"

namespace hp::codes {

enum class Measure { weight, price, count };

std::string_view measure_name(Measure m);

struct VariableMeasureRule {
  int item_offset = 2;  // 0-based digit positions in the 13-digit code
  int item_length = 5;
  int value_offset = 7;
  int value_length = 5;
  int check_offset = -1;  // position of the price/weight check digit, -1 if none
  Measure measure = Measure::weight;
  int decimals = 3;
};

// One optional rule per prefix 20..29 (index 0 is prefix 20). A prefix without a rule is
// read as a plain EAN-13.
struct VariableMeasureLayout {
  std::array<std::optional<VariableMeasureRule>, 10> rules;
  const std::optional<VariableMeasureRule>& for_prefix(int prefix) const {
    return rules[static_cast<std::size_t>(prefix - 20)];
  }
};

// The kiosk's default (Viet Nam has no GS1 national rule; see docs/codes.md):
//   20-24  "PPIIIIIVVVVVC"  weight in grams (5 digits: up to 99.999 kg)
//   25-29  "PPIIIIVVVVVVC"  price in dong   (6 digits: up to 999.999 ₫)
VariableMeasureLayout default_variable_measure_layout();

// Rule from a pattern such as "PPIIIIIVVVVVC". Error: vm.layout.
Result<VariableMeasureRule> rule_from_pattern(std::string_view pattern, Measure measure,
                                              int decimals);
std::string pattern_of(const VariableMeasureRule& rule);

// Layout from JSON:
//   {"rules": [
//     {"prefixes": "20-24", "pattern": "PPIIIIIVVVVVC", "measure": "weight", "decimals": 3},
//     {"prefixes": "25-29", "pattern": "PPIIIIVVVVVVC", "measure": "price", "decimals": 0}]}
// "prefixes" is "NN", "NN-MM" or a list of those; prefixes not listed have no rule; a prefix
// listed twice is an error. Errors: vm.layout (with what is wrong in the detail).
Result<VariableMeasureLayout> layout_from_json(const nlohmann::json& spec);
Result<VariableMeasureLayout> parse_layout(std::string_view json_text);
nlohmann::json layout_to_json(const VariableMeasureLayout& layout);

struct VariableMeasure {
  int prefix = 0;      // 20-29
  std::string item;    // item reference digits, as printed
  Measure measure = Measure::weight;
  std::int64_t value = 0;  // the value digits as an integer
  int decimals = 0;        // from the rule
  std::optional<Milligrams> weight_mg;  // measure == weight
  std::optional<Dong> price_vnd;        // measure == price and decimals <= 0
  std::optional<std::int64_t> count;    // measure == count
};

// Errors: gtin.length, gtin.not_digits, gtin.bad_check_digit, vm.not_variable (prefix not
// 20-29), vm.no_rule (no rule for this prefix), vm.bad_check_digit (price/weight check digit).
Result<VariableMeasure> parse_variable_measure(std::string_view ean13,
                                               const VariableMeasureLayout& layout);

// The EAN-13 for an item and value under a layout (for printing scale-style labels).
// Errors: vm.no_rule, vm.item (wrong length / not digits), vm.value (does not fit).
Result<std::string> build_variable_measure(int prefix, std::string_view item, std::int64_t value,
                                           const VariableMeasureLayout& layout);

}  // namespace hp::codes
