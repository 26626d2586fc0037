#pragma once
// Reading a field of a stored payload that may lack it or hold the wrong type (a kiosk's
// event, a record): the value, else 0 or "". The dashboard counts what is there and never
// fails a page on one odd payload.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace hp::server::dash::fields {

inline std::int64_t num(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}

inline std::string str(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace hp::server::dash::fields
