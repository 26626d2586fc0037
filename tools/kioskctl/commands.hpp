#pragma once
// Each kioskctl subcommand lives in its own file, cmd_<name>.cpp, and is listed in main.cpp.
// A command gets its arguments after the subcommand name and returns the exit code:
// 0 ok, 1 the input was invalid (the JSON says why), 2 usage error.
#include <string>
#include <vector>

namespace hp::ctl {

using Args = std::vector<std::string>;

int cmd_code(const Args& args);

}  // namespace hp::ctl
