#pragma once
// Each kioskctl subcommand lives in its own file, cmd_<name>.cpp, and is listed in main.cpp.
// A command gets its arguments after the subcommand name and returns the exit code:
// 0 ok, 1 the input was invalid (the JSON says why), 2 usage error.
#include <string>
#include <vector>

namespace hp::ctl {

using Args = std::vector<std::string>;

int cmd_code(const Args& args);
// USB devices: cmd_devices.cpp (also the event watch), cmd_scale.cpp, cmd_scan.cpp, cmd_print_test.cpp.
int cmd_devices(const Args& args);
int cmd_scale(const Args& args);
int cmd_scan(const Args& args);
int cmd_print_test(const Args& args);
// The devices.toml the packaged kiosk reads (/etc/haiphong-kiosk/devices.toml) when it exists,
// else config/devices.toml (in a source tree). `--config FILE` overrides it.
std::string default_devices_config();
enum class WatchWhat { All, Scale, Scanner };
int watch_devices(const Args& args, WatchWhat what);
int cmd_render(const Args& args);
int cmd_sample(const Args& args);
// The local store: cmd_pickup.cpp.
int cmd_pickup(const Args& args);
// kioskctl sync status [--data DIR]: cmd_sync.cpp.
int cmd_sync(const Args& args);
// kioskctl audit list|verify [--data DIR]: cmd_audit.cpp.
int cmd_audit(const Args& args);

}  // namespace hp::ctl
