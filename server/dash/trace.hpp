#pragma once
// The public traceability page of a lot (docs/dashboard.md "Traceability"): what a buyer may
// know, from the drop-off that made the lot; nothing private. One HTML response, no script.
#include <optional>
#include <string>

#include "server/dash/lots.hpp"
#include "server/dash/sql.hpp"

namespace hp::server::dash {

struct TracePage {
  int status = 200;
  std::string html;
};

// gtin empty: the short address /t/{lot}; otherwise it must be the lot's product's GTIN.
Result<TracePage> trace_page(SqlDb& db, LotIndex& lots, const std::string& lot_code, const std::string& gtin,
                             bool english);
// The GTIN-14 of the lot's product, when the lot exists and its product has one.
Result<std::optional<std::string>> trace_gtin(SqlDb& db, LotIndex& lots, const std::string& lot_code);
// The farmer's given name: the last word of a Vietnamese full name.
std::string given_name(const std::string& full_name);
bool valid_gtin14(const std::string& gtin);

}  // namespace hp::server::dash
