#pragma once
// Sales agents as the kiosk holds them (docs/agents.md): registered with the association at
// the centre, brought by the pull for this post office only. An agent brings produce for
// several farmers in one visit and earns a commission at the centre's rate.
#include <cstdint>
#include <string>

namespace hp::store {

// The highest rate the counter accepts (30 %), as the centre does.
inline constexpr std::int64_t kMaxCommissionBp = 3'000;

struct Agent {
  std::string id;
  std::string code;  // "DL-0001": on the agent's card, typed or scanned at the counter
  std::string name;
  std::string phone;
  std::int64_t commission_bp = 0;  // basis points: 500 = 5 %
  bool disabled = false;
};

}  // namespace hp::store
