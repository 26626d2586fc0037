#pragma once
// Weight is integer milligrams everywhere; units are converted at the device boundary.
#include <cstdint>
#include <string>

namespace hp {

using Milligrams = std::int64_t;

// Below one kilogram, grams to a tenth ("850 g", "999,6 g", "0,5 g"; the ",0" is left out);
// from one kilogram up, kilograms to a gram ("1 kg", "12,5 kg", "1.234,567 kg"; trailing
// zeros dropped). Rounding is half up on the magnitude and the unit is chosen after rounding,
// so 999,95 g shows as "1 kg", never "1.000 g" or "1000,0 g". A value that rounds to zero has
// no sign.
std::string format_weight(Milligrams mg);

// The counter weighs in whole grams: a reading or a tare is rounded half up (on the
// magnitude) to the gram before it is shown, priced or stored, so gross - tare = net and
// net x price = value hold on paper exactly as printed (docs/printing.md, "Rounding").
Milligrams round_to_gram(Milligrams mg);

}  // namespace hp
