// libFuzzer target: HID POS scale data reports. Invariant: a weight only comes out of a
// 6-byte report id 3 with a known unit and a state that carries a weight.
#include <cstddef>
#include <cstdint>
#include <span>

#include "drivers/hid/scale_report.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto r = hp::hid::parse_scale_report(std::span<const std::uint8_t>(data, size));
  if (r) {
    if (size != 6 || data[0] != 3) __builtin_trap();
    if (r->mg) {
      using S = hp::dev::ScaleState;
      if (r->state != S::Zero && r->state != S::InMotion && r->state != S::Stable) __builtin_trap();
      if (r->unit == hp::hid::ScaleUnit::Unknown || *r->mg < 0) __builtin_trap();
    }
    auto v = hp::hid::format_scale_value(r->raw, r->exponent);
    if (v.empty()) __builtin_trap();
  }
  if (size >= 3) {
    auto mg = hp::hid::scale_to_milligrams(static_cast<std::uint16_t>(data[0] | data[1] << 8),
                                           static_cast<std::int8_t>(data[2]),
                                           static_cast<hp::hid::ScaleUnit>(size > 3 ? data[3] % 14 : 2));
    if (mg && *mg < 0) __builtin_trap();
  }
  return 0;
}
