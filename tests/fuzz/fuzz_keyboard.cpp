// libFuzzer target: keyboard-wedge decoding. The input is a stream of 8-byte boot reports
// (a trailing partial report is fed too, as a bad report); the layout comes from byte 0, and
// so does the pace (1 ms or 150 ms between reports, the latter past the key timeout).
// Invariant: a finished scan is non-empty and holds no control character but GS and Tab.
#include <cstddef>
#include <cstdint>
#include <span>

#include "drivers/hid/keyboard_decoder.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const char* names[] = {"us", "fr", "de"};
  const auto* layout = hp::hid::keyboard_layout(names[data[0] % 3]);
  hp::hid::KeyboardScanDecoder d(*layout, {.enter_ends_scan = true, .tab_ends_scan = (data[0] & 4) != 0,
                                           .max_length = 256});
  std::span<const std::uint8_t> rest(data + 1, size - 1);
  const std::int64_t step = (data[0] & 8) ? 150 : 1;
  std::int64_t t = 0;
  while (!rest.empty()) {
    std::size_t n = rest.size() >= 8 ? 8 : rest.size();
    auto r = d.feed(rest.first(n), t += step);
    rest = rest.subspan(n);
    if (r && *r) {
      if ((*r)->empty() || (*r)->size() > 256 + 8) __builtin_trap();
      for (unsigned char c : **r)
        if ((c < 0x20 && c != 0x1D && c != '\t') || c == 0x7F) __builtin_trap();
    }
    if (!r && n == 8 && r.error().code == "scanner.report_size") __builtin_trap();
  }
  return 0;
}
