#include "server/dash/words.hpp"

#include <array>
#include <vector>

namespace hp::server::dash {
namespace {

constexpr std::array<const char*, 10> kDigits{"không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"};
constexpr std::array<const char*, 6> kScales{"", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ"};

// One group of three digits. `full`: not the leading group, so its hundreds are said even
// when zero ("không trăm linh năm").
std::string group(int g, bool full) {
  const int h = g / 100, t = g / 10 % 10, u = g % 10;
  std::vector<std::string> w;
  if (h > 0 || full) w.push_back(std::string(kDigits[h]) + " trăm");
  if (t == 0) {
    if (u > 0 && (h > 0 || full)) w.push_back("linh");
  } else if (t == 1) {
    w.push_back("mười");
  } else {
    w.push_back(std::string(kDigits[t]) + " mươi");
  }
  if (u > 0) {
    if (u == 1 && t >= 2) w.push_back("mốt");
    else if (u == 5 && t >= 1) w.push_back("lăm");
    else w.push_back(kDigits[u]);
  }
  std::string out;
  for (const auto& x : w) out += (out.empty() ? "" : " ") + x;
  return out;
}

}  // namespace

std::string vn_number_words(std::int64_t n) {
  if (n <= 0) return "Không";
  std::vector<int> groups;  // least significant first
  for (std::int64_t v = n; v > 0; v /= 1000) groups.push_back(static_cast<int>(v % 1000));
  std::string out;
  for (std::size_t i = groups.size(); i-- > 0;) {
    if (groups[i] == 0) continue;
    std::string g = group(groups[i], i + 1 != groups.size());
    if (i < kScales.size() && kScales[i][0] != '\0') g += std::string(" ") + kScales[i];
    out += (out.empty() ? "" : " ") + g;
  }
  // Every first word starts with an ASCII letter (một, hai, ba, ..., mười, không).
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

}  // namespace hp::server::dash
