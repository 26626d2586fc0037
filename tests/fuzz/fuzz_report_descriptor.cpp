// libFuzzer target: HID report descriptors (what a device says it is).
#include <cstddef>
#include <cstdint>
#include <span>

#include "drivers/hid/report_descriptor.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto r = hp::hid::parse_report_descriptor(std::span<const std::uint8_t>(data, size));
  if (r) {
    if (r->fields.size() > 4096) __builtin_trap();
    (void)r->has_application_page(hp::hid::kPageScale);
    (void)r->writable({hp::hid::kPageScale, hp::hid::kUsageZeroScale});
  }
  return 0;
}
