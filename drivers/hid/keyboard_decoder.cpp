#include "drivers/hid/keyboard_decoder.hpp"

#include <algorithm>

namespace hp::hid {
namespace {

constexpr std::uint8_t kAltGr = modifier::kRightAlt;
constexpr std::uint8_t kLeftAlt = modifier::kLeftAlt;

int keypad_digit(std::uint8_t key) {
  if (key >= usage::kKeypad1 && key < usage::kKeypad0) return key - usage::kKeypad1 + 1;
  if (key == usage::kKeypad0) return 0;
  return -1;
}

}  // namespace

KeyAction key_action(const KeyboardLayout& layout, std::uint8_t modifiers, std::uint8_t key) {
  using K = KeyAction::Kind;
  if (key == usage::kEnter || key == usage::kKeypadEnter) return {K::Enter, {}};
  if (key == usage::kTab) return {K::Tab, {}};
  if (key >= kKeyUsageCount) return {K::None, {}};
  const KeyCaps& caps = layout.keys[key];
  if (modifiers & modifier::kCtrl) {
    // Ctrl+] is ASCII GS on every terminal since the VT100; scanners use it for FNC1.
    if (key == usage::kRightBracket) return {K::GroupSeparator, {}};
    return {K::Control, {}};
  }
  if (modifiers & modifier::kGui) return {K::Control, {}};
  if (key == usage::kEscape || key == usage::kBackspace) return {K::Control, {}};
  const char* text = nullptr;
  if (modifiers & kAltGr) {
    text = caps.altgr;
  } else if (modifiers & kLeftAlt) {
    return {K::Control, {}};
  } else if (modifiers & modifier::kShift) {
    text = caps.shift;
  } else {
    text = caps.normal;
  }
  if (!text) return {K::None, {}};
  return {K::Text, text};
}

KeyboardScanDecoder::KeyboardScanDecoder(const KeyboardLayout& layout, KeyboardDecoderOptions options)
    : layout_(&layout), options_(options) {}

void KeyboardScanDecoder::reset() {
  pending_.clear();
  overflow_ = false;
  alt_code_ = -1;
}

std::optional<std::string> KeyboardScanDecoder::apply(const KeyAction& a) {
  using K = KeyAction::Kind;
  bool ends = (a.kind == K::Enter && options_.enter_ends_scan) || (a.kind == K::Tab && options_.tab_ends_scan);
  if (ends) {
    if (pending_.empty() || overflow_) {
      reset();
      return std::nullopt;
    }
    std::string done;
    done.swap(pending_);
    reset();
    return done;
  }
  if (a.kind == K::Text) pending_ += a.text;
  else if (a.kind == K::GroupSeparator) pending_ += kGroupSeparator;
  else if (a.kind == K::Tab) pending_ += '\t';
  if (pending_.size() > options_.max_length) {
    pending_.clear();
    overflow_ = true;
  }
  return std::nullopt;
}

bool KeyboardScanDecoder::expire(std::int64_t now_ms) {
  if (!last_report_ms_ || now_ms - *last_report_ms_ < options_.key_timeout_ms) return false;
  const bool had = !idle() || overflow_;
  reset();
  return had;
}

Result<std::optional<std::string>> KeyboardScanDecoder::feed(std::span<const std::uint8_t> report, std::int64_t now_ms) {
  if (report.size() != kBootReportSize)
    return fail("scanner.report_size", "a boot keyboard report has 8 bytes, got " + std::to_string(report.size()));
  expire(now_ms);
  last_report_ms_ = now_ms;
  const std::uint8_t mods = report[0];
  auto keys = report.subspan(2, 6);
  // Phantom state: more keys than the report holds. Nothing new can be read from it.
  if (std::all_of(keys.begin(), keys.end(), [](std::uint8_t k) { return k == usage::kErrorRollOver; }))
    return std::optional<std::string>{};

  std::optional<std::string> finished;
  bool too_long = false;
  for (std::uint8_t key : keys) {
    if (key == 0 || key == usage::kErrorRollOver) continue;
    if (std::find(std::begin(held_), std::end(held_), key) != std::end(held_)) continue;  // still held
    if ((mods & kLeftAlt) && !(mods & (modifier::kCtrl | kAltGr)) && keypad_digit(key) >= 0) {
      // Alt + keypad digits: the Windows way to type a byte by its code (Honeywell "Alt mode").
      alt_code_ = std::max(alt_code_, 0) * 10 + keypad_digit(key);
      if (alt_code_ > 255) alt_code_ = 256;
      continue;
    }
    bool was_overflow = overflow_;
    auto done = apply(key_action(*layout_, mods, key));
    if (!was_overflow && overflow_) too_long = true;
    if (done) finished = std::move(done);
  }
  if (alt_code_ >= 0 && !(mods & kLeftAlt)) {
    int code = alt_code_;
    alt_code_ = -1;
    if (code == 0x1D) apply({KeyAction::Kind::GroupSeparator, {}});
    else if (code >= 0x20 && code < 0x7F) apply({KeyAction::Kind::Text, std::string(1, static_cast<char>(code))});
  }
  std::copy(keys.begin(), keys.end(), std::begin(held_));
  modifiers_ = mods;
  if (too_long) return fail("scanner.too_long", "a scan longer than " + std::to_string(options_.max_length) + " bytes");
  return finished;
}

}  // namespace hp::hid
