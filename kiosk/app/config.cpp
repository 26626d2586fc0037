#include "kiosk/app/config.hpp"

#include <filesystem>
#include <toml++/toml.h>

#include "drivers/serial/scale_protocols.hpp"
#include "shared/text.hpp"

namespace hp::app {

namespace {

void read_string(const toml::table& t, const char* key, std::string& out, LoadedConfig& lc) {
  if (const auto* node = t.get(key)) {
    if (auto v = node->value<std::string>(); v && !v->empty()) out = to_nfc(*v);
    else lc.problems.push_back(std::string(key) + ": expected a non-empty string");
  }
}

template <class Int>
void read_int(const toml::table& t, const char* key, Int& out, std::int64_t lo, std::int64_t hi, LoadedConfig& lc) {
  if (const auto* node = t.get(key)) {
    auto v = node->value<std::int64_t>();
    if (v && *v >= lo && *v <= hi) out = static_cast<Int>(*v);
    else lc.problems.push_back(std::string(key) + ": expected an integer from " + std::to_string(lo) + " to " + std::to_string(hi));
  }
}

void read_bool(const toml::table& t, const char* key, bool& out, LoadedConfig& lc) {
  if (const auto* node = t.get(key)) {
    if (auto v = node->value<bool>()) out = *v;
    else lc.problems.push_back(std::string(key) + ": expected true or false");
  }
}

}  // namespace

LoadedConfig load_config(const std::string& path) {
  LoadedConfig lc;
  std::error_code ec;
  if (path.empty() || !std::filesystem::exists(path, ec)) return lc;
  // Debian's toml++ is built with exceptions; the parse error becomes a problem line here.
  toml::table t;
  try {
    t = toml::parse_file(path);
  } catch (const toml::parse_error& err) {
    lc.problems.push_back(path + ":" + std::to_string(err.source().begin.line) + ": " + std::string(err.description()));
    return lc;
  }
  auto& c = lc.config;
  read_string(t, "kiosk_id", c.kiosk_id, lc);
  read_string(t, "post_office_name", c.post_office_name, lc);
  read_string(t, "post_office_address", c.post_office_address, lc);
  read_string(t, "clerk", c.clerk, lc);
  read_string(t, "trace_base_url", c.trace_base_url, lc);
  read_string(t, "vietqr_bank_bin", c.vietqr_bank_bin, lc);
  read_string(t, "vietqr_account", c.vietqr_account, lc);
  std::string lang = c.language;
  read_string(t, "language", lang, lc);
  if (lang == "vi" || lang == "en") c.language = lang;
  else lc.problems.push_back("language: expected \"vi\" or \"en\"");
  std::string format = c.print_format;
  read_string(t, "print_format", format, lc);
  if (format == "escpos" || format == "text") c.print_format = format;
  else lc.problems.push_back("print_format: expected \"escpos\" or \"text\"");
  read_int(t, "printer_dots", c.printer_dots, 384, 576, lc);
  if (c.printer_dots != 384 && c.printer_dots != 576) {
    lc.problems.push_back("printer_dots: expected 384 (58 mm) or 576 (80 mm)");
    c.printer_dots = 576;
  }
  read_int(t, "scale_settle_ms", c.scale_settle_ms, 0, 5000, lc);
  read_string(t, "serial_scale_port", c.serial_scale_port, lc);
  std::string protocol = c.serial_scale_protocol;
  read_string(t, "serial_scale_protocol", protocol, lc);
  if (dev::find_scale_protocol(protocol)) c.serial_scale_protocol = protocol;
  else lc.problems.push_back("serial_scale_protocol: unknown protocol \"" + protocol + "\"");
  std::int64_t cap_g = c.scale_capacity_mg / 1000;
  read_int(t, "scale_capacity_g", cap_g, 100, 1'000'000, lc);
  c.scale_capacity_mg = cap_g * 1000;
  read_int(t, "max_phone_attempts", c.max_phone_attempts, 1, 10, lc);
  read_int(t, "hold_days", c.hold_days, 1, 60, lc);
  read_int(t, "shelf_places_per_row", c.shelf_places_per_row, 1, 99, lc);
  read_int(t, "queue_poll_s", c.queue_poll_s, 0, 60, lc);
  read_int(t, "self_poll_s", c.self_poll_s, 1, 60, lc);
  read_int(t, "self_reset_s", c.self_reset_s, 5, 600, lc);
  std::string label = c.label_printer;
  read_string(t, "label_printer", label, lc);
  if (label.empty() || label == "zpl" || label == "tspl" || label == "escpos-80" || label == "escpos-58")
    c.label_printer = label;
  else
    lc.problems.push_back("label_printer: expected \"zpl\", \"tspl\", \"escpos-80\", \"escpos-58\" or \"\" (none)");
  read_bool(t, "label_fallback", c.label_fallback, lc);
  read_bool(t, "receipt_fallback", c.receipt_fallback, lc);
  if (c.receipt_fallback && c.label_printer.rfind("escpos", 0) != 0) {
    c.receipt_fallback = false;
    lc.problems.push_back("receipt_fallback: only an ESC/POS label printer (label_printer = \"escpos-80\" or "
                          "\"escpos-58\") can print receipts");
  }
  read_bool(t, "sound", c.sound, lc);
  std::string customer = c.customer_display;
  read_string(t, "customer_display", customer, lc);
  if (customer == "auto" || customer == "window" || customer == "off") c.customer_display = customer;
  else lc.problems.push_back("customer_display: expected \"auto\", \"window\" or \"off\"");
  read_int(t, "sync_pull_interval_s", c.sync_pull_interval_s, 2, 3600, lc);
  read_int(t, "sync_timeout_ms", c.sync_timeout_ms, 500, 300'000, lc);
  read_int(t, "sync_retry_max_ms", c.sync_retry_max_ms, 1'000, 3'600'000, lc);
  read_int(t, "idle_lock_s", c.idle_lock_s, 0, 24 * 3600, lc);
  read_int(t, "pin_max_tries", c.pin_max_tries, 3, 10, lc);
  read_int(t, "pin_lock_s", c.pin_lock_s, 30, 24 * 3600, lc);
  return lc;
}

}  // namespace hp::app
