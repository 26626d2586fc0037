#pragma once
// HID POS barcode scanner (usage page 0x8C) scanned-data reports, in the layout Honeywell,
// Zebra and Datalogic use in "HID POS" mode (NielsLeenheer/WebHidBarcodeScanner reads the
// same bytes): 64-byte report id 2,
//   byte 1      number of data bytes in this report (0..56)
//   bytes 2-4   AIM symbology identifier without the ']' flag character, or zeros
//               (some firmwares send it with ']' in byte 2; both are accepted)
//   bytes 5-60  decoded data
//   byte 63     bit 0 set: more reports follow for this code
// A long code spans several reports; the assembler joins them.
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "shared/result.hpp"

namespace hp::hid {

inline constexpr std::uint8_t kPosScannerDataReportId = 2;
inline constexpr std::size_t kPosScannerReportSize = 64;
inline constexpr std::size_t kPosScannerMaxData = 56;

struct PosScanChunk {
  std::string symbology;  // "]E0", empty when the scanner did not say
  std::string data;
  bool more = false;
};

// Errors: "scanner.report_size", "scanner.report_id", "scanner.length".
Result<PosScanChunk> parse_pos_scanner_report(std::span<const std::uint8_t> bytes);

struct PosScan {
  std::string symbology;
  std::string text;
};

// Splits a leading AIM identifier ("]E0...") off text, for scanners that put it in the data.
PosScan split_aim_prefix(std::string text);

class PosScanAssembler {
 public:
  explicit PosScanAssembler(std::size_t max_length = 8192) : max_length_(max_length) {}
  // Errors: those of the parser, and "scanner.too_long" (the partial code is dropped).
  Result<std::optional<PosScan>> feed(std::span<const std::uint8_t> report);
  void reset() { partial_.reset(); }

 private:
  std::size_t max_length_;
  std::optional<PosScan> partial_;
};

}  // namespace hp::hid
