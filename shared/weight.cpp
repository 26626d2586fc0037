#include "shared/weight.hpp"

#include "shared/money.hpp"

namespace hp {

std::string format_weight(Milligrams mg) {
  const bool negative = mg < 0;
  // Unsigned so the magnitude of INT64_MIN does not overflow.
  const std::uint64_t a = negative ? 0 - static_cast<std::uint64_t>(mg) : static_cast<std::uint64_t>(mg);
  std::string out;
  const std::uint64_t tenths = (a + 50) / 100;  // of a gram
  if (tenths < 10'000) {
    out = std::to_string(tenths / 10);
    if (tenths % 10 != 0) out += "," + std::to_string(tenths % 10);
    out += " g";
    if (tenths == 0) return out;
  } else {
    const std::uint64_t grams = (a + 500) / 1000;
    out = group_thousands(static_cast<std::int64_t>(grams / 1000));
    if (const auto frac = grams % 1000; frac != 0) {
      std::string f = std::to_string(frac);
      f.insert(0, 3 - f.size(), '0');
      while (f.back() == '0') f.pop_back();
      out += "," + f;
    }
    out += " kg";
  }
  return negative ? "-" + out : out;
}

Milligrams round_to_gram(Milligrams mg) {
  const bool negative = mg < 0;
  const std::uint64_t a = negative ? 0 - static_cast<std::uint64_t>(mg) : static_cast<std::uint64_t>(mg);
  // Half up on the magnitude; a magnitude that would round past INT64_MAX stays a whole gram below it.
  const std::uint64_t g = (a / 1000 + (a % 1000 >= 500 ? 1 : 0)) * 1000;
  const auto max = static_cast<std::uint64_t>(INT64_MAX);
  const std::uint64_t r = g > max ? max / 1000 * 1000 : g;
  return negative ? -static_cast<Milligrams>(r) : static_cast<Milligrams>(r);
}

}  // namespace hp
