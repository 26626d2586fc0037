// kioskctl scan watch [--config FILE] [--seconds N]
#include <cstdio>

#include "tools/kioskctl/commands.hpp"

namespace hp::ctl {

int cmd_scan(const Args& args) {
  if (!args.empty() && args[0] == "watch") return watch_devices(Args(args.begin() + 1, args.end()), WatchWhat::Scanner);
  std::fputs("usage: kioskctl scan watch [--config FILE] [--seconds N]\n", stderr);
  return 2;
}

}  // namespace hp::ctl
