#pragma once
// The slip printed when a supervisor voids a drop-off (docs/clerks.md): which drop-off, what
// it was worth, why, who asked and who approved. The farmer's receipt for it no longer holds.
#include <string>

#include "shared/domain.hpp"
#include "shared/print/document.hpp"
#include "shared/print/print_config.hpp"
#include "shared/result.hpp"

namespace hp::print {

Result<Document> void_slip(const PrintConfig& cfg, const DropOff& dropoff, const DropOffVoid& v,
                           const std::string& approver_name);

}  // namespace hp::print
