#include "shared/codes/kiosk_codes.hpp"

namespace hp::codes {

namespace {

constexpr int kN = 32;

char upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

// Sum of the Luhn mod N addends over `values`, the rightmost taking `first_factor`.
template <class Values>
int luhn_sum(const Values& values, std::size_t count, int first_factor) {
  int factor = first_factor;
  int sum = 0;
  for (std::size_t i = count; i-- > 0;) {
    const int addend = factor * values(i);
    sum += addend / kN + addend % kN;
    factor = factor == 2 ? 1 : 2;
  }
  return sum;
}

bool blind_pair(char a, char b) {
  return (a == '0' && b == 'Z') || (a == 'Z' && b == '0');
}

// A lot code's payload as one number (ten base32 characters: 50 bits).
std::uint64_t payload_value(std::string_view payload) {
  std::uint64_t v = 0;
  for (char c : payload) v = v * 32 + static_cast<std::uint64_t>(kCrockford.find(c));
  return v;
}

// Lot codes issued now stay below 10^12, so that their batch number is 12 digits: the
// (10) element then fits one GS1-128 symbol at GS1's X-dimension across 80 mm paper
// (docs/printing.md, "Labels").
constexpr std::uint64_t kShortLotLimit = 1'000'000'000'000;

}  // namespace

std::string_view kiosk_code_prefix(KioskCodeKind kind) {
  switch (kind) {
    case KioskCodeKind::member: return "HPM";
    case KioskCodeKind::pickup: return "PK";
    case KioskCodeKind::lot: return "HPL";
  }
  return "";
}

std::size_t kiosk_code_payload_length(KioskCodeKind kind) {
  switch (kind) {
    case KioskCodeKind::member: return 8;
    case KioskCodeKind::pickup: return 9;
    case KioskCodeKind::lot: return 10;
  }
  return 0;
}

std::string_view kiosk_code_kind_name(KioskCodeKind kind) {
  switch (kind) {
    case KioskCodeKind::member: return "member";
    case KioskCodeKind::pickup: return "pickup";
    case KioskCodeKind::lot: return "lot";
  }
  return "";
}

std::optional<int> crockford_value(char c) {
  c = upper(c);
  if (c == 'O') return 0;
  if (c == 'I' || c == 'L') return 1;
  const auto pos = kCrockford.find(c);
  if (pos == std::string_view::npos) return std::nullopt;
  return static_cast<int>(pos);
}

std::optional<char> luhn32_check(std::string_view payload) {
  for (char c : payload)
    if (kCrockford.find(c) == std::string_view::npos) return std::nullopt;
  const int sum = luhn_sum([&](std::size_t i) { return static_cast<int>(kCrockford.find(payload[i])); },
                           payload.size(), 2);
  return kCrockford[static_cast<std::size_t>((kN - sum % kN) % kN)];
}

std::optional<KioskCodeKind> kiosk_code_kind_of(std::string_view s) {
  if (s.starts_with("HPM")) return KioskCodeKind::member;
  if (s.starts_with("HPL")) return KioskCodeKind::lot;
  if (s.starts_with("PK")) return KioskCodeKind::pickup;
  return std::nullopt;
}

std::string normalize_kiosk_code(std::string_view text) {
  std::string s;
  s.reserve(text.size());
  for (char c : text)
    if (c != ' ' && c != '-') s.push_back(upper(c));
  // The prefix keeps its letters (HPL has an L); only what follows is de-aliased.
  const auto kind = kiosk_code_kind_of(s);
  const std::size_t from = kind ? kiosk_code_prefix(*kind).size() : 0;
  for (std::size_t i = from; i < s.size(); ++i) {
    if (s[i] == 'O') s[i] = '0';
    else if (s[i] == 'I' || s[i] == 'L') s[i] = '1';
  }
  return s;
}

Result<KioskCode> parse_kiosk_code(std::string_view text) {
  const std::string s = normalize_kiosk_code(text);
  const auto kind = kiosk_code_kind_of(s);
  if (!kind) return fail("kiosk.prefix", "a kiosk code starts with HPM, PK or HPL");
  return parse_kiosk_code(text, *kind);
}

Result<KioskCode> parse_kiosk_code(std::string_view text, KioskCodeKind kind) {
  const std::string s = normalize_kiosk_code(text);
  const std::string_view prefix = kiosk_code_prefix(kind);
  if (!s.starts_with(prefix))
    return fail("kiosk.prefix", std::string(kiosk_code_kind_name(kind)) + " codes start with " +
                                    std::string(prefix));
  const std::size_t want = prefix.size() + kiosk_code_payload_length(kind) + 1;
  if (s.size() != want)
    return fail("kiosk.length", std::string(kiosk_code_kind_name(kind)) + " codes have " +
                                    std::to_string(want) + " characters, got " +
                                    std::to_string(s.size()));
  const std::string_view body = std::string_view(s).substr(prefix.size());
  for (char c : body)
    if (kCrockford.find(c) == std::string_view::npos)
      return fail("kiosk.bad_char", std::string("character '") + c + "' is not used in kiosk codes");
  const int sum = luhn_sum([&](std::size_t i) { return static_cast<int>(kCrockford.find(body[i])); },
                           body.size(), 1);
  if (sum % kN != 0) return fail("kiosk.bad_check", "the check character does not match; mistyped?");
  return KioskCode{kind, s};
}

Result<std::string> make_kiosk_code(KioskCodeKind kind, std::string_view payload) {
  if (payload.size() != kiosk_code_payload_length(kind))
    return fail("kiosk.length", "the payload has " + std::to_string(kiosk_code_payload_length(kind)) +
                                    " characters");
  const auto check = luhn32_check(payload);
  if (!check) return fail("kiosk.bad_char", "the payload must be canonical Crockford base32");
  return std::string(kiosk_code_prefix(kind)) + std::string(payload) + *check;
}

std::string generate_kiosk_code(KioskCodeKind kind, const std::function<std::uint64_t()>& random) {
  const std::size_t n = kiosk_code_payload_length(kind);
  for (;;) {
    std::string payload;
    std::uint64_t bits = 0;
    int left = 0;
    while (payload.size() < n) {
      if (left < 5) {
        bits = random();
        left = 64;
      }
      payload.push_back(kCrockford[static_cast<std::size_t>(bits & 31u)]);
      bits >>= 5;
      left -= 5;
    }
    if (kind == KioskCodeKind::lot) {
      payload[0] = payload[1] = '0';  // below 32^8; what is left below 10^12 is 91 % of it
      if (payload_value(payload) >= kShortLotLimit) continue;
    }
    const char check = *luhn32_check(payload);
    bool blind = blind_pair(payload.back(), check);
    for (std::size_t i = 0; i + 1 < n && !blind; ++i) blind = blind_pair(payload[i], payload[i + 1]);
    if (!blind) return std::string(kiosk_code_prefix(kind)) + payload + check;
  }
}

std::optional<std::string> lot_batch_digits(std::string_view lot_code) {
  auto code = parse_kiosk_code(lot_code, KioskCodeKind::lot);
  if (!code) return std::nullopt;
  const std::string_view payload =
      std::string_view(code->code).substr(kiosk_code_prefix(KioskCodeKind::lot).size(), kiosk_code_payload_length(KioskCodeKind::lot));
  const std::uint64_t v = payload_value(payload);
  std::string out = std::to_string(v);
  out.insert(0, (v < kShortLotLimit ? 12 : 16) - out.size(), '0');
  return out;
}

std::optional<std::string> lot_code_from_batch_digits(std::string_view digits) {
  if (digits.size() != 12 && digits.size() != 16) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  const std::size_t n = kiosk_code_payload_length(KioskCodeKind::lot);
  if (v >> (5 * n) != 0) return std::nullopt;  // more than ten base32 characters
  if ((digits.size() == 12) != (v < kShortLotLimit)) return std::nullopt;  // not the digits lot_batch_digits gives
  std::string payload(n, '0');
  for (std::size_t i = n; i-- > 0; v >>= 5) payload[i] = kCrockford[v & 31];
  auto code = make_kiosk_code(KioskCodeKind::lot, payload);
  if (!code) return std::nullopt;
  return *code;
}

}  // namespace hp::codes
