#pragma once
// VietQR: the NAPAS profile of EMVCo merchant-presented QR, as printed by every Vietnamese bank
// app. Tag 38 carries GUID A000000727, then 01 = {00 bank BIN, 01 account or card number} and
// 02 = service code (QRIBFTTA to an account, QRIBFTTC to a card); 53 = 704 (VND), 54 amount,
// 58 = VN, 62/08 purpose of the transfer, 63 CRC.
#include <optional>
#include <string>
#include <string_view>

#include "shared/money.hpp"
#include "shared/result.hpp"

namespace hp::codes {

inline constexpr std::string_view kNapasGuid = "A000000727";

struct VietQr {
  bool dynamic = false;       // point of initiation 12 (one payment) rather than 11
  std::string bank_bin;       // 6 digits, e.g. "970415"
  std::string account;        // account or card number
  std::string service;        // "QRIBFTTA" or "QRIBFTTC"
  std::optional<Dong> amount_vnd;
  std::optional<std::string> purpose;      // 62/08
  std::optional<std::string> bill_number;  // 62/01
  bool crc_ok = false;
};

// Parses a payload. A CRC mismatch is not an error here (crc_ok says it) so that a caller can
// still show what the code claims; everything structural is.
// Errors: vietqr.malformed, vietqr.truncated, vietqr.no_crc (tag 63 missing, not last or not 4
// hex digits), vietqr.not_vietqr (no tag 38 with the NAPAS GUID), vietqr.bin, vietqr.account,
// vietqr.service, vietqr.currency (53 present and not 704), vietqr.country (58 not VN),
// vietqr.amount (54 not a positive whole number of dong).
Result<VietQr> parse_vietqr(std::string_view payload);

// parse_vietqr, and a CRC mismatch is the error vietqr.bad_crc.
Result<VietQr> read_vietqr(std::string_view payload);

struct VietQrRequest {
  std::string bank_bin;
  std::string account;
  bool to_card = false;            // QRIBFTTC instead of QRIBFTTA
  std::optional<Dong> amount_vnd;  // set: a dynamic (one-payment) code
  std::optional<std::string> purpose;  // printable ASCII, at most 25 characters
};

// Payload with objects in NAPAS order (00 01 38 53 54 58 62 63) and its CRC.
// Errors: vietqr.bin, vietqr.account, vietqr.amount, vietqr.purpose.
Result<std::string> build_vietqr(const VietQrRequest& request);

}  // namespace hp::codes
