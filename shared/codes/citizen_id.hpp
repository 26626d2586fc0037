#pragma once
// The citizen id number on the chip-based citizen identity card (CCCD, "căn cước công dân"):
// 12 digits, per Circular 07/2016/TT-BCA (art. 7): 3 digits the province code where the
// holder's birth was registered, 1 digit gender and century, 2 digits the year of birth, 6
// random digits. It is personal data (docs/clerks.md, "Farmers' registration"): screens and
// receipts show only its last four digits (mask_citizen_id).
#include <optional>
#include <string>
#include <string_view>

#include "shared/result.hpp"

namespace hp::codes {

// The province codes the circular lists (001 Hà Nội ... 096 Cà Mau: the statistics office's
// two-digit province codes with a leading 0). The 2025 merger of provinces kept one of the
// old codes for each new province, so this list still covers every card.
bool is_cccd_province(std::string_view code3);

// Digit 4: 0/1 male/female born 1900-1999, 2/3 in 2000-2099, 4/5 in 2100-2199, and so on to
// 8/9 (2300-2399). The year of birth it and digits 5-6 give; nullopt unless 12 digits.
std::optional<int> cccd_birth_year(std::string_view digits12);

// Checks the form of a CCCD number as typed (spaces and dots between digit groups are
// dropped) and returns its 12 digits. Errors (message keys):
//   cccd.not_digits  something other than digits, spaces and dots;
//   cccd.length      not 12 digits;
//   cccd.province    the first three digits are no province's code;
//   cccd.birth_year  the year of birth is after current_year (a card not yet possible).
// A number of the right form may still not have been issued: only the police's register
// knows that.
Result<std::string> check_citizen_id(std::string_view typed, int current_year);

// "********1234": all but the last four digits hidden, for screens, receipts and the card.
// Empty for empty; a text of four characters or fewer is hidden entirely.
std::string mask_citizen_id(std::string_view digits);

}  // namespace hp::codes
