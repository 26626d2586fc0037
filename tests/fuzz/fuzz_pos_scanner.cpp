// libFuzzer target: HID POS scanner reports, assembled across 64-byte reports.
#include <cstddef>
#include <cstdint>
#include <span>

#include "drivers/hid/pos_scanner_report.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  hp::hid::PosScanAssembler a(1024);
  std::span<const std::uint8_t> rest(data, size);
  while (!rest.empty()) {
    std::size_t n = rest.size() >= 64 ? 64 : rest.size();
    auto r = a.feed(rest.first(n));
    rest = rest.subspan(n);
    if (r && *r) {
      if ((*r)->text.empty() || (*r)->text.size() > 1024) __builtin_trap();
      if (!(*r)->symbology.empty() && ((*r)->symbology.size() != 3 || (*r)->symbology[0] != ']')) __builtin_trap();
    }
  }
  auto s = hp::hid::split_aim_prefix(std::string(reinterpret_cast<const char*>(data), size));
  if (s.symbology.size() + s.text.size() != size) __builtin_trap();
  return 0;
}
