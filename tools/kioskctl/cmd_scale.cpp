// kioskctl scale decode HEX | scale watch [--config FILE] [--seconds N]
#include <csignal>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "drivers/hid/scale_report.hpp"
#include "drivers/usb/device_manager.hpp"
#include "tools/kioskctl/commands.hpp"

namespace hp::ctl {
namespace {

Result<std::vector<std::uint8_t>> parse_hex(const std::string& text) {
  std::string digits;
  for (char c : text) {
    if (c == ' ' || c == ':' || c == '-' || c == '\t') continue;
    if (!std::isxdigit(static_cast<unsigned char>(c))) return fail("scale.hex", "not hexadecimal: " + text);
    digits += c;
  }
  if (digits.size() % 2) return fail("scale.hex", "odd number of hex digits");
  std::vector<std::uint8_t> out;
  for (std::size_t i = 0; i < digits.size(); i += 2)
    out.push_back(static_cast<std::uint8_t>(std::stoul(digits.substr(i, 2), nullptr, 16)));
  return out;
}

int decode(const std::string& hex) {
  auto bytes = parse_hex(hex);
  auto report = bytes ? hid::parse_scale_report(*bytes) : std::unexpected(bytes.error());
  if (!report) {
    nlohmann::json j = {{"error", report.error().code}, {"detail", report.error().detail}};
    std::puts(j.dump().c_str());
    return 1;
  }
  // value is written as an exact decimal, not through a double.
  std::string mg = report->mg ? std::to_string(*report->mg) : "null";
  std::printf("{\"status\":\"%s\",\"unit\":\"%s\",\"value\":%s,\"mg\":%s}\n", dev::to_string(report->state),
              hid::to_string(report->unit), hid::format_scale_value(report->raw, report->exponent).c_str(), mg.c_str());
  return 0;
}

}  // namespace

int cmd_scale(const Args& args) {
  if (args.size() == 2 && args[0] == "decode") return decode(args[1]);
  if (!args.empty() && args[0] == "watch") return watch_devices(Args(args.begin() + 1, args.end()), WatchWhat::Scale);
  std::fputs("usage: kioskctl scale decode HEX | scale watch [--config FILE] [--seconds N]\n", stderr);
  return 2;
}

}  // namespace hp::ctl
