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
  // Text for key in the current language.
  const char* tr(std::string_view key) const;
  // Text with "{}" replaced by arg.
  std::string tr(std::string_view key, std::string_view arg) const;
  bool has(std::string_view lang, std::string_view key) const;
  std::vector<std::string> keys(std::string_view lang) const;
  // Every character of every string, for building the font's glyph ranges.
  std::string all_text() const;

 private:
  std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>> tables_;
  std::string lang_ = "vi";
};

}  // namespace hp::app
