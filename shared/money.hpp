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

// Value of a weighed item: price per kilogram times weight, rounded half up to whole dong.
Dong value_by_weight(Dong price_per_kg, std::int64_t weight_mg);

}  // namespace hp
