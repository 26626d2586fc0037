#include "drivers/hid/pos_scanner_report.hpp"

namespace hp::hid {
namespace {

bool is_aim_code_char(std::uint8_t c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool is_aim_modifier(std::uint8_t c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

}  // namespace

Result<PosScanChunk> parse_pos_scanner_report(std::span<const std::uint8_t> bytes) {
  if (bytes.size() != kPosScannerReportSize)
    return fail("scanner.report_size", "a HID POS scanner report has 64 bytes, got " + std::to_string(bytes.size()));
  if (bytes[0] != kPosScannerDataReportId)
    return fail("scanner.report_id", "not a scanned data report (report id " + std::to_string(bytes[0]) + ")");
  std::size_t n = bytes[1];
  if (n > kPosScannerMaxData) return fail("scanner.length", "data length " + std::to_string(n) + " exceeds 56");
  PosScanChunk c;
  c.data.assign(reinterpret_cast<const char*>(bytes.data() + 5), n);
  c.more = (bytes[63] & 0x01) != 0;
  std::uint8_t a = bytes[2], b = bytes[3], m = bytes[4];
  if (a == ']' && is_aim_code_char(b) && is_aim_modifier(m)) {
    c.symbology = {']', static_cast<char>(b), static_cast<char>(m)};
  } else if (is_aim_code_char(a) && is_aim_modifier(b)) {
    c.symbology = {']', static_cast<char>(a), static_cast<char>(b)};
  }
  return c;
}

PosScan split_aim_prefix(std::string text) {
  if (text.size() >= 3 && text[0] == ']' && is_aim_code_char(static_cast<std::uint8_t>(text[1])) &&
      is_aim_modifier(static_cast<std::uint8_t>(text[2]))) {
    return {text.substr(0, 3), text.substr(3)};
  }
  return {{}, std::move(text)};
}

Result<std::optional<PosScan>> PosScanAssembler::feed(std::span<const std::uint8_t> report) {
  auto chunk = parse_pos_scanner_report(report);
  if (!chunk) return std::unexpected(chunk.error());
  if (!partial_) partial_ = PosScan{chunk->symbology, {}};
  partial_->text += chunk->data;
  if (partial_->text.size() > max_length_) {
    partial_.reset();
    return fail("scanner.too_long", "a HID POS scan longer than " + std::to_string(max_length_) + " bytes");
  }
  if (chunk->more) return std::optional<PosScan>{};
  PosScan done = std::move(*partial_);
  partial_.reset();
  if (done.symbology.empty()) done = split_aim_prefix(std::move(done.text));
  else if (auto inner = split_aim_prefix(done.text); inner.symbology == done.symbology) done.text = inner.text;
  if (done.text.empty()) return std::optional<PosScan>{};
  return std::optional<PosScan>{std::move(done)};
}

}  // namespace hp::hid
