#pragma once
// AIM / ISO/IEC 15424 symbology identifiers: a scanner configured to send them prefixes every
// scan with ']' + code character + modifier character, e.g. "]C1" for GS1-128. The identifier
// is the only reliable sign that the data is a GS1 element string (FNC1 in first position).
#include <optional>
#include <string>
#include <string_view>

#include "shared/result.hpp"

namespace hp::codes {

struct Symbology {
  std::string identifier;  // "]C1"
  char code = 0;           // 'C'
  char modifier = 0;       // '1'
  std::string family;      // ISO 15424 name of the code character: "Code 128"
  std::string name;        // The specific symbology when the modifier says it: "GS1-128"
  bool gs1 = false;        // Data is a GS1 element string (FNC1 in first position)
};

// The ISO 15424 family name of a code character ("Code 39" for 'A'), or nullopt.
std::optional<std::string_view> aim_family(char code);

// Parses the first three characters of `identifier` ("]E0...").
// Errors: aim.truncated (fewer than 3 characters), aim.not_aim (no leading ']'),
// aim.unknown_code (unknown code character), aim.bad_modifier.
Result<Symbology> parse_aim(std::string_view identifier);

struct AimSplit {
  std::optional<Symbology> symbology;  // nullopt when the data has no identifier
  std::string_view data;               // what follows the identifier
};

// Splits a scan into identifier and data. Data that does not start with ']' has no identifier;
// data that starts with ']' but is not a valid identifier is an error.
Result<AimSplit> split_aim(std::string_view scan);

}  // namespace hp::codes
