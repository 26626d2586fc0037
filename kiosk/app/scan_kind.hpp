#pragma once
// What a scanned text means to the counter: the codes module classifies, this keeps only what
// the controller routes on.
#include <optional>
#include <string>
#include <string_view>

#include "shared/weight.hpp"

namespace hp::app {

struct ScanMeaning {
  enum class Kind { Member, Pickup, Lot, Product, VariableMeasure, Other, Invalid } kind = Kind::Invalid;
  std::string code;    // canonical member/pickup/lot code, or the GTIN-14 of a product
  std::string item;    // variable-measure item reference
  std::optional<Milligrams> weight_mg;
  std::string error;       // when Invalid: "code: detail", technical English
  std::string error_code;  // when Invalid: "code.unknown", "code.empty", "gtin.bad_check_digit", ...
  std::string raw_kind;    // the codes module's kind name, for the technician's detail
};

ScanMeaning interpret_scan(std::string_view text, std::string_view symbology);

// The clerk's message key for a scan that is Invalid: read but not recognised
// ("scan.not_recognised"), recognised but damaged ("scan.damaged"), empty, too long.
const char* invalid_scan_key(const ScanMeaning& m);
// The clerk's message key for a valid code the counter has no use for (Kind::Other).
const char* other_scan_key(const ScanMeaning& m);

}  // namespace hp::app
