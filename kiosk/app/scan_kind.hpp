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
  std::string error;   // when Invalid
  std::string raw_kind;  // the codes module's kind name, for messages
};

ScanMeaning interpret_scan(std::string_view text, std::string_view symbology);

}  // namespace hp::app
