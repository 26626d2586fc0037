// libFuzzer target: IEEE 1284 device ids and ESC/POS status bytes from a printer.
#include <cstddef>
#include <cstdint>
#include <span>

#include "drivers/usb/printer_protocol.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto id = hp::usb::parse_device_id(std::span<const std::uint8_t>(data, size));
  if (id) (void)(id->manufacturer() + id->model() + id->command_set());
  hp::usb::PrinterStatus st;
  for (std::size_t i = 0; i < size && i < 16; ++i) {
    auto q = static_cast<hp::usb::StatusQuery>(1 + i % 4);
    auto s = hp::usb::apply_status_byte(st, q, data[i]);
    if (s && (data[i] & 0x93) != 0x12) __builtin_trap();
  }
  hp::usb::PrinterStatus whole;
  const auto answer = std::span<const std::uint8_t>(data, size < 8 ? size : 8);
  if (!hp::usb::apply_status_answer(whole, hp::usb::StatusQuery::PaperSensor, answer) && whole != hp::usb::PrinterStatus{})
    __builtin_trap();  // a refused answer changes nothing
  (void)st.blocking_reason();
  return 0;
}
