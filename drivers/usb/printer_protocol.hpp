#pragma once
// Pure pieces of the USB printer class and ESC/POS real-time status, kept apart from
// libusb so they are unit tested and fuzzed.
#include <cstdint>
#include <map>
#include <span>
#include <string>

#include "shared/result.hpp"

namespace hp::usb {

// IEEE 1284 device id, as returned by the printer-class GET_DEVICE_ID request: a
// big-endian length (which counts itself) then "KEY:value;" pairs.
struct DeviceId {
  std::map<std::string, std::string> fields;  // keys upper-cased, as sent
  std::string manufacturer() const;           // MFG or MANUFACTURER
  std::string model() const;                  // MDL or MODEL
  std::string command_set() const;            // CMD or COMMAND SET
};
// Errors: "printer.device_id" (shorter than its length field says, or no length).
Result<DeviceId> parse_device_id(std::span<const std::uint8_t> bytes);

// ESC/POS DLE EOT n, n = 1..4: one status byte each; bits 1 and 4 are always 1, bit 7 always 0.
enum class StatusQuery : std::uint8_t { Printer = 1, OfflineCause = 2, ErrorCause = 3, PaperSensor = 4 };
inline constexpr std::uint8_t kDle = 0x10, kEot = 0x04;

struct PrinterStatus {
  bool offline = false;
  bool cover_open = false;
  bool paper_near_end = false;
  bool paper_out = false;
  bool drawer_signal = false;  // drawer connector pin 3 high; open or closed depends on the drawer
  bool error = false;          // cutter jam, overheat, unrecoverable fault

  // The message key that says why the printer cannot print now, or empty when it can.
  std::string blocking_reason() const;
  bool operator==(const PrinterStatus&) const = default;
};

// Folds one status byte into status. Errors: "printer.status_byte" (fixed bits wrong: not a
// status); status is then unchanged.
Status apply_status_byte(PrinterStatus& status, StatusQuery query, std::uint8_t byte);

// Folds what one read after DLE EOT n returned. The answer is one status byte, possibly after
// bytes left over from earlier questions: every byte must be a status byte, and the last one
// is the answer. Errors (status unchanged): "printer.status_answer" (empty),
// "printer.status_byte" (a byte that is not a status byte, e.g. an echo of the request).
Status apply_status_answer(PrinterStatus& status, StatusQuery query, std::span<const std::uint8_t> answer);

// ESC p m t1 t2: pulse drawer kick pin 2 (m=0) or 5 (m=1), on t1*2 ms, off t2*2 ms.
std::string drawer_kick_command(int pin = 2);

}  // namespace hp::usb
