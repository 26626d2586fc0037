#pragma once
// What a HID keyboard usage (page 0x07) types under a host keyboard layout. A keyboard-wedge
// scanner sends key positions, not characters, so it must be decoded with the same layout
// it was configured for, or "Z" comes out as "Y" (odoo PR#214407). Layouts are plain data.
#include <array>
#include <cstdint>
#include <string_view>

namespace hp::hid {

struct KeyCaps {
  const char* normal = nullptr;  // UTF-8, nullptr when the key types nothing
  const char* shift = nullptr;
  const char* altgr = nullptr;
};

inline constexpr std::size_t kKeyUsageCount = 0x68;

struct KeyboardLayout {
  std::string_view name;  // "us", "fr", "de"
  std::array<KeyCaps, kKeyUsageCount> keys{};
};

// nullptr when the name is not known. Known: "us" (default), "fr" (AZERTY), "de" (QWERTZ).
const KeyboardLayout* keyboard_layout(std::string_view name);
const KeyboardLayout& us_layout();

// Usages with a meaning beyond typing a character.
namespace usage {
inline constexpr std::uint8_t kErrorRollOver = 0x01;
inline constexpr std::uint8_t kEnter = 0x28;
inline constexpr std::uint8_t kEscape = 0x29;
inline constexpr std::uint8_t kBackspace = 0x2A;
inline constexpr std::uint8_t kTab = 0x2B;
inline constexpr std::uint8_t kRightBracket = 0x30;  // US "]": Ctrl+] types GS (0x1D)
inline constexpr std::uint8_t kKeypadEnter = 0x58;
inline constexpr std::uint8_t kKeypad1 = 0x59;
inline constexpr std::uint8_t kKeypad0 = 0x62;
}  // namespace usage

// Modifier bits of byte 0 of a boot keyboard report.
namespace modifier {
inline constexpr std::uint8_t kLeftCtrl = 0x01, kLeftShift = 0x02, kLeftAlt = 0x04, kLeftGui = 0x08;
inline constexpr std::uint8_t kRightCtrl = 0x10, kRightShift = 0x20, kRightAlt = 0x40, kRightGui = 0x80;
inline constexpr std::uint8_t kCtrl = kLeftCtrl | kRightCtrl;
inline constexpr std::uint8_t kShift = kLeftShift | kRightShift;
inline constexpr std::uint8_t kGui = kLeftGui | kRightGui;
}  // namespace modifier

}  // namespace hp::hid
