#pragma once
// Money is integer dong (VND has no minor unit). Never floating point.
#include <cstdint>
#include <string>

namespace hp {

using Dong = std::int64_t;

// "125.000 ₫": dot as thousands separator, a no-break space (U+00A0) before the sign.
std::string format_vnd(Dong amount);

// Digits with thousands dots and no sign: "125.000".
std::string group_thousands(std::int64_t value);

// "Một trăm hai mươi lăm nghìn đồng", as receipts print the amount in words.
std::string vnd_in_words(Dong amount);

// Value of a weighed item, as a farmer can check it from the receipt: the weight is first
// rounded to the gram (round_to_gram, the weight as printed), then price per kilogram x
// grams / 1000, rounded half up to whole dong. 1.234,5 g at 12.000 ₫/kg: 1,235 kg x 12.000
// = 14.820 ₫ (not 14.814 from the unrounded weight). docs/printing.md, "Rounding".
Dong value_by_weight(Dong price_per_kg, std::int64_t weight_mg);

// A commission at a rate in basis points (500 = 5 %), rounded half up to whole dong: the same
// figure at the counter, on the agent's summary and at the centre.
Dong commission_of(Dong value, std::int64_t basis_points);

}  // namespace hp
