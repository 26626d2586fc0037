#pragma once
// The kiosk's own codes, printed on member cards, pickup slips and crate (lot) labels:
// a fixed prefix, a payload in Crockford base32 (0-9 A-Z without I L O U) and one check
// character, Luhn mod 32 over the payload values.
//   member  "HPM" + 8 + check  (12 characters)
//   pickup  "PK"  + 9 + check  (12 characters)
//   lot     "HPL" + 10 + check (14 characters)
// Reading is forgiving: case-insensitive, spaces and dashes ignored, and the Crockford
// aliases O -> 0, I and L -> 1 are accepted in the payload and check character.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "shared/result.hpp"

namespace hp::codes {

enum class KioskCodeKind { member, pickup, lot };

std::string_view kiosk_code_prefix(KioskCodeKind kind);
std::size_t kiosk_code_payload_length(KioskCodeKind kind);
std::string_view kiosk_code_kind_name(KioskCodeKind kind);  // "member", "pickup", "lot"

inline constexpr std::string_view kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

// Value 0-31 of a Crockford character, aliases and lower case included; nullopt otherwise.
std::optional<int> crockford_value(char c);

// Luhn mod 32 check character of a canonical payload; nullopt if a character is not base32.
std::optional<char> luhn32_check(std::string_view payload);

// Upper case, spaces and dashes removed, aliases mapped after the prefix.
std::string normalize_kiosk_code(std::string_view text);

struct KioskCode {
  KioskCodeKind kind = KioskCodeKind::member;
  std::string code;  // canonical, e.g. "HPM7K2M9QX4B"
};

// The kind implied by the prefix of normalized text (HPM, HPL, PK), if any.
std::optional<KioskCodeKind> kiosk_code_kind_of(std::string_view normalized);

// Errors: kiosk.prefix (no known prefix), kiosk.length, kiosk.bad_char, kiosk.bad_check.
Result<KioskCode> parse_kiosk_code(std::string_view text);
// As above but the kind must be `kind` (kiosk.prefix otherwise).
Result<KioskCode> parse_kiosk_code(std::string_view text, KioskCodeKind kind);

// A fresh canonical code (a lot code's payload starts "00" and stays below 10^12: see
// lot_batch_digits). `random` is the caller's source of random bits (e.g. a wrapped
// std::random_device or, in tests, a seeded engine). Payloads never put the characters 0 and Z
// side by side (nor the last payload character and the check character): Luhn mod 32 cannot
// tell "0Z" from "Z0", so excluding that pair makes every adjacent transposition detectable.
std::string generate_kiosk_code(KioskCodeKind kind, const std::function<std::uint64_t()>& random);

// The canonical code for a given payload (for tests and reprints). Errors: kiosk.length,
// kiosk.bad_char.
Result<std::string> make_kiosk_code(KioskCodeKind kind, std::string_view payload);

// A lot code's payload as the digits a crate label's GS1-128 carries in AI (10): the ten base32
// characters read as one number, zero-padded to 12 digits when it is below 10^12 (every lot
// code generate_kiosk_code issues: its payload starts "00") and to 16 digits otherwise (codes
// issued before). Digits go two to a symbol character (Code 128 subset C); 12 of them keep
// the symbol at GS1's X-dimension across 80 mm paper (docs/printing.md, "Labels"). The check
// character is left out: the symbol has its own. nullopt when the text is not a valid lot code.
std::optional<std::string> lot_batch_digits(std::string_view lot_code);
// And back: the canonical lot code (with its check character), or nullopt.
std::optional<std::string> lot_code_from_batch_digits(std::string_view digits);

}  // namespace hp::codes
