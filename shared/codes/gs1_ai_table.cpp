#include "shared/codes/gs1_ai_table.hpp"

#include <array>

namespace hp::codes {

namespace {

using M = AiMeaning;

// {ai, n_digit, max_n, numeric, min, max, numeric_head, meaning}
constexpr AiDef kAis[] = {
    {"00", false, 0, true, 18, 18, 0, M::key},         // SSCC
    {"01", false, 0, true, 14, 14, 0, M::key},         // GTIN
    {"02", false, 0, true, 14, 14, 0, M::key},         // GTIN of contained trade items
    {"10", false, 0, false, 1, 20, 0, M::plain},       // Batch or lot
    {"11", false, 0, true, 6, 6, 0, M::date},          // Production date
    {"12", false, 0, true, 6, 6, 0, M::date},          // Due date
    {"13", false, 0, true, 6, 6, 0, M::date},          // Packaging date
    {"15", false, 0, true, 6, 6, 0, M::date},          // Best before
    {"16", false, 0, true, 6, 6, 0, M::date},          // Sell by
    {"17", false, 0, true, 6, 6, 0, M::date},          // Expiration
    {"20", false, 0, true, 2, 2, 0, M::plain},         // Internal product variant
    {"21", false, 0, false, 1, 20, 0, M::plain},       // Serial number
    {"22", false, 0, false, 1, 20, 0, M::plain},       // Consumer product variant
    {"235", false, 0, false, 1, 28, 0, M::plain},      // Third-party serialised extension
    {"240", false, 0, false, 1, 30, 0, M::plain},      // Additional product id
    {"241", false, 0, false, 1, 30, 0, M::plain},      // Customer part number
    {"242", false, 0, true, 1, 6, 0, M::plain},        // Made-to-order variation
    {"243", false, 0, false, 1, 20, 0, M::plain},      // Packaging component number
    {"250", false, 0, false, 1, 30, 0, M::plain},      // Secondary serial number
    {"251", false, 0, false, 1, 30, 0, M::plain},      // Reference to source entity
    {"253", false, 0, false, 13, 30, 13, M::plain},    // GDTI
    {"254", false, 0, false, 1, 20, 0, M::plain},      // GLN extension
    {"255", false, 0, true, 13, 25, 0, M::plain},      // GCN
    {"30", false, 0, true, 1, 8, 0, M::plain},         // Variable count
    {"310", true, 5, true, 6, 6, 0, M::weight_kg},     // Net weight, kg
    {"311", true, 5, true, 6, 6, 0, M::measure},       // Length, m
    {"312", true, 5, true, 6, 6, 0, M::measure},       // Width, m
    {"313", true, 5, true, 6, 6, 0, M::measure},       // Depth, m
    {"314", true, 5, true, 6, 6, 0, M::measure},       // Area, m2
    {"315", true, 5, true, 6, 6, 0, M::measure},       // Net volume, l
    {"316", true, 5, true, 6, 6, 0, M::measure},       // Net volume, m3
    {"330", true, 5, true, 6, 6, 0, M::weight_kg},     // Logistic weight, kg
    {"331", true, 5, true, 6, 6, 0, M::measure},       // Length, m (logistic)
    {"332", true, 5, true, 6, 6, 0, M::measure},       // Width, m (logistic)
    {"333", true, 5, true, 6, 6, 0, M::measure},       // Depth, m (logistic)
    {"334", true, 5, true, 6, 6, 0, M::measure},       // Area, m2 (logistic)
    {"335", true, 5, true, 6, 6, 0, M::measure},       // Logistic volume, l
    {"336", true, 5, true, 6, 6, 0, M::measure},       // Logistic volume, m3
    {"37", false, 0, true, 1, 8, 0, M::plain},         // Count of trade items
    {"390", true, 9, true, 1, 15, 0, M::amount},       // Amount payable, local currency
    {"391", true, 9, true, 4, 18, 0, M::currency_amount},  // Amount payable with currency
    {"392", true, 9, true, 1, 15, 0, M::amount},       // Price, single monetary area
    {"393", true, 9, true, 4, 18, 0, M::currency_amount},  // Price with ISO currency
    {"394", true, 4, true, 4, 4, 0, M::measure},       // Percentage discount of a coupon
    {"400", false, 0, false, 1, 30, 0, M::plain},      // Customer's purchase order
    {"401", false, 0, false, 1, 30, 0, M::plain},      // GINC
    {"402", false, 0, true, 17, 17, 0, M::key},        // GSIN
    {"403", false, 0, false, 1, 30, 0, M::plain},      // Routing code
    {"410", false, 0, true, 13, 13, 0, M::key},        // Ship to GLN
    {"411", false, 0, true, 13, 13, 0, M::key},        // Bill to GLN
    {"412", false, 0, true, 13, 13, 0, M::key},        // Purchased from GLN
    {"413", false, 0, true, 13, 13, 0, M::key},        // Ship for GLN
    {"414", false, 0, true, 13, 13, 0, M::key},        // Physical location GLN
    {"415", false, 0, true, 13, 13, 0, M::key},        // Invoicing party GLN
    {"416", false, 0, true, 13, 13, 0, M::key},        // Production or service location GLN
    {"417", false, 0, true, 13, 13, 0, M::key},        // Party GLN
    {"420", false, 0, false, 1, 20, 0, M::plain},      // Ship-to postal code
    {"421", false, 0, false, 4, 12, 3, M::plain},      // Ship-to postal code with country
    {"422", false, 0, true, 3, 3, 0, M::plain},        // Country of origin
    {"423", false, 0, true, 3, 15, 0, M::plain},       // Country of initial processing
    {"424", false, 0, true, 3, 3, 0, M::plain},        // Country of processing
    {"425", false, 0, true, 3, 15, 0, M::plain},       // Country of disassembly
    {"426", false, 0, true, 3, 3, 0, M::plain},        // Country of full process chain
    {"7001", false, 0, true, 13, 13, 0, M::plain},     // NATO stock number
    {"7002", false, 0, false, 1, 30, 0, M::plain},     // UN/ECE meat carcass classification
    {"7003", false, 0, true, 10, 10, 0, M::plain},     // Expiration date and time
    {"8001", false, 0, true, 14, 14, 0, M::plain},     // Roll products
    {"8002", false, 0, false, 1, 20, 0, M::plain},     // Mobile phone identifier
    {"8003", false, 0, false, 14, 30, 14, M::plain},   // GRAI
    {"8004", false, 0, false, 1, 30, 0, M::plain},     // GIAI
    {"8005", false, 0, true, 6, 6, 0, M::plain},       // Price per unit of measure
    {"8006", false, 0, true, 18, 18, 0, M::plain},     // ITIP
    {"8007", false, 0, false, 1, 34, 0, M::plain},     // IBAN
    {"8008", false, 0, true, 8, 12, 0, M::plain},      // Date and time of production
    {"8012", false, 0, false, 1, 20, 0, M::plain},     // Software version
    {"8017", false, 0, true, 18, 18, 0, M::key},       // GSRN provider
    {"8018", false, 0, true, 18, 18, 0, M::key},       // GSRN recipient
    {"8020", false, 0, false, 1, 25, 0, M::plain},     // Payment slip reference
    {"8200", false, 0, false, 1, 70, 0, M::plain},     // Extended packaging URL
    {"90", false, 0, false, 1, 30, 0, M::plain},       // Mutually agreed between partners
    {"91", false, 0, false, 1, 90, 0, M::plain},       // Company internal information
    {"92", false, 0, false, 1, 90, 0, M::plain},
    {"93", false, 0, false, 1, 90, 0, M::plain},
    {"94", false, 0, false, 1, 90, 0, M::plain},
    {"95", false, 0, false, 1, 90, 0, M::plain},
    {"96", false, 0, false, 1, 90, 0, M::plain},
    {"97", false, 0, false, 1, 90, 0, M::plain},
    {"98", false, 0, false, 1, 90, 0, M::plain},
    {"99", false, 0, false, 1, 90, 0, M::plain},
};

constexpr std::array<std::string_view, 22> kPredefined{
    "00", "01", "02", "03", "04", "11", "12", "13", "14", "15", "16",
    "17", "18", "19", "20", "31", "32", "33", "34", "35", "36", "41"};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::optional<AiMatch> match_ai(std::string_view data) {
  // AIs are prefix-free, so at most one table entry can match.
  for (const auto& def : kAis) {
    const std::size_t stem = def.ai.size();
    if (data.size() < stem || data.substr(0, stem) != def.ai) continue;
    if (!def.n_digit) return AiMatch{&def, data.substr(0, stem), 0};
    if (data.size() <= stem || !is_digit(data[stem])) return std::nullopt;
    const int n = data[stem] - '0';
    if (n > def.max_n) return std::nullopt;
    return AiMatch{&def, data.substr(0, stem + 1), n};
  }
  return std::nullopt;
}

std::optional<AiMatch> find_ai(std::string_view ai) {
  auto m = match_ai(ai);
  if (!m || m->ai.size() != ai.size()) return std::nullopt;
  return m;
}

bool predefined_length(std::string_view ai) {
  if (ai.size() < 2) return false;
  for (auto p : kPredefined)
    if (ai.substr(0, 2) == p) return true;
  return false;
}

}  // namespace hp::codes
