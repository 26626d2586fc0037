#pragma once
// Decodes a keyboard-wedge barcode scanner from raw 8-byte HID boot keyboard reports
// ([modifiers, reserved, key1..key6]). Pure and stateful: feed reports in order with the time
// each arrived, get a finished scan when the suffix (Enter or Tab) arrives. A half-read scan
// with no report for key_timeout_ms is dropped (a scanner types a code in one burst; a key
// pressed by hand, or the rest of a code cut short, must not be glued onto the next scan). GS (0x1D) is kept for GS1 data,
// typed either as Ctrl+] or as Alt + keypad 0 2 9; every other control key is dropped so
// nothing but data reaches the kiosk (inventree-app#542, field note 8).
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "drivers/hid/keyboard_layout.hpp"
#include "shared/result.hpp"

namespace hp::hid {

inline constexpr std::size_t kBootReportSize = 8;
inline constexpr char kGroupSeparator = '\x1D';

struct KeyAction {
  enum class Kind { None, Text, Enter, Tab, GroupSeparator, Control };
  Kind kind = Kind::None;
  std::string text;  // for Text
};

// What one newly pressed key does under the layout with these modifiers.
KeyAction key_action(const KeyboardLayout& layout, std::uint8_t modifiers, std::uint8_t key);

struct KeyboardDecoderOptions {
  bool enter_ends_scan = true;
  bool tab_ends_scan = true;
  std::size_t max_length = 4096;  // bytes of UTF-8; a longer "scan" is a stuck key
  std::int64_t key_timeout_ms = 100;
};

class KeyboardScanDecoder {
 public:
  explicit KeyboardScanDecoder(const KeyboardLayout& layout, KeyboardDecoderOptions options = {});

  // now_ms: when the report arrived, on any monotonic millisecond clock.
  // Errors: "scanner.report_size" (not 8 bytes; ignored, state kept), "scanner.too_long"
  // (the half-read scan is dropped).
  Result<std::optional<std::string>> feed(std::span<const std::uint8_t> report, std::int64_t now_ms);

  // Drops a half-read scan when nothing came for key_timeout_ms before now_ms; true when it
  // dropped one. feed() does this first; a driver may call it to log the drop.
  bool expire(std::int64_t now_ms);
  // Drops a half-read scan.
  void reset();
  bool idle() const { return pending_.empty() && alt_code_ < 0; }

 private:
  std::optional<std::string> apply(const KeyAction& a);

  const KeyboardLayout* layout_;
  KeyboardDecoderOptions options_;
  std::uint8_t held_[6] = {};
  std::uint8_t modifiers_ = 0;
  int alt_code_ = -1;  // Alt + keypad digits being typed, -1 when none
  std::string pending_;
  bool overflow_ = false;
  std::optional<std::int64_t> last_report_ms_;
};

}  // namespace hp::hid
