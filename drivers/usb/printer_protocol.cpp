#include "drivers/usb/printer_protocol.hpp"

namespace hp::usb {
namespace {

std::string first_of(const std::map<std::string, std::string>& m, const char* a, const char* b) {
  if (auto it = m.find(a); it != m.end()) return it->second;
  if (auto it = m.find(b); it != m.end()) return it->second;
  return {};
}

// Bits 1 and 4 set, bits 0 and 7 clear (0xx1xx10) in every DLE EOT answer.
bool is_status_byte(std::uint8_t b) { return (b & 0x93) == 0x12; }

std::string trim(std::string s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

}  // namespace

std::string DeviceId::manufacturer() const { return first_of(fields, "MFG", "MANUFACTURER"); }
std::string DeviceId::model() const { return first_of(fields, "MDL", "MODEL"); }
std::string DeviceId::command_set() const { return first_of(fields, "CMD", "COMMAND SET"); }

Result<DeviceId> parse_device_id(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < 2) return fail("printer.device_id", "no length field");
  std::size_t len = (std::size_t(bytes[0]) << 8) | bytes[1];
  // Some printers send the length little-endian; accept whichever fits the answer.
  if (len > bytes.size() || len < 2) {
    std::size_t le = (std::size_t(bytes[1]) << 8) | bytes[0];
    if (le <= bytes.size() && le >= 2) len = le;
    else return fail("printer.device_id", "length field " + std::to_string(len) + " but " + std::to_string(bytes.size()) + " bytes");
  }
  std::string text(reinterpret_cast<const char*>(bytes.data() + 2), len - 2);
  DeviceId id;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto end = text.find(';', pos);
    if (end == std::string::npos) end = text.size();
    auto pair = text.substr(pos, end - pos);
    pos = end + 1;
    auto colon = pair.find(':');
    if (colon == std::string::npos) continue;
    auto key = trim(pair.substr(0, colon));
    for (auto& c : key) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
    if (!key.empty()) id.fields[key] = trim(pair.substr(colon + 1));
  }
  return id;
}

std::string PrinterStatus::blocking_reason() const {
  if (paper_out) return "printer.paper_out";
  if (cover_open) return "printer.cover_open";
  if (error) return "printer.error";
  if (offline) return "printer.offline";
  return {};
}

Status apply_status_byte(PrinterStatus& s, StatusQuery query, std::uint8_t b) {
  if (!is_status_byte(b))
    return fail("printer.status_byte", "not an ESC/POS status byte: " + std::to_string(b));
  switch (query) {
    case StatusQuery::Printer:
      s.drawer_signal = b & 0x04;
      s.offline = b & 0x08;
      break;
    case StatusQuery::OfflineCause:
      s.cover_open = b & 0x04;
      s.paper_out = b & 0x20;
      s.error = b & 0x40;
      break;
    case StatusQuery::ErrorCause:
      s.error = s.error || (b & 0x68);
      break;
    case StatusQuery::PaperSensor:
      s.paper_near_end = b & 0x0C;
      s.paper_out = s.paper_out || (b & 0x60);
      break;
  }
  return {};
}

Status apply_status_answer(PrinterStatus& s, StatusQuery query, std::span<const std::uint8_t> answer) {
  if (answer.empty()) return fail("printer.status_answer", "no answer to DLE EOT");
  for (std::size_t i = 0; i + 1 < answer.size(); ++i) {
    if (!is_status_byte(answer[i]))
      return fail("printer.status_byte", "not an ESC/POS status answer: byte " + std::to_string(i) + " is " +
                                             std::to_string(answer[i]) + " of " + std::to_string(answer.size()));
  }
  return apply_status_byte(s, query, answer.back());
}

std::string drawer_kick_command(int pin) {
  return std::string{'\x1B', 'p', static_cast<char>(pin == 5 ? 1 : 0), '\x19', static_cast<char>(0xFA)};
}

}  // namespace hp::usb
