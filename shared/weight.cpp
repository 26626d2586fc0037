#include "shared/weight.hpp"

#include "shared/money.hpp"

namespace hp {

std::string format_weight(Milligrams mg) {
  const bool negative = mg < 0;
  const std::int64_t a = negative ? -mg : mg;
  std::string out;
  if (a < 1'000'000) {
    out = group_thousands((a + 500) / 1000) + " g";
  } else {
    const std::int64_t grams = (a + 500) / 1000;
    std::string s = group_thousands(grams / 1000);
    int frac = static_cast<int>(grams % 1000);
    if (frac != 0) {
      std::string f = std::to_string(frac);
      f.insert(0, 3 - f.size(), '0');
      while (!f.empty() && f.back() == '0') f.pop_back();
      s += "," + f;
    }
    out = s + " kg";
  }
  return negative ? "-" + out : out;
}

}  // namespace hp
