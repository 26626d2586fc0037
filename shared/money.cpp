#include "shared/money.hpp"

#include <array>
#include <cstdlib>
#include <vector>

#include "shared/weight.hpp"

namespace hp {

std::string group_thousands(std::int64_t value) {
  const bool negative = value < 0;
  // Work in unsigned so INT64_MIN does not overflow.
  std::uint64_t v = negative ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
  std::string digits = std::to_string(v);
  std::string out;
  out.reserve(digits.size() + digits.size() / 3 + 1);
  const std::size_t lead = digits.size() % 3;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (i + 3 - lead) % 3 == 0) out.push_back('.');
    out.push_back(digits[i]);
  }
  return negative ? "-" + out : out;
}

std::string format_vnd(Dong amount) { return group_thousands(amount) + "\u00A0₫"; }

namespace {

constexpr std::array<const char*, 10> kDigit = {"không", "một", "hai", "ba", "bốn",
                                                "năm", "sáu", "bảy", "tám", "chín"};

// Reads 0..999. `full` is set when a higher group precedes this one, so "không trăm" and
// "lẻ" are spoken as Vietnamese does (1.005 = "một nghìn không trăm lẻ năm").
std::string read_triple(int n, bool full) {
  const int h = n / 100, t = (n / 10) % 10, u = n % 10;
  std::vector<std::string> w;
  if (h > 0 || full) {
    w.push_back(kDigit[h]);
    w.push_back("trăm");
  }
  if (t > 1) {
    w.push_back(kDigit[t]);
    w.push_back("mươi");
  } else if (t == 1) {
    w.push_back("mười");
  } else if (u > 0 && (h > 0 || full)) {
    w.push_back("lẻ");
  }
  if (u > 0) {
    if (u == 1 && t > 1) w.push_back("mốt");
    else if (u == 5 && t > 0) w.push_back("lăm");
    else if (u == 4 && t > 1) w.push_back("tư");
    else w.push_back(kDigit[u]);
  }
  std::string s;
  for (const auto& x : w) {
    if (!s.empty()) s.push_back(' ');
    s += x;
  }
  return s;
}

std::string capitalise_first(std::string s) {
  // Every first word here starts with an ASCII letter or "â"-free syllable; only ASCII needs
  // upper-casing except "một"/"mười"/"mốt" which start with 'm'.
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

}  // namespace

std::string vnd_in_words(Dong amount) {
  if (amount == 0) return "Không đồng";
  const bool negative = amount < 0;
  std::uint64_t v = negative ? 0 - static_cast<std::uint64_t>(amount) : static_cast<std::uint64_t>(amount);
  // Groups of three digits: đơn vị, nghìn, triệu, tỷ, then nghìn tỷ, triệu tỷ.
  static constexpr std::array<const char*, 7> kUnit = {"", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ", "tỷ tỷ"};
  std::vector<int> groups;
  while (v > 0) {
    groups.push_back(static_cast<int>(v % 1000));
    v /= 1000;
  }
  std::string out;
  for (std::size_t i = groups.size(); i-- > 0;) {
    const int g = groups[i];
    if (g == 0) continue;
    const bool higher = i + 1 < groups.size();
    std::string part = read_triple(g, higher);
    if (!out.empty()) out.push_back(' ');
    out += part;
    if (kUnit[i][0] != '\0') {
      out.push_back(' ');
      out += kUnit[i];
    }
  }
  out += " đồng";
  if (negative) out = "âm " + out;
  return capitalise_first(out);
}

namespace {

// Half away from zero, as a cashier rounds.
Dong round_half_up(__int128 num, __int128 den) {
  return static_cast<Dong>(num >= 0 ? (num + den / 2) / den : -((-num + den / 2) / den));
}

}  // namespace

Dong value_by_weight(Dong price_per_kg, std::int64_t weight_mg) {
  return round_half_up(static_cast<__int128>(price_per_kg) * (round_to_gram(weight_mg) / 1000), 1'000);
}

Dong commission_of(Dong value, std::int64_t basis_points) {
  return round_half_up(static_cast<__int128>(value) * basis_points, 10'000);
}

}  // namespace hp
