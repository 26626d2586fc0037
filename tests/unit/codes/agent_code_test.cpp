// Agents' card codes (shared/codes/agent_code.hpp): what the counter and the centre accept.
#include <doctest/doctest.h>

#include "shared/codes/agent_code.hpp"

using hp::codes::agent_code;
using hp::codes::is_agent_code;

TEST_CASE("an agent's code is DL- and 4 to 9 digits, in either case, made upper case") {
  CHECK(agent_code("DL-0001") == "DL-0001");
  CHECK(agent_code("dl-0001") == "DL-0001");
  CHECK(agent_code("Dl-123456789") == "DL-123456789");
  for (const char* bad : {"", "DL-", "DL-123", "DL-1234567890", "DL0001", "DM-0001", "DL-00a1", "DL-0001 ", " DL-0001",
                          "HPM7K2M9QX4B", "DL--001"}) {
    CAPTURE(bad);
    CHECK_FALSE(is_agent_code(bad));
    CHECK_FALSE(agent_code(bad));
  }
}
