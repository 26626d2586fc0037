#include "kiosk/app/i18n.hpp"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "shared/text.hpp"

namespace hp::app {

Result<Translator> Translator::load(const std::string& dir) {
  Translator t;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path());
    auto j = nlohmann::json::parse(in, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return fail("i18n.invalid", entry.path().string() + " is not a JSON object");
    auto& table = t.tables_[entry.path().stem().string()];
    for (auto it = j.begin(); it != j.end(); ++it)
      if (it.value().is_string()) table[it.key()] = to_nfc(it.value().get<std::string>());
  }
  if (!t.tables_.contains("vi")) return fail("i18n.missing", "no vi.json in " + dir);
  return t;
}

void Translator::set_language(std::string_view lang) {
  if (tables_.contains(lang)) lang_ = std::string(lang);
}

const char* Translator::tr(std::string_view key) const {
  for (const auto* lang : {lang_.c_str(), "vi"}) {
    auto t = tables_.find(std::string_view(lang));
    if (t == tables_.end()) continue;
    auto it = t->second.find(key);
    if (it != t->second.end()) return it->second.c_str();
  }
  // Keys are string literals or std::strings (null-terminated), so showing the key itself is safe.
  return key.data();
}

std::string Translator::tr(std::string_view key, std::string_view arg) const {
  std::string s = tr(key);
  if (auto pos = s.find("{}"); pos != std::string::npos) s.replace(pos, 2, arg);
  return s;
}

bool Translator::has(std::string_view lang, std::string_view key) const {
  auto t = tables_.find(lang);
  return t != tables_.end() && t->second.find(key) != t->second.end();
}

std::vector<std::string> Translator::keys(std::string_view lang) const {
  std::vector<std::string> out;
  if (auto t = tables_.find(lang); t != tables_.end())
    for (const auto& [k, v] : t->second) out.push_back(k);
  return out;
}

std::string Translator::all_text() const {
  std::string s;
  for (const auto& [lang, table] : tables_)
    for (const auto& [k, v] : table) s += v;
  return s;
}

}  // namespace hp::app
