#pragma once
// Just enough of a HID report descriptor to decide what a device is and what it can do:
// the usage of each application collection (0x8D scale, 0x8C barcode scanner, keyboard)
// and the usages of output and feature items (a scale's "Zero Scale", 0x8D:0x80).
#include <cstdint>
#include <span>
#include <vector>

#include "shared/result.hpp"

namespace hp::hid {

inline constexpr std::uint16_t kPageGenericDesktop = 0x01;
inline constexpr std::uint16_t kPageBarcodeScanner = 0x8C;
inline constexpr std::uint16_t kPageScale = 0x8D;
inline constexpr std::uint16_t kUsageKeyboard = 0x06;
inline constexpr std::uint16_t kUsageZeroScale = 0x80;

struct HidUsage {
  std::uint16_t page = 0;
  std::uint16_t id = 0;
  bool operator==(const HidUsage&) const = default;
};

struct HidField {
  enum class Kind { Input, Output, Feature };
  Kind kind = Kind::Input;
  std::uint8_t report_id = 0;
  HidUsage usage;
};

struct HidDescriptorSummary {
  std::vector<HidUsage> applications;  // top-level application collections, in order
  std::vector<HidField> fields;        // one per declared usage of a main item

  bool has_application_page(std::uint16_t page) const;
  // The report id of an output or feature field with this usage, if any.
  const HidField* writable(HidUsage usage) const;
};

// Errors: "hid.descriptor" (truncated item, runaway nesting). Caps the work on hostile input.
Result<HidDescriptorSummary> parse_report_descriptor(std::span<const std::uint8_t> bytes);

}  // namespace hp::hid
