#pragma once
// USB HID Point of Sale scale data report (usage page 0x8D, report id 3), as sent by Dymo
// M10/M25/S-series, Mettler Toledo PS60 and Stamps.com-style postal scales:
//   byte 0 report id (3), 1 status, 2 unit, 3 signed power-of-ten exponent,
//   4-5 weight, unsigned little-endian.
// Pure: no libusb, no clock, so it is unit tested with every vector and fuzzed.
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "drivers/device.hpp"
#include "shared/result.hpp"
#include "shared/weight.hpp"

namespace hp::hid {

inline constexpr std::uint8_t kScaleDataReportId = 3;
inline constexpr std::size_t kScaleDataReportSize = 6;

enum class ScaleUnit : std::uint8_t {
  Unknown = 0, Milligram, Gram, Kilogram, Carat, Tael, Grain, Pennyweight, MetricTon,
  AvoirTon, TroyOunce, Ounce, Pound,
};

struct ScaleReport {
  dev::ScaleState state = dev::ScaleState::Fault;
  ScaleUnit unit = ScaleUnit::Unknown;
  std::uint8_t unit_byte = 0;  // as sent, so an unknown unit can be logged
  std::int8_t exponent = 0;
  std::uint16_t raw = 0;
  // Set only when the report carries a usable weight: a known unit, a state in which the
  // number means something (zero, in motion, stable) and a value that fits.
  std::optional<Milligrams> mg;
};

// Errors: "scale.report_size", "scale.report_id" (another report of the scale, not data),
// "scale.status" (status byte outside 1..8).
Result<ScaleReport> parse_scale_report(std::span<const std::uint8_t> bytes);

// raw * 10^exponent in unit, as integer milligrams, rounded half away from zero.
// Errors: "scale.unit" (unknown unit), "scale.range" (does not fit in 64 bits).
Result<Milligrams> scale_to_milligrams(std::uint16_t raw, std::int8_t exponent, ScaleUnit unit);

// "g", "oz", ...; "unknown" for unit 0 and for bytes the table does not know.
const char* to_string(ScaleUnit unit);

// raw * 10^exponent as an exact JSON number: "5.1", "878", "0", "144e20".
std::string format_scale_value(std::uint16_t raw, std::int8_t exponent);

// The HID POS scale control report (report id 2) that asks the scale to zero itself.
inline constexpr std::uint8_t kScaleControlReportId = 2;
inline constexpr std::uint8_t kScaleControlZero = 0x02;

}  // namespace hp::hid
