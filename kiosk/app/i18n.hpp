#pragma once
// UI strings live in assets/i18n/<lang>.json (key -> text). Vietnamese first; English is the
// switch. A key missing from a file shows the Vietnamese text, then the key itself, so a
// missing translation is visible but never blank.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "shared/result.hpp"

namespace hp::app {

class Translator {
 public:
  // Loads every <lang>.json in dir. "i18n.missing" when vi.json cannot be read.
  static Result<Translator> load(const std::string& dir);

  void set_language(std::string_view lang);
  const std::string& language() const { return lang_; }
  // Text for key in the current language. An error key the files do not name ("err.printer.
  // status_byte") falls back to its family ("err.printer"), so the clerk reads words and the
  // technician gets the code from the detail.
  const char* tr(std::string_view key) const;
  // Text with "{}" replaced by arg.
  std::string tr(std::string_view key, std::string_view arg) const;
  // Text with each "{}" replaced by the next of args, in order.
  std::string tr(std::string_view key, const std::vector<std::string>& args) const;
  // The key tr(key) shows: key itself, its error family, or "" when neither is in the files.
  std::string resolve(std::string_view key) const;
  bool has(std::string_view lang, std::string_view key) const;
  std::vector<std::string> keys(std::string_view lang) const;
  // Every character of every string, for building the font's glyph ranges.
  std::string all_text() const;

 private:
  std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>> tables_;
  std::string lang_ = "vi";
};

// The key for the name of a device the kiosk itself provides ("Simulated scale" ->
// "device.sim_scale"), or "" for a real device, whose name (its USB product string) is shown as is.
std::string device_name_key(std::string_view name);

}  // namespace hp::app
