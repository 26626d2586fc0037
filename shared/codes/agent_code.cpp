#include "shared/codes/agent_code.hpp"

namespace hp::codes {

bool is_agent_code(std::string_view t) {
  if (t.size() < 7 || t.size() > 12 || (t[0] != 'D' && t[0] != 'd') || (t[1] != 'L' && t[1] != 'l') || t[2] != '-')
    return false;
  for (char ch : t.substr(3))
    if (ch < '0' || ch > '9') return false;
  return true;
}

std::optional<std::string> agent_code(std::string_view t) {
  if (!is_agent_code(t)) return std::nullopt;
  std::string out(t);
  out[0] = 'D';
  out[1] = 'L';
  return out;
}

}  // namespace hp::codes
