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

std::string Translator::resolve(std::string_view key) const {
  auto known = [&](std::string_view k) { return has(lang_, k) || has("vi", k); };
  if (known(key)) return std::string(key);
  if (key.starts_with("err.")) {
    // "err.printer.status_byte" -> "err.printer"; never up to "err" alone.
    std::string_view k = key;
    for (auto dot = k.rfind('.'); dot != std::string_view::npos && dot > 3; dot = k.rfind('.')) {
      k = k.substr(0, dot);
      if (k.size() > 4 && known(k)) return std::string(k);
    }
  }
  return {};
}

const char* Translator::tr(std::string_view key) const {
  const std::string found = resolve(key);
  if (!found.empty()) {
    for (const auto* lang : {lang_.c_str(), "vi"}) {
      auto t = tables_.find(std::string_view(lang));
      if (t == tables_.end()) continue;
      auto it = t->second.find(std::string_view(found));
      if (it != t->second.end()) return it->second.c_str();
    }
  }
  // Keys are string literals or std::strings (null-terminated), so showing the key itself is safe.
  return key.data();
}

std::string Translator::tr(std::string_view key, std::string_view arg) const {
  std::string s = tr(key);
  if (auto pos = s.find("{}"); pos != std::string::npos) s.replace(pos, 2, arg);
  return s;
}

std::string Translator::tr(std::string_view key, const std::vector<std::string>& args) const {
  std::string s = tr(key);
  std::size_t from = 0;
  for (const auto& a : args) {
    const auto pos = s.find("{}", from);
    if (pos == std::string::npos) break;
    s.replace(pos, 2, a);
    from = pos + a.size();
  }
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

std::string device_name_key(std::string_view name) {
  // The names drivers/sim gives its devices.
  if (name == "Simulated scale") return "device.sim_scale";
  if (name == "Simulated scanner") return "device.sim_scanner";
  if (name == "Virtual printer") return "device.virtual_printer";
  return {};
}

}  // namespace hp::app
