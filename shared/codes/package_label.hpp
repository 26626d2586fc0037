#pragma once
// The label of a package of an order (docs/packages.md): a UPU S10 id ("RR123456785VN") as the
// hub sticks on parcels, or the kiosk's own crate (lot) code for produce packed here. Shared by
// the centre (order intake) and the kiosk (check-in, handover, returns), so both read a label
// the same way.
#include <string>
#include <string_view>

#include "shared/result.hpp"

namespace hp::codes {

// Canonical form: upper case, spaces and dashes removed. Errors: s10.bad_check_digit (and the
// other s10.* errors) for what has the shape of an S10 id, kiosk.* for a damaged kiosk code,
// package.label for anything else.
Result<std::string> package_label(std::string_view text);

}  // namespace hp::codes
