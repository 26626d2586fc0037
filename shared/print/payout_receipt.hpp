#pragma once
// The farmer's receipt for cash paid out at the counter (issue 10 item 5, docs/cash.md): who
// was paid, how much (in figures and words), the balance before and after, who paid and who
// approved, and the farmer's signature line.
#include <string>

#include "shared/clock.hpp"
#include "shared/money.hpp"
#include "shared/print/document.hpp"
#include "shared/print/print_config.hpp"
#include "shared/result.hpp"

namespace hp::print {

struct PayoutSlip {
  std::string id;
  std::string farmer_name, member_code;
  Dong amount = 0;
  Dong available_before = 0;
  UtcMillis at = 0;
  std::string clerk, approved_name;
  // Set when the farmer signed on screen (the signature pad is not built yet): the receipt
  // then says so beside the line; today the farmer signs the paper.
  bool signed_on_screen = false;
};

// "print.bad_payout" for a non-positive amount or one above the balance.
Result<Document> payout_receipt(const PrintConfig& cfg, const PayoutSlip& slip, const PrintCopy& copy = {});

}  // namespace hp::print
