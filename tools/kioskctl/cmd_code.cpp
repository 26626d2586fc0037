#include <cstdio>
#include <nlohmann/json.hpp>

#include "shared/codes/classify.hpp"
#include "tools/kioskctl/commands.hpp"

namespace hp::ctl {

int cmd_code(const Args& args) {
  if (args.size() != 1) {
    std::fputs("usage: kioskctl code TEXT\n", stderr);
    return 2;
  }
  const codes::Classification c = codes::classify(args[0]);
  // replace: a scan may hold invalid UTF-8, and the report must still be printed.
  const std::string out =
      codes::to_json(c).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::puts(out.c_str());
  return c.valid ? 0 : 1;
}

}  // namespace hp::ctl
