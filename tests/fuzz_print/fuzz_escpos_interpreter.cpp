// libFuzzer entry: any byte string through the ESC/POS interpreter, on both paper widths.
// Crashes, out-of-bounds reads (under ASan) and unbounded growth are the failures.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "shared/print/escpos_interpreter.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  hp::print::InterpretOptions o;
  o.width_dots = (size > 0 && (data[0] & 1)) ? 384 : 576;
  o.max_height = 4000;
  const auto r = hp::print::interpret_escpos(std::span(data, size), o, nullptr);
  if (r.image.height > o.max_height || r.notes.size() > o.max_notes || r.image.width != o.width_dots) std::abort();
  return 0;
}
