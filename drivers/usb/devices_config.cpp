#include "drivers/usb/devices_config.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <toml++/toml.h>

#include "drivers/hid/keyboard_layout.hpp"

namespace hp::usb {
namespace {

template <class T>
Status read_int(const toml::table& t, const char* key, T& out, std::int64_t lo, std::int64_t hi) {
  auto node = t[key];
  if (!node) return {};
  auto v = node.value<std::int64_t>();
  if (!v || *v < lo || *v > hi)
    return fail("config.devices_value", std::string(key) + " must be a whole number from " + std::to_string(lo) +
                                            " to " + std::to_string(hi));
  out = static_cast<T>(*v);
  return {};
}

Status read_bool(const toml::table& t, const char* key, bool& out) {
  auto node = t[key];
  if (!node) return {};
  auto v = node.value<bool>();
  if (!v) return fail("config.devices_value", std::string(key) + " must be true or false");
  out = *v;
  return {};
}

Result<DevicesConfig> from_table(const toml::table& root) {
  DevicesConfig c;
  if (auto pins = root["pin"].as_array()) {
    for (const auto& node : *pins) {
      const auto* t = node.as_table();
      if (!t) return fail("config.devices_value", "each [[pin]] must be a table");
      Pin p;
      if (auto s = read_int(*t, "vid", p.vid, 0, 0xFFFF); !s) return std::unexpected(s.error());
      if (auto s = read_int(*t, "pid", p.pid, 0, 0xFFFF); !s) return std::unexpected(s.error());
      auto name = (*t)["driver"].value<std::string>();
      auto kind = name ? driver_kind_from_string(*name) : std::nullopt;
      if (!kind)
        return fail("config.devices_value",
                    "pin driver must be hid_scale, keyboard_scanner, hid_pos_scanner, usb_printer, usb_label_printer or ignore");
      p.driver = *kind;
      c.pins.push_back(p);
    }
  }
  if (const auto* s = root["scale"].as_table()) {
    if (auto r = read_int(*s, "hold_ms", c.scale_hold_ms, 0, 10'000); !r) return std::unexpected(r.error());
  }
  if (const auto* s = root["scanner"].as_table()) {
    if (auto layout = (*s)["keyboard_layout"].value<std::string>()) {
      if (!hid::keyboard_layout(*layout)) return fail("config.devices_value", "keyboard_layout must be us, fr or de");
      c.keyboard_layout = *layout;
    }
    if (auto r = read_bool(*s, "enter_ends_scan", c.enter_ends_scan); !r) return std::unexpected(r.error());
    if (auto r = read_bool(*s, "tab_ends_scan", c.tab_ends_scan); !r) return std::unexpected(r.error());
    if (auto r = read_bool(*s, "claim_unknown_keyboards", c.claim_unknown_keyboards); !r) return std::unexpected(r.error());
    if (auto r = read_int(*s, "scan_gap_ms", c.scan_gap_ms, 50, 60'000); !r) return std::unexpected(r.error());
    if (auto r = read_int(*s, "key_timeout_ms", c.key_timeout_ms, 20, 5'000); !r) return std::unexpected(r.error());
  }
  if (const auto* s = root["printer"].as_table()) {
    if (auto r = read_int(*s, "chunk_bytes", c.printer_chunk_bytes, 64, 1 << 20); !r) return std::unexpected(r.error());
    if (auto r = read_int(*s, "write_timeout_ms", c.printer_write_timeout_ms, 50, 120'000); !r) return std::unexpected(r.error());
    if (auto r = read_int(*s, "status_timeout_ms", c.printer_status_timeout_ms, 10, 10'000); !r) return std::unexpected(r.error());
    if (auto r = read_int(*s, "retry_ms", c.printer_retry_ms, 10, 60'000); !r) return std::unexpected(r.error());
    if (auto r = read_int(*s, "status_backoff_ms", c.printer_status_backoff_ms, 10, 60'000); !r)
      return std::unexpected(r.error());
    if (auto r = read_int(*s, "status_attempts", c.printer_status_attempts, 1, 100); !r) return std::unexpected(r.error());
  }
  if (const auto* s = root["label_printer"].as_table()) {
    if (auto r = read_bool(*s, "escpos_status", c.label_printer_escpos_status); !r) return std::unexpected(r.error());
  }
  return c;
}

}  // namespace

const char* to_string(DriverKind k) {
  switch (k) {
    case DriverKind::HidScale: return "hid_scale";
    case DriverKind::KeyboardScanner: return "keyboard_scanner";
    case DriverKind::HidPosScanner: return "hid_pos_scanner";
    case DriverKind::Printer: return "usb_printer";
    case DriverKind::LabelPrinter: return "usb_label_printer";
    case DriverKind::Ignore: return "ignore";
  }
  return "ignore";
}

std::optional<DriverKind> driver_kind_from_string(const std::string& s) {
  for (auto k : {DriverKind::HidScale, DriverKind::KeyboardScanner, DriverKind::HidPosScanner, DriverKind::Printer,
                 DriverKind::LabelPrinter, DriverKind::Ignore})
    if (s == to_string(k)) return k;
  return std::nullopt;
}

Result<DevicesConfig> parse_devices_config(const std::string& text) {
#if TOML_EXCEPTIONS
  try {
    return from_table(toml::parse(text));
  } catch (const toml::parse_error& e) {
    std::ostringstream os;
    os << e.description() << " at line " << e.source().begin.line;
    return fail("config.devices_toml", os.str());
  }
#else
  auto parsed = toml::parse(text);
  if (!parsed) {
    std::ostringstream os;
    os << parsed.error().description() << " at line " << parsed.error().source().begin.line;
    return fail("config.devices_toml", os.str());
  }
  return from_table(parsed.table());
#endif
}

Result<DevicesConfig> load_devices_config(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return DevicesConfig{};
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail("config.devices_toml", "cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_devices_config(ss.str());
}

}  // namespace hp::usb
