#pragma once
// A sales agent's code, as the association issues it and prints on the agent's card
// (docs/agents.md): "DL-" and 4 to 9 digits, e.g. DL-0001. The counter reads it typed or
// scanned, in either case; the centre stores it in upper case.
#include <optional>
#include <string>
#include <string_view>

namespace hp::codes {

bool is_agent_code(std::string_view text);

// The canonical (upper-case) code, or nullopt when the text is not an agent code.
std::optional<std::string> agent_code(std::string_view text);

}  // namespace hp::codes
