#include "shared/codes/check_digits.hpp"

#include <array>

namespace hp::codes {

namespace {

std::size_t gtin_length(GtinKind kind) {
  switch (kind) {
    case GtinKind::ean8: return 8;
    case GtinKind::upca: return 12;
    case GtinKind::ean13: return 13;
    case GtinKind::gtin14: return 14;
  }
  return 0;
}

// GS1 General Specifications 7.9.2: the weighting factors are applied digit by digit and the
// products' last digits summed (2-, 3, 5+ and 5- weights).
constexpr std::array<int, 10> kTwoMinus{0, 2, 4, 6, 8, 9, 1, 3, 5, 7};
constexpr std::array<int, 10> kThree{0, 3, 6, 9, 2, 5, 8, 1, 4, 7};
constexpr std::array<int, 10> kFivePlus{0, 5, 1, 6, 2, 7, 3, 8, 4, 9};
constexpr std::array<int, 10> kFiveMinus{0, 5, 9, 4, 8, 3, 7, 2, 6, 1};

}  // namespace

std::string_view gtin_kind_name(GtinKind kind) {
  switch (kind) {
    case GtinKind::ean8: return "EAN-8";
    case GtinKind::upca: return "UPC-A";
    case GtinKind::ean13: return "EAN-13";
    case GtinKind::gtin14: return "GTIN-14";
  }
  return "GTIN";
}

bool all_digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

std::optional<int> gs1_check_digit(std::string_view body) {
  if (body.empty() || !all_digits(body)) return std::nullopt;
  // Weights 3,1,3,1... from the rightmost digit of the body, whatever the length.
  int sum = 0;
  int weight = 3;
  for (auto it = body.rbegin(); it != body.rend(); ++it) {
    sum += (*it - '0') * weight;
    weight = 4 - weight;
  }
  return (10 - sum % 10) % 10;
}

Status validate_gs1_key(std::string_view code) {
  if (code.size() < 2) return fail("gtin.length", "a GS1 key needs at least two digits");
  if (!all_digits(code)) return fail("gtin.not_digits", "a GS1 key has digits only");
  const int expected = *gs1_check_digit(code.substr(0, code.size() - 1));
  const int got = code.back() - '0';
  if (expected != got)
    return fail("gtin.bad_check_digit", "expected check digit " + std::to_string(expected) +
                                            ", got " + std::to_string(got));
  return {};
}

Status validate_gtin(std::string_view code, GtinKind kind) {
  const std::size_t want = gtin_length(kind);
  if (code.size() != want)
    return fail("gtin.length", std::string(gtin_kind_name(kind)) + " has " +
                                   std::to_string(want) + " digits, got " +
                                   std::to_string(code.size()));
  return validate_gs1_key(code);
}

Result<GtinKind> validate_gtin(std::string_view code) {
  if (!all_digits(code)) return fail("gtin.not_digits", "a GTIN has digits only");
  GtinKind kind;
  switch (code.size()) {
    case 8: kind = GtinKind::ean8; break;
    case 12: kind = GtinKind::upca; break;
    case 13: kind = GtinKind::ean13; break;
    case 14: kind = GtinKind::gtin14; break;
    default:
      return fail("gtin.length",
                  "a GTIN has 8, 12, 13 or 14 digits, got " + std::to_string(code.size()));
  }
  if (auto st = validate_gtin(code, kind); !st) return std::unexpected(st.error());
  return kind;
}

Result<std::string> complete_gtin(std::string_view body, GtinKind kind) {
  if (body.size() + 1 != gtin_length(kind))
    return fail("gtin.length", std::string(gtin_kind_name(kind)) + " needs " +
                                   std::to_string(gtin_length(kind) - 1) +
                                   " digits before the check digit");
  const auto check = gs1_check_digit(body);
  if (!check) return fail("gtin.not_digits", "a GTIN has digits only");
  std::string out(body);
  out.push_back(static_cast<char>('0' + *check));
  return out;
}

std::optional<int> price_check_digit(std::string_view value) {
  if (!all_digits(value)) return std::nullopt;
  auto d = [&](std::size_t i) { return static_cast<std::size_t>(value[i] - '0'); };
  if (value.size() == 4) {
    const int sum = kTwoMinus[d(0)] + kTwoMinus[d(1)] + kThree[d(2)] + kFiveMinus[d(3)];
    return (sum * 3) % 10;
  }
  if (value.size() == 5) {
    const int sum =
        kFivePlus[d(0)] + kTwoMinus[d(1)] + kFiveMinus[d(2)] + kFivePlus[d(3)] + kTwoMinus[d(4)];
    const int r = (10 - sum % 10) % 10;
    // The check digit is the one whose 5- weighted product equals r.
    for (int c = 0; c < 10; ++c)
      if (kFiveMinus[static_cast<std::size_t>(c)] == r) return c;
  }
  return std::nullopt;
}

}  // namespace hp::codes
