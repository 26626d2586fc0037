#include <cstdio>

#include "tools/kioskctl/commands.hpp"

namespace hp::ctl {

// Replaced by the codes module's classifier (shared/codes).
int cmd_code(const Args& args) {
  if (args.size() != 1) {
    std::fputs("usage: kioskctl code TEXT\n", stderr);
    return 2;
  }
  std::puts("{\"kind\":\"unknown\",\"valid\":false,\"error\":\"classifier pending\"}");
  return 1;
}

}  // namespace hp::ctl
