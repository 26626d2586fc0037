#pragma once
// Weight is integer milligrams everywhere; units are converted at the device boundary.
#include <cstdint>
#include <string>

namespace hp {

using Milligrams = std::int64_t;

// "12,5 kg" from one kilogram up (up to three decimals, trailing zeros dropped),
// "850 g" below (rounded to the gram; "0,5 g" style is never needed at a produce counter).
std::string format_weight(Milligrams mg);

}  // namespace hp
