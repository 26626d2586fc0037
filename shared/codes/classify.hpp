#pragma once
// One entry point for everything the counter's scanners and keyboards deliver: what kind of
// code a scanned text is, whether it is valid, and what it says.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "shared/codes/aim.hpp"
#include "shared/codes/gs1.hpp"
#include "shared/codes/kiosk_codes.hpp"
#include "shared/codes/s10.hpp"
#include "shared/codes/variable_measure.hpp"
#include "shared/codes/vietqr.hpp"
#include "shared/result.hpp"

namespace hp::codes {

enum class CodeKind {
  ean13, ean8, upca, gtin14, gs1, variable_measure, s10, vietqr, member, pickup, lot, unknown
};

std::string_view code_kind_name(CodeKind kind);  // "ean13", "variable_measure", ...

struct Classification {
  CodeKind kind = CodeKind::unknown;
  bool valid = false;
  std::optional<Error> error;          // set exactly when !valid
  std::optional<Symbology> symbology;  // when the scan began with an AIM identifier
  std::string code;  // the data as read (AIM identifier and surrounding blanks removed);
                     // for EAN/UPC/GTIN the digits, for kiosk codes the canonical form
  // Kind-specific, filled when the structure could be read:
  std::vector<Gs1Element> gs1;              // gs1
  std::optional<VariableMeasure> variable;  // variable_measure
  std::optional<S10> s10;                   // s10
  std::optional<VietQr> vietqr;             // vietqr
  std::optional<bool> crc_ok;               // vietqr, whenever a CRC could be checked
};

struct ClassifyOptions {
  VariableMeasureLayout layout = default_variable_measure_layout();
  Gs1Options gs1;
  // Longer scans are rejected without looking further (code.too_long).
  std::size_t max_length = 4096;
};

Classification classify(std::string_view scanned);
Classification classify(std::string_view scanned, const ClassifyOptions& options);

// {"kind", "valid", "error" (only when not valid, "code.key: English detail"),
//  "symbology" (only with an AIM identifier) and per kind:
//  gs1 "ais" {AI: value}; variable_measure "item" and "weight_mg" or "price_vnd" (or "count");
//  s10 "service", "serial", "check", "country"; vietqr "bank_bin", "account", "amount_vnd",
//  "purpose", "crc_ok"; member/pickup/lot "code"}.
nlohmann::json to_json(const Classification& c);

}  // namespace hp::codes
