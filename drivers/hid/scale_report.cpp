#include "drivers/hid/scale_report.hpp"

#include <limits>

namespace hp::hid {
namespace {

// Milligrams per unit as an exact fraction num/den. The HID POS usage tables name the
// units but not their size; where a unit has several national sizes the choice is noted.
struct UnitSize {
  std::int64_t num;
  std::int64_t den;
};

std::optional<UnitSize> unit_size(ScaleUnit u) {
  switch (u) {
    case ScaleUnit::Milligram: return UnitSize{1, 1};
    case ScaleUnit::Gram: return UnitSize{1'000, 1};
    case ScaleUnit::Kilogram: return UnitSize{1'000'000, 1};
    case ScaleUnit::Carat: return UnitSize{200, 1};
    // Hong Kong / Singapore tael (1/16 of a 604.78982 g catty): the tael scales sold in the
    // region use; a Vietnamese luong (37.5 g) scale would say grams.
    case ScaleUnit::Tael: return UnitSize{3'779'936'375, 100'000};
    case ScaleUnit::Grain: return UnitSize{6'479'891, 100'000};
    case ScaleUnit::Pennyweight: return UnitSize{155'517'384, 100'000};  // 24 grains
    case ScaleUnit::MetricTon: return UnitSize{1'000'000'000, 1};
    // Avoirdupois short ton (2000 lb), as in the US where the usage tables were written.
    case ScaleUnit::AvoirTon: return UnitSize{907'184'740'000, 1};
    case ScaleUnit::TroyOunce: return UnitSize{311'034'768, 10'000};
    case ScaleUnit::Ounce: return UnitSize{28'349'523'125, 1'000'000};
    case ScaleUnit::Pound: return UnitSize{45'359'237, 100};
    case ScaleUnit::Unknown: break;
  }
  return std::nullopt;
}

std::optional<dev::ScaleState> state_from_byte(std::uint8_t b) {
  switch (b) {
    case 1: return dev::ScaleState::Fault;
    case 2: return dev::ScaleState::Zero;
    case 3: return dev::ScaleState::InMotion;
    case 4: return dev::ScaleState::Stable;
    case 5: return dev::ScaleState::UnderZero;
    case 6: return dev::ScaleState::OverCapacity;
    case 7: return dev::ScaleState::NeedsCalibration;
    case 8: return dev::ScaleState::NeedsRezero;
    default: return std::nullopt;
  }
}

bool carries_weight(dev::ScaleState s) {
  return s == dev::ScaleState::Zero || s == dev::ScaleState::InMotion || s == dev::ScaleState::Stable;
}

}  // namespace

Result<Milligrams> scale_to_milligrams(std::uint16_t raw, std::int8_t exponent, ScaleUnit unit) {
  auto size = unit_size(unit);
  if (!size) return fail("scale.unit", "the scale reports an unknown weight unit");
  using Wide = __int128;
  constexpr Wide kMax = std::numeric_limits<Milligrams>::max();
  Wide n = Wide(raw) * size->num;
  Wide d = size->den;
  if (n == 0) return Milligrams{0};
  if (exponent >= 0) {
    for (int i = 0; i < exponent; ++i) {
      n *= 10;
      if (n / d > kMax) return fail("scale.range", "the reported weight does not fit");
    }
  } else {
    // Below 10^-30 every representable raw value rounds to zero milligrams; stopping there
    // keeps the denominator inside 128 bits.
    if (exponent < -30) return Milligrams{0};
    for (int i = 0; i < -exponent; ++i) d *= 10;
  }
  Wide q = (2 * n + d) / (2 * d);
  if (q > kMax) return fail("scale.range", "the reported weight does not fit");
  return static_cast<Milligrams>(q);
}

Result<ScaleReport> parse_scale_report(std::span<const std::uint8_t> bytes) {
  if (bytes.size() != kScaleDataReportSize)
    return fail("scale.report_size", "a scale data report has 6 bytes, got " + std::to_string(bytes.size()));
  if (bytes[0] != kScaleDataReportId)
    return fail("scale.report_id", "not a scale data report (report id " + std::to_string(bytes[0]) + ")");
  auto state = state_from_byte(bytes[1]);
  if (!state) return fail("scale.status", "unknown scale status " + std::to_string(bytes[1]));
  ScaleReport r;
  r.state = *state;
  r.unit_byte = bytes[2];
  r.unit = bytes[2] <= static_cast<std::uint8_t>(ScaleUnit::Pound) ? static_cast<ScaleUnit>(bytes[2])
                                                                    : ScaleUnit::Unknown;
  r.exponent = static_cast<std::int8_t>(bytes[3]);
  r.raw = static_cast<std::uint16_t>(bytes[4] | (bytes[5] << 8));
  if (carries_weight(r.state)) {
    if (auto mg = scale_to_milligrams(r.raw, r.exponent, r.unit)) r.mg = *mg;
  }
  return r;
}

const char* to_string(ScaleUnit unit) {
  switch (unit) {
    case ScaleUnit::Milligram: return "mg";
    case ScaleUnit::Gram: return "g";
    case ScaleUnit::Kilogram: return "kg";
    case ScaleUnit::Carat: return "ct";
    case ScaleUnit::Tael: return "tael";
    case ScaleUnit::Grain: return "gr";
    case ScaleUnit::Pennyweight: return "dwt";
    case ScaleUnit::MetricTon: return "t";
    case ScaleUnit::AvoirTon: return "ton";
    case ScaleUnit::TroyOunce: return "ozt";
    case ScaleUnit::Ounce: return "oz";
    case ScaleUnit::Pound: return "lb";
    case ScaleUnit::Unknown: break;
  }
  return "unknown";
}

std::string format_scale_value(std::uint16_t raw, std::int8_t exponent) {
  std::string digits = std::to_string(raw);
  if (raw == 0) return "0";
  if (exponent > 18 || exponent < -18) return digits + "e" + std::to_string(exponent);
  if (exponent >= 0) return digits + std::string(static_cast<std::size_t>(exponent), '0');
  auto frac = static_cast<std::size_t>(-exponent);
  if (digits.size() <= frac) digits.insert(0, frac - digits.size() + 1, '0');
  digits.insert(digits.size() - frac, ".");
  while (digits.back() == '0') digits.pop_back();
  if (digits.back() == '.') digits.pop_back();
  return digits;
}

}  // namespace hp::hid
